/**
 * The solver Lambda (functions/solver.ts) on the real local queue (fauxqs, visibility timeout 1 s)
 * and directly with SQS events: at-least-once delivery never gives a second schedule, transient
 * errors are retried and the last delivery fails the job with the reason, dead-lettered jobs are
 * failed by the DLQ consumer, a run that died is taken over after its lease, inputs are read as
 * known at `prior`, and the schedule is stored as beliefs of the scheduler source.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type { Context, SQSEvent } from 'aws-lambda';
import { jobRecord, sqsEvent } from '../../helpers/events.js';
import { handler as solverLambda } from '../../../functions/solver.js';
import { handler as deadLettersLambda } from '../../../functions/solver-dlq.js';
import { configFrom, type Environment } from '../../../functions/lambda/config.js';
import { createPorts, type RealPorts } from '../../../functions/stores/index.js';
import { STORAGE_SCHEDULER_SOURCE } from '../../../functions/core/jobs.js';
import { SqsJobQueue } from '../../../functions/stores/sqs/job-queue.js';
import { queueDepth } from '../../helpers/queue.js';
import { SqsPoller } from '../../../local/poller.js';
import { api, stores, useRuntime } from '../../helpers/runtime.js';
import { buildSchedulingWorld, createSensor, trigger, type SchedulingWorld } from '../../helpers/scheduling-world.js';

const rt = useRuntime({ solver: false, queueVisibilityTimeout: 1 });
let w: SchedulingWorld;
beforeAll(async () => {
  w = await buildSchedulingWorld();
});

/** The solver and the dead-letter consumer as Lambda runs them, over the runtime's ports. */
const solver = (e: SQSEvent, c: Context) => solverLambda.withPorts(stores())(e, c);
const deadLetters = (e: SQSEvent, c: Context) => deadLettersLambda.withPorts(stores())(e, c);

/** Ports over the runtime's stores with some of its configuration changed (a missing table, another lease). */
const variants: RealPorts[] = [];
function solverWith(env: Environment) {
  const ports = createPorts(configFrom({ ...rt.runtime.env, ...env }));
  variants.push(ports);
  return solverLambda.withPorts(ports);
}
afterAll(() => variants.forEach((p) => p.destroy()));

const DAY1 = '2015-01-01T00:00:00+01:00';
const context = {} as Context;

/** Triggers a (new) day-1 job for the Test battery and returns its id. */
async function newJob(extra: Record<string, unknown> = {}, sensorId = w.battery.power.id): Promise<string> {
  const res = await trigger(w.token, sensorId, {
    start: DAY1,
    duration: 'PT24H',
    'flex-model': { 'soc-at-start': 2.5 },
    force_new_job_creation: true,
    ...extra,
  });
  expect(res.status).toBe(200);
  return res.body.schedule;
}

const record = (jobId: string, receiveCount = 1, messageId = `m-${jobId}`) => jobRecord(jobId, receiveCount, messageId);
const event = sqsEvent;

/** Polls the real queue with the solver until `done()` (or the round budget is spent). */
async function pump(done: () => Promise<boolean>, rounds = 40, handler = solver): Promise<void> {
  const poller = new SqsPoller({ client: rt.runtime.ports.clients.sqs, queueUrl: rt.runtime.queue.queueUrl, handler, batchSize: 10 });
  for (let i = 0; i < rounds && !(await done()); i++) await poller.pollOnce(1);
}

const status = async (id: string) => (await stores().jobs.get(id, Date.now()))?.status;

/** The scheduler's beliefs about day 1 of a sensor. */
async function scheduleBeliefs(sensorId: number) {
  const source = await stores().assets.getOrCreateSource({ ...STORAGE_SCHEDULER_SOURCE });
  return stores().beliefs.query({ sensorId, from: Date.parse(DAY1), to: Date.parse(DAY1) + 86_400_000, sourceIds: [source.id] });
}

