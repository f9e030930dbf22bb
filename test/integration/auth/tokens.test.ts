/**
 * POST /api/requestAuthToken (docs/contract/api.md §5.2 with decisions 0010 and 0016) and the token life cycle: expiry,
 * revocation by password reset and by deactivation (effective on the next request), raw and Bearer
 * tokens, FlexMeasures' 401 without an Authorization header, and `last_seen_at` — all with an
 * injected clock, never by sleeping.
 */
import { describe, it, expect, beforeAll, beforeEach, afterEach } from '@jest/globals';
import { api, stores, useRuntime } from '../../helpers/runtime.js';
import { buildWorld, PASSWORD, type World, FM_401 } from '../../helpers/world.js';
import { setClock } from '../../../functions/lambda/clock.js';
import { handler as getAccounts } from '../../../functions/api/accounts-list.js';
import { hashToken } from '../../../functions/core/auth/tokens.js';
import { startRuntime } from '../../../local/runtime.js';
import { apiEvent, context } from '../../helpers/events.js';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

useRuntime();

const T0 = Date.UTC(2026, 2, 1, 12, 0, 0);
const SIX_HOURS = 21_600_000;

let world: World;
let clock = T0;

beforeAll(async () => {
  world = await buildWorld();
});
beforeEach(() => {
  clock = T0;
  setClock(() => clock);
});
afterEach(() => setClock(() => T0));

const login = (body: unknown, headers: Record<string, string> = {}) => api('POST', '/api/requestAuthToken', { body, headers });
const accounts = (token: string) => api('GET', '/api/v3_0/accounts', { token });

describe('POST /api/requestAuthToken: checks in FlexMeasures order', () => {
  it('issues a token and reports the user id; the token is stored only as its hash', async () => {
    const res = await login({ email: 'test_supplier_user_4@seita.nl', password: PASSWORD });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.body).toEqual({ auth_token: expect.any(String), status: 200, user_id: world.users.supplier4.id });
    const token: string = res.body.auth_token;
    expect(await stores().tokens.get(token)).toBeNull();
    expect(await stores().tokens.get(hashToken(token))).toEqual({
      hash: hashToken(token),
      userId: world.users.supplier4.id,
      uniquifier: world.users.supplier4.uniquifier,
      issuedAt: T0,
      expiresAt: T0 + SIX_HOURS,
    });
    expect(await stores().users.get(world.users.supplier4.id)).toMatchObject({ lastLoginAt: T0, loginCount: 1 });
    const user = await api('GET', `/api/v3_0/users/${world.users.supplier4.id}`, { token });
    expect(user.body.last_login_at).toBe('2026-03-01T12:00:00');
  });

  it('400 when the content type is not JSON', async () => {
    const res = await api('POST', '/api/requestAuthToken', {
      body: JSON.stringify({ email: 'test_supplier_user_4@seita.nl', password: PASSWORD }),
      headers: { 'content-type': 'text/plain' },
    });
    expect(res).toMatchObject({ status: 400, body: { errors: ['Content-type of request must be application/json'], status: 400 } });
    const none = await api('POST', '/api/requestAuthToken', { headers: {} });
    expect(none).toMatchObject({ status: 400, body: { errors: ['Content-type of request must be application/json'], status: 400 } });
  });

  it('400 for malformed JSON (decision 0016: not a 500)', async () => {
    const res = await login('{"email": "test_supplier_user_4@seita.nl", ');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: ['The browser (or proxy) sent a request that this server could not understand.'], status: 400 });
  });

  it('400 without an email, also for an empty body or a non-object body', async () => {
    const expected = { status: 400, body: { errors: ["Please provide the 'email' parameter."], status: 400 } };
    expect(await login({ password: PASSWORD })).toMatchObject(expected);
    expect(await login('')).toMatchObject(expected);
    expect(await login(['email'])).toMatchObject(expected);
    expect(await login('"email"')).toMatchObject(expected);
  });

  it('404 for an unknown e-mail, echoing it as Python would print it', async () => {
    expect(await login({ email: 'nobody@seita.nl', password: PASSWORD })).toMatchObject({
      status: 404,
      body: { errors: ["User with email 'nobody@seita.nl' does not exist"], status: 404 },
    });
    expect((await login({ email: null })).body).toEqual({ errors: ["User with email 'None' does not exist"], status: 404 });
    expect((await login({ email: 42 })).body).toEqual({ errors: ["User with email '42' does not exist"], status: 404 });
  });

  it('400 without a password (checked after the user exists)', async () => {
    expect(await login({ email: 'test_supplier_user_4@seita.nl' })).toMatchObject({
      status: 400,
      body: { errors: ["Please provide the 'password' parameter."], status: 400 },
    });
  });

  it('401 for a wrong password, also for a non-string one', async () => {
    for (const password of ['testtest ', 'TESTTEST', '', null, 12345678, ['testtest']]) {
      expect(await login({ email: 'test_supplier_user_4@seita.nl', password })).toMatchObject({
        status: 401,
        body: { errors: ['User password does not match.'], status: 401 },
      });
    }
  });

  it('finds the user case-insensitively by e-mail', async () => {
    const res = await login({ email: 'TEST_Supplier_User_4@seita.nl', password: PASSWORD });
    expect(res.body.user_id).toBe(world.users.supplier4.id);
  });

  it('issues no token to inactive users (decision 0010), but only tells that to who knows the password', async () => {
    expect(await login({ email: 'inactive_user@seita.nl', password: 'wrong' })).toMatchObject({
      status: 401,
      body: { errors: ['User password does not match.'], status: 401 },
    });
    expect(await login({ email: 'inactive_admin@seita.nl', password: PASSWORD })).toMatchObject({
      status: 401,
      body: { errors: ['Account is disabled.'], status: 401 },
    });
  });

  it('accepts a valid token of the same user instead of the password; a stale one is ignored', async () => {
    const token = await world.token('prosumer3');
    const renewed = await login({ email: 'test_prosumer_user_3@seita.nl' }, { authorization: token });
    expect(renewed).toMatchObject({ status: 200, body: { user_id: world.users.prosumer3.id, status: 200 } });
    expect(renewed.body.auth_token).not.toBe(token);
    // A token of someone else does not stand in for the password.
    const other = await login({ email: 'test_prosumer_user_3@seita.nl' }, { authorization: await world.token('prosumer') });
    expect(other.body).toEqual({ errors: ["Please provide the 'password' parameter."], status: 400 });
    // Nor does an expired one.
    clock = T0 + SIX_HOURS;
    const stale = await login({ email: 'test_prosumer_user_3@seita.nl' }, { authorization: token });
    expect(stale.body).toEqual({ errors: ["Please provide the 'password' parameter."], status: 400 });
    expect((await login({ email: 'test_prosumer_user_3@seita.nl', password: PASSWORD }, { authorization: 'garbage token' })).status).toBe(200);
  });
});

