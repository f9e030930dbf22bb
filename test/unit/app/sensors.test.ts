/**
 * The sensor use cases over in-memory ports: field checks of a new sensor, who may create, read,
 * change and delete sensors, names unique per asset, audit entries on the asset, entity addresses
 * from the request's host and the settings, and deletes that purge beliefs first.
 */
import { describe, it, expect, beforeEach } from '@jest/globals';
import { createAsset } from '../../../functions/app/assets.js';
import {
  checkNewSensor,
  createSensor,
  createSensorFor,
  deleteSensor,
  getSensor,
  listSensors,
  namingContext,
  patchSensor,
  type SensorInput,
} from '../../../functions/app/sensors.js';
import { DEFAULT_KNOWLEDGE_HORIZON, withAssetDefaults, type Asset, type SensorFields } from '../../../functions/core/assets/model.js';
import { ForbiddenError, NotFoundError } from '../../../functions/core/errors.js';
import type { Ports } from '../../../functions/core/ports/index.js';
import { ACCOUNT_ADMIN } from '../../../functions/core/permissions.js';
import { InMemoryAssetStore } from '../../fakes/assets.js';
import { fakePorts } from '../../fakes/ports.js';
import { caller, collector, recordingPurger } from './support.js';
import { FakeAccountStore } from '../../fakes/accounts.js';

const NOW = Date.UTC(2026, 0, 1, 12);
const HOST = 'fm.example.com';
let assets: InMemoryAssetStore;
let accounts: FakeAccountStore;
let deps: Ports;
let battery: Asset;

const accountAdmin = caller(1, 1, [ACCOUNT_ADMIN]);
const member = caller(2, 1);
const outsider = caller(3, 2, [ACCOUNT_ADMIN]);

const sensorFields = (overrides: Partial<SensorFields> = {}): SensorFields => ({
  name: 'power',
  unit: 'MW',
  timezone: 'UTC',
  event_resolution: 15 * 60_000,
  knowledge_horizon: DEFAULT_KNOWLEDGE_HORIZON,
  generic_asset_id: battery.id,
  account_id: 1,
  attributes: {},
  ...overrides,
});

beforeEach(async () => {
  assets = new InMemoryAssetStore();
  accounts = new FakeAccountStore();
  deps = fakePorts({ assets, accounts, now: NOW, env: { FLEXMEASURES_HOSTS_AND_AUTH_START: JSON.stringify({ [HOST]: '2021-03' }) } });
  await accounts.create({ name: 'Site owner' });
  await accounts.create({ name: 'Other' });
  await assets.ensureDefaultAssetTypes();
  battery = await createAsset(deps, null, withAssetDefaults({ name: 'Battery', generic_asset_type_id: 5, account_id: 1 }));
});

describe('entity addresses', () => {
  it('come from the request host, the clock and the configured naming authorities', () => {
    expect(namingContext(deps, HOST)).toEqual({ host: HOST, now: NOW, hostsAndAuthStart: { [HOST]: '2021-03' } });
  });
});

