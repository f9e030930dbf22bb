import { describe, it, expect } from '@jest/globals';
import { parseQueryString, toEvent } from '../../../local/event.js';
import { Router } from '../../../functions/http/router.js';
import { ROUTES, type Route } from '../../../functions/routes.js';

const route = (method: Route['method'], path: string): Route => ({
  method, path, handler: 'x', public: false, description: '', listed: true, access: {},
});

describe('local runtime: HTTP → API Gateway payload 2.0', () => {
  const raw = (url: string, init: Partial<Parameters<typeof toEvent>[0]> = {}) => ({
    method: 'GET', url, headers: { host: '127.0.0.1:5000' }, body: Buffer.alloc(0), ...init,
  });

  it('carries path parameters, raw path and route key', () => {
    const event = toEvent(raw('/api/v3_0/sensors/42'), route('GET', '/api/v3_0/sensors/<id>'), { id: '42' });
    expect(event.version).toBe('2.0');
    expect(event.rawPath).toBe('/api/v3_0/sensors/42');
    expect(event.routeKey).toBe('GET /api/v3_0/sensors/{id}');
    expect(event.pathParameters).toEqual({ id: '42' });
    expect(event.requestContext.http.method).toBe('GET');
    expect(event.body).toBeUndefined();
    expect(event.isBase64Encoded).toBe(false);
  });

  it('decodes query strings like API Gateway: %2B is a plus, a literal + stays a plus, repeats are comma-joined', () => {
    const event = toEvent(raw('/x?start=2021-05-02T00%3A00%3A00%2B02%3A00&b=2021-05-02T00:00:00+02:00&u=m%C2%B3%2Fh&k=1&k=2&flag'), null, undefined);
    expect(event.rawQueryString).toBe('start=2021-05-02T00%3A00%3A00%2B02%3A00&b=2021-05-02T00:00:00+02:00&u=m%C2%B3%2Fh&k=1&k=2&flag');
    expect(event.queryStringParameters).toEqual({
      start: '2021-05-02T00:00:00+02:00', b: '2021-05-02T00:00:00+02:00', u: 'm³/h', k: '1,2', flag: '',
    });
    expect(parseQueryString('')).toBeUndefined();
  });

  it('passes JSON bodies as text and binary bodies as base64', () => {
    const text = toEvent(raw('/x', { method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.from('{"a":1}') }), null, undefined);
    expect(text).toMatchObject({ body: '{"a":1}', isBase64Encoded: false });
    const binary = toEvent(raw('/x', { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: Buffer.from([0, 255]) }), null, undefined);
    expect(binary).toMatchObject({ body: 'AP8=', isBase64Encoded: true });
  });

  it('lower-cases headers, moves cookies to the cookies list and adds forwarding headers', () => {
    const event = toEvent(raw('/x', { headers: { host: 'h', Authorization: 'tok', cookie: 'a=1; b=2' } as never }), null, undefined);
    expect(event.headers.authorization).toBe('tok');
    expect(event.headers.cookie).toBeUndefined();
    expect(event.cookies).toEqual(['a=1', 'b=2']);
    expect(event.headers['x-forwarded-proto']).toBe('http');
  });
});

describe('local runtime: routing', () => {
  const router = new Router([
    route('GET', '/api/v3_0/sensors/<id>'),
    route('GET', '/api/v3_0/sensors/data'),
    route('POST', '/api/v3_0/sensors/data'),
    route('ANY', '/api/v2_0/<proxy+>'),
  ]);

  it('prefers static segments over parameters', () => {
    expect(router.match('GET', '/api/v3_0/sensors/data')).toMatchObject({ kind: 'match', route: { path: '/api/v3_0/sensors/data' } });
    expect(router.match('GET', '/api/v3_0/sensors/7')).toMatchObject({ kind: 'match', pathParameters: { id: '7' } });
  });

  it('distinguishes 404 from 405 and keeps strict slashes', () => {
    expect(router.match('DELETE', '/api/v3_0/sensors/data')).toEqual({ kind: 'method-not-allowed', allowed: ['GET', 'POST'] });
    expect(router.match('GET', '/api/v3_0/sensors/')).toEqual({ kind: 'not-found' });
    expect(router.match('GET', '/api/v3_0/nothing')).toEqual({ kind: 'not-found' });
  });

  it('matches greedy tails', () => {
    expect(router.match('PATCH', '/api/v2_0/user/3/password-reset')).toMatchObject({ kind: 'match', pathParameters: { proxy: 'user/3/password-reset' } });
    expect(router.match('GET', '/api/v2_0')).toEqual({ kind: 'not-found' });
  });

  it('routes every entry of the real route table to itself', () => {
    const real = new Router(ROUTES);
    for (const r of ROUTES) {
      const path = r.path.replace('<proxy+>', 'getService').replace(/<[^>]+>/g, '1');
      const method = r.method === 'ANY' ? 'GET' : r.method;
      expect(real.match(method, path)).toMatchObject({ kind: 'match', route: { path: r.path } });
    }
  });
});
