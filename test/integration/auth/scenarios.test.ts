/** The user and account scenarios of FlexMeasures' own tests (docs/contract/api.md §12.6, items 28–31). */
import { describe, it, expect, beforeAll } from '@jest/globals';
import { useRuntime, api } from '../../helpers/runtime.js';
import { buildWorld, type UserKey, type World } from '../../helpers/world.js';
import { setClock } from '../../../functions/lambda/clock.js';
import { userStore } from '../../../functions/stores/index.js';

useRuntime();

const T0 = Date.UTC(2024, 8, 18, 10, 12, 13);
let world: World;

beforeAll(async () => {
  setClock(() => T0);
  world = await buildWorld();
});

/** Calls as a world user (fresh token) or anonymously (null). */
const as: World['as'] = (...args) => world.as(...args);

const statuses = async (path: string, callers: [UserKey | null, number][], method = 'GET') => {
  for (const [who, status] of callers) {
    const res = await as(who, method, path);
    expect({ who, status: res.status }).toEqual({ who, status });
    if (status === 403) expect(res.body).toEqual({ message: 'You cannot be authorized for this content or functionality.', result: 'Rejected', status: 'INVALID_SENDER' });
  }
};

describe('28. user listing and reading', () => {
  it('an account-admin lists the 3 active users of their account, 5 with include_inactive, and may not list another account', async () => {
    const active = await as('prosumer2', 'GET', '/api/v3_0/users');
    expect(active.status).toBe(200);
    expect(active.body.map((u: { email: string }) => u.email)).toEqual([
      'test_prosumer_user@seita.nl',
      'test_prosumer_user_2@seita.nl',
      'test_prosumer_user_3@seita.nl',
    ]);
    const all = await as('prosumer2', 'GET', '/api/v3_0/users', { query: { include_inactive: true } });
    expect(all.body).toHaveLength(5);
    expect(all.body.filter((u: { active: boolean }) => !u.active).map((u: { email: string }) => u.email)).toEqual([
      'inactive_user@seita.nl',
      'inactive_admin@seita.nl',
    ]);
    expect((await as('prosumer2', 'GET', '/api/v3_0/users', { query: { account_id: 2 } })).status).toBe(403);
    expect((await as(null, 'GET', '/api/v3_0/users')).status).toBe(401);
  });

  it('GET /users/<user 2>', async () => {
    const id = world.users.prosumer2.id;
    await statuses(`/api/v3_0/users/${id}`, [[null, 401], ['prosumer2', 200], ['prosumer', 200], ['dummy3', 403], ['admin', 200]]);
    const self = await as('prosumer2', 'GET', `/api/v3_0/users/${id}`);
    expect(self.body).toMatchObject({
      account_id: world.accounts.prosumer.id,
      active: true,
      email: 'test_prosumer_user_2@seita.nl',
      flexmeasures_roles: [world.users.prosumer2.roles[0]!.id],
      id,
      status: 200,
      timezone: 'Europe/Amsterdam',
      username: 'Test Prosumer User 2',
    });
    expect(Object.keys(self.body).sort()).toEqual(
      ['account_id', 'active', 'email', 'flexmeasures_roles', 'id', 'last_login_at', 'last_seen_at', 'status', 'timezone', 'username'],
    );
  });

  it('GET /users/<test_prosumer_user>/auditlog and the consultancy client user’s audit log', async () => {
    await statuses(`/api/v3_0/users/${world.users.prosumer.id}/auditlog`, [
      [null, 401],
      ['prosumer', 200],
      ['prosumer2', 200],
      ['dummyAdmin', 403],
      ['prosumer3', 403],
      ['dummy3', 403],
      ['admin', 200],
      ['adminReader', 200],
    ]);
    await statuses(`/api/v3_0/users/${world.users.consultantClient.id}/auditlog`, [
      ['consultant', 200],
      ['consultancyNoRole', 403],
    ]);
  });
});

