/**
 * Details of the account and user endpoints beyond the role matrix: validation messages, check
 * order (422 before 404 on PATCH, 404 before 403 elsewhere), the consultancy rules of PATCH
 * /accounts, role changes, duplicates and audit texts.
 */
import { describe, it, expect, beforeAll } from '@jest/globals';
import { useRuntime, api } from '../../helpers/runtime.js';
import { buildWorld, type UserKey, type World } from '../../helpers/world.js';
import { setClock } from '../../../functions/lambda/clock.js';
import { accountStore, auditStore, userStore } from '../../../functions/stores/index.js';

useRuntime();

const T0 = Date.UTC(2025, 4, 1, 22, 0, 0);
let world: World;

beforeAll(async () => {
  setClock(() => T0);
  world = await buildWorld();
});

const as: World['as'] = (...args) => world.as(...args);

const rejected = (location: string, errors: Record<string, unknown>) => ({
  status: 422,
  body: { message: { [location]: errors }, result: 'Rejected', status: 'UNPROCESSABLE_ENTITY' },
});

describe('path and query ids', () => {
  it('non-numeric ids are 422 path errors; unknown ids are 404 with the kind', async () => {
    for (const path of ['/api/v3_0/accounts/abc', '/api/v3_0/accounts/1.5/auditlog', '/api/v3_0/users/x', '/api/v3_0/users/x/auditlog']) {
      expect(await as('admin', 'GET', path)).toMatchObject(rejected('path', { id: ['Not a valid integer.'] }));
    }
    expect(await as('admin', 'GET', '/api/v3_0/accounts/999')).toMatchObject({ status: 404, body: { message: 'Account 999 not found', status: 404 } });
    expect(await as('admin', 'GET', '/api/v3_0/accounts/999/auditlog')).toMatchObject({ status: 404, body: { message: 'Account 999 not found', status: 404 } });
    expect(await as('admin', 'GET', '/api/v3_0/users/999')).toMatchObject({ status: 404, body: { message: 'User 999 not found', status: 404 } });
    expect(await as('admin', 'GET', '/api/v3_0/users/999/auditlog')).toMatchObject({ status: 404, body: { message: 'User 999 not found', status: 404 } });
    expect(await as('prosumer', 'PATCH', '/api/v3_0/users/999/password-reset')).toMatchObject({ status: 404, body: { message: 'User 999 not found', status: 404 } });
    // 404 comes before 403: a plain user learns that an id does not exist, as in FlexMeasures.
    expect((await as('prosumer', 'GET', '/api/v3_0/accounts/999')).status).toBe(404);
  });

  it('GET /users: account_id must be an integer (422) naming an account (404); include_inactive takes marshmallow booleans', async () => {
    expect(await as('admin', 'GET', '/api/v3_0/users', { query: { account_id: 'abc' } })).toMatchObject(
      rejected('query', { account_id: ['Not a valid integer.'] }),
    );
    expect(await as('admin', 'GET', '/api/v3_0/users', { query: { account_id: 999, include_inactive: 'maybe' } })).toMatchObject({
      status: 404,
      body: { message: 'Account 999 not found', status: 404 },
    });
    expect(await as('admin', 'GET', '/api/v3_0/users', { query: { include_inactive: 'maybe' } })).toMatchObject(
      rejected('query', { include_inactive: ['Not a valid boolean.'] }),
    );
    const prosumer = world.accounts.prosumer.id;
    for (const [value, count] of [['True', 5], ['1', 5], ['yes', 5], ['false', 3], ['0', 3], ['F', 3]] as const) {
      const res = await as('admin', 'GET', '/api/v3_0/users', { query: { account_id: prosumer, include_inactive: value, unknown: 'ignored' } });
      expect({ value, count: res.body.length }).toEqual({ value, count });
    }
  });
});

