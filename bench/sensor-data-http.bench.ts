/**
 * Sensor data through the local runtime (HTTP → API Gateway event → handler → core → DynamoDB
 * belief store on dynalite, all in this process). Run with `npx tsx bench/sensor-data-http.bench.ts`
 * or `npm run bench -- sensor-data`. Prints figures only; no assertions.
 *
 * 1. POST /api/v3_0/sensors/data of 10,080 values (one week at 1 minute) onto a 1-minute sensor,
 *    each repetition a new week (all beliefs new: lease, read, classify, batched writes), then
 *    the same body again (a retry: read and classify only, nothing written), with the DynamoDB
 *    write request units one POST costs (counted from the items written, as DynamoDB bills them).
 * 2. POST of one value onto a sensor that already holds a day of 1-minute data (a streaming meter).
 * 3. GET /api/v3_0/sensors/data of one day at 15 minutes out of 30 days with 10 beliefs per event
 *    (960 beliefs read per request, the latest per event selected), one request per day.
 * A closing note compares the figures with the targets (POST of 10,080 values ≤ 1 s, GET ≤ 100 ms).
 *
 * Repetitions stop early when a section's time budget is spent, so the whole run stays well under
 * two minutes on a loaded 2-core machine.
 */
import { availableParallelism, loadavg } from 'node:os';
import { startRuntime } from '../local/runtime.js';
import { buildWorld } from '../test/helpers/world.js';
import { buildAssetsWorld } from '../test/helpers/assets-world.js';
import { forecasts } from './forecasts.js';

process.env.LOG_LEVEL ??= 'SILENT';
process.env.SCRYPT_LOG_N ??= '4';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const WEEK_AT_1_MIN = 10_080;
const BELIEFS_PER_EVENT = 10;
const DAYS = 30;

/** Section budgets: repetitions stop once one is spent (at least `min` repetitions run). */
const POST_BUDGET_MS = 45_000;
const RETRY_BUDGET_MS = 10_000;
const SINGLE_BUDGET_MS = 10_000;
const GET_BUDGET_MS = 20_000;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * The write request units of one DynamoDB write as billed: 1 per started KB of the item (its
 * attribute names and values; numbers count about one byte per two digits), at least 1.
 */
function writeUnits(item: Record<string, unknown> | undefined): number {
  if (!item) return 1;
  let bytes = 0;
  for (const [name, value] of Object.entries(item)) {
    bytes += Buffer.byteLength(name);
    if (typeof value === 'string') bytes += Buffer.byteLength(value);
    else if (typeof value === 'number') bytes += Math.ceil(String(value).replace(/[-.]/g, '').length / 2) + 1;
    else if (value === null || typeof value === 'boolean') bytes += 1;
    else bytes += Buffer.byteLength(JSON.stringify(value));
  }
  return Math.max(1, Math.ceil(bytes / 1024));
}

/** Counts the DynamoDB requests and write request units the runtime sends while `fn` runs (all tables). */
async function countingWriteUnits(fn: () => Promise<void>): Promise<{ units: number; requests: number }> {
  const client = runtime.ports.clients.dynamodb;
  const send = client.send.bind(client) as (command: { input: Record<string, any> }) => Promise<unknown>;
  let units = 0;
  let requests = 0;
  (client as { send: unknown }).send = (command: { constructor: { name: string }; input: Record<string, any> }) => {
    const kind = command.constructor.name;
    requests += 1;
    if (kind === 'PutCommand') units += writeUnits(command.input.Item);
    else if (kind === 'DeleteCommand' || kind === 'UpdateCommand') units += 1;
    else if (kind === 'BatchWriteCommand') {
      for (const requests of Object.values(command.input.RequestItems ?? {}) as { PutRequest?: { Item: Record<string, unknown> } }[][]) {
        for (const r of requests) units += writeUnits(r.PutRequest?.Item);
      }
    }
    return send(command);
  };
  try {
    await fn();
  } finally {
    (client as { send: unknown }).send = send;
  }
  return { units, requests };
}

/** `what  p50 … ms  p95 … ms  (n runs)  … beliefs/s at p50`; returns p50. */
function report(what: string, runs: number[], beliefsPerRun: number): number {
  const sorted = [...runs].sort((a, b) => a - b);
  const p50 = percentile(sorted, 50);
  const p95 = percentile(sorted, 95);
  const rate = Math.round((beliefsPerRun / p50) * 1000).toLocaleString('en');
  console.log(
    `  ${what.padEnd(54)} p50 ${p50.toFixed(1).padStart(8)} ms  p95 ${p95.toFixed(1).padStart(8)} ms  (${String(runs.length).padStart(2)} runs)  ${rate.padStart(9)} beliefs/s`,
  );
  return p50;
}

