/**
 * What the scheduling and price-ingestion use-case tests share: a world over the in-memory asset
 * and account stores, and a small belief port (only the methods these
 * use cases call: query, put, insert). Switch the belief port to test/fakes/beliefs.ts once the
 * sensor-data slice has brought it.
 */
import { DEFAULT_KNOWLEDGE_HORIZON, withAssetDefaults, type Asset, type AssetFields, type Sensor, type SensorFields } from '../../../functions/core/assets/model.js';
import type { Belief } from '../../../functions/core/beliefs/index.js';
import type { BeliefQuery, BeliefStore, InsertOutcome } from '../../../functions/core/ports/index.js';
import { InMemoryAssetStore } from '../../fakes/assets.js';
import { FakeAccountStore } from '../../fakes/accounts.js';

/** Asset and account ports with the default asset types and two accounts (ids 1 and 2). */
export async function entityPorts(): Promise<{ assets: InMemoryAssetStore; accounts: FakeAccountStore }> {
  const assets = new InMemoryAssetStore();
  await assets.ensureDefaultAssetTypes();
  const accounts = new FakeAccountStore();
  await accounts.create({ name: 'Account 1' });
  await accounts.create({ name: 'Account 2' });
  return { assets, accounts };
}

/** An asset of a default type. */
export async function assetOfType(assets: InMemoryAssetStore, typeName: string, fields: Partial<AssetFields> = {}): Promise<Asset> {
  const type = (await assets.getAssetTypeByName(typeName))!;
  return assets.createAsset(withAssetDefaults({ name: `${typeName} asset`, generic_asset_type_id: type.id, ...fields }));
}

/** A sensor of an asset (account and time zone as the asset's; hourly MW by default). */
export async function sensorOf(assets: InMemoryAssetStore, asset: Asset, fields: Partial<SensorFields> = {}): Promise<Sensor> {
  return assets.createSensor({
    name: 'power', unit: 'MW', timezone: 'Europe/Amsterdam', event_resolution: 3600_000, knowledge_horizon: DEFAULT_KNOWLEDGE_HORIZON,
    generic_asset_id: asset.id, account_id: asset.account_id, attributes: {}, ...fields,
  });
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
