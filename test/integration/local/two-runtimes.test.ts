/**
 * Two local runtimes in one process: each owns its stores, queue and ports, so what one is told is
 * invisible to the other, and both keep answering.
 */
import { describe, it, expect, afterAll } from '@jest/globals';
import { startRuntime, type LocalRuntime } from '../../../local/runtime.js';
import { buildWorld, type World } from '../../helpers/world.js';

const ENV = { SCRYPT_LOG_N: '4' };
const started: LocalRuntime[] = [];
afterAll(async () => {
  for (const rt of started) await rt.close();
});

async function call(rt: LocalRuntime, method: string, path: string, token?: string, body?: unknown) {
  const res = await fetch(`${rt.url}${path}`, {
    method,
    headers: { ...(token ? { authorization: token } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

describe('two runtimes in one process', () => {
  it('keep separate stores: a POST on one is invisible on the other, and both answer', async () => {
    const a = await startRuntime({ port: 0, dataDir: null, solver: false, env: ENV });
    started.push(a);
    const b = await startRuntime({ port: 0, dataDir: null, solver: false, env: ENV });
    started.push(b);
    expect(a.url).not.toBe(b.url);
    expect(a.ports).not.toBe(b.ports);
    expect(a.config.stores.dynamodb.endpoint).not.toBe(b.config.stores.dynamodb.endpoint);

    const worldA: World = await buildWorld(a.ports);
    const worldB: World = await buildWorld(b.ports);
    // The same fixture world in both: same ids, same users, different stores.
    expect(worldA.accounts.prosumer.id).toBe(worldB.accounts.prosumer.id);

    const adminA = await worldA.token('admin');
    const adminB = await worldB.token('admin');
    const created = await call(a, 'POST', '/api/v3_0/assets', adminA, {
      name: 'Only in A',
      account_id: worldA.accounts.prosumer.id,
      latitude: 52,
      longitude: 4,
      generic_asset_type_id: await batteryType(a),
    });
    expect(created.status).toBe(201);

    const listA = await call(a, 'GET', `/api/v3_0/assets?account_id=${worldA.accounts.prosumer.id}`, adminA);
    const listB = await call(b, 'GET', `/api/v3_0/assets?account_id=${worldB.accounts.prosumer.id}`, adminB);
    expect(listA.status).toBe(200);
    expect(listB.status).toBe(200);
    expect(listA.body.map((x: { name: string }) => x.name)).toEqual(['Only in A']);
    expect(listB.body).toEqual([]);
    expect(await call(b, 'GET', `/api/v3_0/assets/${created.body.id}`, adminB)).toMatchObject({ status: 404 });

    // A token is known only to the runtime whose store issued it.
    expect((await call(b, 'GET', '/api/v3_0/accounts', adminA)).status).toBe(401);
    expect((await call(a, 'GET', '/api/v3_0/accounts', adminA)).status).toBe(200);

    // Both are ready, each with its own queue.
    expect(await call(a, 'GET', '/api/v3_0/health/ready')).toMatchObject({ status: 200 });
    expect(await call(b, 'GET', '/api/v3_0/health/ready')).toMatchObject({ status: 200 });
    expect(a.queue.queueUrl).not.toBe(b.queue.queueUrl);

    // Closing one leaves the other answering.
    await a.close();
    started.splice(started.indexOf(a), 1);
    expect((await call(b, 'GET', '/api/v3_0/accounts', adminB)).status).toBe(200);
  });
});

describe('a runtime of its own clock', () => {
  it('moves time for its own handlers only', async () => {
    const a = await startRuntime({ port: 0, dataDir: null, solver: false, env: ENV });
    started.push(a);
    const b = await startRuntime({ port: 0, dataDir: null, solver: false, env: ENV });
    started.push(b);
    const t0 = Date.UTC(2026, 2, 1, 12);
    a.setClock(() => t0);
    b.setClock(() => t0);
    const tokenA = await (await buildWorld(a.ports)).token('admin');
    const tokenB = await (await buildWorld(b.ports)).token('admin');
    expect((await call(a, 'GET', '/api/v3_0/accounts', tokenA)).status).toBe(200);
    // Seven hours later on A only: A's token has expired (six hours), B's has not.
    a.setClock(() => t0 + 7 * 3_600_000);
    expect(a.ports.clock()).toBe(t0 + 7 * 3_600_000);
    expect(b.ports.clock()).toBe(t0);
    expect((await call(a, 'GET', '/api/v3_0/accounts', tokenA)).status).toBe(401);
    expect((await call(b, 'GET', '/api/v3_0/accounts', tokenB)).status).toBe(200);
  });
});

async function batteryType(rt: LocalRuntime): Promise<number> {
  await rt.ports.assets.ensureDefaultAssetTypes();
  return (await rt.ports.assets.getAssetTypeByName('battery'))!.id;
}
