/**
 * A small world for the sensor data and chart use-case tests, over in-memory ports: two accounts,
 * one asset each, sensors and data sources, the in-memory belief store and leases. The asset and
 * account stores answer only the reads and the source creation these use cases make.
 */
import type { Asset, DataSource, Sensor } from '../../../functions/core/assets/model.js';
import { DEFAULT_KNOWLEDGE_HORIZON } from '../../../functions/core/assets/model.js';
import type { Account, AccountStore } from '../../../functions/core/ports/accounts.js';
import type { AssetStore, SourceUser } from '../../../functions/core/ports/assets.js';
import type { Actor } from '../../../functions/core/permissions.js';
import type { Ports } from '../../../functions/core/ports/index.js';
import { InMemoryBeliefStore } from '../../fakes/beliefs.js';
import { InMemoryLeaseStore } from '../../fakes/leases.js';
import { fakePorts } from '../../fakes/ports.js';

export const NOW = Date.UTC(2026, 0, 1);
const QUARTER = 15 * 60_000;

const account = (id: number, name: string): Account => ({
  id, name, primaryColor: null, secondaryColor: null, logoUrl: null, consultancyAccountId: null, accountRoles: [],
});

const asset = (id: number, name: string, accountId: number | null, attributes: Asset['attributes'] = {}): Asset => ({
  id, name, generic_asset_type_id: 1, account_id: accountId, latitude: null, longitude: null, parent_asset_id: null,
  attributes, consumption_price_sensor_id: null, production_price_sensor_id: null, inflexible_device_sensor_ids: [],
});

const sensor = (id: number, name: string, unit: string, assetId: number, accountId: number | null): Sensor => ({
  id, name, unit, timezone: 'Europe/Amsterdam', event_resolution: QUARTER, knowledge_horizon: DEFAULT_KNOWLEDGE_HORIZON,
  generic_asset_id: assetId, account_id: accountId, attributes: {},
});

export interface DataWorld {
  deps: Ports;
  beliefs: InMemoryBeliefStore;
  leases: InMemoryLeaseStore;
  sources: DataSource[];
  /** Account 1's battery (power in kW, price in EUR/MWh); account 2's own asset. */
  battery: Asset;
  other: Asset;
  power: Sensor;
  price: Sensor;
  otherPower: Sensor;
  /** A member of account 1, a member of account 2, an admin (account 2). */
  member: { user: { id: number; username: string; accountId: number }; actor: Actor };
  outsider: { user: { id: number; username: string; accountId: number }; actor: Actor };
  admin: Actor;
}

export function dataWorld(env: Record<string, string> = {}): DataWorld {
  const accounts = [account(1, 'Prosumer'), account(2, 'Supplier')];
  const battery = asset(10, 'battery', 1);
  const other = asset(20, 'other', 2);
  const power = sensor(100, 'power', 'kW', 10, 1);
  const price = sensor(101, 'price', 'EUR/MWh', 10, 1);
  const otherPower = sensor(200, 'power', 'kW', 20, 2);
  const assets = [battery, other];
  const sensors = [power, price, otherPower];
  const sources: DataSource[] = [];

  const assetStore = {
    getAsset: async (id: number) => assets.find((a) => a.id === id) ?? null,
    getAssets: async (ids: readonly number[]) => new Map(assets.filter((a) => ids.includes(a.id)).map((a) => [a.id, a])),
    getSensor: async (id: number) => sensors.find((s) => s.id === id) ?? null,
    getSensors: async (ids: readonly number[]) => new Map(sensors.filter((s) => ids.includes(s.id)).map((s) => [s.id, s])),
    listSensorsByAsset: async (assetId: number) => sensors.filter((s) => s.generic_asset_id === assetId),
    getDataSource: async (id: number) => sources.find((s) => s.id === id) ?? null,
    getDataSources: async (ids: readonly number[]) => new Map(sources.filter((s) => ids.includes(s.id)).map((s) => [s.id, s])),
    getOrCreateUserSource: async (user: SourceUser) => {
      const found = sources.find((s) => s.type === 'user' && s.user_id === user.id);
      if (found) return found;
      const created: DataSource = { id: sources.length + 1, name: user.username, type: 'user', model: null, version: null, account_id: user.account_id, user_id: user.id, attributes: {} };
      sources.push(created);
      return created;
    },
  } as Partial<AssetStore> as AssetStore;
  const accountStore = { get: async (id: number) => accounts.find((a) => a.id === id) ?? null } as Partial<AccountStore> as AccountStore;

  const beliefs = new InMemoryBeliefStore();
  const leases = new InMemoryLeaseStore();
  const deps = fakePorts({ assets: assetStore, accounts: accountStore, beliefs, leases, env, now: NOW });
  const user = (id: number, username: string, accountId: number) => ({ user: { id, username, accountId }, actor: { userId: id, accountId, roles: [] } });
  return {
    deps, beliefs, leases, sources, battery, other, power, price, otherPower,
    member: user(1, 'prosumer user', 1),
    outsider: user(2, 'supplier user', 2),
    admin: { userId: 3, accountId: 2, roles: ['admin'] },
  };
}
