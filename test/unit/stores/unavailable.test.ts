/**
 * The belief store as use cases get it (functions/stores/unavailable.ts): a service that is briefly
 * unavailable surfaces as `StoreUnavailableError` (a 503 with Retry-After), every other failure
 * as it was; the adapter's own properties and its optional fast path stay as they are.
 */
import { describe, it, expect } from '@jest/globals';
import { ProvisionedThroughputExceededException, ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { StoreUnavailableError } from '../../../functions/core/errors.js';
import { isTransientServiceError, UnavailabilityReportingBeliefStore } from '../../../functions/stores/unavailable.js';
import { InMemoryBeliefStore } from '../../fakes/beliefs.js';

const throttled = () => new ProvisionedThroughputExceededException({ message: 'over capacity', $metadata: { httpStatusCode: 400 } });

describe('isTransientServiceError', () => {
  it('knows throttling, capacity and server faults, and nothing else', () => {
    expect(isTransientServiceError(throttled())).toBe(true);
    expect(isTransientServiceError(Object.assign(new Error('x'), { name: 'InternalServerError' }))).toBe(true);
    expect(isTransientServiceError({ $fault: 'server', $metadata: { httpStatusCode: 503 } })).toBe(true);
    expect(isTransientServiceError(new ConditionalCheckFailedException({ message: 'no', $metadata: {} }))).toBe(false);
    expect(isTransientServiceError(new TypeError('bug'))).toBe(false);
    expect(isTransientServiceError(undefined)).toBe(false);
  });
});

describe('UnavailabilityReportingBeliefStore', () => {
  it('reports a throttled call as StoreUnavailableError with the service error as its cause', async () => {
    const inner = new InMemoryBeliefStore();
    const cause = throttled();
    inner.failWith = ({ call }) => (call === 'insert' ? cause : null);
    const store = new UnavailabilityReportingBeliefStore(inner);
    const error = await store.insert([{ sensorId: 1, eventStart: 0, beliefTime: 0, sourceId: 1, cumulativeProbability: 0.5, value: 1 }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as StoreUnavailableError).cause).toBe(cause);
    expect((error as StoreUnavailableError).statusCode).toBe(503);
    expect(await store.query({ sensorId: 1, from: 0, to: 1 })).toEqual([]);
  });

  it('lets other failures through unchanged, and keeps the adapter’s kind, deletes and fast path', async () => {
    const inner = new InMemoryBeliefStore();
    const bug = new TypeError('bug');
    inner.failWith = () => bug;
    const store = new UnavailabilityReportingBeliefStore(inner);
    await expect(store.stats(1)).rejects.toBe(bug);
    expect([store.kind, store.canDelete, typeof store.writeNew]).toEqual(['dynamodb', true, 'function']);
    const plain = Object.assign(Object.create(inner), { writeNew: undefined });
    expect(new UnavailabilityReportingBeliefStore(plain).writeNew).toBeUndefined();
  });
});