/** Runs `fn(i)` at least `min` and at most `max` times, stopping once `budgetMs` has passed; returns each run's ms. */
async function repeat(min: number, max: number, budgetMs: number, fn: (i: number) => Promise<void>): Promise<number[]> {
  const times: number[] = [];
  const started = performance.now();
  for (let i = 0; i < max && (i < min || performance.now() - started < budgetMs); i++) {
    const t = performance.now();
    await fn(i);
    times.push(performance.now() - t);
  }
  return times;
}

console.log(
  `Sensor data through the local runtime (Node ${process.version}, ${availableParallelism()} CPUs, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')})`,
);
const runtime = await startRuntime({ port: 0, dataDir: null, seed: false });
try {
  const world = await buildWorld(runtime.ports);
  const assets = await buildAssetsWorld(world);
  const admin = await world.token('admin');
  const supplier = await world.token('supplier4');
  const call = async (method: string, path: string, token: string, body?: unknown, query?: Record<string, string>) => {
    const url = new URL(path, runtime.url);
    for (const [k, v] of Object.entries(query ?? {})) url.searchParams.set(k, v);
    const res = await fetch(url, {
      method,
      headers: { authorization: token, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const parsed = (await res.json()) as Record<string, unknown>;
    if (res.status !== 200 && res.status !== 201) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(parsed)}`);
    return parsed;
  };
  const sensor = async (name: string, resolution: string) =>
    (await call('POST', '/api/v3_0/sensors', admin, { name, unit: 'kW', event_resolution: resolution, generic_asset_id: assets.assets.windTurbine.id })).id as number;
  const address = (id: number) => `ea1.2021-01.io.flexmeasures:fm1.${id}`;

  // 1. POST a week at 1 minute.
  const minuteSensor = await sensor('one-minute power', 'PT1M');
  const week = (i: number) => ({
    sensor: address(minuteSensor),
    start: new Date(Date.parse('2025-01-06T00:00:00Z') + i * 7 * DAY).toISOString(),
    duration: 'P7D',
    unit: 'kW',
    values: Array.from({ length: WEEK_AT_1_MIN }, (_, k) => Math.round(Math.sin((k + i) / 100) * 1000) / 100),
    prior: '2025-06-01T00:00:00Z',
  });
  const posts = await repeat(3, 10, POST_BUDGET_MS, async (i) => {
    const answer = await call('POST', '/api/v3_0/sensors/data', supplier, week(i));
    if (answer.status !== 'PROCESSED') throw new Error(`POST: ${JSON.stringify(answer)}`);
  });
  console.log('\nPOST /api/v3_0/sensors/data');
  const postP50 = report('10,080 new values (a week at 1 min, packed per day)', posts, WEEK_AT_1_MIN);
  const retries = await repeat(3, 20, RETRY_BUDGET_MS, async (i) => {
    const answer = await call('POST', '/api/v3_0/sensors/data', supplier, week(i % posts.length));
    if (answer.status !== 'ALREADY_RECEIVED_AND_SUCCESSFULLY_PROCESSED') throw new Error(`POST again: ${JSON.stringify(answer)}`);
  });
  const retryP50 = report('the same 10,080 values again (a retry: nothing written)', retries, WEEK_AT_1_MIN);
  const { units, requests } = await countingWriteUnits(async () => {
    await call('POST', '/api/v3_0/sensors/data', supplier, week(posts.length));
  });
  console.log(
    `  one 10,080-value POST: ${units.toLocaleString('en')} DynamoDB write request units (beliefs, month index and lease) in ${requests} DynamoDB requests (all tables, reads included)`,
  );

  // 2. One value at a time onto a sensor holding a day of 1-minute data (a streaming meter).
  const meter = await sensor('streaming meter', 'PT1M');
  const meterDay = Date.parse('2025-02-01T00:00:00Z');
  await call('POST', '/api/v3_0/sensors/data', supplier, {
    sensor: address(meter), start: new Date(meterDay).toISOString(), duration: 'P1D', unit: 'kW',
    values: Array.from({ length: 1440 }, (_, k) => k / 10), prior: '2025-06-01T00:00:00Z',
  });
  const singles = await repeat(10, 200, SINGLE_BUDGET_MS, async (i) => {
    const answer = await call('POST', '/api/v3_0/sensors/data', supplier, {
      sensor: address(meter), start: new Date(meterDay + DAY + i * MINUTE).toISOString(), duration: 'PT1M', unit: 'kW', values: [i], prior: '2025-06-01T00:00:00Z',
    });
    if (answer.status !== 'PROCESSED') throw new Error(`POST one value: ${JSON.stringify(answer)}`);
  });
  const singleP50 = report('one value onto a sensor holding a day at 1 min', singles, 1);
  const single = await countingWriteUnits(async () => {
    await call('POST', '/api/v3_0/sensors/data', supplier, {
      sensor: address(meter), start: new Date(meterDay + 2 * DAY).toISOString(), duration: 'PT1M', unit: 'kW', values: [1], prior: '2025-06-01T00:00:00Z',
    });
  });
  console.log(`  one single-value POST: ${single.units} write request units in ${single.requests} DynamoDB requests (token, sensor, account, source, lease, read, write)`);

  // 2. GET one day out of 30 days with 10 beliefs per event.
  const forecastSensor = await sensor('forecast power', 'PT15M');
  const start = Date.parse('2025-03-01T00:00:00Z');
  // The supplier's data source exists once it has posted; the forecasts are stored as its beliefs.
  await call('POST', '/api/v3_0/sensors/data', supplier, { sensor: address(forecastSensor), start: '2024-01-01T00:00:00Z', duration: 'PT15M', unit: 'kW', values: [0], prior: '2024-01-01T00:00:00Z' });
  const sourceId = (await runtime.ports.beliefs.query({ sensorId: forecastSensor, from: 0, to: start }))[0]!.sourceId;
  const stored = forecasts(forecastSensor, start, DAYS, BELIEFS_PER_EVENT, sourceId);
  const seedStarted = performance.now();
  await runtime.ports.beliefs.put(stored);
  const seedMs = performance.now() - seedStarted;
  const perDay = 96 * BELIEFS_PER_EVENT;
  let checked = false;
  const gets = await repeat(10, DAYS, GET_BUDGET_MS, async (d) => {
    const answer = await call('GET', '/api/v3_0/sensors/data', supplier, undefined, {
      sensor: address(forecastSensor),
      start: new Date(start + d * DAY).toISOString(),
      duration: 'P1D',
      unit: 'kW',
    });
    const values = answer.values as number[];
    if (values.length !== 96 || values.some((v) => v === null)) throw new Error(`GET: ${values.length} values`);
    // The latest belief per event wins: the one formed an hour before the event.
    if (!checked && values[0] !== d * 96 + (BELIEFS_PER_EVENT - 1) / 10) throw new Error(`GET: unexpected first value ${values[0]}`);
    checked = true;
  });
  console.log(`\nGET /api/v3_0/sensors/data (${DAYS} days × 96 events × ${BELIEFS_PER_EVENT} beliefs = ${stored.length.toLocaleString('en')} stored, written in ${(seedMs / 1000).toFixed(1)} s)`);
  const getP50 = report(`one day at 15 min (${perDay} beliefs read → 96 values)`, gets, perDay);

  const verdict = (p50: number, target: number) => (p50 <= target ? `within ${target} ms` : `OVER ${target} ms`);
  console.log(`\nTargets on this machine (load ${loadavg()[0]!.toFixed(2)}):`);
  console.log(`  POST 10,080 values p50 ${postP50.toFixed(0)} ms: ${verdict(postP50, 1000)}; its retry ${retryP50.toFixed(0)} ms: ${verdict(retryP50, 200)}`);
  console.log(`  one value onto a day of data p50 ${singleP50.toFixed(0)} ms: ${verdict(singleP50, 50)}; GET of a day p50 ${getP50.toFixed(0)} ms: ${verdict(getP50, 100)}`);
  if (postP50 > 1000 || retryP50 > 200 || singleP50 > 50 || getP50 > 100) {
    console.log(
      `  Over a target: a 10,080-value POST is ${requests} DynamoDB requests, a single value ${single.requests}; each is an HTTP round trip to dynalite in this\n` +
        `  process, so their latency is what two cores shared at load ${loadavg()[0]!.toFixed(1)} give them; run on a quiet machine to compare.`,
    );
  }
} finally {
  await runtime.close();
}
