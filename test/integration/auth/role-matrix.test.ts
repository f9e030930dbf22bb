/**
 * The role matrix: every endpoint of accounts, users and authentication × every kind of caller,
 * asserting status and body. The target is the ConsultancyClient account C (consultancy: the
 * Consultancy account) and a plain member T of it, so that "consultant of the client account" is a
 * real relation. No cross-account read or write may succeed.
 */
import { describe, it, expect, beforeAll } from '@jest/globals';
import { api, type ApiResponse, stores, useRuntime } from '../../helpers/runtime.js';
import { buildWorld, PASSWORD, type World, FM_401, FM_403 } from '../../helpers/world.js';
import { setClock } from '../../../functions/lambda/clock.js';
import { defaultScryptCost, hashPassword } from '../../../functions/core/auth/passwords.js';
import { issueToken as issue } from '../../../functions/app/auth.js';
import { accountAuditJson, accountJson, userAuditJson, userJson } from '../../../functions/core/accounts/serialize.js';
import type { Account, User } from '../../../functions/core/ports/accounts.js';

/** A cheap hash cost, as the test runtime's own (test/helpers/runtime.ts); a hash carries its cost. */
const TEST_SCRYPT_COST = defaultScryptCost({ SCRYPT_LOG_N: '4' });

useRuntime();

const T0 = Date.UTC(2026, 0, 15, 9, 0, 0);
const issueToken = (user: User, at: number) => issue(stores(), user, at);
const SIX_HOURS = 6 * 3600 * 1000;


type Caller = 'none' | 'expired' | 'deactivated' | 'member' | 'accountAdmin' | 'consultant' | 'otherMember' | 'adminReader' | 'admin';
const CALLERS: Caller[] = ['none', 'expired', 'deactivated', 'member', 'accountAdmin', 'consultant', 'otherMember', 'adminReader', 'admin'];

let world: World;
let C: Account;
let T: User;
const tokens = {} as Record<Caller, string | undefined>;

beforeAll(async () => {
  setClock(() => T0);
  world = await buildWorld();
  C = world.accounts.consultancyClient;
  const hash = await hashPassword(PASSWORD, TEST_SCRYPT_COST);
  T = await stores().users.create({ email: 'client_member_2@seita.nl', username: 'Client Member 2', accountId: C.id, passwordHash: hash });
  const clientAdmin = await stores().users.create({
    email: 'client_account_admin@seita.nl', username: 'Client Account Admin', accountId: C.id, passwordHash: hash, roles: ['account-admin'],
  });
  const deactivated = await stores().users.create({ email: 'client_deactivated@seita.nl', username: 'Client Deactivated', accountId: C.id, passwordHash: hash });
  tokens.deactivated = await issueToken(deactivated, T0);
  await stores().users.update(deactivated.id, { active: false });
  tokens.expired = await issueToken(world.users.consultantClient, T0 - SIX_HOURS - 1);
  tokens.member = await world.token('consultantClient');
  tokens.accountAdmin = await issueToken(clientAdmin, T0);
  tokens.consultant = await world.token('consultant');
  tokens.otherMember = await world.token('prosumer');
  tokens.adminReader = await world.token('adminReader');
  tokens.admin = await world.token('admin');
});

/** Active users of the accounts, per account in the order given. */
async function activeUsersOf(accounts: Account[]) {
  const lists = await Promise.all(accounts.map((a) => stores().users.listByAccount(a.id)));
  return lists.flat().filter((u) => u.active).map(userJson);
}

const call = (caller: Caller, method: string, path: string, body?: unknown) => api(method, path, { token: tokens[caller], body });

function expectUnauthenticated(caller: Caller, res: ApiResponse): boolean {
  // Without an Authorization header too: FlexMeasures' body, not API Gateway's (no gateway authorizer).
  if (caller === 'none' || caller === 'expired' || caller === 'deactivated') {
    expect(res).toMatchObject({ status: 401 });
    expect(res.body).toEqual(FM_401);
    return true;
  }
  return false;
}

