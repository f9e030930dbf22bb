/**
 * The `$default` route's function (functions/api/unmatched.ts): FlexMeasures' 404/405 for requests
 * no route takes — the same answers the local runtime gives, because it runs the same module.
 */
import { describe, it, expect } from '@jest/globals';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { handler } from '../../../functions/api/unmatched.js';
import { Router } from '../../../functions/http/router.js';
import { DEFAULT_ROUTE_HANDLER, ROUTES } from '../../../functions/routes.js';
import { dispatch } from '../../../local/runtime.js';
import { apiEvent, context } from '../../helpers/events.js';

const NOT_FOUND = {
  message: 'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.',
  status: 404,
};
const METHOD_NOT_ALLOWED = { message: 'The method is not allowed for the requested URL.', status: 405 };

async function invoke(method: string, path: string) {
  const res = (await handler(apiEvent({ method, path }), context)) as APIGatewayProxyStructuredResultV2;
  return { status: res.statusCode, headers: res.headers ?? {}, body: JSON.parse(res.body!) as unknown };
}

describe('the $default route', () => {
  it('is the module named in the route table', () => {
    expect(DEFAULT_ROUTE_HANDLER).toBe('api/unmatched');
  });

  it('answers an unknown path with FlexMeasures\' 404', async () => {
    for (const path of ['/api/v3_0/nothing', '/', '/api/v2_0', '/api/v3_0/sensors/7/nothing']) {
      expect(await invoke('GET', path)).toMatchObject({ status: 404, headers: { 'content-type': 'application/json' }, body: NOT_FOUND });
    }
  });

  it('answers a known path with another method with FlexMeasures\' 405 and Allow', async () => {
    const res = await invoke('PUT', '/api/v3_0/sensors/data');
    expect(res).toMatchObject({ status: 405, headers: { 'content-type': 'application/json' }, body: METHOD_NOT_ALLOWED });
    expect(res.body).toEqual(METHOD_NOT_ALLOWED);
    expect(String(res.headers.allow).split(', ').sort()).toEqual(['GET', 'POST']);
    const asset = await invoke('PUT', '/api/v3_0/assets/3');
    expect(String(asset.headers.allow).split(', ').sort()).toEqual(['DELETE', 'GET', 'PATCH']);
    expect(await invoke('POST', '/api/v3_0')).toMatchObject({ status: 405, headers: { allow: 'GET' }, body: METHOD_NOT_ALLOWED });
  });

  it('gives the answers the local runtime gives', async () => {
    const router = new Router(ROUTES);
    for (const [method, path] of [['GET', '/api/v3_0/nothing'], ['PUT', '/api/v3_0/sensors/data'], ['POST', '/api/v3_0']]) {
      const local = await dispatch(router, { method, url: `${path}?x=1`, headers: {}, body: Buffer.alloc(0) });
      const cloud = (await handler(apiEvent({ method, path }), context)) as APIGatewayProxyStructuredResultV2;
      expect({ status: local.statusCode, headers: local.headers, body: local.body }).toEqual({ status: cloud.statusCode, headers: cloud.headers, body: cloud.body });
    }
  });
});
