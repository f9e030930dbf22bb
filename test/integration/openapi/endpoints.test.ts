/** GET /api/v3_0/openapi.json and the docs page with its files, through the local runtime, without any token. */
import { describe, it, expect } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildOpenApiDocument } from '../../../functions/openapi/document.js';
import { DOCS_CSP } from '../../../functions/openapi/docs-page.js';
import { NOT_FOUND_MESSAGE } from '../../../functions/core/errors.js';
import { ROUTES } from '../../../functions/routes.js';
import { api, useRuntime } from '../../helpers/runtime.js';

const rt = useRuntime();
const DIST = join(import.meta.dirname, '..', '..', '..', 'node_modules', 'swagger-ui-dist');

async function raw(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${rt.runtime.url}${path}`, { headers });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

describe('GET /api/v3_0/openapi.json', () => {
  it('serves the generated document as JSON, publicly, without a status key', async () => {
    const res = await api('GET', '/api/v3_0/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(res.body).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument(ROUTES))));
    expect(res.body.status).toBeUndefined();
  });

  it('is not part of the v3_0 service listing, and neither is the docs page', async () => {
    const names = (await api('GET', '/api/v3_0')).body.services.map((s: { name: string }) => s.name);
    expect(names).toContain('GET /health/ready');
    expect(names.filter((n: string) => /openapi|docs/.test(n))).toEqual([]);
  });
});

describe('GET /api/v3_0/docs', () => {
  it('serves the Swagger UI page with a same-origin content security policy', async () => {
    const res = await raw('/api/v3_0/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(DOCS_CSP);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const html = res.bytes.toString('utf8');
    // Everything it loads is relative to this origin: no CDN.
    const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(urls).toEqual(['docs/swagger-ui.css', 'docs/favicon-32x32.png', 'docs/favicon-16x16.png', 'openapi.json', 'docs/swagger-ui-bundle.js', 'docs/init.js']);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('answers a trailing slash with a 404', async () => {
    expect((await api('GET', '/api/v3_0/docs/')).status).toBe(404);
  });
});

describe('GET /api/v3_0/docs/<asset>', () => {
  it.each([
    ['swagger-ui-bundle.js', 'text/javascript; charset=utf-8'],
    ['swagger-ui.css', 'text/css; charset=utf-8'],
  ])('serves %s gzip-compressed to clients that accept it, plain to others', async (name, type) => {
    const file = readFileSync(join(DIST, name));
    const gz = await raw(`/api/v3_0/docs/${name}`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(gz.status).toBe(200);
    expect(gz.headers.get('content-type')).toBe(type);
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gz.headers.get('vary')).toBe('accept-encoding');
    expect(Number(gz.headers.get('content-length'))).toBeLessThan(file.length / 2);
    expect(gz.bytes.equals(file)).toBe(true); // fetch decompressed it
    const plain = await raw(`/api/v3_0/docs/${name}`, { 'accept-encoding': 'identity' });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.bytes.equals(file)).toBe(true);
    expect(plain.headers.get('cache-control')).toBe('public, max-age=86400');
  });

  it.each(['favicon-32x32.png', 'favicon-16x16.png'])('serves the icon %s byte for byte', async (name) => {
    const res = await raw(`/api/v3_0/docs/${name}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.bytes.equals(readFileSync(join(DIST, name)))).toBe(true);
  });

  it('serves our start-up script, which switches off the online validator', async () => {
    const res = await raw('/api/v3_0/docs/init.js', { 'accept-encoding': 'identity' });
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const js = res.bytes.toString('utf8');
    expect(js).toContain("url: 'openapi.json'");
    expect(js).toContain('validatorUrl: null');
  });

  it.each(['package.json', 'index.html', 'swagger-ui.js.map', '..%2Fpackage.json', '%2E%2E'])('answers %s with a 404', async (name) => {
    const res = await api('GET', `/api/v3_0/docs/${name}`);
    expect(res).toMatchObject({ status: 404, body: { message: NOT_FOUND_MESSAGE, status: 404 } });
  });
});