describe('token use', () => {
  it('accepts the raw token and "Bearer <token>"; rejects anything else with FlexMeasures 401', async () => {
    const token = (await login({ email: 'test_prosumer_user@seita.nl', password: PASSWORD })).body.auth_token as string;
    expect((await accounts(token)).status).toBe(200);
    expect((await accounts(`Bearer ${token}`)).status).toBe(200);
    expect((await accounts(`bearer  ${token}`)).status).toBe(200);
    for (const bad of [`${token}x`, token.slice(1), `Basic ${token}`, 'Bearer', 'null', '"quoted"']) {
      expect(await accounts(bad)).toMatchObject({ status: 401, body: FM_401 });
    }
  });

  it('expires after 6 hours (injected clock)', async () => {
    const token = (await login({ email: 'test_prosumer_user@seita.nl', password: PASSWORD })).body.auth_token as string;
    clock = T0 + SIX_HOURS - 1;
    expect((await accounts(token)).status).toBe(200);
    clock = T0 + SIX_HOURS;
    expect(await accounts(token)).toMatchObject({ status: 401, body: FM_401 });
    clock = T0 + 30 * SIX_HOURS;
    expect((await accounts(token)).status).toBe(401);
  });

  it('honours TOKEN_MAX_AGE_SECONDS', async () => {
    // Settings are read once, when a runtime starts: a runtime of its own with a one-minute lifetime.
    const short = await startRuntime({ port: 0, dataDir: null, solver: false, env: { SCRYPT_LOG_N: '4', TOKEN_MAX_AGE_SECONDS: '60' } });
    try {
      await buildWorld(short.ports);
      const call = async (path: string, init: RequestInit) => {
        const res = await fetch(`${short.url}${path}`, init);
        return { status: res.status, body: (await res.json()) as Record<string, unknown> };
      };
      const signIn = await call('/api/requestAuthToken', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'test_prosumer_user@seita.nl', password: PASSWORD }),
      });
      const token = signIn.body.auth_token as string;
      clock = T0 + 59_999;
      expect((await call('/api/v3_0/accounts', { headers: { authorization: token } })).status).toBe(200);
      clock = T0 + 60_000;
      expect((await call('/api/v3_0/accounts', { headers: { authorization: token } })).status).toBe(401);
      // The file's own runtime keeps its six hours.
      const usual = (await login({ email: 'test_prosumer_user@seita.nl', password: PASSWORD })).body.auth_token as string;
      clock = T0 + 120_000;
      expect((await accounts(usual)).status).toBe(200);
    } finally {
      await short.close();
    }
  });

  it('is revoked by a password reset (all tokens of the user, not those of others)', async () => {
    const first = (await login({ email: 'test_prosumer_user_2@seita.nl', password: PASSWORD })).body.auth_token as string;
    const second = await world.token('prosumer2');
    const bystander = await world.token('prosumer');
    const reset = await api('PATCH', `/api/v3_0/users/${world.users.prosumer2.id}/password-reset`, { token: first });
    expect(reset).toMatchObject({ status: 200, body: { status: 200 } });
    expect(await accounts(first)).toMatchObject({ status: 401, body: FM_401 });
    expect(await accounts(second)).toMatchObject({ status: 401, body: FM_401 });
    expect((await accounts(bystander)).status).toBe(200);
    // The old password no longer works.
    expect((await login({ email: 'test_prosumer_user_2@seita.nl', password: PASSWORD })).status).toBe(401);
  });

  it('is revoked by deactivation, and stays revoked after re-activation', async () => {
    const token = await world.token('prosumer3');
    const admin = await world.token('admin');
    const off = await api('PATCH', `/api/v3_0/users/${world.users.prosumer3.id}`, { token: admin, body: { active: false } });
    expect(off).toMatchObject({ status: 200, body: { active: false } });
    expect(await accounts(token)).toMatchObject({ status: 401, body: FM_401 });
    const on = await api('PATCH', `/api/v3_0/users/${world.users.prosumer3.id}`, { token: admin, body: { active: true } });
    expect(on).toMatchObject({ status: 200, body: { active: true } });
    expect(await accounts(token)).toMatchObject({ status: 401, body: FM_401 });
    expect((await login({ email: 'test_prosumer_user_3@seita.nl', password: PASSWORD })).status).toBe(200);
  });
});

