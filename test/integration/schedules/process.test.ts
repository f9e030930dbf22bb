/**
 * Process schedules through the HTTP API and the job queue (the runtime's solver works the queue):
 * selection by asset type (`process`, `load`), trigger-time validation, the placement on the
 * fixture prices of 2015-01-02 (100 / 90 / 100 in blocks of eight hours), the GET envelope with
 * `scheduler_info`, the stored beliefs of the Seita / ProcessScheduler / 1 source (production
 * positive), failures in the GET, prices as known at `prior`, and de-duplication.
 */
import { describe, it, expect, beforeAll } from '@jest/globals';
import type { Sensor } from '../../../functions/core/assets/model.js';
import { PROCESS_SCHEDULER_SOURCE } from '../../../functions/core/process/index.js';
import { stores, useRuntime } from '../../helpers/runtime.js';
import { assetFields } from '../../helpers/assets-world.js';
import { buildSchedulingWorld, createSensor, schedule, trigger, type SchedulingWorld } from '../../helpers/scheduling-world.js';

useRuntime();
let w: SchedulingWorld;
/** An hourly kW sensor on a `process` asset, and an hourly MW sensor on a `load` asset. */
let processKw: Sensor;
let loadMw: Sensor;

const HOUR = 3_600_000;
const DAY2 = '2015-01-02T00:00:00+01:00';

async function assetOfType(name: string, typeName: string) {
  const store = stores().assets;
  const type = (await store.getAssetTypeByName(typeName)) ?? (await store.createAssetType({ name: typeName, description: null }));
  return store.createAsset(assetFields({ name, genericAssetTypeId: type.id, accountId: w.world.accounts.prosumer.id }));
}

beforeAll(async () => {
  w = await buildSchedulingWorld();
  processKw = await createSensor(await assetOfType('Test process', 'process'), 'power', 'kW', HOUR);
  loadMw = await createSensor(await assetOfType('Test load', 'load'), 'power', 'MW', HOUR);
});

const body = (flexModel: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  start: DAY2,
  duration: 'PT24H',
  'flex-model': { duration: 'PT4H', power: 4, ...flexModel },
  'flex-context': { 'consumption-price-sensor': w.epexDa.id },
  force_new_job_creation: true,
  ...extra,
});
const running = (value: number, ...steps: number[]) => Array.from({ length: 24 }, (_, j) => (steps.includes(j) ? value : 0));

/** The most recent stored schedule of a sensor for 2015-01-02. */
async function storedValues(sensorId: number): Promise<number[]> {
  const source = await stores().assets.getOrCreateSource({ ...PROCESS_SCHEDULER_SOURCE });
  const beliefs = await stores().beliefs.query({ sensorId, from: Date.parse(DAY2), to: Date.parse(DAY2) + 24 * HOUR, sourceIds: [source.id], latestOnly: true });
  return beliefs.sort((a, b) => a.eventStart - b.eventStart).map((b) => b.value);
}

describe('a SHIFTABLE process end to end', () => {
  it('is placed at the earliest cheapest block; GET returns it consumption positive with the expected cost', async () => {
    const { jobId, res } = await schedule(w.token, processKw.id, body({ 'process-type': 'SHIFTABLE' }), { duration: 'PT24H' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      duration: 'PT24H',
      message: 'Request has been processed. ProcessScheduler was used.',
      scheduler_info: { scheduler: 'ProcessScheduler', expected_cost: 1.44, expected_cost_unit: 'EUR' },
      start: '2015-01-01T23:00:00+00:00',
      status: 'PROCESSED',
      unit: 'kW',
      values: running(4, 8, 9, 10, 11),
    });
    // Without a duration: the first six hours only.
    const short = await schedule(w.token, processKw.id, body({ 'process-type': 'SHIFTABLE' }, { force_new_job_creation: false }));
    expect(short.jobId).toBe(jobId);
    expect(short.res.body).toMatchObject({ duration: 'PT6H', values: Array(6).fill(0) });
    // Stored production positive under the process scheduler's data source.
    expect(await storedValues(processKw.id)).toEqual(running(-4, 8, 9, 10, 11));
    const job = await stores().jobs.get(jobId, Date.now());
    expect(job).toMatchObject({ status: 'done', scheduler: 'ProcessScheduler' });
    const source = (await stores().assets.getDataSources([job!.result!.sourceId])).get(job!.result!.sourceId);
    expect(source).toMatchObject({ name: 'Seita', type: 'scheduler', model: 'ProcessScheduler', version: '1' });
  });

  it('power as a quantity, the consumption-price field and an asset of type load (MW sensor): 0.4 MW around a forbidden start', async () => {
    const forbid = [{ start: DAY2, duration: 'PT2H' }];
    const placements: Record<string, number[]> = { INFLEXIBLE: [2, 3, 4, 5], SHIFTABLE: [8, 9, 10, 11], BREAKABLE: [8, 9, 10, 11] };
    for (const [type, steps] of Object.entries(placements)) {
      const { res } = await schedule(
        w.token,
        loadMw.id,
        body({ 'process-type': type, power: '0.4MW', 'time-restrictions': forbid }, { 'flex-context': { 'consumption-price': { sensor: w.epexDa.id } } }),
        { duration: 'PT24H' },
      );
      expect(res.status).toBe(200);
      expect(res.body.values).toEqual(running(0.4, ...steps));
      const stored = await storedValues(loadMw.id);
      expect(stored.filter((v) => v === -0.4)).toHaveLength(4);
      expect(stored).toEqual(running(-0.4, ...steps));
    }
  });
});

