/**
 * GET /api/v3_0/sensors/<id>/schedules/<uuid> (docs/contract/api.md §7.4): every state row (unknown, expired,
 * queued, running, failed with its reason, finished with and without data), the `duration` rules
 * (default PT6H, cap 48 h, zero → 400 INVALID_PERIOD, bad → 422 under `args_and_json`) and the
 * check order 401 → 404 → duration → 403 → job. Job states are set through the job store; the
 * solver is off.
 */
import { describe, it, expect, beforeAll, afterEach } from '@jest/globals';
import { setClock } from '../../../functions/lambda/clock.js';
import { jobStore } from '../../../functions/stores/index.js';
import type { JobResult } from '../../../functions/core/ports/jobs.js';
import { api, useRuntime } from '../../helpers/runtime.js';
import { buildSchedulingWorld, trigger, type SchedulingWorld } from '../../helpers/scheduling-world.js';

useRuntime({ solver: false });
let w: SchedulingWorld;
beforeAll(async () => {
  w = await buildSchedulingWorld();
});
afterEach(() => setClock());

const START = Date.parse('2015-01-01T00:00:00+01:00');
const QUARTER = 900_000;
const DAY = 86_400_000;

/** A new queued job for the Test battery (forced, so every call is a new job). */
async function newJob(sensorId = w.battery.power.id): Promise<string> {
  const res = await trigger(w.token, sensorId, {
    start: '2015-01-01T00:00:00+01:00',
    duration: 'PT72H',
    'flex-model': { 'soc-at-start': 2.5 },
    force_new_job_creation: true,
  });
  expect(res.status).toBe(200);
  return res.body.schedule;
}

function get(jobId: string, query: Record<string, string> = {}, token = w.token, sensorId = w.battery.power.id) {
  return api('GET', `/api/v3_0/sensors/${sensorId}/schedules/${jobId}`, { token, query });
}

const info = { scheduler: 'StorageScheduler', expected_cost: 12.5, expected_cost_unit: 'EUR' };

/** Finishes a job with a schedule of `n` quarter hours: 0.001, 0.002, … MW. */
async function finishJob(jobId: string, n: number): Promise<number[]> {
  const values = Array.from({ length: n }, (_, i) => (i + 1) / 1000);
  const result: JobResult = { start: START, resolutionMs: QUARTER, unit: 'MW', values, beliefTime: START, sourceId: 1, info };
  expect(await jobStore().claim(jobId, Date.now(), { runId: 'test' })).not.toBeNull();
  expect(await jobStore().finish(jobId, result, Date.now(), 7 * DAY, 'test')).toBe(true);
  return values;
}

const rejected = (status: string, message: string) => ({ status: 400, body: { message, result: 'Rejected', status } });

describe('job states', () => {
  it('unknown ids (also ones that are no UUID) → UNRECOGNIZED_UDI_EVENT', async () => {
    const id = '0c4f4b4e-9f7e-4a62-bd53-2f6f3a1d2c10';
    expect(await get(id)).toMatchObject(rejected('UNRECOGNIZED_UDI_EVENT', `The requested UDI event (id = ${id}, type = job) is not known.`));
    expect(await get('trigger')).toMatchObject(rejected('UNRECOGNIZED_UDI_EVENT', 'The requested UDI event (id = trigger, type = job) is not known.'));
  });

  it('queued → "waiting to be processed", running → "in progress" (the Python client polls on both)', async () => {
    const id = await newJob();
    expect(await get(id)).toMatchObject(
      rejected('UNKNOWN_SCHEDULE', 'No known schedule for this time period. Scheduling job waiting to be processed. StorageScheduler was used.'),
    );
    await jobStore().claim(id, Date.now(), { runId: 'r' });
    expect(await get(id)).toMatchObject(rejected('UNKNOWN_SCHEDULE', 'No known schedule for this time period. Scheduling job in progress. StorageScheduler was used.'));
  });

  it('failed → the exception type and text', async () => {
    const id = await newJob();
    await jobStore().fail(id, { type: 'UnknownPricesException', message: 'Prices unknown for planning window. (sensor 4)' }, Date.now(), 7 * DAY);
    expect(await get(id)).toMatchObject(
      rejected(
        'UNKNOWN_SCHEDULE',
        'No known schedule for this time period. Scheduling job failed with UnknownPricesException: Prices unknown for planning window. (sensor 4). StorageScheduler was used.',
      ),
    );
  });

  it('finished → the schedule with scheduler_info, consumption positive, no numeric status', async () => {
    const id = await newJob();
    const values = await finishJob(id, 8);
    const res = await get(id, { duration: 'PT1H' });
    expect(res).toMatchObject({ status: 200 });
    expect(res.body).toEqual({
      duration: 'PT1H',
      message: 'Request has been processed. StorageScheduler was used.',
      scheduler_info: info,
      start: '2014-12-31T23:00:00+00:00',
      status: 'PROCESSED',
      unit: 'MW',
      values: values.slice(0, 4),
    });
  });

  it('another sensor\'s job is unknown on this sensor', async () => {
    const id = await newJob(w.twoWay.id);
    expect(await get(id)).toMatchObject(rejected('UNRECOGNIZED_UDI_EVENT', `The requested UDI event (id = ${id}, type = job) is not known.`));
    expect((await get(id, {}, w.token, w.twoWay.id)).status).toBe(400);
  });

  it('a finished job is kept 7 days after it finished; a job waiting more than a day in the queue is gone', async () => {
    const t0 = Date.now();
    setClock(() => t0);
    const done = await newJob();
    await finishJob(done, 4);
    const waiting = await newJob();
    // Tokens last 6 hours: each moment gets a fresh one.
    const at = async (ms: number) => {
      setClock(() => ms);
      return w.world.token('prosumer');
    };
    let token = await at(t0 + DAY - 1000);
    expect((await get(waiting, {}, token)).body.status).toBe('UNKNOWN_SCHEDULE');
    token = await at(t0 + DAY + 1000);
    expect((await get(waiting, {}, token)).body.status).toBe('UNRECOGNIZED_UDI_EVENT');
    expect((await get(done, {}, token)).status).toBe(200);
    token = await at(Date.now() + 7 * DAY + 1000);
    expect((await get(done, {}, token)).body.status).toBe('UNRECOGNIZED_UDI_EVENT');
  });
});

