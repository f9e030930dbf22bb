/**
 * Lambda bundle benchmark. Run with `npx tsx bench/bundles.bench.ts` (or `npm run bench bundles`).
 * Prints figures only; test/infra/bundle-size.test.ts holds the limits.
 *
 * Every module the stack deploys (lib/bundling.ts `deployedModules()`) is bundled with the stack's
 * esbuild options (`esbuildOptions()`) into a temporary folder with no node_modules above it, its
 * BUNDLED_FILES copied next to it as the stack's afterBundling hook does. Only the AWS SDK v3 is
 * linked in, because the Lambda runtime provides it (the stack marks `@aws-sdk/*` external); any
 * other import the bundle failed to inline fails here as it would on Lambda.
 *
 * Bundles are built for the Timestream belief store unless BELIEF_STORE=dynamodb (the stack fixes
 * the store per deployment at bundle time, lib/bundling.ts `bundleDefines`).
 *
 * Per module: the bundle's size (KB, minified, without the source map), the size of the files copied
 * next to it, the three packages contributing most, and the time to import the bundled handler in a
 * fresh Node process (median of 3, Node's own start-up excluded). The external modules the bundle
 * imports (the AWS SDK) are imported first and timed apart ("SDK before"), so `import` is what the
 * bundle itself adds to a cold start: parsing and evaluating our code and what esbuild inlined.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { ROOT, deployedModules, esbuildOptions } from '../lib/bundling.js';
import { BUNDLED_FILES, copyBundledFiles } from '../lib/stack.js';

const RUNS = 3;
/** Which stack variant to bundle (`BELIEF_STORE=dynamodb npm run bench bundles` for the other). */
const BELIEF_STORE = process.env.BELIEF_STORE === 'dynamodb' ? 'dynamodb' : 'timestream';
const API_LIMIT_KB = 300;
const KB = 1024;

interface Bundled {
  module: string;
  file: string;
  bytes: number;
  extraBytes: number;
  top: string;
  /** The external modules the bundle imports (the AWS SDK, Node built-ins). */
  externals: string[];
}

/** The first node_modules folder at or above `dir`, if any. */
function nodeModulesAbove(dir: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, 'node_modules'))) return join(d, 'node_modules');
    if (dirname(d) === d) return undefined;
  }
}

/** The packages contributing most to an output, e.g. `mathjs 163 · ajv 120 · own 50`. */
function topContributors(output: Metafile['outputs'][string], n = 3): string {
  const byPackage = new Map<string, number>();
  for (const [path, input] of Object.entries(output.inputs)) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? 'own';
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + input.bytesInOutput);
  }
  return [...byPackage]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([pkg, bytes]) => `${pkg} ${Math.round(bytes / KB)}`)
    .join(' · ');
}

async function bundle(root: string, module: string): Promise<Bundled> {
  const dir = join(root, module.replace(/\//g, '__'));
  const file = join(dir, 'index.mjs');
  const result = await build({ ...esbuildOptions(join(ROOT, 'functions', `${module}.ts`), file, BELIEF_STORE), metafile: true });
  for (const command of copyBundledFiles(module, ROOT, dir)) execFileSync('bash', ['-c', command]);
  const extraBytes = (BUNDLED_FILES[module]?.files ?? []).reduce((sum, f) => sum + statSync(join(ROOT, f)).size, 0);
  const output = Object.values(result.metafile.outputs).find((o) => o.entryPoint)!;
  const externals = [...new Set(output.imports.filter((i) => i.external && i.kind === 'import-statement').map((i) => i.path))];
  return { module, file, bytes: statSync(file).size, extraBytes, top: topContributors(output), externals };
}

interface ImportTiming {
  /** Importing the external modules the bundle imports (on Lambda: the runtime's AWS SDK). */
  externalMs: number;
  /** Importing the bundle itself once those are loaded: parsing and evaluating our code and dependencies. */
  bundleMs: number;
}

/** Times importing the bundle in a fresh Node process, or the error it failed with. */
function importOnce(b: Bundled): ImportTiming | Error {
  const script = [
    'const started = performance.now();',
    `await Promise.all(${JSON.stringify(b.externals)}.map((m) => import(m)));`,
    'const externalsLoaded = performance.now();',
    `await import(${JSON.stringify(pathToFileURL(b.file).href)});`,
    'process.stdout.write(JSON.stringify({ externalMs: externalsLoaded - started, bundleMs: performance.now() - externalsLoaded }));',
    'process.exit(0);',
  ].join('\n');
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: dirname(b.file),
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      PATH: process.env.PATH,
      AWS_REGION: process.env.AWS_REGION ?? 'eu-west-1',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      LOG_LEVEL: 'SILENT',
    },
  });
  if (run.status !== 0) return new Error((run.stderr || run.error?.message || `exit ${run.status}`).split('\n').find((l) => /Error/.test(l)) ?? run.stderr);
  return JSON.parse(run.stdout) as ImportTiming;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const root = mkdtempSync(join(tmpdir(), 'bundles-bench-'));
let failures = 0;
try {
  const above = nodeModulesAbove(root);
  if (above) throw new Error(`${above} lies above ${root}: bundles could import what Lambda lacks; set TMPDIR elsewhere`);
  mkdirSync(join(root, 'node_modules'));
  symlinkSync(join(ROOT, 'node_modules', '@aws-sdk'), join(root, 'node_modules', '@aws-sdk'), 'dir');

  const modules = deployedModules();
  const started = performance.now();
  const bundles = await Promise.all(modules.map((m) => bundle(root, m)));
  console.log(`  bundled ${modules.length} modules in ${((performance.now() - started) / 1000).toFixed(1)} s (esbuild, stack options, ${BELIEF_STORE} belief store)\n`);

  console.log(`  ${'module'.padEnd(26)} ${'bundle'.padStart(9)} ${'+files'.padStart(8)} ${'import'.padStart(8)} ${'SDK before'.padStart(11)}  largest contributors (KB)`);
  for (const b of bundles) {
    const runs: ImportTiming[] = [];
    let error: Error | undefined;
    for (let i = 0; i < RUNS && !error; i++) {
      const outcome = importOnce(b);
      if (outcome instanceof Error) error = outcome;
      else runs.push(outcome);
    }
    const size = `${(b.bytes / KB).toFixed(1)} KB`;
    const extra = b.extraBytes ? `${(b.extraBytes / KB).toFixed(0)} KB` : '';
    const bundleMs = error ? 'failed' : `${median(runs.map((r) => r.bundleMs)).toFixed(0)} ms`;
    const externalMs = error ? '' : `${median(runs.map((r) => r.externalMs)).toFixed(0)} ms`;
    const flag = b.module !== 'solver' && b.bytes > API_LIMIT_KB * KB ? `  (> ${API_LIMIT_KB} KB)` : '';
    console.log(`  ${b.module.padEnd(26)} ${size.padStart(9)} ${extra.padStart(8)} ${bundleMs.padStart(8)} ${externalMs.padStart(11)}  ${b.top}${flag}`);
    if (error) {
      failures++;
      console.log(`      ${error.message.trim()}`);
    }
  }
  const total = bundles.reduce((sum, b) => sum + b.bytes, 0);
  console.log(`\n  total ${(total / KB / KB).toFixed(2)} MB over ${bundles.length} bundles`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
if (failures) {
  console.error(`  ${failures} bundle(s) could not be imported`);
  process.exitCode = 1;
}