describe('31. accounts', () => {
  it('GET /accounts: admin 7, a plain user 1, a consultant 2, a consultancy user without the role 1', async () => {
    const count = async (who: UserKey) => (await as(who, 'GET', '/api/v3_0/accounts')).body.length;
    expect(await count('admin')).toBe(7);
    expect(await count('prosumer')).toBe(1);
    expect(await count('consultant')).toBe(2);
    expect(await count('consultancyNoRole')).toBe(1);
    const consultant = await as('consultant', 'GET', '/api/v3_0/accounts');
    expect(consultant.body.map((a: { name: string }) => a.name)).toEqual(['Test Consultancy Account', 'Test ConsultancyClient Account']);
    expect((await as('consultancyNoRole', 'GET', '/api/v3_0/accounts')).body[0].name).toBe('Test Consultancy Account');
  });

  it('GET /accounts/<Prosumer>', async () => {
    const id = world.accounts.prosumer.id;
    await statuses(`/api/v3_0/accounts/${id}`, [[null, 401], ['prosumer2', 200], ['dummy3', 403], ['admin', 200]]);
    const res = await as('prosumer2', 'GET', `/api/v3_0/accounts/${id}`);
    expect(res.body).toEqual({
      account_roles: [{ id: 1, name: 'Prosumer' }],
      consultancy_account_id: null,
      id,
      logo_url: null,
      name: 'Test Prosumer Account',
      primary_color: null,
      secondary_color: null,
      status: 200,
    });
  });

  it('GET /accounts/<id>/auditlog', async () => {
    await statuses(`/api/v3_0/accounts/${world.accounts.prosumer.id}/auditlog`, [
      [null, 401],
      ['prosumer', 403],
      ['prosumer2', 200],
      ['dummyAdmin', 403],
      ['admin', 200],
      ['adminReader', 200],
    ]);
    await statuses(`/api/v3_0/accounts/${world.accounts.consultancyClient.id}/auditlog`, [
      ['consultant', 200],
      ['consultancyNoRole', 403],
    ]);
  });
});

describe('30. password reset of user 2', () => {
  it('who may reset', async () => {
    const path = `/api/v3_0/users/${world.users.prosumer2.id}/password-reset`;
    await statuses(path, [[null, 401], ['prosumer', 403], ['inactive', 401], ['inactiveAdmin', 401]], 'PATCH');
    const before = (await userStore().get(world.users.prosumer2.id))!;
    const self = await as('prosumer2', 'PATCH', path);
    expect(self).toMatchObject({ status: 200, body: { status: 200 } });
    expect(Object.keys(self.body)).toEqual(['status']);
    const afterSelf = (await userStore().get(world.users.prosumer2.id))!;
    expect(afterSelf.passwordHash).not.toBe(before.passwordHash);
    expect(afterSelf.uniquifier).not.toBe(before.uniquifier);
    expect((await as('admin', 'PATCH', path)).status).toBe(200);
    expect((await userStore().get(world.users.prosumer2.id))!.passwordHash).not.toBe(afterSelf.passwordHash);

    const log = await as('admin', 'GET', `/api/v3_0/users/${world.users.prosumer2.id}/auditlog`);
    expect(log.body).toEqual([
      {
        active_user_id: world.users.prosumer2.id,
        active_user_name: 'Test Prosumer User 2',
        event: 'Password reset for user Test Prosumer User 2',
        event_datetime: 'Wed, 18 Sep 2024 10:12:13 GMT',
      },
      {
        active_user_id: world.users.admin.id,
        active_user_name: 'Test Admin User',
        event: 'Password reset for user Test Prosumer User 2',
        event_datetime: 'Wed, 18 Sep 2024 10:12:13 GMT',
      },
    ]);
  });
});

describe('29. user editing', () => {
  it('deactivating', async () => {
    const user2 = world.users.prosumer2.id;
    const admin = world.users.admin.id;
    expect((await as('prosumer2', 'PATCH', `/api/v3_0/users/${admin}`, { body: { active: false } })).status).toBe(403);
    expect((await as(null, 'PATCH', `/api/v3_0/users/${user2}`, { body: { active: false } })).status).toBe(401);
    const res = await as('admin', 'PATCH', `/api/v3_0/users/${user2}`, { body: { active: false } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: user2, active: false, status: 200 });
    const log = await as('admin', 'GET', `/api/v3_0/users/${user2}/auditlog`);
    expect(log.body.at(-1)).toEqual({
      active_user_id: admin,
      active_user_name: 'Test Admin User',
      event: "Active status set to 'False' for user Test Prosumer User 2",
      event_datetime: 'Wed, 18 Sep 2024 10:12:13 GMT',
    });
    const self = await as('admin', 'PATCH', `/api/v3_0/users/${admin}`, { body: { active: false } });
    expect(self).toMatchObject({ status: 403, body: { status: 'INVALID_SENDER' } });
    expect((await userStore().get(admin))!.active).toBe(true);
  });

  it('password, id and account_id are unknown fields', async () => {
    const path = `/api/v3_0/users/${world.users.prosumer2.id}`;
    for (const field of ['password', 'id', 'account_id']) {
      const res = await as('admin', 'PATCH', path, { body: { active: false, [field]: field === 'password' ? 'secret' : 3 } });
      expect(res.status).toBe(422);
      expect(res.body).toEqual({ message: { json: { [field]: ['Unknown field.'] } }, result: 'Rejected', status: 'UNPROCESSABLE_ENTITY' });
    }
  });
});
