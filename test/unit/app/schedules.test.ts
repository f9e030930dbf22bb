/** The scheduling use cases over in-memory ports: trigger → job + message → run → read, and the rules on the way. */
import { describe, it, expect } from '@jest/globals';
import { getSchedule, submitScheduleJob, triggerSchedule, type ScheduleSubmission } from '../../../functions/app/schedules.js';
import { failDeadLetteredJob, runScheduleMessage } from '../../../functions/app/schedule-jobs.js';
import { FlexConfigError, ForbiddenError, ResponseError, ServiceUnavailableError } from '../../../functions/core/errors.js';
import type { Actor } from '../../../functions/core/permissions.js';
import type { Ports } from '../../../functions/core/ports/index.js';
import { FakeJobQueue, FakeJobStore } from '../../fakes/jobs.js';
import { fakePorts } from '../../fakes/ports.js';
import type { Sensor } from '../../../functions/core/assets/model.js';
import { assetOfType, beliefsOf, entityPorts, sensorOf } from './stand-ins.js';

const HOUR = 3600_000;
const DAY2 = Date.parse('2015-01-01T23:00:00Z'); // 2015-01-02T00:00+01:00
const NOW = Date.parse('2015-01-01T12:00:00Z');

const member: Actor = { userId: 5, accountId: 1, roles: [] };
const stranger: Actor = { userId: 6, accountId: 3, roles: [] };
const admin: Actor = { userId: 1, accountId: 3, roles: ['admin'] };

/** A kW process sensor of account 1 (the one scheduled) and a price sensor on a market of account 2. */
async function ports(env: Record<string, string> = {}) {
  const { assets, accounts } = await entityPorts();
  const power = await sensorOf(assets, await assetOfType(assets, 'process', { account_id: 1 }), { unit: 'kW' });
  const market = await assetOfType(assets, 'market', { account_id: 2 });
  const price = await sensorOf(assets, market, { name: 'prices', unit: 'EUR/MWh' });
  const jobs = new FakeJobStore();
  const queue = new FakeJobQueue();
  const beliefs = beliefsOf();
  const deps = fakePorts({ jobs, queue, assets, beliefs, accounts, env, now: NOW });
  return { deps, jobs, queue, assets, beliefs, power, price, marketTypeId: market.generic_asset_type_id };
}

/** Hourly prices of the price sensor for 2015-01-02, believed the day before: cheapest from 08:00 to 12:00. */
async function storePrices(deps: Ports, price: Sensor): Promise<void> {
  await deps.beliefs.put(
    Array.from({ length: 24 }, (_, j) => ({
      sensorId: price.id, eventStart: DAY2 + j * HOUR, beliefTime: NOW - HOUR, sourceId: 99, cumulativeProbability: 0.5, value: j >= 8 && j < 12 ? 10 : 50,
    })),
  );
}

const body = (price: Sensor, extra: Record<string, unknown> = {}) => ({
  start: '2015-01-02T00:00:00+01:00',
  duration: 'PT24H',
  'flex-model': { duration: 'PT4H', power: 4, 'process-type': 'SHIFTABLE' },
  'flex-context': { 'consumption-price-sensor': price.id },
  ...extra,
});

const delivery = (jobId: string, receiveCount = 1) => ({ messageId: `m-${jobId}`, body: JSON.stringify({ jobId }), receiveCount });

