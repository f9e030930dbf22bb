/**
 * Check-then-insert (functions/app/belief-writes.ts) on the DynamoDB belief store on dynalite:
 * the plan classifies against the source's stored beliefs, a rejected plan writes nothing, chunks
 * report progress, and a writer racing between plan and apply is caught (INVALID_REPLACEMENT for a
 * different value, ALREADY_RECEIVED for the same one).
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startLocalClient, type LocalClient } from './local-client.js';
import { DynamoBeliefStore } from '../../../functions/stores/dynamodb/beliefs.js';
import { applyBeliefWrites, planBeliefWrites, writeBeliefs } from '../../../functions/app/belief-writes.js';
import { defaultTiming } from '../../../functions/core/beliefs/index.js';
import { WriteRecordsCommand } from '@aws-sdk/client-timestream-write';
import { TimestreamBeliefStore } from '../../../functions/stores/timestream/beliefs.js';
import { DynamoLeaseStore } from '../../../functions/stores/dynamodb/leases.js';
import { freshSensor, series } from '../../helpers/belief-store-contract.js';
import { TimestreamSimulator } from '../../helpers/timestream-sim.js';

const QUARTER = 15 * 60_000;
const timing = defaultTiming(QUARTER);
let local: LocalClient;
let client: DynamoDBDocumentClient;
let store: DynamoBeliefStore;

beforeAll(async () => {
  local = await startLocalClient();
  client = local.client;
  store = new DynamoBeliefStore({ client, table: 'fm-beliefs' });
});
const sims: TimestreamSimulator[] = [];
afterAll(async () => {
  sims.forEach((sim) => sim.restore());
  await local?.close();
});

const all = (sensorId: number) => store.query({ sensorId, from: 0, to: Date.parse('2100-01-01T00:00:00Z') });

describe('check-then-insert', () => {
  it('writes new beliefs in chunks with progress, then finds them unchanged', async () => {
    const sensor = freshSensor();
    const beliefs = series(sensor, '2025-01-01T00:00:00Z', 10, 15, '2025-01-02T00:00:00Z', 1, (i) => i);
    const plan = await planBeliefWrites(store, beliefs, timing);
    expect(plan.status).toBe('PROCESSED');
    expect(plan.toWrite).toHaveLength(10);
    const progress: [number, number][] = [];
    const result = await applyBeliefWrites(store, plan, { chunkSize: 4, onProgress: (done, total) => progress.push([done, total]) });
    expect(result).toEqual({ status: 'PROCESSED', written: 10, unchangedWhileWriting: 0, conflicts: [] });
    expect(progress).toEqual([[4, 10], [8, 10], [10, 10]]);
    expect((await all(sensor)).map((b) => b.value)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);

    const again = await planBeliefWrites(store, beliefs, timing);
    expect(again.status).toBe('ALREADY_RECEIVED_AND_SUCCESSFULLY_PROCESSED');
    expect(again.toWrite).toEqual([]);
    expect(again.classified.every((c) => c.classification === 'unchanged')).toBe(true);
    expect(await writeBeliefs(store, beliefs, timing)).toBe('ALREADY_RECEIVED_AND_SUCCESSFULLY_PROCESSED');
  });

  it('rejects a replacement before writing anything, or overwrites when allowed', async () => {
    const sensor = freshSensor();
    await store.put(series(sensor, '2025-01-01T00:00:00Z', 1, 15, '2025-01-02T00:00:00Z', 1, () => 5));
    const incoming = series(sensor, '2025-01-01T00:00:00Z', 3, 15, '2025-01-02T00:00:00Z', 1, () => 7);
    const plan = await planBeliefWrites(store, incoming, timing);
    expect(plan.status).toBe('INVALID_REPLACEMENT');
    expect(plan.classified.map((c) => c.classification)).toEqual(['replacement', 'new', 'new']);
    expect(await applyBeliefWrites(store, plan)).toEqual({ status: 'INVALID_REPLACEMENT', written: 0, unchangedWhileWriting: 0, conflicts: [] });
    expect((await all(sensor)).map((b) => b.value)).toEqual([5]);

    expect(await writeBeliefs(store, incoming, timing, true)).toBe('PROCESSED');
    expect((await all(sensor)).map((b) => b.value)).toEqual([7, 7, 7]);
  });

  it('catches a writer racing between plan and apply', async () => {
    const sensor = freshSensor();
    const incoming = series(sensor, '2025-01-01T00:00:00Z', 4, 15, '2025-01-02T00:00:00Z', 1, (i) => i);
    const plan = await planBeliefWrites(store, incoming, timing);
    expect(plan.status).toBe('PROCESSED');
    // Another writer of the same source stores event 1 with a different value and event 2 with the same one.
    await store.insert([{ ...incoming[1]!, value: 99 }, incoming[2]!]);
    const result = await applyBeliefWrites(store, plan);
    expect(result.status).toBe('INVALID_REPLACEMENT');
    expect(result.written).toBe(2);
    expect(result.unchangedWhileWriting).toBe(1);
    expect(result.conflicts).toEqual([{ belief: incoming[1], storedValue: 99 }]);
    expect((await all(sensor)).map((b) => b.value)).toEqual([0, 99, 2, 3]);

    const same = series(sensor, '2025-01-01T00:00:00Z', 1, 15, '2025-01-03T00:00:00Z', 1, () => 42);
    const samePlan = await planBeliefWrites(store, same, timing);
    await store.insert(same);
    expect((await applyBeliefWrites(store, samePlan)).status).toBe('ALREADY_RECEIVED_AND_SUCCESSFULLY_PROCESSED');
  });

  it('plans nothing for nothing, and refuses mixed sensors or sources', async () => {
    expect(await planBeliefWrites(store, [], timing)).toEqual({ status: 'ALREADY_RECEIVED_AND_SUCCESSFULLY_PROCESSED', classified: [], toWrite: [], overwrite: false });
    const sensor = freshSensor();
    const mixed = [...series(sensor, '2025-01-01T00:00:00Z', 1, 15, '2025-01-02T00:00:00Z', 1, () => 1), ...series(sensor, '2025-01-01T00:00:00Z', 1, 15, '2025-01-02T00:00:00Z', 2, () => 1)];
    await expect(planBeliefWrites(store, mixed, timing)).rejects.toThrow('one sensor and one source');
  });
});

describe('writes under the (sensor, source) lease', () => {
  it('writes the new beliefs of a leased writer with BatchWriteItem and releases the lease', async () => {
    const leases = new DynamoLeaseStore({ client, table: 'fm-entities' });
    const sensor = freshSensor();
    const incoming = series(sensor, '2025-02-01T00:00:00Z', 60, 15, '2025-02-02T00:00:00Z', 1, (i) => i);
    expect(await writeBeliefs(store, incoming, timing, false, { leases })).toBe('PROCESSED');
    expect((await all(sensor)).map((b) => b.value)).toEqual(incoming.map((b) => b.value));
    expect(await writeBeliefs(store, incoming, timing, false, { leases })).toBe('ALREADY_RECEIVED_AND_SUCCESSFULLY_PROCESSED');
    const changed = incoming.map((b) => ({ ...b, value: b.value + 1 }));
    expect(await writeBeliefs(store, changed, timing, false, { leases })).toBe('INVALID_REPLACEMENT');
    expect((await all(sensor)).map((b) => b.value)).toEqual(incoming.map((b) => b.value));
    expect(await leases.tryAcquire(`BELIEFS#${sensor}#1`, 1_000)).not.toBeNull();
  });
});

describe('Timestream (simulated): what a client can rely on', () => {
  const timestream = () => {
    const sim = new TimestreamSimulator();
    sims.push(sim);
    return { sim, ts: new TimestreamBeliefStore({ database: sim.database, table: sim.table, writeClient: sim.write, queryClient: sim.query }) };
  };

  it('writes new beliefs in WriteRecords of at most 100 records, with no Version (identical records are a no-op)', async () => {
    const { sim, ts } = timestream();
    const sensor = freshSensor();
    const incoming = series(sensor, '2025-01-01T00:00:00Z', 250, 15, '2025-01-01T00:00:00Z', 1, (i) => i);
    expect(await writeBeliefs(ts, incoming, timing)).toBe('PROCESSED');
    const calls = sim.writeMock.commandCalls(WriteRecordsCommand);
    expect(calls.map((c) => c.args[0].input.Records!.length)).toEqual([100, 100, 50]);
    expect(calls.every((c) => c.args[0].input.CommonAttributes?.Version === undefined)).toBe(true);
    expect(await writeBeliefs(ts, incoming, timing)).toBe('ALREADY_RECEIVED_AND_SUCCESSFULLY_PROCESSED');
  });

  it('a different value that the (eventually consistent) read missed is rejected by its version and reported: INVALID_REPLACEMENT, the other records stay written', async () => {
    const { ts } = timestream();
    const sensor = freshSensor();
    const incoming = series(sensor, '2025-01-01T00:00:00Z', 3, 15, '2025-01-01T00:00:00Z', 1, (i) => i);
    const plan = await planBeliefWrites(ts, incoming, timing);
    // Stored after the read (as a read that does not yet see a recent write): only the write finds it.
    await ts.insert([{ ...incoming[1]!, value: 99 }]);
    const result = await applyBeliefWrites(ts, plan);
    expect(result.status).toBe('INVALID_REPLACEMENT');
    expect(result.conflicts).toEqual([{ belief: incoming[1], storedValue: null }]);
    expect((await ts.query({ sensorId: sensor, from: 0, to: Date.parse('2100-01-01T00:00:00Z') })).map((b) => b.value)).toEqual([0, 99, 2]);
  });
});
