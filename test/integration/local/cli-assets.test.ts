/**
 * The asset and sensor commands of the admin CLI against a local data directory: asset types,
 * adding assets and sensors with the API's rules, listing them, and what the API then shows.
 */
import { describe, it, expect } from '@jest/globals';
import { runCli, useCliDataDir } from '../../helpers/cli.js';
import { api, startTestRuntime } from '../../helpers/runtime.js';

process.env.SCRYPT_LOG_N ??= '4';
const { dataDir } = useCliDataDir('fm-cli-assets-');
const cli = (...args: string[]) => runCli(args);

describe('asset and sensor commands', () => {
  it('lists the default asset types with their ids', async () => {
    const types = await cli('list-asset-types');
    expect(types.failed).toBe(false);
    expect(types.out[4]).toBe('   5  battery  (stationary battery)');
    expect(types.out).toHaveLength(10);
  });

  it('adds assets and sensors, refuses bad input, and lists them', async () => {
    expect((await cli('add-account', '--name', 'Site Owner')).out).toEqual(['Created account 1: Site Owner']);
    const site = await cli('add-asset', '--name', 'Site', '--type', 'building', '--account', 'Site Owner', '--latitude', '52.1', '--longitude', '4.3');
    expect(site).toEqual({ out: ['Created asset 1: Site (building, account 1)'], err: [], failed: false });
    const battery = await cli('add-asset', '--name', 'Battery', '--type', '5', '--account', '1', '--parent', '1');
    expect(battery.out).toEqual(['Created asset 2: Battery (battery, account 1)']);
    const market = await cli('add-asset', '--name', 'Market', '--type', 'market', '--public');
    expect(market.out).toEqual(['Created asset 3: Market (market, public)']);
    const power = await cli('add-sensor', '--name', 'power', '--asset', '2', '--unit', 'MW', '--resolution', 'PT15M', '--attributes', '{"capacity_in_mw": 2}');
    expect(power.out).toEqual(['Created sensor 1: power (MW, PT15M) on asset 2 (Battery)']);
    await cli('add-sensor', '--name', 'prices', '--asset', '3', '--unit', 'EUR/MWh', '--resolution', 'PT1H', '--timezone', 'Europe/Amsterdam');

    const failures: [string[], string][] = [
      [['add-asset', '--name', 'Site', '--type', 'building', '--account', '1'], "An asset with the name 'Site' already exists under parent asset with id=None."],
      [['add-asset', '--name', 'X', '--type', 'spaceship', '--account', '1'], 'No asset type spaceship (see list-asset-types).'],
      [['add-asset', '--name', 'X', '--type', 'solar'], 'Give the owning account (--account) or --public.'],
      [['add-asset', '--name', 'X', '--type', 'solar', '--public', '--latitude', '91'], '--latitude: Latitude 91.0 exceeds the maximum latitude of 90 degrees.'],
      [['add-sensor', '--name', 'power', '--asset', '2', '--unit', 'kW', '--resolution', 'PT15M'], "A sensor with the name 'power' already exists on generic asset with id=2."],
      [['add-sensor', '--name', 'p2', '--asset', '2', '--unit', 'bogus', '--resolution', 'PT15M'], "Unit 'bogus' cannot be handled."],
      [['add-sensor', '--name', 'p2', '--asset', '2', '--unit', 'kW', '--resolution', 'PT30S'], '--resolution: FlexMeasures only support multiples of 1 minute.'],
      [['add-sensor', '--name', 'p2', '--asset', '9', '--unit', 'kW', '--resolution', 'PT15M'], 'No asset with id 9.'],
      [['add-sensor', '--name', 'p2', '--asset', '2', '--unit', 'kW', '--resolution', 'PT15M', '--attributes', '{'], '--attributes: Not a valid JSON string.'],
    ];
    for (const [args, message] of failures) {
      const outcome = await cli(...args);
      expect({ args, outcome }).toEqual({ args, outcome: { out: [], err: [`error: ${message}`], failed: true } });
    }

    expect((await cli('list-assets', '--account', 'Site Owner')).out).toEqual([
      '   1  Site  type: building  account: 1',
      '   2  Battery  type: battery  account: 1  parent: 1',
    ]);
    expect((await cli('list-assets', '--public')).out).toEqual(['   3  Market  type: market  public']);
    expect((await cli('list-sensors', '--account', '1')).out).toEqual(['   1  power  unit: MW  resolution: PT15M  asset: 2']);
    expect((await cli('list-sensors', '--asset', '3')).out).toEqual(['   2  prices  unit: EUR/MWh  resolution: PT1H  asset: 3']);
    const json = JSON.parse((await cli('list-sensors', '--public', '--json')).out.join('\n'));
    expect(json).toMatchObject([{ id: 2, name: 'prices', timezone: 'Europe/Amsterdam' }]);
    // The JSON listings are an output format: their keys are FlexMeasures' field names.
    expect(json).toEqual([
      {
        id: 2, name: 'prices', unit: 'EUR/MWh', timezone: 'Europe/Amsterdam', event_resolution: 3_600_000,
        knowledge_horizon: { fnc: 'ex_post', par: { ex_post_horizon: 'PT0H' } }, generic_asset_id: 3, account_id: null, attributes: {},
      },
    ]);
    expect(JSON.parse((await cli('list-assets', '--account', '1', '--json')).out.join('\n'))).toEqual([
      {
        id: 1, name: 'Site', generic_asset_type_id: 6, account_id: 1, latitude: 52.1, longitude: 4.3, parent_asset_id: null, attributes: {},
        consumption_price_sensor_id: null, production_price_sensor_id: null, inflexible_device_sensor_ids: [],
      },
      {
        id: 2, name: 'Battery', generic_asset_type_id: 5, account_id: 1, latitude: null, longitude: null, parent_asset_id: 1, attributes: {},
        consumption_price_sensor_id: null, production_price_sensor_id: null, inflexible_device_sensor_ids: [],
      },
    ]);
  });

  it('what the CLI created is what the API serves', async () => {
    await cli('add-user', '--email', 'owner@example.com', '--account', 'Site Owner', '--password', 'owner-pass-1');
    await startTestRuntime({ dataDir, seed: false });
    const login = await api('POST', '/api/requestAuthToken', { body: { email: 'owner@example.com', password: 'owner-pass-1' } });
    const token = login.body.auth_token;
    const assets = await api('GET', '/api/v3_0/assets', { token });
    expect(assets.body.map((a: { name: string }) => a.name)).toEqual(['Site', 'Battery']);
    expect(assets.body[0].child_assets).toEqual([{ account_id: 1, generic_asset_type: { id: 5, name: 'battery' }, id: 2, name: 'Battery' }]);
    const sensor = await api('GET', '/api/v3_0/sensors/1', { token });
    expect(sensor.body).toMatchObject({ name: 'power', unit: 'MW', event_resolution: 'PT15M', attributes: '{"capacity_in_mw": 2}' });
    const log = await api('GET', '/api/v3_0/assets/2/auditlog', { token });
    expect(log.body.map((e: { event: string }) => e.event)).toEqual(["Created asset 'Battery': 2", "Created sensor 'power': 1"]);
    expect(log.body[0]).toMatchObject({ active_user_id: null, active_user_name: null });
  });
});