describe('PATCH /accounts/<id>', () => {
  const path = () => `/api/v3_0/accounts/${world.accounts.supplier.id}`;

  it('validates the body first (422), then the id (404), then the permission (403)', async () => {
    expect(await as('prosumer', 'PATCH', '/api/v3_0/accounts/999', { body: { id: 5 } })).toMatchObject(rejected('json', { id: ['Unknown field.'] }));
    expect(await as('prosumer', 'PATCH', '/api/v3_0/accounts/999', { body: { name: 'x' } })).toMatchObject({ status: 404 });
    expect((await as('prosumer', 'PATCH', path(), { body: { name: 'x' } })).status).toBe(403);
    expect(await as('supplier4', 'PATCH', '/api/v3_0/accounts/abc', { body: { nme: 'x' } })).toMatchObject(rejected('json', { nme: ['Unknown field.'] }));
    expect(await as('supplier4', 'PATCH', '/api/v3_0/accounts/abc', { body: {} })).toMatchObject(rejected('path', { id: ['Not a valid integer.'] }));
  });

  it('rejects bad colors, logo URLs, names and account roles with FlexMeasures messages, writing nothing', async () => {
    const before = await accountStore().get(world.accounts.supplier.id);
    const cases: [unknown, Record<string, string[]>][] = [
      [{ primary_color: 'zzz' }, { primary_color: ['#zzz is not a valid hex color code.'] }],
      [{ secondary_color: '#12345' }, { secondary_color: ['#12345 is not a valid hex color code.'] }],
      [{ primary_color: '#1234567' }, { primary_color: ['Longer than maximum length 7.'] }],
      [{ primary_color: 5 }, { primary_color: ['Not a valid string.'] }],
      [{ logo_url: 'example.com/logo.png' }, { logo_url: ["'example.com/logo.png' is not a valid URL."] }],
      [{ logo_url: `https://example.com/${'a'.repeat(250)}` }, { logo_url: ['provided logo-url is too long. Maximum length is 255 characters.'] }],
      [{ name: null }, { name: ['Field may not be null.'] }],
      [{ name: 'n'.repeat(101) }, { name: ['Longer than maximum length 100.'] }],
      [{ name: '' }, { name: ['Shorter than minimum length 1.'] }],
      [{ consultancy_account_id: 'six' }, { consultancy_account_id: ['Not a valid integer.'] }],
      [{ account_roles: [{ id: 1 }] }, { account_roles: ['Account roles cannot be changed through the API.'] }],
    ];
    for (const [body, errors] of cases) {
      expect(await as('supplier4', 'PATCH', path(), { body })).toMatchObject(rejected('json', errors));
    }
    expect(await as('supplier4', 'PATCH', path(), { body: [{ name: 'x' }] })).toMatchObject(rejected('json', { _schema: ['Invalid input type.'] }));
    expect(await accountStore().get(world.accounts.supplier.id)).toEqual(before);
    expect(await auditStore().listForAccount(world.accounts.supplier.id)).toEqual([]);
  });

  it('a member updates fields; consultancy_account_id is silently dropped; the audit names changed fields', async () => {
    const res = await as('supplier4', 'PATCH', path(), {
      body: { name: 'Supplier B.V.', primary_color: 'abc', logo_url: 'https://example.com/logo.png', secondary_color: null, consultancy_account_id: world.accounts.consultancy.id },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      account_roles: [{ id: 2, name: 'Supplier' }],
      consultancy_account_id: null,
      id: world.accounts.supplier.id,
      logo_url: 'https://example.com/logo.png',
      name: 'Supplier B.V.',
      primary_color: 'abc',
      secondary_color: null,
      status: 200,
    });
    const log = await as('admin', 'GET', `${path()}/auditlog`);
    expect(log.body).toEqual([
      {
        active_user_id: world.users.supplier4.id,
        event: 'Account Supplier B.V. has been updated. Modified fields: name, primary_color, logo_url',
        event_datetime: 'Thu, 01 May 2025 22:00:00 GMT',
      },
    ]);
    // As in FlexMeasures, the event also lands in the editing user's own audit log.
    const own = await as('supplier4', 'GET', `/api/v3_0/users/${world.users.supplier4.id}/auditlog`);
    expect(own.body.map((e: { event: string }) => e.event)).toContain('Account Supplier B.V. has been updated. Modified fields: name, primary_color, logo_url');
  });

  it('a taken name is a 422 under name (decision 0016), and the account keeps its name', async () => {
    const res = await as('supplier4', 'PATCH', path(), { body: { name: 'Test Dummy Account' } });
    expect(res).toMatchObject(rejected('json', { name: ["An account with the name 'Test Dummy Account' already exists."] }));
    expect((await accountStore().get(world.accounts.supplier.id))!.name).toBe('Supplier B.V.');
  });

  it('admins set the consultancy; absent keeps it, null clears it; pointing at itself or at nothing is 422 "Invalid consultancy_account_id"', async () => {
    const client = world.accounts.consultancyClient.id;
    const consultancy = world.accounts.consultancy.id;
    const invalid = { status: 422, body: { errors: ['Invalid consultancy_account_id'], status: 422 } };
    // FlexMeasures counted an absent id as null, so an admin could change nothing else here: fixed.
    expect(await as('admin', 'PATCH', `/api/v3_0/accounts/${client}`, { body: { primary_color: '#000' } })).toMatchObject({
      status: 200,
      body: { primary_color: '#000', consultancy_account_id: consultancy },
    });
    expect(await as('admin', 'PATCH', `/api/v3_0/accounts/${client}`, { body: { consultancy_account_id: null } })).toMatchObject({
      status: 200,
      body: { consultancy_account_id: null },
    });
    expect((await accountStore().get(client))!.consultancyAccountId).toBeNull();
    expect(await as('admin', 'PATCH', `/api/v3_0/accounts/${client}`, { body: { consultancy_account_id: consultancy } })).toMatchObject({
      status: 200,
      body: { consultancy_account_id: consultancy },
    });
    // A non-admin's null is dropped like any value of theirs.
    expect(await as('consultantClient', 'PATCH', `/api/v3_0/accounts/${client}`, { body: { consultancy_account_id: null } })).toMatchObject({
      status: 200,
      body: { consultancy_account_id: consultancy },
    });
    expect(await as('admin', 'PATCH', `/api/v3_0/accounts/${client}`, { body: { consultancy_account_id: client } })).toMatchObject(invalid);
    expect(await as('admin', 'PATCH', `/api/v3_0/accounts/${client}`, { body: { consultancy_account_id: 999 } })).toMatchObject(invalid);
    expect((await accountStore().get(client))!.consultancyAccountId).toBe(world.accounts.consultancy.id);

    // Moving the Prosumer account under the Consultancy makes its consultant a reader of it.
    const prosumer = world.accounts.prosumer.id;
    expect((await as('consultant', 'GET', `/api/v3_0/accounts/${prosumer}`)).status).toBe(403);
    const moved = await as('admin', 'PATCH', `/api/v3_0/accounts/${prosumer}`, { body: { consultancy_account_id: world.accounts.consultancy.id } });
    expect(moved).toMatchObject({ status: 200, body: { consultancy_account_id: world.accounts.consultancy.id } });
    expect((await as('consultant', 'GET', `/api/v3_0/accounts/${prosumer}`)).status).toBe(200);
    // Own account first, then the client accounts in id order.
    expect((await as('consultant', 'GET', '/api/v3_0/accounts')).body.map((a: { id: number }) => a.id)).toEqual([
      world.accounts.consultancy.id,
      prosumer,
      client,
    ]);
    const events = await auditStore().listForAccount(prosumer);
    expect(events.at(-1)!.event).toBe('Account Test Prosumer Account has been updated. Modified fields: consultancy_account_id');
  });
});

