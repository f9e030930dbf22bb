/**
 * Belief benchmarks. Run with `npx tsx bench/beliefs.bench.ts`. Prints figures only; no assertions.
 *
 * 1. The DynamoDB belief store on dynalite (in this process): one sensor-month of 15-minute data
 *    (2,976 beliefs) inserted with conditional writes, re-inserted (a retry), put with
 *    BatchWriteItem, read back, read by day, aggregated, deleted.
 * 2. The pure selection and resampling of GET /sensors/data (core/beliefs) over 30 days of 15-minute
 *    events with 10 beliefs each (28,800 beliefs).
 * 3. Through the local runtime (HTTP → handler → core → store): POST of 10,080 values (one week at
 *    1 minute) and GET of one day at 15 minutes out of 30 days with 10 beliefs per event; p50/p95.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startDynamo } from '../local/aws.js';
import { startRuntime } from '../local/runtime.js';
import { DynamoBeliefStore } from '../functions/stores/dynamodb/beliefs.js';
import { beliefStore } from '../functions/stores/index.js';
import { sensorDataForGet, defaultTiming, type Belief } from '../functions/core/beliefs/index.js';
import { buildWorld } from '../test/helpers/world.js';
import { buildAssetsWorld } from '../test/helpers/assets-world.js';

process.env.LOG_LEVEL ??= 'SILENT';
process.env.SCRYPT_LOG_N ??= '4';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const QUARTER = 15 * MINUTE;

function line(what: string, ms: number, items?: number): void {
  const rate = items === undefined ? '' : `  ${Math.round((items / ms) * 1000).toLocaleString('en')} beliefs/s`;
  console.log(`  ${what.padEnd(58)} ${ms.toFixed(1).padStart(9)} ms${rate}`);
}

async function time<T>(fn: () => Promise<T> | T): Promise<[T, number]> {
  const started = performance.now();
  const out = await fn();
  return [out, performance.now() - started];
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** A month of 15-minute beliefs (one belief per event), values with a daily shape. */
function month(sensorId: number, start: number, sourceId = 1): Belief[] {
  return Array.from({ length: 31 * 96 }, (_, i) => ({
    sensorId,
    eventStart: start + i * QUARTER,
    beliefTime: start + 31 * DAY,
    sourceId,
    cumulativeProbability: 0.5,
    value: Math.round((50 + 30 * Math.sin((2 * Math.PI * (i % 96)) / 96)) * 100) / 100,
  }));
}

/** `days` of 15-minute events with `perEvent` beliefs each (forecasts made every hour before the event). */
function forecasts(sensorId: number, start: number, days: number, perEvent: number, sourceId: number): Belief[] {
  const out: Belief[] = [];
  for (let i = 0; i < days * 96; i++) {
    const eventStart = start + i * QUARTER;
    for (let k = 0; k < perEvent; k++) {
      out.push({ sensorId, eventStart, beliefTime: eventStart - (perEvent - k) * 60 * MINUTE, sourceId, cumulativeProbability: 0.5, value: i + k / 10 });
    }
  }
  return out;
}

async function storeBench(): Promise<void> {
  console.log('\nDynamoDB belief store on dynalite (one sensor-month of 15-minute data = 2,976 beliefs)');
  const dynamo = await startDynamo(null);
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  );
  try {
    const store = new DynamoBeliefStore({ client, table: 'fm-beliefs' });
    const start = Date.parse('2025-03-01T00:00:00Z');
    const beliefs = month(1, start);
    const [, insertMs] = await time(() => store.insert(beliefs));
    line('insert (conditional PutItem per belief, 32 in flight)', insertMs, beliefs.length);
    const [retry, retryMs] = await time(() => store.insert(beliefs));
    line(`insert again, a retry (${retry.unchanged.length} unchanged)`, retryMs, beliefs.length);
    const [, putMs] = await time(() => store.put(month(2, start)));
    line('put (BatchWriteItem, 25 per call)', putMs, beliefs.length);
    const [all, readMs] = await time(() => store.query({ sensorId: 1, from: start, to: start + 31 * DAY }));
    line(`query the month (${all.length} beliefs)`, readMs, all.length);
    const days: number[] = [];
    for (let d = 0; d < 31; d++) days.push((await time(() => store.query({ sensorId: 1, from: start + d * DAY, to: start + (d + 1) * DAY })))[1]);
    days.sort((a, b) => a - b);
    line('query one day (96 beliefs), p50', percentile(days, 50), 96);
    line('query one day (96 beliefs), p95', percentile(days, 95), 96);
    const [, statsMs] = await time(() => store.stats(1));
    line('stats over the month', statsMs, beliefs.length);
    const [, deleteMs] = await time(() => store.deleteSensorData(2));
    line('delete the sensor-month', deleteMs, beliefs.length);
  } finally {
    client.destroy();
    await dynamo.close();
  }
}

