/**
 * Loading what a scheduling job needs from the stores (storage and process jobs alike): the power sensor and its asset chain
 * (for attribute fallbacks and the price / inflexible-device relations of docs/contract/api.md §8.8), the metadata of
 * every sensor the flex config uses, and their data as known at the job's belief time — the most
 * recent belief per event, one value per event (sources ordered by name, as timely-beliefs does).
 */
import type { Asset, Sensor } from '../core/assets/model.js';
import { DEFAULT_CUMULATIVE_PROBABILITY, bySourceName, mostRecentBeliefs, oneValuePerEvent, type Belief } from '../core/beliefs/index.js';
import { planSensorData, type AssetRelations, type PowerSensorContext, type SensorLookup, type SensorValue, type StorageFlexConfig } from '../core/flex/index.js';
import { assetRelations, powerSensorContext, sensorInfo, storedScheduleValues } from '../core/jobs.js';
import { SchedulingError } from '../core/scheduling/errors.js';
import type { Ports } from '../core/ports/index.js';
import { assertStorable } from '../core/ports/beliefs.js';
import type { AssetStore } from '../core/ports/assets.js';

/** The ports loading and storing a schedule's data needs. */
export type ScheduleDataPorts = Pick<Ports, 'assets' | 'beliefs'>;

/** A data source as `getOrCreateSource` takes it. */
type SourceSpec = Parameters<AssetStore['getOrCreateSource']>[0];

/** Deeper asset trees than this are treated as broken (a cycle would otherwise never end). */
const MAX_ASSET_DEPTH = 100;

/** The scheduled sensor with its context. */
export interface ScheduledSensor {
  sensor: Sensor;
  /** The sensor's own asset (null if it is gone). */
  asset: Asset | null;
  context: PowerSensorContext;
  relations: AssetRelations;
}

/** The power sensor, its asset and the relations found up the asset tree. A deleted sensor fails the job. */
export async function loadScheduledSensor(deps: Pick<Ports, 'assets'>, sensorId: number): Promise<ScheduledSensor> {
  const store = deps.assets;
  const sensor = await store.getSensor(sensorId);
  if (!sensor) throw new SchedulingError('ValueError', `Sensor ${sensorId} does not exist (any more).`);
  const chain: Asset[] = [];
  const seen = new Set<number>();
  for (let id: number | null = sensor.generic_asset_id; id !== null && !seen.has(id) && chain.length < MAX_ASSET_DEPTH; ) {
    seen.add(id);
    const asset = await store.getAsset(id);
    if (!asset) break;
    chain.push(asset);
    id = asset.parent_asset_id;
  }
  const asset = chain[0] ?? null;
  return { sensor, asset, context: powerSensorContext(sensor, asset), relations: assetRelations(chain) };
}

/** What `buildStorageProblem` needs besides the config: sensor look-ups and their values. */
export interface LoadedSensorData {
  lookup: SensorLookup;
  values: (sensorId: number) => readonly SensorValue[] | undefined;
}

/** One sensor's data over a window: the events in [fromMs, untilMs). */
export interface SensorWindow {
  sensorId: number;
  fromMs: number;
  untilMs: number;
}

/**
 * The data of each window as known at `beliefTime`: the most recent belief per event, one value per
 * event (sources ordered by name), a non-finite value read as missing (null).
 */
export async function sensorValuesAsOf(deps: ScheduleDataPorts, windows: readonly SensorWindow[], beliefTime: number): Promise<SensorValue[][]> {
  const beliefs = await Promise.all(
    windows.map((w) => deps.beliefs.query({ sensorId: w.sensorId, from: w.fromMs, to: w.untilMs, beliefTimeAtMost: beliefTime, latestOnly: true })),
  );
  const sourceIds = [...new Set(beliefs.flat().map((b) => b.sourceId))];
  const sources = sourceIds.length > 1 ? await deps.assets.getDataSources(sourceIds) : new Map();
  const order = bySourceName(new Map([...sources.values()].map((s) => [s.id, s.name])));
  return beliefs.map((found) =>
    oneValuePerEvent(mostRecentBeliefs(found), order).map((e) => ({ eventStart: e.eventStart, value: Number.isFinite(e.value) ? e.value : null })),
  );
}

/**
 * Loads the metadata and the data of every sensor the job uses (`planSensorData` of core/flex says
 * which sensors and windows), with beliefs formed at or before `beliefTime`. Sensors that no longer
 * exist are left out; building the problem then names them.
 */
export async function loadSensorData(
  deps: ScheduleDataPorts,
  config: StorageFlexConfig,
  scheduled: ScheduledSensor,
  beliefTime: number,
): Promise<LoadedSensorData> {
  // First which sensors (their windows need their resolutions), then where.
  const ids = [...new Set(planSensorData(config, scheduled.context, () => undefined, scheduled.relations).map((r) => r.sensorId))];
  const sensors = ids.length ? await deps.assets.getSensors(ids) : new Map<number, Sensor>();
  const lookup: SensorLookup = (id) => {
    const s = sensors.get(id);
    return s ? sensorInfo(s) : undefined;
  };
  const plan = planSensorData(config, scheduled.context, lookup, scheduled.relations).filter((r) => sensors.has(r.sensorId));
  const data = await sensorValuesAsOf(deps, plan, beliefTime);
  const values = new Map<number, SensorValue[]>(plan.map((r, i) => [r.sensorId, data[i]!]));
  return { lookup, values: (id) => values.get(id) };
}

/**
 * Stores a schedule's values (already in the sensor's unit and sign) as beliefs of the scheduler's
 * data source, one per step from the planning window's start, all believed at `beliefTime`; returns
 * the source's id.
 */
export async function storeSchedule(
  deps: ScheduleDataPorts,
  sourceSpec: SourceSpec,
  values: readonly number[],
  sensor: Sensor,
  window: { startMs: number; stepMs: number },
  beliefTime: number,
): Promise<{ sourceId: number }> {
  const source = await deps.assets.getOrCreateSource(sourceSpec);
  const beliefs: Belief[] = storedScheduleValues(values, sensor).map((value, j) => ({
    sensorId: sensor.id,
    eventStart: window.startMs + j * window.stepMs,
    beliefTime,
    sourceId: source.id,
    cumulativeProbability: DEFAULT_CUMULATIVE_PROBABILITY,
    value,
  }));
  assertStorable(beliefs);
  await deps.beliefs.put(beliefs);
  return { sourceId: source.id };
}
