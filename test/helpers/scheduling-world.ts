/**
 * The scheduling fixtures of docs/contract/storage-scheduling.md §3.0 in a running test runtime: the docs/contract/api.md §12.0 world
 * with its scheduling assets (building, "Test battery", one-way "Test charging station", public
 * `epex_da`), plus
 * - the epex_da prices of 2015-01-01..03 (hourly, EUR/MWh) as beliefs formed on 2014-12-31;
 * - a "power (kW)" sensor on the Test battery;
 * - a bidirectional charging station (two-way_evse) and a one-way station whose sensor cannot
 *   produce (`is_strictly_non_positive`), both 2 MW, 0–5 MWh;
 * - the building's PV (MW, production positive, 1.8 MW 08:00–16:00) and residual demand (kW,
 *   −1000 kW, consumption negative) sensors with their values for days 1–3;
 * - `schedule(...)` / `waitForSchedule(...)`: trigger over HTTP and poll the GET until the job has
 *   left the queue (the runtime's solver works the queue in the background).
 */
import { DEFAULT_KNOWLEDGE_HORIZON, type Asset, type Sensor } from '../../functions/core/assets/model.js';
import { DEFAULT_CUMULATIVE_PROBABILITY, type Belief } from '../../functions/core/beliefs/index.js';
import { DAY1, EPEX_DAY1, EPEX_DAY2, EPEX_DAY3, QUARTER } from '../unit/scheduling/fixtures.js';
import { assetFields, buildAssetsWorld, type AssetsWorld } from './assets-world.js';
import { api, type ApiResponse, stores } from './runtime.js';
import { buildWorld, type World } from './world.js';

const HOUR = 3_600_000;
export const TZ = 'Europe/Amsterdam';
/** When the fixture prices and device data were known. */
export const FIXTURE_BELIEF_TIME = Date.parse('2014-12-31T00:00:00Z');

export interface SchedulingWorld {
  world: World;
  assets: AssetsWorld;
  /** The Test battery's MW and kW power sensors. */
  battery: { asset: Asset; power: Sensor; powerKw: Sensor };
  /** One-way station (its sensor cannot produce) and bidirectional station. */
  oneWay: Sensor;
  twoWay: Sensor;
  epexDa: Sensor;
  pv: Sensor;
  demand: Sensor;
  /** A token of the Test Prosumer User (member of the account owning all of these). */
  token: string;
}

export async function createSensor(asset: Asset, name: string, unit: string, resolutionMs: number, attributes: Record<string, unknown> = {}): Promise<Sensor> {
  return stores().assets.createSensor({
    name,
    unit,
    timezone: TZ,
    eventResolution: resolutionMs,
    knowledgeHorizon: DEFAULT_KNOWLEDGE_HORIZON,
    genericAssetId: asset.id,
    accountId: asset.accountId,
    attributes,
  });
}

/** Writes values of one sensor as beliefs of the fixture source. */
export async function writeValues(sensor: Sensor, startMs: number, stepMs: number, values: readonly number[], beliefTime = FIXTURE_BELIEF_TIME): Promise<void> {
  const source = await stores().assets.getOrCreateSource({ name: 'fixtures', type: 'demo script', model: null, version: null, accountId: null, userId: null });
  const beliefs: Belief[] = values.map((value, i) => ({
    sensorId: sensor.id,
    eventStart: startMs + i * stepMs,
    beliefTime,
    sourceId: source.id,
    cumulativeProbability: DEFAULT_CUMULATIVE_PROBABILITY,
    value,
  }));
  await stores().beliefs.put(beliefs);
}

/** Builds the world described in the module comment. */
export async function buildSchedulingWorld(): Promise<SchedulingWorld> {
  const world = await buildWorld();
  const assets = await buildAssetsWorld(world, { scheduling: true });
  const s = assets.scheduling!;
  const store = stores().assets;
  await writeValues(s.epexDa, DAY1, HOUR, [...EPEX_DAY1, ...EPEX_DAY2, ...EPEX_DAY3]);

  const powerKw = await createSensor(s.battery, 'power (kW)', 'kW', QUARTER);
  const prosumer = world.accounts.prosumer.id;
  const station = async (name: string, type: string, sensorAttributes: Record<string, unknown>) => {
    const asset = await store.createAsset(
      assetFields({
        name,
        genericAssetTypeId: assets.types[type]!.id,
        accountId: prosumer,
        parentAssetId: s.building.id,
        attributes: { capacity_in_mw: 2, max_soc_in_mwh: 5, min_soc_in_mwh: 0, market_id: s.epexDa.id },
      }),
    );
    return createSensor(asset, 'power', 'MW', QUARTER, sensorAttributes);
  };
  const oneWay = await station('Test charging station (one-way, no production)', 'one-way_evse', { is_strictly_non_positive: true });
  const twoWay = await station('Test charging station (bidirectional)', 'two-way_evse', {});

  const pv = await createSensor(s.building, 'PV', 'MW', QUARTER);
  const demand = await createSensor(s.building, 'residual demand', 'kW', QUARTER);
  await writeValues(pv, DAY1, QUARTER, Array.from({ length: 3 * 96 }, (_, i) => (i % 96 >= 32 && i % 96 < 64 ? 1.8 : 0)));
  await writeValues(demand, DAY1, QUARTER, Array<number>(3 * 96).fill(-1000));

  return {
    world,
    assets,
    battery: { asset: s.battery, power: s.batteryPower, powerKw },
    oneWay,
    twoWay,
    epexDa: s.epexDa,
    pv,
    demand,
    token: await world.token('prosumer'),
  };
}

/** POST …/schedules/trigger; returns the response. */
export function trigger(token: string, sensorId: number, body: unknown): Promise<ApiResponse> {
  return api('POST', `/api/v3_0/sensors/${sensorId}/schedules/trigger`, { token, body });
}

const PENDING = /Scheduling job (waiting|in progress)/;

/**
 * Polls GET …/schedules/<uuid> as the Python client does (while the answer is a 400 saying the job
 * is waiting or in progress) and returns the first other answer. Fails after `timeoutMs`.
 */
export async function waitForSchedule(
  token: string,
  sensorId: number,
  jobId: string,
  query: Record<string, string> = {},
  timeoutMs = 30_000,
): Promise<ApiResponse> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await api('GET', `/api/v3_0/sensors/${sensorId}/schedules/${jobId}`, { token, query });
    if (!(res.status === 400 && PENDING.test(String(res.body?.message)))) return res;
    if (Date.now() > until) throw new Error(`Job ${jobId} still pending after ${timeoutMs} ms: ${res.body?.message}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Triggers a schedule and waits for the job; fails the test unless the trigger answers 200. */
export async function schedule(token: string, sensorId: number, body: unknown, query: Record<string, string> = {}): Promise<{ jobId: string; res: ApiResponse }> {
  const triggered = await trigger(token, sensorId, body);
  if (triggered.status !== 200) throw new Error(`trigger answered ${triggered.status}: ${JSON.stringify(triggered.body)}`);
  const jobId = triggered.body.schedule as string;
  return { jobId, res: await waitForSchedule(token, sensorId, jobId, query) };
}