describe('triggerSchedule → runScheduleMessage → getSchedule', () => {
  it('places a process at the cheapest block and reads it back, consumption positive', async () => {
    const { deps, queue, beliefs, power, price } = await ports();
    await storePrices(deps, price);
    // The price sensor belongs to account 2: the member of account 1 may not refer to it.
    await expect(triggerSchedule(deps, member, power, body(price))).rejects.toThrow(FlexConfigError);
    const id = await triggerSchedule(deps, admin, power, body(price));
    expect(queue.messages).toEqual([{ jobId: id }]);

    expect(await runScheduleMessage(deps, delivery(id))).toBe('done');
    const answer = (await getSchedule(deps, admin, power, id, 'PT24H')) as Record<string, unknown>;
    expect(answer).toMatchObject({
      duration: 'PT24H',
      message: 'Request has been processed. ProcessScheduler was used.',
      start: '2015-01-01T23:00:00+00:00',
      status: 'PROCESSED',
      unit: 'kW',
      values: Array.from({ length: 24 }, (_, j) => (j >= 8 && j < 12 ? 4 : 0)),
    });
    expect((answer.scheduler_info as { expected_cost: number }).expected_cost).toBeCloseTo(0.16, 10);
    // Stored as beliefs of the power sensor, production positive, believed when the job first ran.
    const stored = beliefs.all.filter((b) => b.sensorId === power.id);
    expect(stored.map((b) => b.value)).toEqual(Array.from({ length: 24 }, (_, j) => (j >= 8 && j < 12 ? -4 : 0)));
    expect(new Set(stored.map((b) => b.beliefTime))).toEqual(new Set([NOW]));
  });

  it('checks the caller may schedule the sensor before anything else', async () => {
    const { deps, jobs, power, price } = await ports();
    await expect(triggerSchedule(deps, stranger, power, body(price, { duration: 'nonsense' }))).rejects.toThrow(ForbiddenError);
    expect(jobs.jobs.size).toBe(0);
  });

  it('refuses a sensor whose asset type has no scheduler, with FlexMeasures\' text', async () => {
    const { deps, price, marketTypeId } = await ports();
    await expect(triggerSchedule(deps, admin, price, body(price))).rejects.toThrow(FlexConfigError);
    await expect(triggerSchedule(deps, admin, price, body(price))).rejects.toMatchObject({
      message: expect.stringContaining(`Scheduling is not (yet) supported for asset type <GenericAssetType ${marketTypeId}: 'market'>.`),
    });
  });

  it('tells unknown, pending and other sensors\' jobs apart on read', async () => {
    const { deps, power, price } = await ports();
    await storePrices(deps, price);
    const id = await triggerSchedule(deps, admin, power, body(price));
    const statusOf = async (jobId: string, sensor = power) =>
      getSchedule(deps, admin, sensor, jobId, undefined).then(
        () => 'answered',
        (err: ResponseError) => `${err.statusCode} ${(err.body() as { status: string }).status}`,
      );
    expect(await statusOf('not-a-uuid')).toBe('400 UNRECOGNIZED_UDI_EVENT');
    expect(await statusOf(id, price)).toBe('400 UNRECOGNIZED_UDI_EVENT');
    expect(await statusOf(id)).toBe('400 UNKNOWN_SCHEDULE');
    await expect(getSchedule(deps, admin, power, id, 'PT0H')).rejects.toMatchObject({ statusCode: 400 });
    await expect(getSchedule(deps, stranger, power, id, undefined)).rejects.toThrow(ForbiddenError);
  });
});

describe('submitScheduleJob', () => {
  const submission: ScheduleSubmission = {
    sensorId: 1, scheduler: 'ProcessScheduler', start: DAY2, end: DAY2 + 24 * HOUR, resolutionMs: HOUR, prior: null,
    flexModel: { duration: 'PT4H' }, flexContext: {}, flexConfig: { kind: 'process' } as never, forceNewJob: false,
  };

  it('answers an identical request of the last hour with the same job, unless a new one is forced', async () => {
    const { deps, jobs, queue } = await ports();
    const first = await submitScheduleJob(deps, submission);
    expect(await submitScheduleJob(deps, submission)).toBe(first);
    const forced = await submitScheduleJob(deps, { ...submission, forceNewJob: true });
    expect(forced).not.toBe(first);
    expect(queue.messages).toEqual([{ jobId: first }, { jobId: forced }]);
    expect((await jobs.get(first, NOW))!).toMatchObject({ status: 'queued', createdAt: NOW, scheduler: 'ProcessScheduler' });
    // The hour is over: a new job.
    const later = fakePorts({ jobs, queue, now: NOW + 2 * HOUR });
    expect(await submitScheduleJob(later, submission)).not.toBe(forced);
  });

  it('writes the job only when asked not to queue it (the CLI runs it itself)', async () => {
    const { deps, jobs, queue } = await ports();
    const id = await submitScheduleJob(deps, { ...submission, queue: false });
    expect(queue.messages).toEqual([]);
    expect((await jobs.get(id, NOW))!.status).toBe('queued');
  });

  it('fails the job and lets the request go when the message cannot be sent (503)', async () => {
    const { deps, jobs, queue } = await ports();
    queue.failing = new Error('queue down');
    await expect(submitScheduleJob(deps, submission)).rejects.toThrow(ServiceUnavailableError);
    const [job] = [...jobs.jobs.values()];
    expect(job).toMatchObject({ status: 'failed', error: { type: 'Exception', message: 'The job could not be queued.' } });
    queue.failing = null;
    const retried = await submitScheduleJob(deps, submission);
    expect(retried).not.toBe(job!.id);
  });
});

