/**
 * Write leases (functions/stores/dynamodb/leases.ts) on dynalite and `withBeliefLease`: one holder
 * at a time, released after the work (also when it throws), an expired lease can be taken, a
 * late release never removes the next holder's lease, and a writer that waits too long gets
 * BeliefWriteBusyError with a Retry-After.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startLocalClient, type LocalClient } from './local-client.js';
import { DynamoLeaseStore } from '../../../functions/stores/dynamodb/leases.js';
import { BeliefWriteBusyError, beliefLeaseName, withBeliefLease } from '../../../functions/app/belief-writes.js';

let local: LocalClient;
let client: DynamoDBDocumentClient;
let leases: DynamoLeaseStore;

beforeAll(async () => {
  local = await startLocalClient();
  client = local.client;
  leases = new DynamoLeaseStore({ client, table: 'fm-entities' });
});
afterAll(async () => {
  await local?.close();
});

describe('DynamoLeaseStore', () => {
  it('gives a lease to one holder until it is released', async () => {
    const first = await leases.tryAcquire('a', 10_000, 1_000);
    expect(first).not.toBeNull();
    expect(await leases.tryAcquire('a', 10_000, 2_000)).toBeNull();
    expect(await leases.tryAcquire('b', 10_000, 2_000)).not.toBeNull();
    await first!.release();
    expect(await leases.tryAcquire('a', 10_000, 3_000)).not.toBeNull();
  });

  it('holds a lease until its expiry instant, exclusive: from then on it can be taken', async () => {
    expect(await leases.tryAcquire('edge', 1_000, 1_000)).not.toBeNull();
    expect(await leases.tryAcquire('edge', 1_000, 1_999)).toBeNull();
    expect(await leases.tryAcquire('edge', 1_000, 2_000)).not.toBeNull();
  });

  it('lets an expired lease be taken, and the late release of the old holder leaves the new one in place', async () => {
    const crashed = await leases.tryAcquire('c', 1_000, 1_000);
    expect(await leases.tryAcquire('c', 1_000, 1_500)).toBeNull();
    const next = await leases.tryAcquire('c', 10_000, 2_001);
    expect(next).not.toBeNull();
    await crashed!.release();
    expect(await leases.tryAcquire('c', 10_000, 3_000)).toBeNull();
    await next!.release();
  });
});

describe('withBeliefLease', () => {
  it('releases the lease after the work, also when the work throws', async () => {
    await expect(withBeliefLease(leases, 1, 2, async () => 'done')).resolves.toBe('done');
    await expect(withBeliefLease(leases, 1, 2, async () => Promise.reject(new Error('store down')))).rejects.toThrow('store down');
    expect(await leases.tryAcquire(beliefLeaseName(1, 2), 1_000)).not.toBeNull();
  });

  it('keeps the result of finished work when releasing the lease fails (the lease then expires)', async () => {
    const failingRelease = {
      tryAcquire: async (name: string, ms: number, now?: number) => {
        const lease = await leases.tryAcquire(name, ms, now);
        return lease && { ...lease, release: () => Promise.reject(new Error('store down')) };
      },
    };
    await expect(withBeliefLease(failingRelease, 7, 8, async () => 'stored')).resolves.toBe('stored');
  });

  it('waits for a taken lease and gives up with BeliefWriteBusyError (Retry-After) after waitMs', async () => {
    let clock = 1_000_000;
    const waits: number[] = [];
    const held = await leases.tryAcquire(beliefLeaseName(3, 4), 60_000, clock);
    expect(held).not.toBeNull();
    const error = await withBeliefLease(leases, 3, 4, async () => 'never', {
      waitMs: 2_000,
      now: () => clock,
      sleep: async (ms) => {
        waits.push(ms);
        clock += ms;
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BeliefWriteBusyError);
    expect((error as BeliefWriteBusyError).retryAfterSeconds).toBe(2);
    expect(waits.length).toBeGreaterThan(1);
    expect(waits.reduce((a, b) => a + b, 0)).toBe(2_000);
  });

  it('gets the lease once the holder releases it while waiting', async () => {
    const held = await leases.tryAcquire(beliefLeaseName(5, 6), 60_000);
    let released = false;
    const result = await withBeliefLease(leases, 5, 6, async () => 'mine', {
      sleep: async () => {
        if (!released) {
          released = true;
          await held!.release();
        }
      },
    });
    expect(result).toBe('mine');
  });
});
