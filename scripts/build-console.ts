/**
 * Builds the web console (functions/console/) into console-dist/ (git-ignored): one minified ESM
 * bundle and one stylesheet, both named by a hash of their content (so they can be cached for a
 * year), the page that loads them, a manifest, and a gzip and a brotli copy of every text file
 * (compressed once here, never per request). `npm start`, `npm test`, `npm run synth` and
 * `npm run bench` run it; the CDK stack copies the folder into the console function's bundle.
 *
 *   npx tsx scripts/build-console.ts
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { CONSOLE_DIST, CONSOLE_MANIFEST, type ConsoleManifest } from '../functions/http/console-files.js';

const ROOT = join(import.meta.dirname, '..');
const SOURCE = join(ROOT, 'functions', 'console');

const hashOf = (data: Buffer | string) => createHash('sha256').update(data).digest('hex').slice(0, 16);

function write(dir: string, name: string, data: Buffer | string, compress: boolean): void {
  writeFileSync(join(dir, name), data);
  if (!compress) return;
  writeFileSync(join(dir, `${name}.gz`), gzipSync(data, { level: 9 }));
  writeFileSync(join(dir, `${name}.br`), brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
}

/** Builds the console into `outDir` (default console-dist/) and returns its manifest. */
export async function buildConsole(outDir = join(ROOT, CONSOLE_DIST)): Promise<ConsoleManifest> {
  const result = await build({
    entryPoints: [join(SOURCE, 'main.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    minify: true,
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const js = Buffer.from(result.outputFiles[0]!.contents);
  const css = readFileSync(join(SOURCE, 'console.css'));
  const script = `app-${hashOf(js)}.js`;
  const style = `app-${hashOf(css)}.css`;
  const html = readFileSync(join(SOURCE, 'index.html'), 'utf8').replace('%SCRIPT%', script).replace('%STYLE%', style);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  write(outDir, script, js, true);
  write(outDir, style, css, true);
  write(outDir, 'index.html', html, true);
  const manifest: ConsoleManifest = { page: 'index.html', files: [script, style] };
  writeFileSync(join(outDir, CONSOLE_MANIFEST), JSON.stringify(manifest));
  return manifest;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const manifest = await buildConsole();
  console.log(`console built: ${manifest.files.join(', ')}`);
}
