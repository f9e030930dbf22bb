/**
 * The role matrix of the sensor and asset endpoints: every endpoint × {no token, bad token, member,
 * account-admin, consultant of the client account, member of another account, admin-reader, admin},
 * on an asset and sensor of the ConsultancyClient account C, and on a public asset. Statuses and
 * 403 bodies are asserted; no cross-account read or write may succeed, and refused writes change
 * nothing.
 */
import { describe, it, expect, beforeAll } from '@jest/globals';
import { api, type ApiResponse, stores, useRuntime } from '../../helpers/runtime.js';
import { buildWorld, PASSWORD, type World, FM_401, FM_403 } from '../../helpers/world.js';
import { buildAssetsWorld, type AssetsWorld } from '../../helpers/assets-world.js';
import { setClock } from '../../../functions/lambda/clock.js';
import { defaultScryptCost, hashPassword } from '../../../functions/core/auth/passwords.js';
import { issueToken as issue } from '../../../functions/app/auth.js';
import { DEFAULT_KNOWLEDGE_HORIZON, type Asset, type Sensor } from '../../../functions/core/assets/model.js';

/** A cheap hash cost, as the test runtime's own (test/helpers/runtime.ts); a hash carries its cost. */
const TEST_SCRYPT_COST = defaultScryptCost({ SCRYPT_LOG_N: '4' });

useRuntime();

const T0 = Date.UTC(2026, 0, 15, 9, 0, 0);

type Caller = 'none' | 'badToken' | 'member' | 'accountAdmin' | 'consultant' | 'otherMember' | 'otherAccountAdmin' | 'adminReader' | 'admin';
const AUTHENTICATED: Caller[] = ['member', 'accountAdmin', 'consultant', 'otherMember', 'otherAccountAdmin', 'adminReader', 'admin'];

let world: World;
let aw: AssetsWorld;
const tokens = {} as Record<Caller, string | undefined>;
let A: Asset; // the client's asset
let S: Sensor; // a sensor on it
let P: Asset; // a public asset
let PS: Sensor; // a sensor on it

beforeAll(async () => {
  setClock(() => T0);
  world = await buildWorld();
  aw = await buildAssetsWorld(world);
  A = aw.assets.consultancyClientAsset;
  P = aw.assets.troposphere;
  const sensor = (asset: Asset, name: string) =>
    stores().assets.createSensor({
      name,
      unit: 'MW',
      timezone: 'UTC',
      eventResolution: 900_000,
      knowledgeHorizon: DEFAULT_KNOWLEDGE_HORIZON,
      genericAssetId: asset.id,
      accountId: asset.accountId,
      attributes: {},
    });
  S = await sensor(A, 'power');
  PS = await sensor(P, 'temperature');
  const clientAdmin = await stores().users.create({
    email: 'client_account_admin@seita.nl',
    username: 'Client Account Admin',
    accountId: world.accounts.consultancyClient.id,
    passwordHash: await hashPassword(PASSWORD, TEST_SCRYPT_COST),
    roles: ['account-admin'],
  });
  tokens.badToken = 'definitely-not-a-token';
  tokens.member = await world.token('consultantClient');
  tokens.accountAdmin = await issue(stores(), clientAdmin, T0);
  tokens.consultant = await world.token('consultant');
  tokens.otherMember = await world.token('prosumer');
  tokens.otherAccountAdmin = await world.token('prosumer2');
  tokens.adminReader = await world.token('adminReader');
  tokens.admin = await world.token('admin');
});

const call = (caller: Caller, method: string, path: string, body?: unknown, query?: Record<string, string | number | boolean>) =>
  api(method, path, { token: tokens[caller], body, query });

function expectStatus(caller: Caller, res: ApiResponse, status: number): void {
  expect({ caller, status: res.status }).toEqual({ caller, status });
  if (status === 403) expect(res.body).toEqual(FM_403);
  if (status === 401 && caller === 'badToken') expect(res.body).toEqual(FM_401);
  expect(res.headers['content-type'] ?? 'application/json').toBe('application/json');
}

/** Expected status per caller; unauthenticated callers always get 401. */
async function matrix(expected: Partial<Record<Caller, number>>, request: (caller: Caller) => Promise<ApiResponse>): Promise<void> {
  for (const caller of ['none', 'badToken'] as Caller[]) expectStatus(caller, await request(caller), 401);
  for (const caller of AUTHENTICATED) {
    const status = expected[caller];
    if (status === undefined) throw new Error(`no expectation for ${caller}`);
    expectStatus(caller, await request(caller), status);
  }
}

const READ = { member: 200, accountAdmin: 200, consultant: 200, otherMember: 403, otherAccountAdmin: 403, adminReader: 200, admin: 200 };