describe('PATCH /users/<id>', () => {
  it('validates e-mail, time zone, types and role ids before looking up the user', async () => {
    const cases: [unknown, Record<string, string[]>][] = [
      [{ email: 'not-an-email' }, { email: ['Not a valid email address.'] }],
      [{ timezone: 'Mars/Olympus' }, { timezone: ["Timezone Mars/Olympus doesn't exist."] }],
      [{ active: 'no' }, { active: ['Not a valid boolean.'] }],
      [{ username: '' }, { username: ['Shorter than minimum length 1.'] }],
      [{ flexmeasures_roles: [1, 'two'] }, { flexmeasures_roles: { '1': ['Not a valid integer.'] } as never }],
      [{ flexmeasures_roles: [1, 99] }, { flexmeasures_roles: ["Role with id 99 doesn't exist."] }],
    ];
    for (const [body, errors] of cases) {
      expect(await as('admin', 'PATCH', '/api/v3_0/users/999', { body })).toMatchObject(rejected('json', errors));
    }
    expect(await as('admin', 'PATCH', '/api/v3_0/users/999', { body: { timezone: 'UTC' } })).toMatchObject({ status: 404 });
  });

  it('users edit their own e-mail, username and time zone; last_login_at/last_seen_at are ignored', async () => {
    const id = world.users.dummy3.id;
    const res = await as('dummy3', 'PATCH', `/api/v3_0/users/${id}`, {
      body: { email: 'dummy.three@seita.nl', username: 'Dummy Three', timezone: 'America/New_York', last_login_at: '2020-01-01T00:00:00', last_seen_at: null },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ email: 'dummy.three@seita.nl', username: 'Dummy Three', timezone: 'America/New_York', active: true, status: 200 });
    expect(res.body.last_login_at).toBeNull();
    expect((await api('POST', '/api/requestAuthToken', { body: { email: 'dummy.three@seita.nl', password: 'testtest' } })).status).toBe(200);
    expect((await api('POST', '/api/requestAuthToken', { body: { email: 'test_dummy_user_3@seita.nl', password: 'testtest' } })).status).toBe(404);
    // Editing no security-sensitive field writes no audit event.
    expect(await auditStore().listForUser(id)).toEqual([]);
  });

  it('a taken e-mail or username is a 400 "Duplicate user already exists"', async () => {
    const id = world.users.prosumer3.id;
    const email = await as('prosumer2', 'PATCH', `/api/v3_0/users/${id}`, { body: { email: 'TEST_PROSUMER_USER@seita.nl' } });
    expect(email).toEqual(expect.objectContaining({
      status: 400,
      body: { detail: 'Key (email)=(TEST_PROSUMER_USER@seita.nl) already exists.', message: 'Duplicate user already exists', status: 400 },
    }));
    const username = await as('prosumer2', 'PATCH', `/api/v3_0/users/${id}`, { body: { username: 'Test Admin User' } });
    expect(username.body).toEqual({ detail: 'Key (username)=(Test Admin User) already exists.', message: 'Duplicate user already exists', status: 400 });
    expect((await userStore().get(id))).toMatchObject({ email: 'test_prosumer_user_3@seita.nl', username: 'Test Prosumer User 3' });
  });

  it('roles: nobody changes their own; account-admins assign ordinary roles in their account but never admin roles', async () => {
    const roles = Object.fromEntries((await userStore().listRoles()).map((r) => [r.name, r.id]));
    const target = world.users.prosumer.id;
    expect((await as('prosumer2', 'PATCH', `/api/v3_0/users/${world.users.prosumer2.id}`, { body: { flexmeasures_roles: [] } })).status).toBe(403);
    const granted = await as('prosumer2', 'PATCH', `/api/v3_0/users/${target}`, { body: { flexmeasures_roles: [roles['account-admin']] } });
    expect(granted).toMatchObject({ status: 200, body: { flexmeasures_roles: [roles['account-admin']] } });
    for (const privileged of ['admin', 'admin-reader']) {
      const res = await as('prosumer2', 'PATCH', `/api/v3_0/users/${target}`, { body: { flexmeasures_roles: [roles[privileged]] } });
      expect(res).toMatchObject({ status: 403, body: { status: 'INVALID_SENDER' } });
    }
    expect((await userStore().get(target))!.roles.map((r) => r.name)).toEqual(['account-admin']);
    const byAdmin = await as('admin', 'PATCH', `/api/v3_0/users/${target}`, { body: { flexmeasures_roles: [roles['admin-reader']] } });
    expect(byAdmin).toMatchObject({ status: 200, body: { flexmeasures_roles: [roles['admin-reader']] } });
    // An account-admin may keep (not touch) another user's admin-reader role while changing other roles… but not drop it.
    expect((await as('prosumer2', 'PATCH', `/api/v3_0/users/${target}`, { body: { flexmeasures_roles: [] } })).status).toBe(403);
    expect((await as('prosumer2', 'PATCH', `/api/v3_0/users/${target}`, { body: { flexmeasures_roles: [roles['admin-reader'], roles.consultant] } })).status).toBe(200);
    await as('admin', 'PATCH', `/api/v3_0/users/${target}`, { body: { flexmeasures_roles: [] } });
  });

  it('writes an "Active status" event whenever active is sent, changed or not', async () => {
    const id = world.users.consultancyNoRole.id;
    await as('admin', 'PATCH', `/api/v3_0/users/${id}`, { body: { active: true } });
    await as('admin', 'PATCH', `/api/v3_0/users/${id}`, { body: { active: false } });
    await as('admin', 'PATCH', `/api/v3_0/users/${id}`, { body: { active: true } });
    expect((await auditStore().listForUser(id)).map((e) => e.event)).toEqual([
      "Active status set to 'True' for user Test Consultancy User without consultant access",
      "Active status set to 'False' for user Test Consultancy User without consultant access",
      "Active status set to 'True' for user Test Consultancy User without consultant access",
    ]);
  });
});

describe('PATCH /users/<id>/password-reset', () => {
  it('ignores any body and needs no content type', async () => {
    const res = await api('PATCH', `/api/v3_0/users/${world.users.consultantClient.id}/password-reset`, {
      token: await world.token('consultantClient'),
      body: 'not json at all',
      headers: { 'content-type': 'text/plain' },
    });
    expect(res).toMatchObject({ status: 200, body: { status: 200 } });
  });
});
