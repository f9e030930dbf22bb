/**
 * Every deployed function bundled as the stack bundles it. API functions must stay under 300 KB
 * minified (cold starts); the solver, GLPK wasm included, under 2 MB. Two choices keep them there,
 * and are guarded here: request validators are precompiled (schemas/generated), so no bundle
 * carries ajv's compiler (≈ 130 KB); the unit registry builds mathjs' Unit class on plain numbers
 * (≈ 64 KB instead of ≈ 230 KB, test/unit/units/bundle.test.ts).
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, statSync, existsSync, symlinkSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { ROOT, deployedModules, esbuildOptions } from '../../lib/bundling.js';
import { BUNDLED_FILES } from '../../lib/stack.js';

const KB = 1024;
const API_LIMIT = 300 * KB;
const SOLVER_LIMIT = 2048 * KB;
/** ajv's compiler: code generation, vocabularies, the Ajv class. Generated validators need only ajv/dist/runtime. */
const AJV_COMPILER = /node_modules\/ajv\/dist\/(compile|vocabularies|core\.js|ajv\.js)/;

let out: string;
const bundles = new Map<string, { size: number; ajvCompiler: boolean; file: string; externals: string[] }>();

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'bundles-'));
  await Promise.all(
    deployedModules().map(async (module) => {
      const outfile = join(out, module.replace(/\//g, '__'), 'index.mjs');
      // The Timestream variant: the larger one where a function touches beliefs.
      const result = await build({ ...esbuildOptions(join(ROOT, 'functions', `${module}.ts`), outfile, 'timestream'), metafile: true });
      const copied = (BUNDLED_FILES[module]?.files ?? []).reduce((sum, f) => sum + statSync(join(ROOT, f)).size, 0);
      const ajvCompiler = Object.keys(result.metafile.inputs).some((f) => AJV_COMPILER.test(f));
      const [output] = Object.values(result.metafile.outputs).filter((o) => o.entryPoint);
      const externals = [...new Set(output!.imports.filter((i) => i.external).map((i) => i.path))].sort();
      bundles.set(module, { size: statSync(outfile).size + (module === 'solver' ? copied : 0), ajvCompiler, file: outfile, externals });
    }),
  );
}, 180_000);

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

const over = (limit: number, pick: (m: string) => boolean) =>
  [...bundles]
    .filter(([m, b]) => pick(m) && b.size > limit)
    .map(([m, b]) => `${m}: ${(b.size / KB).toFixed(0)} KB`);

describe('bundle sizes', () => {
  it('bundles every deployed module', () => {
    expect(bundles.size).toBe(deployedModules().length);
    expect(bundles.size).toBeGreaterThan(10);
  });

  it('keeps every function but the solver under 300 KB minified', () => {
    expect(over(API_LIMIT, (m) => m !== 'solver')).toEqual([]);
  });

  it("leaves ajv's compiler out of every bundle (validators are precompiled)", () => {
    expect([...bundles].filter(([, b]) => b.ajvCompiler).map(([m]) => m)).toEqual([]);
  });

  /**
   * The project declares `"sideEffects": false` so that esbuild drops modules a handler does not
   * use together with their SDK imports (a Lambda that reads accounts loads no SQS or Timestream
   * client at cold start). Every bundle must still load and export its handler.
   */
  it('gives every bundle a handler that loads, importing only the SDK clients it uses', () => {
    mkdirSync(join(out, 'node_modules'), { recursive: true });
    if (!existsSync(join(out, 'node_modules', '@aws-sdk'))) symlinkSync(join(ROOT, 'node_modules', '@aws-sdk'), join(out, 'node_modules', '@aws-sdk'), 'dir');
    const files = Object.fromEntries([...bundles].map(([m, b]) => [m, pathToFileURL(b.file).href]));
    const script = `const out = {}; for (const [m, url] of Object.entries(${JSON.stringify(files)})) out[m] = typeof (await import(url)).handler; console.log(JSON.stringify(out));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: out,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, AWS_REGION: 'eu-west-1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    expect(run.stderr).toBe('');
    expect(Object.values(JSON.parse(run.stdout)).filter((t) => t !== 'function')).toEqual([]);
    expect(bundles.get('api/accounts-get')!.externals.filter((e) => e.startsWith('@aws-sdk/client-'))).toEqual(['@aws-sdk/client-dynamodb']);
    expect(bundles.get('api/ops-ping')!.externals.filter((e) => e.startsWith('@aws-sdk/'))).toEqual([]);
  }, 60_000);

  it('bundles only the belief store the stack is built with, and its SDK clients', async () => {
    const clients = async (beliefStore: 'dynamodb' | 'timestream') => {
      const entry = join(ROOT, 'functions', 'api', 'sensors-data-post.ts');
      const result = await build({ ...esbuildOptions(entry, join(out, 'stores', beliefStore, 'index.mjs'), beliefStore), write: false, metafile: true });
      const [output] = Object.values(result.metafile.outputs).filter((o) => o.entryPoint);
      const imported = output!.imports.filter((i) => i.external && i.path.startsWith('@aws-sdk/client-')).map((i) => i.path);
      const adapters = Object.keys(output!.inputs).filter((f) => /functions\/stores\/(dynamodb|timestream)\/beliefs\.ts$/.test(f));
      return { clients: [...new Set(imported)].sort(), adapters };
    };
    expect(await clients('dynamodb')).toEqual({ clients: ['@aws-sdk/client-dynamodb'], adapters: ['functions/stores/dynamodb/beliefs.ts'] });
    expect(await clients('timestream')).toEqual({
      clients: ['@aws-sdk/client-dynamodb', '@aws-sdk/client-timestream-query', '@aws-sdk/client-timestream-write'],
      adapters: ['functions/stores/timestream/beliefs.ts'],
    });
  }, 60_000);

  it('keeps the solver, wasm included, under 2 MB', () => {
    if (!existsSync(join(ROOT, 'functions', 'solver.ts'))) return expect(bundles.has('solver')).toBe(false);
    expect(bundles.get('solver')!.size).toBeLessThan(SOLVER_LIMIT);
  });
});
