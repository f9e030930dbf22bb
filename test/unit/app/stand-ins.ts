/**
 * Minimal stand-ins for the asset, account and belief ports in the scheduling and price-ingestion
 * use-case tests: only the methods those use cases call, over plain maps. (The full fakes of those
 * ports live in test/fakes/ with their own slices; these keep the tests here independent of them.)
 */
import { DEFAULT_KNOWLEDGE_HORIZON, type Asset, type DataSource, type Sensor } from '../../../functions/core/assets/model.js';
import type { Belief } from '../../../functions/core/beliefs/index.js';
import type { Account, AccountStore, AssetStore, BeliefQuery, BeliefStore, InsertOutcome } from '../../../functions/core/ports/index.js';

export function sensor(fields: Partial<Sensor> & Pick<Sensor, 'id' | 'generic_asset_id'>): Sensor {
  return { name: `sensor ${fields.id}`, unit: 'MW', timezone: 'Europe/Amsterdam', event_resolution: 900_000, knowledge_horizon: DEFAULT_KNOWLEDGE_HORIZON, account_id: 1, attributes: {}, ...fields };
}

export function asset(fields: Partial<Asset> & Pick<Asset, 'id' | 'generic_asset_type_id'>): Asset {
  return {
    name: `asset ${fields.id}`, account_id: 1, latitude: null, longitude: null, parent_asset_id: null, attributes: {},
    consumption_price_sensor_id: null, production_price_sensor_id: null, inflexible_device_sensor_ids: [], ...fields,
  };
}

export interface World {
  sensors?: Sensor[];
  assets?: Asset[];
  assetTypes?: { id: number; name: string }[];
  accounts?: { id: number; consultancyAccountId?: number | null }[];
}

/** An asset port holding the given entities; data sources are created on demand. */
export function assetsOf(world: World): AssetStore & { sources: DataSource[]; updates: [number, Partial<Asset>][] } {
  const sensors = new Map((world.sensors ?? []).map((s) => [s.id, s]));
  const assets = new Map((world.assets ?? []).map((a) => [a.id, a]));
  const types = new Map((world.assetTypes ?? []).map((t) => [t.id, t]));
  const sources: DataSource[] = [];
  const updates: [number, Partial<Asset>][] = [];
  const store = {
    sources,
    updates,
    getSensor: async (id: number) => sensors.get(id) ?? null,
    getSensors: async (ids: readonly number[]) => new Map(ids.filter((id) => sensors.has(id)).map((id) => [id, sensors.get(id)!])),
    getAsset: async (id: number) => assets.get(id) ?? null,
    getAssetType: async (id: number) => types.get(id) ?? null,
    getDataSources: async (ids: readonly number[]) => new Map(sources.filter((s) => ids.includes(s.id)).map((s) => [s.id, s])),
    getOrCreateSource: async (fields: Omit<DataSource, 'id' | 'attributes'>) => {
      const found = sources.find((s) => s.name === fields.name && s.type === fields.type && s.model === fields.model && s.version === fields.version);
      if (found) return found;
      const created = { attributes: {}, ...fields, id: sources.length + 1 };
      sources.push(created);
      return created;
    },
    updateAsset: async (id: number, changes: Partial<Asset>) => {
      updates.push([id, changes]);
      const updated = { ...assets.get(id)!, ...changes };
      assets.set(id, updated);
      return updated;
    },
  };
  return store as unknown as AssetStore & { sources: DataSource[]; updates: [number, Partial<Asset>][] };
}

export function accountsOf(world: World): AccountStore {
  const accounts = new Map((world.accounts ?? []).map((a) => [a.id, { id: a.id, name: `account ${a.id}`, consultancyAccountId: a.consultancyAccountId ?? null } as Account]));
  const store = {
    get: async (id: number) => accounts.get(id) ?? null,
    getMany: async (ids: readonly number[]) => ids.filter((id) => accounts.has(id)).map((id) => accounts.get(id)!),
  };
  return store as unknown as AccountStore;
}

/** A belief port keeping beliefs by key (sensor, event start, belief time, source, cp); insert never overwrites. */
export function beliefsOf(): BeliefStore & { all: Belief[] } {
  const byKey = new Map<string, Belief>();
  const key = (b: Belief) => [b.sensorId, b.eventStart, b.beliefTime, b.sourceId, b.cumulativeProbability].join('|');
  const store = {
    get all() {
      return [...byKey.values()];
    },
    query: async (q: BeliefQuery) =>
      [...byKey.values()].filter((b) => b.sensorId === q.sensorId && b.eventStart >= q.from && b.eventStart < q.to && (q.beliefTimeAtMost === undefined || b.beliefTime <= q.beliefTimeAtMost)),
    put: async (beliefs: readonly Belief[]) => {
      for (const b of beliefs) byKey.set(key(b), { ...b });
    },
    insert: async (beliefs: readonly Belief[]): Promise<InsertOutcome> => {
      const outcome: InsertOutcome = { inserted: [], unchanged: [], conflicts: [] };
      for (const b of beliefs) {
        const stored = byKey.get(key(b));
        if (!stored) {
          byKey.set(key(b), { ...b });
          outcome.inserted.push(b);
        } else if (stored.value === b.value) outcome.unchanged.push(b);
        else outcome.conflicts.push({ belief: b, storedValue: stored.value });
      }
      return outcome;
    },
  };
  return store as unknown as BeliefStore & { all: Belief[] };
}