describe('BREAKABLE and failures through the queue', () => {
  it('BREAKABLE takes the cheap free steps around four one-hour restrictions', async () => {
    const restrictions = ['09', '11', '13', '15'].map((h) => ({ start: `2015-01-02T${h}:00:00+01:00`, duration: 'PT1H' }));
    const { res } = await schedule(w.token, processKw.id, body({ 'process-type': 'BREAKABLE', 'time-restrictions': restrictions }), { duration: 'PT24H' });
    expect(res.body.values).toEqual(running(4, 8, 10, 12, 14));
  });

  it('an impossible schedule fails the job; the GET tells why with the real duration', async () => {
    const { res } = await schedule(w.token, processKw.id, body({ 'time-restrictions': [{ start: '2015-01-02T03:00:00+01:00', duration: 'PT21H' }] }));
    expect(res).toMatchObject({
      status: 400,
      body: {
        result: 'Rejected',
        status: 'UNKNOWN_SCHEDULE',
        message:
          'No known schedule for this time period. Scheduling job failed with ValueError: Cannot allocate a block of time PT4H given the time restrictions provided. ProcessScheduler was used.',
      },
    });
  });

  it('prices are read as known at prior: before they were published, a SHIFTABLE job fails with UnknownPricesException', async () => {
    const { res } = await schedule(w.token, processKw.id, body({ 'process-type': 'SHIFTABLE' }, { prior: '2014-12-01T00:00:00+00:00' }));
    expect(res.body.message).toBe(
      `No known schedule for this time period. Scheduling job failed with UnknownPricesException: Prices unknown for planning window. (sensor ${w.epexDa.id}). ProcessScheduler was used.`,
    );
  });
});

describe('trigger-time validation', () => {
  const rejected = (json: unknown) => ({ status: 422, body: { message: { json }, result: 'Rejected', status: 'UNPROCESSABLE_ENTITY' } });

  it('flex-model errors in FlexMeasures shape, flex-context errors after them', async () => {
    expect(await trigger(w.token, processKw.id, { ...body({}), 'flex-model': { power: 4 } })).toMatchObject(rejected({ duration: ['Missing data for required field.'] }));
    expect(await trigger(w.token, processKw.id, body({ 'process-type': 'shiftable' }))).toMatchObject(
      rejected({ 'process-type': ['Must be one of: INFLEXIBLE, BREAKABLE, SHIFTABLE.'] }),
    );
    expect(await trigger(w.token, processKw.id, body({ 'soc-at-start': 1 }))).toMatchObject(rejected({ 'soc-at-start': ['Unknown field.'] }));
    expect(await trigger(w.token, processKw.id, { ...body({}), 'flex-context': { 'consumption-price-sensor': 99_999 } })).toMatchObject(
      rejected({ 'consumption-price-sensor': ['No sensor found with id 99999.'] }),
    );
  });

  it('SHIFTABLE without a price source is a 422 at trigger time; INFLEXIBLE runs without prices', async () => {
    const res = await trigger(w.token, processKw.id, { ...body({ 'process-type': 'SHIFTABLE' }), 'flex-context': {} });
    expect(res).toMatchObject({ status: 422, body: { status: 'UNPROCESSABLE_ENTITY' } });
    expect(res.body.message.json).toMatch(/^A SHIFTABLE process is placed by price, but no prices are known for sensor \d+/);
    const { res: inflexible } = await schedule(w.token, processKw.id, { ...body({}), 'flex-context': {} }, { duration: 'PT24H' });
    expect(inflexible.body).toMatchObject({ values: running(4, 0, 1, 2, 3), scheduler_info: { scheduler: 'ProcessScheduler', expected_cost: null } });
  });

  it('a custom-scheduler attribute is still a 422, also on a process asset', async () => {
    const custom = await createSensor(await assetOfType('Custom process', 'process'), 'power', 'kW', HOUR, { 'custom-scheduler': { module: 'm', class: 'C' } });
    expect(await trigger(w.token, custom.id, body({}))).toMatchObject({ status: 422, body: { status: 'UNPROCESSABLE_ENTITY' } });
  });
});