function expectForbidden(res: ApiResponse) {
  expect(res.status).toBe(403);
  expect(res.body).toEqual(FM_403);
  expect(res.headers['content-type']).toBe('application/json');
}

type Expectation = 'ok' | 'forbidden';

interface Case {
  name: string;
  allowed: Record<Exclude<Caller, 'none' | 'expired' | 'deactivated'>, Expectation>;
  request: (caller: Caller) => Promise<ApiResponse>;
  /** Asserts a 200 answer (may read the stores for the expected body). */
  ok: (res: ApiResponse, caller: Caller) => Promise<void>;
}

/** The accounts each caller may read (docs/contract/api.md §4.2): their own, a consultant's clients too, all for admins. */
async function readableAccounts(caller: string): Promise<Account[]> {
  const all = await stores().accounts.list();
  return {
    member: [C],
    accountAdmin: [C],
    consultant: [world.accounts.consultancy, C],
    otherMember: [world.accounts.prosumer],
    adminReader: all,
    admin: all,
  }[caller as 'member'];
}

const everyone = { member: 'ok', accountAdmin: 'ok', consultant: 'ok', otherMember: 'ok', adminReader: 'ok', admin: 'ok' } as const;

const CASES: Case[] = [
  {
    name: 'GET /accounts',
    allowed: everyone,
    request: (c) => call(c, 'GET', '/api/v3_0/accounts'),
    ok: async (res, caller) => {
      const expected = await readableAccounts(caller);
      expect(res.body).toEqual((await stores().accounts.getMany(expected.map((a) => a.id))).map(accountJson));
      if (caller === 'admin' || caller === 'adminReader') expect(res.body).toHaveLength(7);
    },
  },
  {
    name: 'GET /accounts/<C>',
    allowed: { ...everyone, otherMember: 'forbidden' },
    request: (c) => call(c, 'GET', `/api/v3_0/accounts/${C.id}`),
    ok: async (res) => {
      expect(res.body).toEqual({ ...accountJson((await stores().accounts.get(C.id))!), status: 200 });
    },
  },
  {
    name: 'PATCH /accounts/<C>',
    allowed: { member: 'ok', accountAdmin: 'ok', consultant: 'forbidden', otherMember: 'forbidden', adminReader: 'forbidden', admin: 'ok' },
    // consultancy_account_id is dropped for non-admins; for the admin it repeats the current value.
    request: (c) => call(c, 'PATCH', `/api/v3_0/accounts/${C.id}`, { primary_color: '#12ab34', consultancy_account_id: world.accounts.consultancy.id }),
    ok: async (res) => {
      const stored = (await stores().accounts.get(C.id))!;
      expect(stored.primaryColor).toBe('#12ab34');
      expect(stored.consultancyAccountId).toBe(world.accounts.consultancy.id);
      expect(res.body).toEqual({ ...accountJson(stored), status: 200 });
    },
  },
  {
    name: 'GET /accounts/<C>/auditlog',
    allowed: { member: 'forbidden', accountAdmin: 'ok', consultant: 'ok', otherMember: 'forbidden', adminReader: 'ok', admin: 'ok' },
    request: (c) => call(c, 'GET', `/api/v3_0/accounts/${C.id}/auditlog`),
    ok: async (res) => {
      expect(res.body).toEqual((await stores().audit.listForAccount(C.id)).map(accountAuditJson));
    },
  },
  {
    name: 'GET /users',
    allowed: everyone,
    request: (c) => call(c, 'GET', '/api/v3_0/users'),
    ok: async (res, caller) => {
      expect(res.body).toEqual(await activeUsersOf(await readableAccounts(caller)));
    },
  },
  {
    name: 'GET /users?account_id=<C>',
    allowed: { ...everyone, otherMember: 'forbidden' },
    request: (c) => api('GET', '/api/v3_0/users', { token: tokens[c], query: { account_id: C.id } }),
    ok: async (res) => {
      expect(res.body).toEqual(await activeUsersOf([C]));
      expect(res.body.map((u: { email: string }) => u.email)).not.toContain('client_deactivated@seita.nl');
    },
  },
  {
    name: 'GET /users/<T>',
    allowed: { ...everyone, consultant: 'forbidden', otherMember: 'forbidden' },
    request: (c) => call(c, 'GET', `/api/v3_0/users/${T.id}`),
    ok: async (res) => {
      expect(res.body).toEqual({ ...userJson((await stores().users.get(T.id))!), status: 200 });
    },
  },
  {
    name: 'PATCH /users/<T>',
    allowed: { member: 'forbidden', accountAdmin: 'ok', consultant: 'forbidden', otherMember: 'forbidden', adminReader: 'forbidden', admin: 'ok' },
    request: (c) => call(c, 'PATCH', `/api/v3_0/users/${T.id}`, { timezone: 'UTC' }),
    ok: async (res) => {
      const stored = (await stores().users.get(T.id))!;
      expect(stored.timezone).toBe('UTC');
      expect(res.body).toEqual({ ...userJson(stored), status: 200 });
    },
  },
  {
    name: 'PATCH /users/<T>/password-reset',
    allowed: { member: 'forbidden', accountAdmin: 'ok', consultant: 'forbidden', otherMember: 'forbidden', adminReader: 'forbidden', admin: 'ok' },
    request: (c) => call(c, 'PATCH', `/api/v3_0/users/${T.id}/password-reset`),
    ok: async (res) => {
      expect(res.body).toEqual({ status: 200 });
      const login = await api('POST', '/api/requestAuthToken', { body: { email: T.email, password: PASSWORD } });
      expect(login).toMatchObject({ status: 401, body: { errors: ['User password does not match.'], status: 401 } });
    },
  },
  {
    name: 'GET /users/<T>/auditlog',
    allowed: { member: 'forbidden', accountAdmin: 'ok', consultant: 'ok', otherMember: 'forbidden', adminReader: 'ok', admin: 'ok' },
    request: (c) => call(c, 'GET', `/api/v3_0/users/${T.id}/auditlog`),
    ok: async (res) => {
      expect(res.body).toEqual((await stores().audit.listForUser(T.id)).map(userAuditJson));
    },
  },
];