describe('the duration window', () => {
  let id: string;
  let values: number[];
  beforeAll(async () => {
    id = await newJob();
    values = await finishJob(id, 288); // 72 hours
  });

  it('defaults to 6 hours', async () => {
    const res = await get(id);
    expect(res.body).toMatchObject({ duration: 'PT6H', values: values.slice(0, 24) });
  });

  it('is capped at the planning horizon of 48 hours (192 quarter hours), even for PT1000H or P1M', async () => {
    for (const duration of ['PT1000H', 'P3D', 'P1M', 'P2DT0H0M0S']) {
      const res = await get(id, { duration });
      expect(res.body).toMatchObject({ duration: 'PT48H', values: values.slice(0, 192) });
    }
  });

  it('takes the Python client\'s notation', async () => {
    expect((await get(id, { duration: 'P0DT1H30M0S' })).body).toMatchObject({ duration: 'PT1H30M', values: values.slice(0, 6) });
  });

  it('reports the span of the returned values when the schedule is shorter', async () => {
    const short = await newJob();
    const shortValues = await finishJob(short, 8);
    expect((await get(short)).body).toMatchObject({ duration: 'PT2H', values: shortValues });
  });

  it('a window shorter than one step finds no schedule', async () => {
    expect(await get(id, { duration: 'PT5M' })).toMatchObject(
      rejected(
        'UNKNOWN_SCHEDULE',
        'No known schedule for this time period. A scheduling job has been processed with your job ID, but the schedule was not found in the database. StorageScheduler was used.',
      ),
    );
  });

  it('zero (or negative) → 400 INVALID_PERIOD; unparsable → 422 under args_and_json', async () => {
    const invalid = rejected('INVALID_PERIOD', "A time period in your request doesn't seem right. Cannot parse 'duration' value.");
    for (const duration of ['PT0H', 'P0DT0H0M0S', '-PT1H']) expect(await get(id, { duration })).toMatchObject(invalid);
    expect(await get(id, { duration: 'soon' })).toMatchObject({
      status: 422,
      body: {
        message: { args_and_json: { duration: ["Cannot parse soon as ISO8601 duration: Unable to parse duration string 'soon'"] } },
        result: 'Rejected',
        status: 'UNPROCESSABLE_ENTITY',
      },
    });
    expect(await get(id, { duration: 'PT1M30S' })).toMatchObject({
      status: 422,
      body: { message: { args_and_json: { duration: ['FlexMeasures only support multiples of 1 minute.'] } } },
    });
  });
});

describe('check order', () => {
  it('401 → 404 → duration → 403 → job', async () => {
    const id = await newJob();
    const outsider = await w.world.token('dummy3');
    expect((await api('GET', `/api/v3_0/sensors/99999/schedules/${id}`, { query: { duration: 'PT0H' } })).status).toBe(401);
    expect(await get(id, { duration: 'soon' }, w.token, 99_999)).toMatchObject({ status: 404, body: { message: 'Sensor 99999 not found' } });
    expect((await get(id, { duration: 'soon' }, outsider)).status).toBe(422);
    expect((await get(id, { duration: 'PT0H' }, outsider)).status).toBe(400);
    expect(await get(id, {}, outsider)).toMatchObject({ status: 403, body: { status: 'INVALID_SENDER' } });
    expect(await get('0c4f4b4e-9f7e-4a62-bd53-2f6f3a1d2c10', {}, outsider)).toMatchObject({ status: 403 });
    // Admin-readers may read any sensor.
    expect((await get(id, {}, await w.world.token('adminReader'))).body.status).toBe('UNKNOWN_SCHEDULE');
  });
});