describe('authentication in the function (no gateway authorizer)', () => {
  /** GET /api/v3_0/accounts invoked as Lambda would be behind API Gateway, which adds no authorization of its own. */
  const direct = async (authorization?: string) => {
    const res = (await getAccounts.withPorts(stores())(
      apiEvent({ path: '/api/v3_0/accounts', headers: authorization === undefined ? {} : { authorization } }),
      context,
    )) as APIGatewayProxyStructuredResultV2;
    return { status: res.statusCode, body: JSON.parse(res.body!) as unknown };
  };

  it('answers a request without Authorization with FlexMeasures\' 401 body, locally and in the function itself', async () => {
    const local = await api('GET', '/api/v3_0/accounts');
    expect(local.status).toBe(401);
    expect(local.body).toEqual(FM_401);
    expect(await direct()).toEqual({ status: 401, body: FM_401 });
    expect(await direct('')).toEqual({ status: 401, body: FM_401 });
  });

  it('records last_seen_at on an authenticated request, then at most once a minute', async () => {
    const user = world.users.dummy3;
    const seen = async () => (await stores().users.get(user.id))!.lastSeenAt;
    // Far past any request earlier in this file, so the first request below must write.
    const t1 = T0 + 100 * SIX_HOURS;
    clock = t1;
    const token = await world.token('dummy3');
    expect((await direct(token)).status).toBe(200);
    expect(await seen()).toBe(t1);
    clock = t1 + 30_000;
    expect((await direct(`Bearer ${token}`)).status).toBe(200);
    clock = t1 + 60_000;
    expect((await direct(token)).status).toBe(200);
    expect(await seen()).toBe(t1);
    clock = t1 + 60_001;
    expect((await direct(token)).status).toBe(200);
    expect(await seen()).toBe(t1 + 60_001);
    // A rejected token records nothing.
    clock = t1 + 10 * 60_000;
    expect((await direct(`${token}x`)).status).toBe(401);
    expect(await seen()).toBe(t1 + 60_001);
  });

  it('refuses a token at once when the password was reset or the user deactivated', async () => {
    const user = world.users.dummyAdmin;
    const token = await world.token('dummyAdmin');
    expect((await direct(token)).status).toBe(200);
    await stores().users.setPassword(user.id, 'whatever');
    expect(await direct(token)).toEqual({ status: 401, body: FM_401 });

    const fresh = await world.token('dummyAdmin');
    expect((await direct(fresh)).status).toBe(200);
    await stores().users.update(user.id, { active: false });
    expect(await direct(fresh)).toEqual({ status: 401, body: FM_401 });
    await stores().users.update(user.id, { active: true });
  });

  it('uses the current roles on every request, not those at token issue', async () => {
    const user = world.users.prosumer;
    const token = await world.token('prosumer');
    const invoke = async () => (await direct(token)).body as unknown[];
    expect(await invoke()).toHaveLength(1);
    const adminReader = await stores().users.ensureRole('admin-reader');
    await stores().users.update(user.id, { roles: [adminReader] });
    expect(await invoke()).toHaveLength(7);
    await stores().users.update(user.id, { roles: [] });
    expect(await invoke()).toHaveLength(1);
  });
});
