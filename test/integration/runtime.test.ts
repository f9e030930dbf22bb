/** The foundation through the real local runtime: public endpoints, sunset API, unknown paths, bad input. */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { startRuntime, type Runtime } from '../../local/runtime.js';
import { ROUTES } from '../../functions/routes.js';
import { QueueDoesNotExist } from '@aws-sdk/client-sqs';

let runtime: Runtime;
const lines: string[] = [];

beforeAll(async () => {
  runtime = await startRuntime({ port: 0, dataDir: null, log: (l) => lines.push(l) });
});
afterAll(async () => {
  await runtime?.close();
});

async function get(path: string, init: RequestInit = {}) {
  const res = await fetch(`${runtime.url}${path}`, { redirect: 'manual', ...init });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

describe('public endpoints', () => {
  it('GET /api/v3_0 lists every listed route with absolute URLs, sorted by URL', async () => {
    const res = await get('/api/v3_0');
    const host = runtime.url;
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.body).toMatchObject({ message: 'Request has been processed.', status: 'PROCESSED', version: '3.0' });
    const listed = ROUTES.filter((r) => r.listed);
    expect(res.body.services).toHaveLength(listed.length);
    for (const r of listed) {
      expect(res.body.services).toContainEqual({
        description: r.description,
        name: `${r.method} ${r.path.slice('/api/v3_0'.length)}`,
        url: `${host}${r.path}`,
      });
    }
    const urls = res.body.services.map((s: { url: string }) => s.url);
    expect(urls).toEqual([...urls].sort());
    expect(res.body.services[0]).toEqual({ description: 'Obtain a service listing for this version', name: 'GET ', url: `${host}/api/v3_0` });
  });

  it('GET /api/ lists versions; /api redirects with 308', async () => {
    expect((await get('/api/')).body).toEqual({
      flexmeasures_version: '0.23.0',
      message:
        'For these API versions a public endpoint is available, listing its service. For example: /api/v3_0. An authentication token can be requested at: /api/requestAuthToken',
      status: 200,
      versions: ['v3_0'],
    });
    const redirect = await get('/api');
    expect(redirect.status).toBe(308);
    expect(redirect.headers.get('location')).toBe('/api/');
  });

  it('GET /api/v3_0/health/ready reports each component', async () => {
    expect(await get('/api/v3_0/health/ready')).toMatchObject({
      status: 200,
      body: { entity_store: true, belief_store: true, job_queue: true, status: 200 },
    });
  });

  it('GET /api/v3_0/health/ready answers 503 when a component is down', async () => {
    // The runtime's queue answers every request for this test as a deleted queue would.
    const sqs = runtime.ports.clients.sqs.middlewareStack;
    sqs.add(
      () => async () => {
        throw new QueueDoesNotExist({ message: 'The specified queue does not exist.', $metadata: { httpStatusCode: 400 } });
      },
      { step: 'initialize', name: 'queueGone' },
    );
    try {
      expect(await get('/api/v3_0/health/ready')).toMatchObject({
        status: 503,
        body: { entity_store: true, belief_store: true, job_queue: false, status: 503 },
      });
    } finally {
      sqs.remove('queueGone');
    }
    expect((await get('/api/v3_0/health/ready')).status).toBe(200);
  });

  it('GET /api/ops/ping', async () => {
    expect((await get('/api/ops/ping')).body).toEqual({ message: 'ok', status: 200 });
  });
});

describe('sunset API versions (docs/contract/api.md §7.16)', () => {
  const cases: Array<[string, string, string, string]> = [
    ['GET', '/api/v1/getMeterData', '1.0', 'v1.html'],
    ['POST', '/api/v1_1/postPriceData', '1.1', 'v1_1.html'],
    ['GET', '/api/v1_2/getDeviceMessage', '1.2', 'v1_2.html'],
    ['POST', '/api/v1_3/postUdiEvent', '1.3', 'v1_3.html'],
    ['GET', '/api/v2_0/assets', '2.0', 'v2_0.html'],
    ['PATCH', '/api/v2_0/user/5/password-reset', '2.0', 'v2_0.html'],
  ];

  it.each(cases)('%s %s → 410 with Deprecation, Sunset and two Link headers, no authentication', async (method, path, version, page) => {
    const res = await get(path, { method, headers: { 'content-type': 'application/json' }, body: method === 'GET' ? undefined : '{}' });
    expect(res.status).toBe(410);
    expect(res.body).toEqual({
      message: `API version ${version} has been sunset. Please upgrade to API version 3.0. See https://flexmeasures.readthedocs.io/en/v0.13.0/api/${page} for more information.`,
      status: 410,
    });
    expect(res.headers.get('deprecation')).toBe('Tue, 13 Dec 2022 23:59:59 GMT');
    expect(res.headers.get('sunset')).toBe('Sun, 30 Apr 2023 23:59:59 GMT');
    expect(res.headers.get('link')).toBe(
      '<https://flexmeasures.readthedocs.io/en/latest/api/introduction.html#deprecation-and-sunset>; rel="deprecation"; type="text/html", ' +
        `<https://flexmeasures.readthedocs.io/en/v0.13.0/api/${page}>; rel="sunset"; type="text/html"`,
    );
  });

  it('paths that never existed under a sunset prefix are 404', async () => {
    expect(await get('/api/v2_0/nothing-here')).toMatchObject({ status: 404, body: { status: 404 } });
    expect(await get('/api/v1/postUdiEvent', { method: 'POST' })).toMatchObject({ status: 404 });
  });
});

describe('unknown paths, methods and bad input', () => {
  it('answers unknown paths and methods with JSON 404/405', async () => {
    const notFound = await get('/api/v3_0/nothing');
    expect(notFound.status).toBe(404);
    expect(notFound.headers.get('content-type')).toBe('application/json');
    expect(notFound.body.status).toBe(404);
    expect(await get('/api/v3_0/sensors/', {})).toMatchObject({ status: 404 });
    expect(await get('/api/v3_0', { method: 'DELETE' })).toMatchObject({ status: 405, body: { status: 405 } });
  });

  it('never answers bad input with a 500', async () => {
    const attempts: RequestInit[] = [
      { method: 'GET', headers: { 'content-type': 'application/json' }, body: undefined },
      { method: 'DELETE', headers: { 'content-type': 'application/json' }, body: '{"broken": ' },
      { method: 'PATCH', headers: { 'content-type': 'text/plain' }, body: '[1,2,3]' },
    ];
    for (const init of attempts) {
      for (const path of ['/api/v3_0', '/api/v2_0/assets', '/api/', '/api/v3_0/health/ready']) {
        expect((await get(path, init)).status).toBeLessThan(500);
      }
    }
  });

  it('answers bodies over API Gateway\'s 10 MB limit with a JSON 413', async () => {
    const res = await get('/api/v2_0/assets', { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(10 * 1024 * 1024 + 1) });
    expect(res).toMatchObject({ status: 413, body: { status: 413 } });
  });

  it('logs one line per request: method, path, status, milliseconds', () => {
    expect(lines.some((l) => /^GET \/api\/v3_0 200 \d+ms$/.test(l))).toBe(true);
  });
});