describe.each(CASES)('$name', (testCase) => {
  it.each(CALLERS)('as %s', async (caller) => {
    const before = await snapshot();
    const res = await testCase.request(caller);
    expect(res.headers['content-type']).toBe('application/json');
    if (expectUnauthenticated(caller, res)) {
      expect(await snapshot()).toEqual(before);
      return;
    }
    const expectation = testCase.allowed[caller as keyof Case['allowed']];
    if (expectation === 'forbidden') {
      expectForbidden(res);
      expect(await snapshot()).toEqual(before); // a refused request writes nothing
      return;
    }
    expect(res.status).toBe(200);
    await testCase.ok(res, caller);
  });
});

/** What a refused request must not change: C, T (except last-seen bookkeeping) and their audit logs. */
async function snapshot() {
  const t = (await stores().users.get(T.id))!;
  return {
    account: await stores().accounts.get(C.id),
    user: { ...t, lastSeenAt: null },
    accountAudit: await stores().audit.listForAccount(C.id),
    userAudit: await stores().audit.listForUser(T.id),
  };
}

describe('POST /api/requestAuthToken', () => {
  it.each(CALLERS)('judges only e-mail and password, whatever the Authorization header (%s)', async (caller) => {
    const user = world.users.supplier4;
    const res = await api('POST', '/api/requestAuthToken', { token: tokens[caller], body: { email: user.email, password: PASSWORD } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ auth_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), status: 200, user_id: user.id });
    const check = await api('GET', `/api/v3_0/users/${user.id}`, { token: res.body.auth_token });
    expect(check.status).toBe(200);
  });

  it.each(CALLERS)('refuses a wrong password whatever the Authorization header (%s)', async (caller) => {
    const res = await api('POST', '/api/requestAuthToken', { token: tokens[caller], body: { email: world.users.supplier4.email, password: 'wrong' } });
    expect(res).toMatchObject({ status: 401, body: { errors: ['User password does not match.'], status: 401 } });
  });
});
