/**
 * Belief benchmarks. Run with `npx tsx bench/beliefs.bench.ts`. Prints figures only; no assertions.
 *
 * 1. The DynamoDB belief store on dynalite (in this process): one sensor-month of 15-minute data
 *    (2,976 beliefs) inserted with conditional writes, re-inserted (a retry), put with
 *    BatchWriteItem, read back, read by day, aggregated, deleted.
 * 2. The pure selection and resampling of GET /sensors/data (core/beliefs) over 30 days of 15-minute
 *    events with 10 beliefs each (28,800 beliefs).
 * 3. What the bounded pool of conditional writes is for: inserts with a simulated network round
 *    trip (as to DynamoDB in the cloud) at 1, 8, 32 and 64 writes in flight.
 *
 * The same operations through the local runtime (HTTP → handler → core → store) are measured by
 * bench/sensor-data-http.bench.ts.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startDynamo } from '../local/aws.js';
import { forecasts } from './forecasts.js';
import { DynamoBeliefStore } from '../functions/stores/dynamodb/beliefs.js';
import { sensorDataForGet, defaultTiming, type Belief } from '../functions/core/beliefs/index.js';

process.env.LOG_LEVEL ??= 'SILENT';

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

/** Round trip added to every DynamoDB request in `latencyBench` (same-region DynamoDB is a few ms). */
const SIMULATED_ROUND_TRIP_MS = 4;

async function latencyBench(): Promise<void> {
  const count = 1_000;
  console.log(`\nConditional inserts with a simulated ${SIMULATED_ROUND_TRIP_MS} ms round trip per request (${count.toLocaleString('en')} beliefs each)`);
  const dynamo = await startDynamo(null);
  const base = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  base.middlewareStack.add(
    (next) => async (args) => {
      await new Promise((resolve) => setTimeout(resolve, SIMULATED_ROUND_TRIP_MS));
      return next(args);
    },
    { step: 'finalizeRequest', name: 'simulatedRoundTrip' },
  );
  const client = DynamoDBDocumentClient.from(base);
  try {
    const start = Date.parse('2025-03-01T00:00:00Z');
    for (const [sensorId, inFlight] of [[11, 1], [12, 8], [13, 32], [14, 64]] as const) {
      const store = new DynamoBeliefStore({ client, table: 'fm-beliefs', writeConcurrency: inFlight });
      const beliefs = month(sensorId, start).slice(0, count);
      const [, ms] = await time(() => store.insert(beliefs));
      line(`insert, ${inFlight} in flight`, ms, beliefs.length);
    }
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

console.log(`Belief benchmarks (Node ${process.version})`);
await storeBench();
coreBench();
await latencyBench();