describe('creating a sensor', () => {
  it('checks unit, time zone, resolution, attributes and the asset together', async () => {
    const errors = collector();
    const body: Partial<SensorInput> = { name: 'p', unit: 'bogus', timezone: 'Mars/Base', event_resolution: 'PT30S', attributes: '{', generic_asset_id: 99 };
    await checkNewSensor(deps, body, errors, (f) => f in body);
    expect(errors.errors).toEqual({
      unit: ["Unit 'bogus' cannot be handled."],
      timezone: [expect.stringContaining('Mars/Base')],
      event_resolution: ['FlexMeasures only support multiples of 1 minute.'],
      attributes: ['Not a valid JSON string.'],
      generic_asset_id: ["Generic asset with id 99 doesn't exist."],
    });
  });

  it('creates on an asset the caller may add to, with its audit entry and entity address', async () => {
    const body: SensorInput = { name: 'power', unit: 'kW', event_resolution: 'PT15M', generic_asset_id: battery.id, attributes: { capacity_in_mw: 2 } };
    const checked = await checkNewSensor(deps, body, collector(), (f) => f in body);
    await expect(createSensorFor(deps, outsider, checked, HOST)).rejects.toBeInstanceOf(ForbiddenError);
    const created = await createSensorFor(deps, member, checked, HOST);
    expect(created).toMatchObject({ name: 'power', unit: 'kW', timezone: 'UTC', event_resolution: 'PT15M', entity_address: 'ea1.2021-03.com.example.fm:fm1.1' });
    expect((await assets.listAuditEntries(battery.id)).map((e) => [e.event, e.active_user_id])).toEqual([
      ["Created asset 'Battery': 1", null],
      ["Created sensor 'power': 1", 2],
    ]);
  });

  it('refuses a name the asset has already, or one that is too long, and writes nothing', async () => {
    await createSensor(deps, null, sensorFields());
    await expect(createSensor(deps, null, sensorFields())).rejects.toMatchObject({
      errors: { name: [`A sensor with the name 'power' already exists on generic asset with id=${battery.id}.`] },
    });
    await expect(createSensor(deps, null, sensorFields({ name: 'p'.repeat(121) }))).rejects.toMatchObject({ errors: { name: ['Longer than maximum length 120.'] } });
    expect(await assets.listSensorsByAsset(battery.id)).toHaveLength(1);
    expect(assets.audit).toHaveLength(2);
  });
});

describe('reading, changing and deleting sensors', () => {
  it('lists an account’s sensors to who may read the account', async () => {
    await createSensor(deps, null, sensorFields());
    expect((await listSensors(deps, member.actor, 1, HOST)).map((s) => s.name)).toEqual(['power']);
    await expect(listSensors(deps, outsider.actor, 1, HOST)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listSensors(deps, member.actor, 42, HOST)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getSensor(deps, outsider.actor, 1, HOST)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('changes a sensor (account admins), writing one audit entry, and maps a taken name to a 422', async () => {
    const power = await createSensor(deps, null, sensorFields());
    await createSensor(deps, null, sensorFields({ name: 'energy' }));
    await expect(patchSensor(deps, member, power.id, { unit: 'kW' }, HOST)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await patchSensor(deps, accountAdmin, power.id, { unit: 'kW' }, HOST)).toMatchObject({ unit: 'kW' });
    const events = (await assets.listAuditEntries(battery.id)).map((e) => e.event);
    expect(events).toHaveLength(4);
    expect(events[3]).toContain('unit');
    await expect(patchSensor(deps, accountAdmin, power.id, { name: 'energy' }, HOST)).rejects.toMatchObject({
      errors: { name: [`A sensor with the name 'energy' already exists on generic asset with id=${battery.id}.`] },
    });
  });

  it('purges the beliefs before the sensor goes and clears references to it', async () => {
    const prices = await createSensor(deps, null, sensorFields({ name: 'prices', unit: 'EUR/MWh' }));
    await assets.updateAsset(battery.id, { consumption_price_sensor_id: prices.id, inflexible_device_sensor_ids: [prices.id] });
    const beliefs = recordingPurger(assets);
    const withPurge = { assets, accounts, beliefs, clock: () => NOW };
    await expect(deleteSensor(withPurge, member, prices.id)).rejects.toBeInstanceOf(ForbiddenError);
    await deleteSensor(withPurge, accountAdmin, prices.id);
    expect(beliefs.purged).toEqual([prices.id]);
    expect(await assets.getSensor(prices.id)).toBeNull();
    expect(await assets.getAsset(battery.id)).toMatchObject({ consumption_price_sensor_id: null, inflexible_device_sensor_ids: [] });
    expect((await assets.listAuditEntries(battery.id)).at(-1)).toMatchObject({ event: `Deleted sensor 'prices': ${prices.id}`, active_user_id: 1 });
  });
});