describe('at-least-once delivery never gives a second schedule', () => {
  it('the message delivered three more times through the queue after the job finished: one schedule', async () => {
    const id = await newJob();
    await pump(async () => (await status(id)) === 'done');
    const first = await stores().jobs.get(id, Date.now());
    expect(first).toMatchObject({ status: 'done', attempts: 1 });
    const queue = new SqsJobQueue(rt.runtime.queue.queueUrl, rt.runtime.ports.clients.sqs);
    for (let i = 0; i < 3; i++) await queue.send({ jobId: id });
    await pump(async () => (await queueDepth(rt.runtime.ports.clients.sqs, rt.runtime.queue.queueUrl)) === 0);
    expect(await queueDepth(rt.runtime.ports.clients.sqs, rt.runtime.queue.queueUrl)).toBe(0);
    expect(await queueDepth(rt.runtime.ports.clients.sqs, rt.runtime.queue.deadLetterQueueUrl)).toBe(0);
    const after = await stores().jobs.get(id, Date.now());
    expect(after).toMatchObject({ status: 'done', attempts: 1, finishedAt: first!.finishedAt, result: first!.result });
    const beliefs = await scheduleBeliefs(w.battery.power.id);
    expect(new Set(beliefs.map((b) => b.beliefTime)).size).toBe(1);
    expect(beliefs).toHaveLength(96);
  });

  it('three concurrent deliveries of one message: one claim, one run, every delivery acknowledged', async () => {
    const id = await newJob();
    const answers = await Promise.all([1, 2, 3].map(() => solver(event(record(id)), context)));
    for (const answer of answers) expect(answer).toEqual({ batchItemFailures: [] });
    expect(await stores().jobs.get(id, Date.now())).toMatchObject({ status: 'done', attempts: 1 });
  });

  it('messages without a job id, and unknown jobs, are acknowledged and change nothing', async () => {
    const malformed = { ...record('x'), body: 'not json' };
    expect(await solver(event(malformed, record('0c4f4b4e-9f7e-4a62-bd53-2f6f3a1d2c10')), context)).toEqual({ batchItemFailures: [] });
  });
});

describe('failures', () => {
  it('a transient error is retried with the message; its last delivery (the 5th) fails the job with the reason', async () => {
    const id = await newJob();
    // The belief store's table vanishes: every run hits a DynamoDB error while loading prices.
    const broken = solverWith({ BELIEF_TABLE: 'fm-beliefs-missing' });
    const counts: string[] = [];
    const observed = async (e: SQSEvent, c: Context) => {
      // (Other tests' trigger messages may be in the queue too.)
      counts.push(...e.Records.filter((r) => r.body.includes(id)).map((r) => r.attributes.ApproximateReceiveCount));
      return broken(e, c);
    };
    await pump(async () => (await status(id)) === 'failed', 60, observed);
    expect(counts).toEqual(['1', '2', '3', '4', '5']);
    const job = await stores().jobs.get(id, Date.now());
    expect(job).toMatchObject({ status: 'failed', attempts: 5, error: { type: 'ResourceNotFoundException' } });
    // The last delivery was acknowledged: nothing waits in the queue or the dead-letter queue.
    await pump(async () => (await queueDepth(rt.runtime.ports.clients.sqs, rt.runtime.queue.queueUrl)) === 0, 10, observed);
    expect(counts).toEqual(['1', '2', '3', '4', '5']);
    expect(await queueDepth(rt.runtime.ports.clients.sqs, rt.runtime.queue.queueUrl)).toBe(0);
    expect(await queueDepth(rt.runtime.ports.clients.sqs, rt.runtime.queue.deadLetterQueueUrl)).toBe(0);
    const res = await api('GET', `/api/v3_0/sensors/${w.battery.power.id}/schedules/${id}`, { token: w.token });
    expect(res.status).toBe(400);
    expect(res.body.status).toBe('UNKNOWN_SCHEDULE');
    expect(res.body.message).toMatch(
      new RegExp(`^No known schedule for this time period\\. Scheduling job failed with ResourceNotFoundException: ${job!.error!.message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\. StorageScheduler was used\\.$`),
    );
  });

  it('before its last delivery, a failed run gives the job back and reports the message as failed', async () => {
    const id = await newJob();
    await expect(solverWith({ BELIEF_TABLE: 'fm-beliefs-missing' })(event(record(id, 2)), context)).rejects.toThrow();
    expect(await stores().jobs.get(id, Date.now())).toMatchObject({ status: 'queued', attempts: 1 });
  });

  it('a scheduling failure fails the job at once (no retry): prices unknown as of the prior', async () => {
    // The fixture prices were believed on 2014-12-31; a prior before that sees none.
    const id = await newJob({ prior: '2014-12-30T00:00:00+01:00' });
    expect(await solver(event(record(id)), context)).toEqual({ batchItemFailures: [] });
    expect(await stores().jobs.get(id, Date.now())).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: { type: 'UnknownPricesException', message: `Prices unknown for planning window. (sensor ${w.epexDa.id})` },
    });
  });

  it('a sensor deleted before its job ran fails the job with a ValueError', async () => {
    const sensor = await createSensor(w.battery.asset, 'to be deleted', 'MW', 900_000);
    const id = await newJob({}, sensor.id);
    await stores().assets.deleteSensor(sensor);
    expect(await solver(event(record(id)), context)).toEqual({ batchItemFailures: [] });
    expect(await stores().jobs.get(id, Date.now())).toMatchObject({
      status: 'failed',
      error: { type: 'ValueError', message: `Sensor ${sensor.id} does not exist (any more).` },
    });
  });

  it('the dead-letter consumer fails dead-lettered jobs, and leaves finished ones alone', async () => {
    const waiting = await newJob();
    const done = await newJob();
    await solver(event(record(done)), context);
    expect(await deadLetters(event(record(waiting, 1, 'a'), record(done, 1, 'b')), context)).toEqual({ batchItemFailures: [] });
    expect(await stores().jobs.get(waiting, Date.now())).toMatchObject({
      status: 'failed',
      error: { type: 'JobTimeoutException', message: 'The job did not finish in 5 attempts: each run timed out or crashed before it could report' },
    });
    expect(await status(done)).toBe('done');
    const res = await api('GET', `/api/v3_0/sensors/${w.battery.power.id}/schedules/${waiting}`, { token: w.token });
    expect(res.body.message).toContain('Scheduling job failed with JobTimeoutException: The job did not finish in 5 attempts');
  });
});

