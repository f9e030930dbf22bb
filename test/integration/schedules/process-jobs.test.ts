/**
 * A process job is a job like a storage job: queued with a message on the real local queue, the
 * GET's waiting answer names the ProcessScheduler, the solver Lambda handler claims it once
 * (concurrent and repeated deliveries are acknowledged without a second schedule), and a transient
 * error on its last delivery fails the job with the reason.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type { Context, SQSEvent } from 'aws-lambda';
import { jobRecord, sqsEvent } from '../../helpers/events.js';
import type { Sensor } from '../../../functions/core/assets/model.js';
import { PROCESS_SCHEDULER_SOURCE } from '../../../functions/core/process/index.js';
import { handler as solverLambda } from '../../../functions/solver.js';
import { configFrom } from '../../../functions/lambda/config.js';
import { createPorts, type RealPorts } from '../../../functions/stores/index.js';
import { assetFields } from '../../helpers/assets-world.js';
import { api, stores, useRuntime } from '../../helpers/runtime.js';
import { buildSchedulingWorld, createSensor, trigger, type SchedulingWorld } from '../../helpers/scheduling-world.js';

const rt = useRuntime({ solver: false });
let w: SchedulingWorld;
let power: Sensor;
const HOUR = 3_600_000;
const DAY2 = '2015-01-02T00:00:00+01:00';
/** The solver Lambda over the runtime's ports. */
const solver = (e: SQSEvent, c: Context) => solverLambda.withPorts(stores())(e, c);
let missingTable: RealPorts | undefined;
afterAll(() => missingTable?.destroy());

beforeAll(async () => {
  w = await buildSchedulingWorld();
  const type = (await stores().assets.getAssetTypeByName('process'))!;
  const asset = await stores().assets.createAsset(
    assetFields({ name: 'Queued process', genericAssetTypeId: type.id, accountId: w.world.accounts.prosumer.id, consumptionPriceSensorId: w.epexDa.id }),
  );
  power = await createSensor(asset, 'power', 'kW', HOUR);
});

async function newJob(): Promise<string> {
  const res = await trigger(w.token, power.id, {
    start: DAY2,
    duration: 'PT24H',
    'flex-model': { duration: 'PT4H', power: 4, 'process-type': 'SHIFTABLE' },
    force_new_job_creation: true,
  });
  expect(res.status).toBe(200);
  return res.body.schedule;
}

const record = (jobId: string, receiveCount = 1) => jobRecord(jobId, receiveCount);
const event = sqsEvent;
const context = {} as Context;
const get = (id: string) => api('GET', `/api/v3_0/sensors/${power.id}/schedules/${id}`, { token: w.token, query: { duration: 'PT24H' } });

describe('a process job on the scheduling queue', () => {
  it('waits in the queue naming its scheduler; concurrent deliveries give one claim and one schedule, and the asset price sensor prices it', async () => {
    const id = await newJob();
    expect(await get(id)).toMatchObject({
      status: 400,
      body: { status: 'UNKNOWN_SCHEDULE', message: 'No known schedule for this time period. Scheduling job waiting to be processed. ProcessScheduler was used.' },
    });
    const answers = await Promise.all([1, 2, 3].map(() => solver(event(record(id)), context)));
    for (const answer of answers) expect(answer).toEqual({ batchItemFailures: [] });
    expect(await stores().jobs.get(id, Date.now())).toMatchObject({ status: 'done', attempts: 1, scheduler: 'ProcessScheduler' });
    // A late redelivery is acknowledged and changes nothing.
    expect(await solver(event(record(id, 2)), context)).toEqual({ batchItemFailures: [] });
    const res = await get(id);
    expect(res.status).toBe(200);
    expect(res.body.values).toEqual(Array.from({ length: 24 }, (_, j) => (j >= 8 && j < 12 ? 4 : 0)));
    const source = await stores().assets.getOrCreateSource({ ...PROCESS_SCHEDULER_SOURCE });
    const beliefs = await stores().beliefs.query({ sensorId: power.id, from: Date.parse(DAY2), to: Date.parse(DAY2) + 24 * HOUR, sourceIds: [source.id] });
    expect(beliefs).toHaveLength(24);
    expect(new Set(beliefs.map((b) => b.beliefTime)).size).toBe(1);
  });

  it('a transient error is retried; on the last delivery the job fails with the reason', async () => {
    const id = await newJob();
    // The runtime's stores with the belief table gone.
    missingTable = createPorts(configFrom({ ...rt.runtime.env, BELIEF_TABLE: 'fm-beliefs-missing' }));
    const broken = solverLambda.withPorts(missingTable);
    // The whole (one-record) batch fails, so the message comes back.
    await expect(broken(event(record(id, 1)), context)).rejects.toThrow('All records failed processing');
    expect(await stores().jobs.get(id, Date.now())).toMatchObject({ status: 'queued' });
    expect(await broken(event(record(id, 5)), context)).toEqual({ batchItemFailures: [] });
    const job = await stores().jobs.get(id, Date.now());
    expect(job?.status).toBe('failed');
    const res = await get(id);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^No known schedule for this time period\. Scheduling job failed with \w+: .+\. ProcessScheduler was used\.$/);
  });
});
