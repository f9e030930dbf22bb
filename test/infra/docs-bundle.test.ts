/**
 * The docs function as Lambda runs it: bundled by esbuild with the stack's options, plus the files
 * the stack's afterBundling hook copies, in a folder with no node_modules anywhere above it. The
 * bundle must serve the page and every Swagger UI file from inside itself.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { BUNDLED_FILES, copyBundledFiles } from '../../lib/stack.js';
import { esbuildOptions } from '../../lib/bundling.js';
import { SWAGGER_UI_FILES } from '../../functions/openapi/docs-page.js';

const ROOT = join(import.meta.dirname, '..', '..');
let out: string;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'docs-bundle-'));
  // The options lib/stack.ts gives NodejsFunction.
  await build(esbuildOptions(join(ROOT, 'functions', 'api', 'docs.ts'), join(out, 'index.mjs'), 'dynamodb'));
  for (const command of copyBundledFiles('api/docs', ROOT, out)) execFileSync('bash', ['-c', command]);
}, 60_000);

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

/** Invokes the bundled handler in a fresh Node process (as Lambda would) and returns its result. */
function invoke(event: object): { statusCode: number; headers: Record<string, string>; body: string; isBase64Encoded?: boolean } {
  const script = `const m = await import(${JSON.stringify(`file://${join(out, 'index.mjs')}`)}); process.stdout.write(JSON.stringify(await m.handler(${JSON.stringify(event)})));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: out, maxBuffer: 64 * 1024 * 1024 }).toString());
}

describe('the bundled docs function', () => {
  it('holds the Swagger UI files the stack copies', () => {
    expect(BUNDLED_FILES['api/docs']!.files.map((f) => f.split('/').pop())).toEqual([...SWAGGER_UI_FILES]);
    expect(readdirSync(join(out, 'swagger-ui')).sort()).toEqual([...SWAGGER_UI_FILES].sort());
  });

  it('serves the page', () => {
    const res = invoke({ headers: {}, rawPath: '/api/v3_0/docs' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('<div id="swagger-ui"></div>');
  });

  it.each([...SWAGGER_UI_FILES])('serves %s from inside the bundle', (name) => {
    const res = invoke({ headers: {}, pathParameters: { asset: name } });
    expect(res.statusCode).toBe(200);
    const body = Buffer.from(res.body, res.isBase64Encoded ? 'base64' : 'utf8');
    expect(body.equals(readFileSync(join(ROOT, 'node_modules', 'swagger-ui-dist', name)))).toBe(true);
  });

  it('answers an unknown file with a 404', () => {
    const res = invoke({ headers: {}, pathParameters: { asset: 'package.json' } });
    expect(res.statusCode).toBe(404);
    expect(JSON.parse(res.body)).toMatchObject({ status: 404 });
  });
});
