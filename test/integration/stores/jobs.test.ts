/** The DynamoDB job store on dynalite: creation, conditional state transitions, expiry on read, de-duplication markers. */
import { describe, it, expect } from '@jest/globals';
import { DynamoJobStore, INLINE_LIMIT_CHARS } from '../../../functions/stores/dynamodb/jobs.js';
import type { Job } from '../../../functions/core/ports/jobs.js';
import { useDynaliteForFile } from '../../helpers/dynamo.js';
import { GetCommand } from '@aws-sdk/lib-dynamodb';

const db = useDynaliteForFile();
const store = new DynamoJobStore(db.options('jobs'));
const T0 = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;

function job(id: string, overrides: Partial<Job> = {}): Job {
  return {
    id,
    status: 'queued',
    scheduler: 'StorageScheduler',
    request: {
      sensorId: 1,
      start: T0,
      end: T0 + DAY,
      resolutionMs: 900_000,
      prior: null,
      flexModel: { 'soc-at-start': 1 },
      flexContext: {},
      flexConfig: {
        sensorId: 1,
        startMs: T0,
        endMs: T0 + DAY,
        stepMs: 900_000,
        steps: 96,
        flexModel: { socAtStart: 1, socMin: 0, socMax: 5, socGain: [], socUsage: [], preferChargingSooner: true },
        flexContext: {},
        warnings: [],
      },
    },
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
    expect(await store.finish('c', result, T0 + 10, 7 * DAY)).toBe(true);
    const done = await store.get('c', T0 + 6 * DAY);
    expect(done).toMatchObject({ status: 'done', result, finishedAt: T0 + 10 });
    expect(await store.get('c', T0 + 8 * DAY)).toBeNull();
    expect(await store.finish('c', result, T0 + 20, DAY)).toBe(false);
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

  it('lets only the run holding the claim finish or release the job; counts attempts; keeps the first claim time', async () => {
    await store.create(job('f'));
    const claimed = await store.claim('f', T0 + 5, { runId: 'run-1' });
    expect(claimed).toMatchObject({ status: 'running', runId: 'run-1', attempts: 1, startedAt: T0 + 5, firstStartedAt: T0 + 5 });
    expect(await store.release('f', 'run-2')).toBe(false);
    expect(await store.release('f', 'run-1')).toBe(true);
    expect(await store.get('f', T0 + 6)).toMatchObject({ status: 'queued' });
    const again = await store.claim('f', T0 + 50, { runId: 'run-3' });
    expect(again).toMatchObject({ status: 'running', runId: 'run-3', attempts: 2, startedAt: T0 + 50, firstStartedAt: T0 + 5 });
    const result = { start: T0, resolutionMs: 900_000, unit: 'MW', values: [0], beliefTime: T0 + 5, sourceId: 1, info: {} };
    expect(await store.finish('f', result, T0 + 60, DAY, 'run-1')).toBe(false);
    expect(await store.get('f', T0 + 61)).toMatchObject({ status: 'running' });
    expect(await store.finish('f', result, T0 + 60, DAY, 'run-3')).toBe(true);
    expect(await store.release('f', 'run-3')).toBe(false);
  });

  it('re-claims a running job only once its lease has run out (a run that died)', async () => {
    await store.create(job('g'));
    expect(await store.claim('g', T0, { runId: 'a', leaseMs: 1000 })).not.toBeNull();
    expect(await store.claim('g', T0 + 999, { runId: 'b', leaseMs: 1000 })).toBeNull();
    expect(await store.claim('g', T0 + 1000, { runId: 'c' })).toBeNull();
    expect(await store.claim('g', T0 + 1000, { runId: 'd', leaseMs: 1000 })).toMatchObject({ runId: 'd', attempts: 2 });
  });

  it('keeps large requests and results in chunk items and reads them back whole', async () => {
    const events = Array.from({ length: 3000 }, (_, i) => ({ start: new Date(T0 + i * 900_000).toISOString(), duration: 'PT15M', value: `${i % 97} EUR/MWh` }));
    const big = job('h');
    big.request = { ...big.request, flexContext: { 'consumption-price': events } };
    expect(JSON.stringify(big.request).length).toBeGreaterThan(2 * INLINE_LIMIT_CHARS);
    await store.create(big);
    expect((await store.get('h', T0))!.request).toEqual(big.request);
    const claimed = await store.claim('h', T0, { runId: 'r' });
    expect(claimed!.request).toEqual(big.request);
    const values = Array.from({ length: 2520 }, (_, i) => Math.round(Math.sin(i) * 1e6) / 1e6);
    const soc = Array.from({ length: 2521 }, (_, i) => Math.round(Math.cos(i) * 1e6) / 1e6 + 2.123456);
    const result = { start: T0, resolutionMs: 900_000, unit: 'MW', values, beliefTime: T0, sourceId: 1, info: { soc: { values: soc }, pad: 'x'.repeat(120_000) } };
    expect(await store.finish('h', result, T0 + 1, DAY, 'r')).toBe(true);
    expect(await store.get('h', T0 + 2)).toMatchObject({ status: 'done', result, request: big.request });
    // Both parts really live in chunk items: the job item itself stays small.
    const raw = await db.client.send(new GetCommand({ TableName: 'fm-jobs', Key: { pk: 'JOB#h', sk: 'JOB' } }));
    expect(raw.Item).toMatchObject({ requestChunks: expect.any(Number), resultChunks: expect.any(Number) });
    expect(raw.Item!.request).toBeUndefined();
    expect(raw.Item!.result).toBeUndefined();
    expect(JSON.stringify(raw.Item).length).toBeLessThan(2000);
  });

  it('keeps numbers DynamoDB cannot hold (1e-133, 1e200) exactly, as JSON text in a chunk item', async () => {
    // Found by the fuzz suite: a flex-model `soc-at-start` of -1.4566904761408297e-133 made the trigger a 500.
    const odd = job('tiny');
    odd.request = { ...odd.request, flexModel: { 'soc-at-start': -1.4566904761408297e-133, 'soc-max': 1e200, 'soc-min': 0 } };
    await store.create(odd);
    expect((await store.get('tiny', T0))!.request).toEqual(odd.request);
    const raw = await db.client.send(new GetCommand({ TableName: 'fm-jobs', Key: { pk: 'JOB#tiny', sk: 'JOB' } }));
    expect(raw.Item).toMatchObject({ requestChunks: 1 });
    // An ordinary request stays inline.
    await store.create(job('plain'));
    const plain = await db.client.send(new GetCommand({ TableName: 'fm-jobs', Key: { pk: 'JOB#plain', sk: 'JOB' } }));
    expect(plain.Item!.request).toBeDefined();
  });

  it('remembers identical trigger requests for their window only; one claim wins, replace takes over, release lets go', async () => {
    expect(await store.claimRequest('hash-1', 'a', T0, T0 + 3600_000)).toBe('a');
    expect(await store.claimRequest('hash-1', 'b', T0 + 1000, T0 + 3601_000)).toBe('a');
    expect(await store.findDuplicate('hash-1', T0)).toBe('a');
    expect(await store.findDuplicate('hash-1', T0 + 3600_000)).toBeNull();
    expect(await store.findDuplicate('hash-2', T0)).toBeNull();
    // Once its hour is over, the request is free for a new job.
    expect(await store.claimRequest('hash-1', 'c', T0 + 3600_000, T0 + 7200_000)).toBe('c');
    expect(await store.claimRequest('hash-1', 'd', T0 + 3601_000, T0 + 7201_000, true)).toBe('d');
    await store.releaseRequest('hash-1', 'c');
    expect(await store.findDuplicate('hash-1', T0 + 3602_000)).toBe('d');
    await store.releaseRequest('hash-1', 'd');
    expect(await store.findDuplicate('hash-1', T0 + 3602_000)).toBeNull();
    const claims = await Promise.all(Array.from({ length: 20 }, (_, i) => store.claimRequest('hash-3', `j${i}`, T0, T0 + 3600_000)));
    expect(new Set(claims).size).toBe(1);
    expect(await store.ping()).toBe(true);
  });
});
