/**
 * The write use case with its lease (functions/app/belief-writes.ts) over the in-memory belief
 * store and leases: plan and apply, writers of one source taking turns, giving up on a lease that
 * stays taken (503 with Retry-After, nothing written), and only unavailability turned into the
 * retry-safe "interrupted" answer.
 */
import { describe, it, expect } from '@jest/globals';
import {
  applyBeliefWrites,
  beliefLeaseName,
  BeliefWriteBusyError,
  BeliefWriteInterruptedError,
  planBeliefWrites,
  withBeliefLease,
  writeBeliefs,
} from '../../../functions/app/belief-writes.js';
import { defaultTiming } from '../../../functions/core/beliefs/index.js';
import { BeliefWriteError, type Belief } from '../../../functions/core/ports/beliefs.js';
import { StoreUnavailableError } from '../../../functions/core/errors.js';
import { InMemoryBeliefStore } from '../../fakes/beliefs.js';
import { InMemoryLeaseStore } from '../../fakes/leases.js';

const QUARTER = 15 * 60_000;
const timing = defaultTiming(QUARTER);
const T0 = Date.UTC(2021, 4, 1);
const series = (values: number[], sourceId = 1): Belief[] =>
  values.map((value, i) => ({ sensorId: 5, eventStart: T0 + i * QUARTER, beliefTime: T0 + 10 * QUARTER, sourceId, cumulativeProbability: 0.5, value }));

describe('planBeliefWrites and applyBeliefWrites', () => {
  it('plans new, unchanged and replaced beliefs; applies in chunks with progress; a rejected plan writes nothing', async () => {
    const store = new InMemoryBeliefStore(series([1, 2]));
    const plan = await planBeliefWrites(store, series([1, 2, 3, 4]), timing);
    expect(plan.classified.map((c) => c.classification)).toEqual(['unchanged', 'unchanged', 'new', 'new']);
    const progress: number[] = [];
    const result = await applyBeliefWrites(store, plan, { chunkSize: 1, onProgress: (done) => progress.push(done) });
    expect(result).toEqual({ status: 'ALREADY_RECEIVED_AND_SUCCESSFULLY_PROCESSED', written: 2, unchangedWhileWriting: 0, conflicts: [] });
    expect(progress).toEqual([1, 2]);

    const rejected = await planBeliefWrites(store, series([1, 9, 3, 4, 5]), timing);
    expect(rejected.status).toBe('INVALID_REPLACEMENT');
    expect(await applyBeliefWrites(store, rejected)).toMatchObject({ status: 'INVALID_REPLACEMENT', written: 0 });
    expect(store.all().map((b) => b.value)).toEqual([1, 2, 3, 4]);
  });

  it('catches a writer that stored a different value between plan and apply', async () => {
    const store = new InMemoryBeliefStore();
    const plan = await planBeliefWrites(store, series([1, 2]), timing);
    await store.insert(series([1, 8]));
    const result = await applyBeliefWrites(store, plan);
    expect(result.status).toBe('INVALID_REPLACEMENT');
    expect(result.conflicts).toEqual([{ belief: series([1, 2])[1], storedValue: 8 }]);
  });
});

describe('withBeliefLease', () => {
  it('serialises writers of one sensor and source, and releases the lease also when the work fails', async () => {
    const leases = new InMemoryLeaseStore();
    const name = beliefLeaseName(5, 1);
    await expect(withBeliefLease(leases, 5, 1, async () => (leases.isHeld(name) ? 'held' : 'not held'))).resolves.toBe('held');
    expect(leases.isHeld(name)).toBe(false);
    await expect(withBeliefLease(leases, 5, 1, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(leases.isHeld(name)).toBe(false);
  });

  it('gives up on a lease that stays taken: a 503 whose Retry-After covers the wait, the work never run', async () => {
    const leases = new InMemoryLeaseStore();
    let clock = 1_000_000;
    await leases.tryAcquire(beliefLeaseName(5, 1), 60_000, clock);
    let ran = false;
    const waits: number[] = [];
    const error = await withBeliefLease(leases, 5, 1, async () => (ran = true), {
      waitMs: 3_000,
      now: () => clock,
      sleep: async (ms) => {
        waits.push(ms);
        clock += ms;
      },
    }).catch((e: unknown) => e);
    expect(ran).toBe(false);
    expect(error).toBeInstanceOf(BeliefWriteBusyError);
    expect((error as BeliefWriteBusyError).statusCode).toBe(503);
    expect((error as BeliefWriteBusyError).headers()).toEqual({ 'retry-after': '3' });
    expect(waits.reduce((a, b) => a + b, 0)).toBe(3_000);
  });
});

describe('writeBeliefs', () => {
  it('writes under the lease and answers with the status', async () => {
    const store = new InMemoryBeliefStore();
    const leases = new InMemoryLeaseStore();
    expect(await writeBeliefs(store, series([1, 2]), timing, false, { leases })).toBe('PROCESSED');
    expect(await writeBeliefs(store, series([1, 2]), timing, false, { leases })).toBe('ALREADY_RECEIVED_AND_SUCCESSFULLY_PROCESSED');
    expect(await writeBeliefs(store, series([1, 3]), timing, false, { leases })).toBe('INVALID_REPLACEMENT');
    expect(await writeBeliefs(store, series([1, 3]), timing, true, { leases })).toBe('ALREADY_RECEIVED_AND_SUCCESSFULLY_PROCESSED');
    expect(store.all().map((b) => b.value)).toEqual([1, 3]);
  });

  it('turns a failure while writing into BeliefWriteInterruptedError, but lets a refusal through', async () => {
    const unavailable = new StoreUnavailableError(new Error('throttled'));
    const fault = new RangeError('fault');
    const refused = new BeliefWriteError('refused', []);
    for (const [failure, expected] of [
      [unavailable, BeliefWriteInterruptedError],
      [fault, BeliefWriteInterruptedError],
      [refused, BeliefWriteError],
    ] as const) {
      const store = new InMemoryBeliefStore();
      store.failWith = ({ call }) => (call === 'query' ? null : failure);
      const error = await writeBeliefs(store, series([1]), timing).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(expected);
      if (error instanceof BeliefWriteInterruptedError) expect(error.cause).toBe(failure);
    }
  });

  it('does not call a failing read of the plan an interrupted write (nothing was written)', async () => {
    const store = new InMemoryBeliefStore();
    const unavailable = new StoreUnavailableError(new Error('throttled'));
    store.failWith = () => unavailable;
    await expect(writeBeliefs(store, series([1]), timing)).rejects.toBe(unavailable);
  });
});
