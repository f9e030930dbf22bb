/**
 * The console function as Lambda runs it: bundled by esbuild with the stack's options plus the
 * built console the stack copies next to it, in a folder with no node_modules above it. It must
 * serve the page with its CSP, and the fingerprinted files precompressed with a year-long cache.
 */
import { describe, it, expect } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { BUNDLED_FILES } from '../../lib/stack.js';
import { CONSOLE_CSP, CONSOLE_DIST, CONSOLE_MANIFEST, type ConsoleManifest } from '../../functions/http/console-files.js';
import { buildConsole } from '../../scripts/build-console.js';
import { useBundledFunction } from '../helpers/bundle.js';

const ROOT = join(import.meta.dirname, '..', '..');
let manifest: ConsoleManifest;

const bundle = useBundledFunction('api/console', {
  timeoutMs: 120_000,
  before: async () => {
    if (!existsSync(join(ROOT, CONSOLE_DIST, CONSOLE_MANIFEST))) await buildConsole();
    manifest = JSON.parse(readFileSync(join(ROOT, CONSOLE_DIST, CONSOLE_MANIFEST), 'utf8'));
  },
});
const invoke = (event: object) => bundle.invoke(event);

describe('the bundled console function', () => {
  it('carries the whole build, precompressed copies included', () => {
    const names = BUNDLED_FILES['api/console']!.files.map((f) => f.split('/').pop());
    for (const f of [...manifest.files, manifest.page]) expect(names).toEqual(expect.arrayContaining([f, `${f}.gz`, `${f}.br`]));
  });

  it('serves the page with a strict CSP and no caching, loading only its fingerprinted files', () => {
    const res = invoke({ headers: { 'accept-encoding': 'gzip' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe(CONSOLE_CSP);
    expect(CONSOLE_CSP).toContain("script-src 'self'");
    expect(CONSOLE_CSP).not.toMatch(/unsafe-eval/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-encoding']).toBe('gzip');
    const html = gunzipSync(Buffer.from(res.body, 'base64')).toString('utf8');
    const urls = [...html.matchAll(/(?:src|href)="([^"#]+)"/g)].map((m) => m[1]);
    expect(urls.filter((u) => u!.startsWith('console/')).sort()).toEqual(manifest.files.map((f) => `console/${f}`).sort());
    expect(html).not.toMatch(/<script>|https?:\/\//);
  });

  it.each([
    ['br', brotliDecompressSync],
    ['gzip', gunzipSync],
  ] as const)('serves the script %s-compressed as built, cached for a year', (encoding, decompress) => {
    const script = manifest.files.find((f) => f.endsWith('.js'))!;
    const res = invoke({ headers: { 'Accept-Encoding': `${encoding}` }, pathParameters: { file: script } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['content-encoding']).toBe(encoding);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(decompress(Buffer.from(res.body, 'base64')).equals(readFileSync(join(ROOT, CONSOLE_DIST, script)))).toBe(true);
  });

  it('serves plain bytes to a client that accepts no compression', () => {
    const style = manifest.files.find((f) => f.endsWith('.css'))!;
    const res = invoke({ headers: {}, pathParameters: { file: style } });
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(Buffer.from(res.body, 'base64').equals(readFileSync(join(ROOT, CONSOLE_DIST, style)))).toBe(true);
  });

  it('answers an unknown file with a 404', () => {
    for (const file of ['manifest.json', 'index.html.gz', '../package.json']) {
      const res = invoke({ headers: {}, pathParameters: { file } });
      expect(res.statusCode).toBe(404);
      expect(JSON.parse(res.body)).toMatchObject({ status: 404 });
    }
  });
});
