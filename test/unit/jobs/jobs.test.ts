import { describe, it, expect } from '@jest/globals';
import {
  emptyWindowMessage,
  triggerWindow,
  assetRelations,
  isJobId,
  missingSchedule,
  pendingJob,
  queueExpired,
  referencedSensorIds,
  scheduleWindow,
  selectScheduler,
  storageSchedulerInfo,
  storedScheduleValues,
  triggerRequestHash,
  unknownJob,
} from '../../../functions/core/jobs.js';
import { withAssetDefaults, type Asset } from '../../../functions/core/assets/model.js';

const base = { sensorId: 1, start: 0, end: 86_400_000, resolutionMs: 900_000, prior: null };

describe('trigger de-duplication key', () => {
  it('ignores key order but not values', () => {
    const a = triggerRequestHash({ ...base, flexModel: { 'soc-at-start': 1, 'soc-max': 4 }, flexContext: {} });
    const b = triggerRequestHash({ ...base, flexModel: { 'soc-max': 4, 'soc-at-start': 1 }, flexContext: {} });
    const c = triggerRequestHash({ ...base, flexModel: { 'soc-max': 5, 'soc-at-start': 1 }, flexContext: {} });
    const d = triggerRequestHash({ ...base, prior: 1, flexModel: { 'soc-max': 4, 'soc-at-start': 1 }, flexContext: {} });
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(a).not.toBe(d);
  });
});

describe('schedule GET answers per job state (docs/contract/api.md §7.4)', () => {
  const job = { id: 'x', scheduler: 'StorageScheduler' };
  it('names the state and the scheduler, with single spaces', () => {
    expect(pendingJob({ ...job, status: 'queued' })!.message).toBe(
      'No known schedule for this time period. Scheduling job waiting to be processed. StorageScheduler was used.',
    );
    expect(pendingJob({ ...job, status: 'running' })!.message).toBe(
      'No known schedule for this time period. Scheduling job in progress. StorageScheduler was used.',
    );
    expect(pendingJob({ ...job, status: 'failed', error: { type: 'UnknownPricesException', message: 'Prices unknown for planning window. (sensor 5)' } })).toEqual({
      http: 400,
      status: 'UNKNOWN_SCHEDULE',
      message: 'No known schedule for this time period. Scheduling job failed with UnknownPricesException: Prices unknown for planning window. (sensor 5). StorageScheduler was used.',
    });
    expect(pendingJob({ ...job, status: 'done' })).toBeNull();
    expect(missingSchedule({ ...job, status: 'done' }).message).toBe(
      'No known schedule for this time period. A scheduling job has been processed with your job ID, but the schedule was not found in the database. StorageScheduler was used.',
    );
  });

  it('keeps the polling cues the Python client relies on', () => {
    expect(pendingJob({ ...job, status: 'queued' })!.message).toContain('Scheduling job waiting');
    expect(pendingJob({ ...job, status: 'running' })!.message).toContain('Scheduling job in progress');
  });

  it('explains failures without a stored exception', () => {
    expect(pendingJob({ ...job, status: 'failed' })!.message).toContain('failed with Exception: The job does not state why it failed.');
  });

  it('answers unknown ids with UNRECOGNIZED_UDI_EVENT', () => {
    expect(unknownJob('abc')).toEqual({ http: 400, status: 'UNRECOGNIZED_UDI_EVENT', message: 'The requested UDI event (id = abc, type = job) is not known.' });
  });
});