function coreBench(): void {
  console.log('\nSelection and resampling (core/beliefs): 30 days × 96 events × 10 beliefs = 28,800 beliefs');
  const start = Date.parse('2025-03-01T00:00:00Z');
  const beliefs = [...forecasts(1, start, 30, 5, 1), ...forecasts(1, start, 30, 5, 2)];
  const timing = defaultTiming(QUARTER);
  const day = { start: start + 10 * DAY, end: start + 11 * DAY, unit: 'kW' };
  const cases: [string, Parameters<typeof sensorDataForGet>[2], Belief[]][] = [
    ['one day at 15 min (all 28,800 beliefs given)', { ...day }, beliefs],
    ['one day at 15 min (only that day’s 960 beliefs given)', { ...day }, beliefs.filter((b) => b.eventStart >= day.start && b.eventStart < day.end)],
    ['one day downsampled to 1 h, to MW', { ...day, unit: 'MW', resolutionMs: 60 * MINUTE }, beliefs],
    ['30 days at 15 min with a horizon filter', { start, end: start + 30 * DAY, unit: 'kW', horizonMs: 2 * 60 * MINUTE }, beliefs],
    ['30 days upsampled to 5 min', { start, end: start + 30 * DAY, unit: 'kW', resolutionMs: 5 * MINUTE }, beliefs],
  ];
  for (const [what, query, input] of cases) {
    sensorDataForGet(input, { unit: 'kW', timing }, query); // warm-up
    const runs: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      sensorDataForGet(input, { unit: 'kW', timing }, query);
      runs.push(performance.now() - t);
    }
    runs.sort((a, b) => a - b);
    line(`${what}, p50`, percentile(runs, 50), input.length);
  }
}

async function httpBench(): Promise<void> {
  console.log('\nThrough the local runtime (HTTP → handler → core → DynamoDB store on dynalite)');
  const runtime = await startRuntime({ port: 0, dataDir: null, seed: false });
  try {
    const world = await buildWorld();
    const assets = await buildAssetsWorld(world);
    const admin = await world.token('admin');
    const supplier = await world.token('supplier4');
    const call = async (method: string, path: string, body?: unknown, query?: Record<string, string>) => {
      const url = new URL(path, runtime.url);
      for (const [k, v] of Object.entries(query ?? {})) url.searchParams.set(k, v);
      const res = await fetch(url, {
        method,
        headers: { authorization: method === 'POST' && path.endsWith('/sensors') ? admin : supplier, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const sensor = async (name: string, resolution: string) =>
      (await call('POST', '/api/v3_0/sensors', { name, unit: 'kW', event_resolution: resolution, generic_asset_id: assets.assets.windTurbine.id })).body.id as number;

    const minuteSensor = await sensor('one-minute power', 'PT1M');
    const posts: number[] = [];
    for (let week = 0; week < 5; week++) {
      const values = Array.from({ length: 10_080 }, (_, i) => Math.round(Math.sin(i / 100) * 1000) / 100);
      const start = new Date(Date.parse('2025-01-06T00:00:00Z') + week * 7 * DAY).toISOString();
      const [res, ms] = await time(() =>
        call('POST', '/api/v3_0/sensors/data', { sensor: `ea1.2021-01.io.flexmeasures:fm1.${minuteSensor}`, start, duration: 'P7D', unit: 'kW', values, prior: '2025-03-01T00:00:00Z' }),
      );
      if (res.status !== 200) throw new Error(`POST failed: ${JSON.stringify(res.body)}`);
      posts.push(ms);
    }
    posts.sort((a, b) => a - b);
    line('POST 10,080 values (a week at 1 min), p50 of 5', percentile(posts, 50), 10_080);
    line('POST 10,080 values (a week at 1 min), p95 of 5', percentile(posts, 95), 10_080);

    const forecastSensor = await sensor('forecast power', 'PT15M');
    const start = Date.parse('2025-03-01T00:00:00Z');
    const source = (await call('POST', '/api/v3_0/sensors/data', {
      sensor: `ea1.2021-01.io.flexmeasures:fm1.${forecastSensor}`, start: '2024-01-01T00:00:00Z', duration: 'PT15M', unit: 'kW', values: [0], prior: '2024-01-01T00:00:00Z',
    })).status;
    if (source !== 200) throw new Error('could not create the data source');
    const supplierSource = (await beliefStore().query({ sensorId: forecastSensor, from: 0, to: start }))[0]!.sourceId;
    const [, seedMs] = await time(() => beliefStore().put(forecasts(forecastSensor, start, 30, 10, supplierSource)));
    line('seed 30 days × 96 events × 10 beliefs (put)', seedMs, 28_800);
    const gets: number[] = [];
    for (let d = 0; d < 30; d++) {
      const [res, ms] = await time(() =>
        call('GET', '/api/v3_0/sensors/data', undefined, {
          sensor: `ea1.2021-01.io.flexmeasures:fm1.${forecastSensor}`,
          start: new Date(start + d * DAY).toISOString(),
          duration: 'P1D',
          unit: 'kW',
        }),
      );
      if (res.status !== 200) throw new Error(`GET failed: ${JSON.stringify(res.body)}`);
      gets.push(ms);
    }
    gets.sort((a, b) => a - b);
    line('GET one day at 15 min (960 beliefs read), p50 of 30', percentile(gets, 50), 960);
    line('GET one day at 15 min (960 beliefs read), p95 of 30', percentile(gets, 95), 960);
  } finally {
    await runtime.close();
  }
}

console.log(`Belief benchmarks (Node ${process.version})`);
await storeBench();
coreBench();
await httpBench();
