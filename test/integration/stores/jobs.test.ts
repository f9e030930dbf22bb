/** The DynamoDB job store on dynalite: creation, conditional state transitions, expiry on read, de-duplication markers. */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type { LocalDynamo } from '../../../local/aws.js';
import { DynamoJobStore } from '../../../functions/stores/dynamodb/jobs.js';
import type { Job } from '../../../functions/stores/ports/jobs.js';
import { useDynalite } from '../../helpers/dynamo.js';

let dynamo: LocalDynamo;
const store = new DynamoJobStore();
const T0 = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;

beforeAll(async () => {
  dynamo = await useDynalite();
});
afterAll(async () => {
  await dynamo?.close();
});

function job(id: string, overrides: Partial<Job> = {}): Job {
  return {
    id,
    status: 'queued',
    scheduler: 'StorageScheduler',
    request: { sensorId: 1, start: T0, end: T0 + DAY, resolutionMs: 900_000, prior: null, flexModel: { 'soc-at-start': 1 }, flexContext: {} },
    createdAt: T0,
    expiresAt: T0 + DAY,
    ...overrides,
  };
}

describe('DynamoJobStore', () => {
  it('creates a job once and reads it back', async () => {
    await store.create(job('a'));
    await expect(store.create(job('a'))).rejects.toThrow();
    expect(await store.get('a', T0)).toMatchObject({ id: 'a', status: 'queued', request: { flexModel: { 'soc-at-start': 1 } } });
    expect(await store.get('missing', T0)).toBeNull();
  });

  it('lets exactly one delivery claim a queued job', async () => {
    await store.create(job('b'));
    const [first, second] = await Promise.all([store.claim('b', T0 + 1), store.claim('b', T0 + 1)]);
    expect([first, second].filter(Boolean)).toHaveLength(1);
    expect((first ?? second)!.status).toBe('running');
    expect(await store.claim('b', T0 + 2)).toBeNull();
  });

  it('finishes a running job with its result and keeps it for the planning TTL', async () => {
    await store.create(job('c'));
    await store.claim('c', T0);
    const result = { start: T0, resolutionMs: 900_000, unit: 'MW', values: [1, -0.5], beliefTime: T0, sourceId: 3, info: { status: 'optimal' } };
    await store.finish('c', result, T0 + 10, 7 * DAY);
    const done = await store.get('c', T0 + 6 * DAY);
    expect(done).toMatchObject({ status: 'done', result, finishedAt: T0 + 10 });
    expect(await store.get('c', T0 + 8 * DAY)).toBeNull();
    await expect(store.finish('c', result, T0 + 20, DAY)).rejects.toThrow();
  });

  it('fails queued or running jobs, but never a finished one', async () => {
    await store.create(job('d'));
    expect(await store.fail('d', { type: 'ValueError', message: 'bad' }, T0, DAY)).toBe(true);
    expect(await store.get('d', T0)).toMatchObject({ status: 'failed', error: { type: 'ValueError', message: 'bad' } });
    expect(await store.fail('d', { type: 'X', message: 'again' }, T0, DAY)).toBe(false);
  });

  it('does not claim an expired job', async () => {
    await store.create(job('e', { expiresAt: T0 + 5 }));
    expect(await store.claim('e', T0 + 10)).toBeNull();
    expect(await store.get('e', T0 + 10)).toBeNull();
  });

  it('remembers identical trigger requests for their window only', async () => {
    await store.rememberRequest('hash-1', 'a', T0 + 3600_000);
    expect(await store.findDuplicate('hash-1', T0)).toBe('a');
    expect(await store.findDuplicate('hash-1', T0 + 3600_000)).toBeNull();
    expect(await store.findDuplicate('hash-2', T0)).toBeNull();
    expect(await store.ping()).toBe(true);
  });
});
