/**
 * The demo assets of a fresh local installation: `npm start` on an empty data directory, a token
 * for the seeded admin, and `GET /api/v3_0/assets?page=1&per_page=10` lists the demo battery and
 * the demo process in
 * the paginated shape (with `all_accessible`, also the public day-ahead market). Seeding again adds
 * nothing.
 */
import { describe, it, expect, afterAll } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, startTestRuntime, stopTestRuntime, stores } from '../../helpers/runtime.js';
import { seedAssets } from '../../../local/seed-assets.js';

process.env.SCRYPT_LOG_N ??= '4';
const dir = mkdtempSync(join(tmpdir(), 'fm-seed-assets-'));

afterAll(async () => {
  await stopTestRuntime();
  rmSync(dir, { recursive: true, force: true });
});

describe('demo assets on first start', () => {
  it('lists the demo battery and the day-ahead market with their sensors', async () => {
    const runtime = await startTestRuntime({ dataDir: dir, seed: true });
    const seed = runtime.seed!;
    const login = await api('POST', '/api/requestAuthToken', { body: { email: seed.adminEmail, password: seed.generatedPassword } });
    const token = login.body.auth_token as string;

    const page = await api('GET', '/api/v3_0/assets', { token, query: { page: 1, per_page: 10 } });
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ 'num-records': 2, 'filtered-records': 2, status: 200 });
    const battery = page.body.data.find((a: { name: string }) => a.name === 'Demo battery');
    expect(battery).toMatchObject({
      name: 'Demo battery',
      account_id: seed.account.id,
      owner: { id: seed.account.id, name: 'Demo Account' },
      generic_asset_type: { name: 'battery' },
      parent_asset_id: null,
    });
    expect(battery.sensors).toHaveLength(1);

    const power = await api('GET', `/api/v3_0/sensors/${battery.sensors[0].id}`, { token });
    expect(power.body).toMatchObject({
      name: 'Demo battery power',
      unit: 'MW',
      event_resolution: 'PT15M',
      attributes: '{"capacity_in_mw": 2, "max_soc_in_mwh": 5, "min_soc_in_mwh": 0.5}',
      generic_asset_id: battery.id,
    });

    const all = await api('GET', '/api/v3_0/assets', { token, query: { all_accessible: true } });
    expect(all.body.map((a: { name: string }) => a.name).sort()).toEqual(['Day-ahead market', 'Demo battery', 'Demo process']);
    const market = all.body.find((a: { name: string }) => a.name === 'Day-ahead market');
    expect(market).toMatchObject({ account_id: null, owner: null, generic_asset_type: { name: 'market' } });
    const prices = await api('GET', `/api/v3_0/sensors/${market.sensors[0].id}`, { token });
    expect(prices.body).toMatchObject({ name: 'Day-ahead prices', unit: 'EUR/MWh', event_resolution: 'PT1H' });
    expect(battery.consumption_price_sensor_id).toBe(prices.body.id);

    const demoProcess = page.body.data.find((a: { name: string }) => a.name === 'Demo process');
    expect(demoProcess).toMatchObject({ generic_asset_type: { name: 'process' }, consumption_price_sensor_id: prices.body.id, parent_asset_id: null });
    expect(demoProcess.sensors).toHaveLength(1);
    const processPower = await api('GET', `/api/v3_0/sensors/${demoProcess.sensors[0].id}`, { token });
    expect(processPower.body).toMatchObject({ name: 'Demo process power', unit: 'kW', event_resolution: 'PT15M', generic_asset_id: demoProcess.id });
    const stored = await stores().assets.getSensor(prices.body.id);
    expect(stored?.knowledgeHorizon).toEqual({ fnc: 'x_days_ago_at_y_oclock', par: { x: 1, y: 12, z: 'Europe/Paris' } });

    // Seeding again (by hand, or on a restart with data) adds nothing.
    const again = await seedAssets({ deps: runtime.ports, account: seed.account, admin: seed.admin });
    expect(again.battery.id).toBe(battery.id);
    expect(again.prices.id).toBe(prices.body.id);
    expect(again.processPower.id).toBe(demoProcess.sensors[0].id);
    await stopTestRuntime();
    const restarted = await startTestRuntime({ dataDir: dir, seed: true });
    expect(restarted.seed).toBeNull();
    expect((await stores().assets.listAssetsByAccount(null)).map((a) => a.name)).toEqual(['Day-ahead market']);
    expect((await stores().assets.listAssetsByAccount(seed.account.id)).map((a) => a.name).sort()).toEqual(['Demo battery', 'Demo process']);
  });
});