describe('scheduler selection (docs/contract/api.md §7.3)', () => {
  it('storage scheduler for batteries and EV chargers, process scheduler for processes and loads, FlexMeasures\' 422 text otherwise', () => {
    for (const name of ['battery', 'one-way_evse', 'two-way_evse']) expect(selectScheduler({}, { id: 1, name })).toEqual({ scheduler: 'StorageScheduler' });
    expect(selectScheduler({}, { id: 3, name: 'waste incinerator' })).toEqual({
      error: "Scheduling is not (yet) supported for asset type <GenericAssetType 3: 'waste incinerator'>.",
    });
    for (const name of ['process', 'load']) expect(selectScheduler({}, { id: 9, name })).toEqual({ scheduler: 'ProcessScheduler' });
    expect(selectScheduler({ 'custom-scheduler': { module: 'm', class: 'C' } }, { id: 9, name: 'process' })).toHaveProperty('error');
    expect(selectScheduler({ 'custom-scheduler': { module: 'm', class: 'C' } }, { id: 1, name: 'battery' })).toHaveProperty('error');
  });
});

describe('the planning window of a trigger (docs/contract/api.md §7.3)', () => {
  const HOUR = 3_600_000;

  it('runs from start over the duration, a nominal one grounded in the sensor time zone', () => {
    const window = triggerWindow({ start: '2024-03-01T00:00:00+01:00', duration: 'P1M' }, 'Europe/Amsterdam', 48 * HOUR);
    expect(window).toEqual({ start: { ms: Date.parse('2024-03-01T00:00:00+01:00'), offsetMinutes: 60 }, endMs: Date.parse('2024-04-01T00:00:00+02:00') });
  });

  it('runs over the planning horizon without a duration', () => {
    const window = triggerWindow({ start: '2015-01-01T00:00:00+01:00' }, 'UTC', 48 * HOUR);
    expect(window).toMatchObject({ endMs: Date.parse('2015-01-03T00:00:00+01:00') });
  });

  it("answers FlexMeasures' text when the start is after the end, and names an empty window", () => {
    expect(triggerWindow({ start: '2015-01-01T00:00:00+01:00', duration: '-PT1H' }, 'UTC', 48 * HOUR)).toEqual({
      error: 'Start 2015-01-01 00:00:00+01:00 cannot be after end 2014-12-31 23:00:00+01:00.',
    });
    expect(emptyWindowMessage({ ms: Date.parse('2015-01-01T00:00:00+01:00'), offsetMinutes: 60 })).toBe(
      'The planning window from 2015-01-01 00:00:00+01:00 is empty: the duration must be positive.',
    );
  });
});

describe('sensors a flex config refers to', () => {
  it('finds {"sensor": id} anywhere, the deprecated price sensors and the inflexible devices; ignores malformed ids', () => {
    expect(
      referencedSensorIds(
        { 'soc-targets': { sensor: 7 }, 'soc-gain': [{ sensor: '8' }, '1 MW'], 'power-capacity': { sensor: 'x' } },
        { 'consumption-price': { sensor: 3 }, 'production-price-sensor': 4, 'inflexible-device-sensors': [5, 'six', 5] },
      ),
    ).toEqual([3, 4, 5, 7, 8]);
    expect(referencedSensorIds(undefined, [1, 2])).toEqual([]);
  });
});

describe('asset relations up the tree (docs/contract/api.md §8.8)', () => {
  const asset = (id: number, fields: Partial<Asset> = {}): Asset => ({
    id,
    ...withAssetDefaults({ name: `a${id}`, generic_asset_type_id: 1, account_id: 1 }),
    ...fields,
  });
  it('takes the nearest price sensors and the first non-empty level of inflexible sensors', () => {
    expect(
      assetRelations([
        asset(1, { production_price_sensor_id: 11 }),
        asset(2, { consumption_price_sensor_id: 20, production_price_sensor_id: 21, inflexible_device_sensor_ids: [22, 23] }),
        asset(3, { consumption_price_sensor_id: 30, inflexible_device_sensor_ids: [31] }),
      ]),
    ).toEqual({ consumptionPriceSensor: 20, productionPriceSensor: 11, inflexibleDeviceSensors: [22, 23] });
    expect(assetRelations([asset(1)])).toEqual({});
  });
});