describe('job runs and the dead-letter queue', () => {
  it('drops a message without a job id and skips unknown jobs', async () => {
    const { deps } = await ports();
    expect(await runScheduleMessage(deps, { messageId: 'm', body: 'not json', receiveCount: 1 })).toBe('dropped');
    expect(await runScheduleMessage(deps, delivery('0c4f4b4e-9f7e-4a62-bd53-2f6f3a1d2c10'))).toBe('skipped');
  });

  it('gives a job back on a transient error, and fails it on the last delivery', async () => {
    const { deps, jobs, power, price } = await ports({ JOB_MAX_RECEIVE_COUNT: '3' });
    const id = await triggerSchedule(deps, admin, power, body(price));
    const broken = fakePorts({
      jobs, queue: deps.queue, beliefs: deps.beliefs, env: { JOB_MAX_RECEIVE_COUNT: '3' }, now: NOW,
      assets: Object.assign(Object.create(deps.assets), { getSensor: async () => Promise.reject(Object.assign(new Error('table gone'), { name: 'ResourceNotFoundException' })) }),
    });
    await expect(runScheduleMessage(broken, delivery(id, 2))).rejects.toThrow('table gone');
    expect(await jobs.get(id, NOW)).toMatchObject({ status: 'queued', attempts: 1 });
    expect(await runScheduleMessage(broken, delivery(id, 3))).toBe('failed');
    expect(await jobs.get(id, NOW)).toMatchObject({ status: 'failed', attempts: 2, error: { type: 'ResourceNotFoundException', message: 'table gone' } });
  });

  it('calls onClaimed once the job is claimed, and never runs a job twice', async () => {
    const { deps, power, price } = await ports();
    await storePrices(deps, price);
    const id = await triggerSchedule(deps, admin, power, body(price));
    const claimed: string[] = [];
    expect(await runScheduleMessage(deps, delivery(id), { onClaimed: (jobId) => claimed.push(jobId) })).toBe('done');
    expect(await runScheduleMessage(deps, delivery(id), { onClaimed: (jobId) => claimed.push(jobId) })).toBe('skipped');
    expect(claimed).toEqual([id]);
  });

  it('fails dead-lettered jobs after the configured number of attempts, leaving finished ones alone', async () => {
    const { deps, jobs, power, price } = await ports({ JOB_MAX_RECEIVE_COUNT: '4' });
    await storePrices(deps, price);
    const waiting = await triggerSchedule(deps, admin, power, body(price));
    const done = await triggerSchedule(deps, admin, power, body(price, { force_new_job_creation: true }));
    await runScheduleMessage(deps, delivery(done));
    expect(await failDeadLetteredJob(deps, delivery(waiting))).toBe(true);
    expect(await failDeadLetteredJob(deps, delivery(done))).toBe(false);
    expect(await failDeadLetteredJob(deps, { messageId: 'x', body: '{}' })).toBe(false);
    expect((await jobs.get(waiting, NOW))!.error).toEqual({
      type: 'JobTimeoutException',
      message: 'The job did not finish in 4 attempts: each run timed out or crashed before it could report',
    });
    expect((await jobs.get(done, NOW))!.status).toBe('done');
  });
});