describe('sensors', () => {
  it('GET /sensors?account_id=C: readers of C only', async () => {
    await matrix(READ, (c) => call(c, 'GET', '/api/v3_0/sensors', undefined, { account_id: world.accounts.consultancyClient.id }));
  });

  it('GET /sensors (own account): everyone authenticated, never another account’s sensors', async () => {
    await matrix({ ...READ, otherMember: 200, otherAccountAdmin: 200 }, (c) => call(c, 'GET', '/api/v3_0/sensors'));
    const other = await call('otherMember', 'GET', '/api/v3_0/sensors');
    expect(other.body.map((s: { id: number }) => s.id)).not.toContain(S.id);
  });

  it('GET /sensors/<id>: readers of the owning account; public sensors: everybody', async () => {
    await matrix(READ, (c) => call(c, 'GET', `/api/v3_0/sensors/${S.id}`));
    await matrix({ ...READ, otherMember: 200, otherAccountAdmin: 200 }, (c) => call(c, 'GET', `/api/v3_0/sensors/${PS.id}`));
  });

  it('POST /sensors: members of the owning account and admins; on public assets admins only', async () => {
    let n = 0;
    await matrix(
      { member: 201, accountAdmin: 201, consultant: 403, otherMember: 403, otherAccountAdmin: 403, adminReader: 403, admin: 201 },
      (c) => call(c, 'POST', '/api/v3_0/sensors', { name: `new ${c} ${n++}`, unit: 'kW', event_resolution: 'PT15M', generic_asset_id: A.id }),
    );
    await matrix(
      { member: 403, accountAdmin: 403, consultant: 403, otherMember: 403, otherAccountAdmin: 403, adminReader: 403, admin: 201 },
      (c) => call(c, 'POST', '/api/v3_0/sensors', { name: `public ${c} ${n++}`, unit: 'kW', event_resolution: 'PT15M', generic_asset_id: P.id }),
    );
    const names = (await stores().assets.listSensorsByAsset(A.id)).map((s) => s.name);
    expect(names.filter((x) => x.startsWith('new '))).toHaveLength(3);
  });

  it('PATCH /sensors/<id>: account-admins of the owning account and admins; public sensors admins only', async () => {
    await matrix(
      { member: 403, accountAdmin: 200, consultant: 403, otherMember: 403, otherAccountAdmin: 403, adminReader: 403, admin: 200 },
      (c) => call(c, 'PATCH', `/api/v3_0/sensors/${S.id}`, { attributes: JSON.stringify({ by: c }) }),
    );
    expect((await stores().assets.getSensor(S.id))?.attributes).toEqual({ by: 'admin' });
    await matrix(
      { member: 403, accountAdmin: 403, consultant: 403, otherMember: 403, otherAccountAdmin: 403, adminReader: 403, admin: 200 },
      (c) => call(c, 'PATCH', `/api/v3_0/sensors/${PS.id}`, { timezone: 'Europe/Amsterdam' }),
    );
  });

  it('DELETE /sensors/<id>: account-admins of the owning account and admins', async () => {
    const victims: Sensor[] = [];
    for (let i = 0; i < 9; i++) {
      victims.push(
        await stores().assets.createSensor({ ...S, name: `victim ${i}`, attributes: {}, knowledgeHorizon: DEFAULT_KNOWLEDGE_HORIZON }),
      );
    }
    let i = 0;
    await matrix(
      { member: 403, accountAdmin: 204, consultant: 403, otherMember: 403, otherAccountAdmin: 403, adminReader: 403, admin: 204 },
      (c) => call(c, 'DELETE', `/api/v3_0/sensors/${victims[i++]!.id}`),
    );
    const left = (await stores().assets.getSensors(victims.map((v) => v.id))).size;
    expect(left).toBe(victims.length - 2);
    await matrix(
      { member: 403, accountAdmin: 403, consultant: 403, otherMember: 403, otherAccountAdmin: 403, adminReader: 403, admin: 204 },
      (c) => call(c, 'DELETE', `/api/v3_0/sensors/${PS.id}`),
    );
  });
});

