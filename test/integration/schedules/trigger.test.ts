/**
 * POST /api/v3_0/sensors/<id>/schedules/trigger (docs/contract/api.md §7.3): the check order
 * 401 → 404 → 422 (body) → 403 → scheduler selection → flex validation → job, FlexMeasures' bodies,
 * the job item and queue message it writes (and does not write when it rejects), and the one-hour
 * de-duplication of identical requests. The solver is off: jobs stay queued.
 */
import { describe, it, expect, beforeAll, afterEach } from '@jest/globals';
import { setClock } from '../../../functions/lambda/clock.js';
import { api, stores, useRuntime } from '../../helpers/runtime.js';
import { buildSchedulingWorld, trigger, type SchedulingWorld } from '../../helpers/scheduling-world.js';
import { drainQueue, queueDepth } from '../../helpers/queue.js';

const rt = useRuntime({ solver: false });
let w: SchedulingWorld;
beforeAll(async () => {
  w = await buildSchedulingWorld();
});
afterEach(() => setClock());

const BODY = { start: '2015-01-01T00:00:00+01:00', duration: 'PT24H', 'flex-model': { 'soc-at-start': 2.5 } };

const jobQueueDepth = () => queueDepth(rt.runtime.ports.clients.sqs, rt.runtime.queue.queueUrl);

/** Receives (and deletes) every message currently in the queue; returns their bodies. */
const drainJobQueue = () => drainQueue(rt.runtime.ports.clients.sqs, rt.runtime.queue.queueUrl);

const flexError = (json: unknown) => ({ status: 422, body: { message: { json }, result: 'Rejected', status: 'UNPROCESSABLE_ENTITY' } });
const argError = (json: unknown) => ({ status: 422, body: { message: { json }, result: 'Rejected', status: 'UNPROCESSABLE_ENTITY' } });

describe('check order', () => {
  it('401 before anything else, in FlexMeasures\' body: no token and an invalid token', async () => {
    expect(await api('POST', '/api/v3_0/sensors/999/schedules/trigger', { body: {} })).toMatchObject({
      status: 401,
      body: { message: 'You could not be properly authenticated for this content or functionality.', status: 'UNAUTHORIZED' },
    });
    expect(await api('POST', '/api/v3_0/sensors/999/schedules/trigger', { token: 'nonsense', body: {} })).toMatchObject({
      status: 401,
      body: { message: 'You could not be properly authenticated for this content or functionality.', status: 'UNAUTHORIZED' },
    });
  });

  it('404 for an unknown sensor, even with a bad body; 422 for a non-numeric id', async () => {
    expect(await trigger(w.token, 99_999, { nonsense: true })).toMatchObject({ status: 404, body: { message: 'Sensor 99999 not found', status: 404 } });
    expect(await api('POST', '/api/v3_0/sensors/abc/schedules/trigger', { token: w.token, body: BODY })).toMatchObject({
      status: 422,
      body: { message: { path: { id: ['Not a valid integer.'] } } },
    });
  });

  it('422 for the body before the permission check (an outsider gets the 422)', async () => {
    const outsider = await w.world.token('dummy3');
    const id = w.battery.power.id;
    expect(await trigger(outsider, id, { duration: 'PT1H' })).toMatchObject(argError({ start: ['Missing data for required field.'] }));
    expect(await trigger(outsider, id, { ...BODY, 'soc-at-start': 1 })).toMatchObject(argError({ 'soc-at-start': ['Unknown field.'] }));
    expect(await trigger(w.token, id, { ...BODY, start: '2015-01-01T00:00:00' })).toMatchObject(argError({ start: ['Not a valid aware datetime.'] }));
    expect(await trigger(w.token, id, { ...BODY, duration: 'PT1M30S' })).toMatchObject(argError({ duration: ['FlexMeasures only support multiples of 1 minute.'] }));
    expect(await trigger(w.token, id, { ...BODY, 'flex-model': [] })).toMatchObject(argError({ 'flex-model': ['Not a valid mapping type.'] }));
    expect(await trigger(w.token, id, { ...BODY, force_new_job_creation: 'maybe' })).toMatchObject(argError({ force_new_job_creation: ['Not a valid boolean.'] }));
    expect(await trigger(w.token, id, [BODY])).toMatchObject(argError({ _schema: ['Invalid input type.'] }));
    expect((await api('POST', `/api/v3_0/sensors/${id}/schedules/trigger`, { token: w.token, body: '{"start": ' })).status).toBe(400);
  });

  it('403 for users outside the owning account, before the scheduler and flex checks', async () => {
    const outsider = await w.world.token('dummy3');
    const forbidden = { status: 403, body: { message: 'You cannot be authorized for this content or functionality.', result: 'Rejected', status: 'INVALID_SENDER' } };
    expect(await trigger(outsider, w.battery.power.id, BODY)).toMatchObject(forbidden);
    expect(await trigger(outsider, w.battery.power.id, { ...BODY, 'flex-model': { 'soc-unit': 'MWH' } })).toMatchObject(forbidden);
    expect(await trigger(outsider, w.assets.sensors.gas.id, BODY)).toMatchObject(forbidden);
  });

  it('422 with a plain string for an asset type without a scheduler, and for custom schedulers', async () => {
    const supplier = await w.world.token('supplier4');
    const type = w.assets.types['waste incinerator']!;
    expect(await trigger(supplier, w.assets.sensors.gas.id, BODY)).toMatchObject(
      flexError(`Scheduling is not (yet) supported for asset type <GenericAssetType ${type.id}: 'waste incinerator'>.`),
    );
    const custom = await stores().assets.updateSensor(w.twoWay.id, { attributes: { 'custom-scheduler': { module: 'x', class: 'Y' } } });
    try {
      expect(await trigger(w.token, custom.id, BODY)).toMatchObject(
        flexError('Custom schedulers (the sensor attribute custom-scheduler) are not supported by this server.'),
      );
    } finally {
      await stores().assets.updateSensor(w.twoWay.id, { attributes: {} });
    }
  });
});

