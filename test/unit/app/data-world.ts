/**
 * A small world for the sensor data and chart use-case tests, over in-memory ports: two accounts
 * with an asset each, a power and a price sensor on the first, a power sensor on the second, the
 * in-memory belief store and leases.
 */
import type { Asset, Sensor } from '../../../functions/core/assets/model.js';
import { DEFAULT_KNOWLEDGE_HORIZON } from '../../../functions/core/assets/model.js';
import type { Actor } from '../../../functions/core/permissions.js';
import type { Ports } from '../../../functions/core/ports/index.js';
import { InMemoryAssetStore } from '../../fakes/assets.js';
import { InMemoryBeliefStore } from '../../fakes/beliefs.js';
import { InMemoryLeaseStore } from '../../fakes/leases.js';
import { fakePorts } from '../../fakes/ports.js';
import { FakeAccountStore } from '../../fakes/accounts.js';

export const NOW = Date.UTC(2026, 0, 1);
const QUARTER = 15 * 60_000;

type Poster = { user: { id: number; username: string; accountId: number }; actor: Actor };

export interface DataWorld {
  deps: Ports;
  assets: InMemoryAssetStore;
  beliefs: InMemoryBeliefStore;
  leases: InMemoryLeaseStore;
  /** Account 1's battery (power in kW, price in EUR/MWh) and account 2's asset (power in kW). */
  battery: Asset;
  other: Asset;
  power: Sensor;
  price: Sensor;
  otherPower: Sensor;
  /** A member of account 1, a member of account 2, and an admin. */
  member: Poster;
  outsider: Poster;
  admin: Actor;
}

export async function dataWorld(env: Record<string, string> = {}): Promise<DataWorld> {
  const accounts = new FakeAccountStore();
  const [prosumer, supplier] = [await accounts.create({ name: 'Prosumer' }), await accounts.create({ name: 'Supplier' })];
  const assets = new InMemoryAssetStore();
  const asset = (name: string, accountId: number) =>
    assets.createAsset({
      name, generic_asset_type_id: 1, account_id: accountId, latitude: null, longitude: null, parent_asset_id: null,
      attributes: {}, consumption_price_sensor_id: null, production_price_sensor_id: null, inflexible_device_sensor_ids: [],
    });
  const sensor = (name: string, unit: string, on: Asset) =>
    assets.createSensor({
      name, unit, timezone: 'Europe/Amsterdam', event_resolution: QUARTER, knowledge_horizon: DEFAULT_KNOWLEDGE_HORIZON,
      generic_asset_id: on.id, account_id: on.account_id, attributes: {},
    });
  const battery = await asset('battery', prosumer.id);
  const other = await asset('other', supplier.id);
  const beliefs = new InMemoryBeliefStore();
  const leases = new InMemoryLeaseStore();
  const poster = (id: number, username: string, accountId: number): Poster => ({ user: { id, username, accountId }, actor: { userId: id, accountId, roles: [] } });
  return {
    deps: fakePorts({ assets, accounts, beliefs, leases, env, now: NOW }),
    assets, beliefs, leases, battery, other,
    power: await sensor('power', 'kW', battery),
    price: await sensor('price', 'EUR/MWh', battery),
    otherPower: await sensor('power', 'kW', other),
    member: poster(1, 'prosumer user', prosumer.id),
    outsider: poster(2, 'supplier user', supplier.id),
    admin: { userId: 3, accountId: supplier.id, roles: ['admin'] },
  };
}