describe('stored schedules and scheduler_info', () => {
  it('power schedules are stored production positive unless consumption_is_positive; other units as they are', () => {
    expect(storedScheduleValues([1, -0.5, 0], { unit: 'MW', attributes: {} })).toEqual([-1, 0.5, 0]);
    expect(storedScheduleValues([1, -0.5], { unit: 'kW', attributes: { consumption_is_positive: false } })).toEqual([-1, 0.5]);
    expect(storedScheduleValues([1, -0.5], { unit: 'kW', attributes: { consumption_is_positive: true } })).toEqual([1, -0.5]);
    expect(storedScheduleValues([1, -0.5], { unit: 'MWh', attributes: {} })).toEqual([1, -0.5]);
  });

  it('reports cost, SoC trajectory (in the SoC unit) and solver facts', () => {
    const schedule = {
      power: [2, -2],
      soc: [2.5, 3, 2.5],
      socInstantsMs: [0, 900_000, 1_800_000],
      expectedCost: 12.345678,
      objective: 49.38,
      status: 'optimal' as const,
      method: 'lp' as const,
      problemClass: 'LP' as const,
      mipGap: 0,
      binaries: 0,
      solver: 'GLPK 5.0',
      solverSeconds: 0.0123,
    };
    expect(storageSchedulerInfo(schedule, { priceUnit: 'EUR/MWh', stepMs: 900_000, socUnit: 'kWh' })).toEqual({
      scheduler: 'StorageScheduler',
      expected_cost: 12.345678,
      expected_cost_unit: 'EUR',
      state_of_charge: { start: '1970-01-01T00:00:00+00:00', resolution: 'PT15M', unit: 'kWh', values: [2500, 3000, 2500] },
      solver: { name: 'GLPK 5.0', method: 'lp', status: 'optimal', gap: 0, problem_class: 'LP', mip_gap: 0, binaries: 0, seconds: 0.012 },
    });
    expect(storageSchedulerInfo(schedule, { priceUnit: 'kg/MWh', stepMs: 900_000 }).expected_cost_unit).toBe('kg');
    expect(storageSchedulerInfo(schedule, { stepMs: 900_000 })).toMatchObject({ expected_cost_unit: null, state_of_charge: { unit: 'MWh', values: [2.5, 3, 2.5] } });
  });
});

describe('the GET window (docs/contract/api.md §7.4)', () => {
  const result = { start: 0, resolutionMs: 900_000, values: Array.from({ length: 300 }, (_, i) => i) };
  const H = 3_600_000;
  it('min(requested, planning horizon), whole steps, duration = span of the values when shorter', () => {
    expect(scheduleWindow(result, 6 * H, 48 * H)).toEqual({ start: 0, durationMs: 6 * H, values: result.values.slice(0, 24) });
    expect(scheduleWindow(result, 1000 * H, 48 * H)).toEqual({ start: 0, durationMs: 48 * H, values: result.values.slice(0, 192) });
    expect(scheduleWindow(result, 20 * 60_000, 48 * H)).toEqual({ start: 0, durationMs: 15 * 60_000, values: [0] });
    expect(scheduleWindow({ ...result, values: [1, 2] }, 6 * H, 48 * H)).toEqual({ start: 0, durationMs: 30 * 60_000, values: [1, 2] });
    expect(scheduleWindow(result, 5 * 60_000, 48 * H)).toBeNull();
  });

  it('job ids are UUIDs; a queued job is gone after a day in the queue', () => {
    expect(isJobId('364bfd06-c1fa-430b-8d25-8f5a547651fb')).toBe(true);
    expect(isJobId('trigger')).toBe(false);
    expect(queueExpired({ status: 'queued', createdAt: 0 }, 86_400_000 - 1)).toBe(false);
    expect(queueExpired({ status: 'queued', createdAt: 0 }, 86_400_000)).toBe(true);
    expect(queueExpired({ status: 'running', createdAt: 0 }, 10 * 86_400_000)).toBe(false);
  });
});