describe('flex-model and flex-context validation (422 in the docs/contract/api.md §3.2 shape)', () => {
  it('field errors keyed by flex field', async () => {
    expect(await trigger(w.token, w.battery.power.id, { ...BODY, 'flex-model': { 'soc-unit': 'MWH' } })).toMatchObject(
      flexError({ 'soc-unit': ['Must be one of: kWh, MWh.'] }),
    );
    expect(await trigger(w.token, w.battery.power.id, { ...BODY, 'flex-context': { 'site-power-capacity': '-1 MW', nonsense: 1 } })).toMatchObject(
      flexError({ 'site-power-capacity': ['Must be greater than or equal to 0.'], nonsense: ['Unknown field.'] }),
    );
  });

  it('logical errors as a plain string: no soc-max anywhere; start after end; an empty window', async () => {
    expect(await trigger(w.token, w.assets.scheduling!.chargingStationPower.id, BODY)).toMatchObject(
      flexError('Need maximal permitted state of charge, please specify soc-max or some soc-targets.'),
    );
    expect(await trigger(w.token, w.battery.power.id, { ...BODY, duration: '-PT1H' })).toMatchObject(
      flexError('Start 2015-01-01 00:00:00+01:00 cannot be after end 2014-12-31 23:00:00+01:00.'),
    );
    expect(await trigger(w.token, w.battery.power.id, { ...BODY, duration: 'PT0H' })).toMatchObject(
      flexError('The planning window from 2015-01-01 00:00:00+01:00 is empty: the duration must be positive.'),
    );
  });

  it('sensors the caller may not read count as missing', async () => {
    const gas = w.assets.sensors.gas.id;
    expect(await trigger(w.token, w.battery.power.id, { ...BODY, 'flex-context': { 'consumption-price': { sensor: gas }, 'inflexible-device-sensors': [gas] } })).toMatchObject(
      flexError({ 'consumption-price': [`No sensor found with id ${gas}.`], 'inflexible-device-sensors': { '0': [`No sensor found with id ${gas}.`] } }),
    );
    // A public sensor is readable by everyone.
    expect((await trigger(w.token, w.battery.power.id, { ...BODY, 'flex-context': { 'consumption-price': { sensor: w.epexDa.id } } })).status).toBe(200);
  });

  it('writes nothing and queues nothing when it rejects', async () => {
    await drainJobQueue();
    const before = await jobQueueDepth();
    await trigger(w.token, w.battery.power.id, { ...BODY, 'flex-model': { 'soc-unit': 'MWH' } });
    await trigger(w.token, w.assets.sensors.gas.id, BODY);
    expect(await jobQueueDepth()).toBe(before);
  });
});