describe('a run that died', () => {
  it('is taken over once its lease has run out, not before', async () => {
    const solver = solverWith({ JOB_LEASE_SECONDS: '300' });
    const fresh = await newJob();
    await stores().jobs.claim(fresh, Date.now(), { runId: 'alive' });
    expect(await solver(event(record(fresh, 2)), context)).toEqual({ batchItemFailures: [] });
    expect(await stores().jobs.get(fresh, Date.now())).toMatchObject({ status: 'running', runId: 'alive' });

    const stale = await newJob();
    await stores().jobs.claim(stale, Date.now() - 301_000, { runId: 'dead' });
    expect(await solver(event(record(stale, 2)), context)).toEqual({ batchItemFailures: [] });
    expect(await stores().jobs.get(stale, Date.now())).toMatchObject({ status: 'done', attempts: 2 });
  });
});

describe('what a finished job stores', () => {
  it('beliefs of the scheduler source "Seita", production positive for a power sensor, believed at the prior', async () => {
    const prior = '2015-01-01T00:00:00+01:00';
    const id = await newJob({ prior, 'flex-model': { 'soc-at-start': 1.5 } });
    await solver(event(record(id)), context);
    const job = await stores().jobs.get(id, Date.now());
    expect(job!.status).toBe('done');
    const source = await stores().assets.getDataSource(job!.result!.sourceId);
    expect(source).toMatchObject({ name: 'Seita', type: 'scheduler', model: 'StorageScheduler', version: '3' });
    const stored = (await scheduleBeliefs(w.battery.power.id)).filter((b) => b.beliefTime === Date.parse(prior));
    expect(stored.map((b) => b.value)).toEqual(job!.result!.values.map((v) => (v === 0 ? 0 : -v)));
    expect(job!.result!.values.some((v) => v !== 0)).toBe(true);
  });

  it('updates soc_in_mwh and soc_datetime on the asset when it has them', async () => {
    const asset = w.battery.asset;
    await stores().assets.updateAsset(asset.id, { attributes: { ...asset.attributes, soc_in_mwh: 0, soc_datetime: '2000-01-01T00:00:00+00:00' } });
    try {
      const id = await newJob({ 'flex-model': { 'soc-at-start': 3.25 } });
      await solver(event(record(id)), context);
      expect(await status(id)).toBe('done');
      expect((await stores().assets.getAsset(asset.id))!.attributes).toMatchObject({ soc_in_mwh: 3.25, soc_datetime: '2014-12-31T23:00:00+00:00' });
    } finally {
      await stores().assets.updateAsset(asset.id, { attributes: asset.attributes });
    }
  });
});
