/**
 * No route has gateway-level authorization (docs/decisions/0141-authentication-in-the-function.md),
 * so every protected handler must authenticate the caller itself. This walks the whole route table:
 * without an `Authorization` header, or with a token that is not accepted, every protected route
 * answers FlexMeasures' 401 — before looking at the path ids or the body — and no public route does.
 */
import { describe, it, expect } from '@jest/globals';
import { ROUTES, type Route } from '../../../functions/routes.js';
import { useRuntime, api } from '../../helpers/runtime.js';
import { FM_401 } from '../../helpers/world.js';

useRuntime();

function request(route: Route): [string, string] {
  const path = route.path
    .replace('<proxy+>', 'anything')
    .replace('<uuid>', '00000000-0000-4000-8000-000000000000')
    .replace(/<[^>]+>/g, '999');
  return [route.method === 'ANY' ? 'GET' : route.method, path];
}

const protectedRoutes = ROUTES.filter((r) => !r.public);

describe('authentication in every protected function', () => {
  it('covers the protected routes of the table', () => {
    expect(protectedRoutes.length).toBeGreaterThan(20);
  });

  it.each(protectedRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))('%s: 401 without or with a bad token', async (_name, route) => {
    const [method, path] = request(route);
    for (const token of [undefined, 'not-a-token', 'Bearer ']) {
      const res = await api(method, path, method === 'GET' ? { token } : { token, body: {} });
      expect({ token, status: res.status, body: res.body }).toEqual({ token, status: 401, body: FM_401 });
    }
  });

  it('public routes answer without a token, never with a 401', async () => {
    for (const route of ROUTES.filter((r) => r.public && r.method !== 'POST')) {
      const [method, path] = request(route);
      expect({ route: route.path, status: (await api(method, path)).status }).not.toEqual({ route: route.path, status: 401 });
    }
  });
});