describe('a job', () => {
  it('answers 200 with the job id as a string (no numeric status), writes a queued job and queues its id', async () => {
    await drainJobQueue();
    const res = await trigger(w.token, w.battery.power.id, { ...BODY, prior: '2015-01-01T00:00:00+01:00', 'flex-model': { 'soc-at-start': 2.5, 'soc-min': '0.5 MWh' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ message: 'Request has been processed.', schedule: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 'PROCESSED' });
    const job = await stores().jobs.get(res.body.schedule, Date.now());
    expect(job).toMatchObject({
      status: 'queued',
      scheduler: 'StorageScheduler',
      request: {
        sensorId: w.battery.power.id,
        start: Date.parse('2015-01-01T00:00:00+01:00'),
        end: Date.parse('2015-01-02T00:00:00+01:00'),
        resolutionMs: 900_000,
        prior: Date.parse('2015-01-01T00:00:00+01:00'),
        flexModel: { 'soc-at-start': 2.5, 'soc-min': '0.5 MWh' },
        flexContext: {},
        flexConfig: { steps: 96, stepMs: 900_000, flexModel: { socAtStart: 2.5, socMin: 0.5, socMax: 5 } },
      },
    });
    expect(job!.expiresAt - job!.createdAt).toBe(7 * 86_400_000);
    expect(job!.requestHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await drainJobQueue()).toEqual([{ jobId: res.body.schedule }]);
  });

  it('extends the window to the latest soc-target (and the duration defaults to 48 hours)', async () => {
    const res = await trigger(w.token, w.battery.power.id, {
      start: '2015-01-01T00:00:00+01:00',
      'flex-model': { 'soc-at-start': 2.5, 'soc-targets': [{ value: 4, datetime: '2015-01-04T00:00:00+01:00' }] },
    });
    const job = await stores().jobs.get(res.body.schedule, Date.now());
    expect(job!.request.end).toBe(Date.parse('2015-01-03T00:00:00+01:00'));
    expect(job!.request.flexConfig).toMatchObject({ endMs: Date.parse('2015-01-04T00:00:00+01:00'), steps: 288 });
  });

  it('de-duplicates identical requests for an hour (whatever the key order), unless force_new_job_creation', async () => {
    const body = { start: '2015-01-02T00:00:00+01:00', duration: 'PT12H', 'flex-model': { 'soc-at-start': 1, 'soc-max': 4 }, 'flex-context': {} };
    const t0 = Date.now();
    setClock(() => t0);
    const first = (await trigger(w.token, w.battery.power.id, body)).body.schedule;
    const reordered = { 'flex-context': {}, 'flex-model': { 'soc-max': 4, 'soc-at-start': 1 }, duration: 'PT12H', start: '2015-01-02T00:00:00+01:00' };
    expect((await trigger(w.token, w.battery.power.id, reordered)).body.schedule).toBe(first);
    const forced = (await trigger(w.token, w.battery.power.id, { ...body, force_new_job_creation: true })).body.schedule;
    expect(forced).not.toBe(first);
    // Different content, another job.
    expect((await trigger(w.token, w.battery.power.id, { ...body, duration: 'PT13H' })).body.schedule).not.toBe(forced);
    // After an hour the request is new again.
    setClock(() => t0 + 3600_000);
    const later = (await trigger(w.token, w.battery.power.id, body)).body.schedule;
    expect([first, forced]).not.toContain(later);
  });

  it('lets admins schedule any sensor', async () => {
    expect((await trigger(await w.world.token('admin'), w.battery.power.id, { ...BODY, force_new_job_creation: true })).status).toBe(200);
  });
});