describe('assets', () => {
  it('GET /assets?account_id=C and GET /assets/<id> and its audit log: readers of C only', async () => {
    await matrix(READ, (c) => call(c, 'GET', '/api/v3_0/assets', undefined, { account_id: world.accounts.consultancyClient.id }));
    await matrix(READ, (c) => call(c, 'GET', '/api/v3_0/assets', undefined, { account_id: world.accounts.consultancyClient.id, page: 1 }));
    await matrix(READ, (c) => call(c, 'GET', `/api/v3_0/assets/${A.id}`));
    await matrix(READ, (c) => call(c, 'GET', `/api/v3_0/assets/${A.id}/auditlog`));
  });

  it('GET /assets with all_accessible never shows assets of unreadable accounts', async () => {
    const everyone = { ...READ, otherMember: 200, otherAccountAdmin: 200 };
    await matrix(everyone, (c) => call(c, 'GET', '/api/v3_0/assets', undefined, { all_accessible: true }));
    for (const caller of ['otherMember', 'otherAccountAdmin'] as Caller[]) {
      const res = await call(caller, 'GET', '/api/v3_0/assets', undefined, { all_accessible: true, filter: 'ConsultancyClient' });
      expect(res.body).toEqual([]);
    }
  });

  it('public assets: readable by everybody, changeable by admins only', async () => {
    const everyone = { ...READ, otherMember: 200, otherAccountAdmin: 200 };
    await matrix(everyone, (c) => call(c, 'GET', '/api/v3_0/assets/public'));
    await matrix(everyone, (c) => call(c, 'GET', `/api/v3_0/assets/${P.id}`));
    await matrix(
      { member: 403, accountAdmin: 403, consultant: 403, otherMember: 403, otherAccountAdmin: 403, adminReader: 403, admin: 200 },
      (c) => call(c, 'PATCH', `/api/v3_0/assets/${P.id}`, { longitude: 5.5 }),
    );
  });

  it('POST /assets: account-admins (for their own account) and admins', async () => {
    let n = 0;
    await matrix(
      { member: 403, accountAdmin: 201, consultant: 403, otherMember: 403, otherAccountAdmin: 201, adminReader: 403, admin: 201 },
      (c) => call(c, 'POST', '/api/v3_0/assets', { name: `asset by ${c} ${n++}`, generic_asset_type_id: aw.types.solar!.id }),
    );
    const intoC = await call('otherAccountAdmin', 'POST', '/api/v3_0/assets', {
      name: 'sneaky', generic_asset_type_id: aw.types.solar!.id, account_id: world.accounts.consultancyClient.id,
    });
    expect(intoC.status).toBe(422);
    expect(intoC.body.message.json.account_id).toEqual(['User is not allowed to create assets for this account.']);
    const underA = await call('otherAccountAdmin', 'POST', '/api/v3_0/assets', { name: 'sneaky', generic_asset_type_id: aw.types.solar!.id, parent_asset_id: A.id });
    expect(underA.body.message.json.parent_asset_id).toEqual([`Parent GenericAsset with id ${A.id} doesn't exist.`]);
    const byConsultantUnderA = await call('admin', 'GET', `/api/v3_0/assets/${A.id}`);
    expect(byConsultantUnderA.body.child_assets).toEqual([]);
  });

  it('PATCH /assets/<id>: members of the owning account and admins', async () => {
    await matrix(
      { member: 200, accountAdmin: 200, consultant: 403, otherMember: 403, otherAccountAdmin: 403, adminReader: 403, admin: 200 },
      (c) => call(c, 'PATCH', `/api/v3_0/assets/${A.id}`, { attributes: { by: c } }),
    );
    expect((await stores().assets.getAsset(A.id))?.attributes).toEqual({ by: 'admin' });
    // No cross-account references through PATCH either.
    const ref = await call('otherAccountAdmin', 'PATCH', `/api/v3_0/assets/${aw.assets.prosumerBattery.id}`, {
      production_price_sensor_id: S.id,
      parent_asset_id: A.id,
    });
    expect(ref.body.message.json).toEqual({
      parent_asset_id: [`Parent GenericAsset with id ${A.id} doesn't exist.`],
      production_price_sensor_id: [`No sensor found with id ${S.id}.`],
    });
  });

  it('DELETE /assets/<id>: account-admins of the owning account and admins; public assets admins only', async () => {
    const victims: Asset[] = [];
    for (let i = 0; i < 9; i++) {
      victims.push(
        await stores().assets.createAsset({ ...A, name: `victim ${i}`, attributes: {}, inflexibleDeviceSensorIds: [] }),
      );
    }
    let i = 0;
    await matrix(
      { member: 403, accountAdmin: 204, consultant: 403, otherMember: 403, otherAccountAdmin: 403, adminReader: 403, admin: 204 },
      (c) => call(c, 'DELETE', `/api/v3_0/assets/${victims[i++]!.id}`),
    );
    expect((await stores().assets.getAssets(victims.map((v) => v.id))).size).toBe(victims.length - 2);
    await matrix(
      { member: 403, accountAdmin: 403, consultant: 403, otherMember: 403, otherAccountAdmin: 403, adminReader: 403, admin: 204 },
      (c) => call(c, 'DELETE', `/api/v3_0/assets/${P.id}`),
    );
  });
});
