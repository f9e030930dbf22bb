/**
 * The docs function as Lambda runs it: bundled by esbuild with the stack's options, plus the files
 * the stack's afterBundling hook copies, in a folder with no node_modules anywhere above it. The
 * bundle must serve the page and every Swagger UI file from inside itself.
 */
import { describe, it, expect } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLED_FILES } from '../../lib/stack.js';
import { SWAGGER_UI_FILES } from '../../functions/openapi/docs-page.js';
import { useBundledFunction } from '../helpers/bundle.js';

const ROOT = join(import.meta.dirname, '..', '..');
const bundle = useBundledFunction('api/docs', { timeoutMs: 60_000 });
const invoke = (event: object) => bundle.invoke(event);

describe('the bundled docs function', () => {
  it('holds the Swagger UI files the stack copies', () => {
    expect(BUNDLED_FILES['api/docs']!.files.map((f) => f.split('/').pop())).toEqual([...SWAGGER_UI_FILES]);
    expect(readdirSync(join(bundle.dir, 'swagger-ui')).sort()).toEqual([...SWAGGER_UI_FILES].sort());
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
