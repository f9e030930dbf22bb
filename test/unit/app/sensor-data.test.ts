/**
 * The sensor data use cases (functions/app/sensor-data.ts) over in-memory ports: posting stores
 * beliefs of the poster's source through check-then-insert, with FlexMeasures' statuses; rejected
 * requests write nothing; an unavailable store is a retry-safe 503 while other failures stay what
 * they are; reading lays values on the grid; statistics are pooled per source name.
 */
import { describe, it, expect } from '@jest/globals';
import { BeliefWriteInterruptedError } from '../../../functions/app/belief-writes.js';
import { getSensorData, postSensorData, sensorByAddress, sensorStats, unknownSourceError } from '../../../functions/app/sensor-data.js';
import { buildSensorEntityAddress } from '../../../functions/core/entity-address.js';
import { ForbiddenError, StoreUnavailableError, ValidationError } from '../../../functions/core/errors.js';
import { dataWorld, NOW } from './data-world.js';

const START = '2021-05-01T00:00:00+02:00';
const post = (values: number[], extra: Record<string, string> = {}) => ({ values, start: START, duration: `PT${values.length * 15}M`, unit: 'kW', ...extra });
const window = { start: START, duration: 'PT1H', unit: 'kW' };

describe('postSensorData', () => {
  it('stores new beliefs as the poster’s source; the same post again is already received; other values are a replacement', async () => {
    const w = await dataWorld();
    expect(await postSensorData(w.deps, w.member, w.power, post([1, 2, 3, 4]))).toBe('PROCESSED');
    expect(await w.assets.listDataSources()).toMatchObject([{ id: 1, name: 'prosumer user', type: 'user', userId: 1, accountId: w.member.user.accountId }]);
    expect(w.beliefs.all().map((b) => [b.sourceId, b.value])).toEqual([[1, 1], [1, 2], [1, 3], [1, 4]]);
    expect(await postSensorData(w.deps, w.member, w.power, post([1, 2, 3, 4]))).toBe('ALREADY_RECEIVED_AND_SUCCESSFULLY_PROCESSED');
    expect(await postSensorData(w.deps, w.member, w.power, post([1, 2, 3, 5]))).toBe('INVALID_REPLACEMENT');
    expect(w.beliefs.all().map((b) => b.value)).toEqual([1, 2, 3, 4]);
    expect(w.leases.isHeld(`BELIEFS#${w.power.id}#1`)).toBe(false);
  });

  it('overwrites a replacement when the deployment allows it', async () => {
    const w = await dataWorld({ FLEXMEASURES_ALLOW_DATA_OVERWRITE: 'true' });
    await postSensorData(w.deps, w.member, w.power, post([1, 2]));
    expect(await postSensorData(w.deps, w.member, w.power, post([5, 7]))).toBe('PROCESSED');
    expect(w.beliefs.all().map((b) => b.value)).toEqual([5, 7]);
  });

  it('checks the whole request (422) before the permission (403), and writes nothing for either', async () => {
    const w = await dataWorld();
    const wrongUnit = postSensorData(w.deps, w.outsider, w.power, post([1], { unit: 'EUR/MWh' }));
    await expect(wrongUnit).rejects.toBeInstanceOf(ValidationError);
    await expect(wrongUnit).rejects.toMatchObject({ location: 'json' });
    await expect(postSensorData(w.deps, w.outsider, w.power, post([1]))).rejects.toBeInstanceOf(ForbiddenError);
    expect(w.beliefs.all()).toEqual([]);
    expect(await w.assets.listDataSources()).toEqual([]);
  });

  it('answers a store that became unavailable half-way with a retry-safe 503; the retry completes the series', async () => {
    const w = await dataWorld();
    w.beliefs.failWith = ({ call, written }) => (call !== 'query' && written >= 2 ? new StoreUnavailableError(new Error('throttled')) : null);
    const failed = await postSensorData(w.deps, w.member, w.power, post([1, 2, 3, 4])).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(BeliefWriteInterruptedError);
    expect((failed as BeliefWriteInterruptedError).statusCode).toBe(503);
    expect((failed as BeliefWriteInterruptedError).headers()).toEqual({ 'retry-after': '1' });
    expect(w.beliefs.all()).toHaveLength(2);
    expect(w.leases.isHeld(`BELIEFS#${w.power.id}#1`)).toBe(false);
    w.beliefs.failWith = null;
    expect(await postSensorData(w.deps, w.member, w.power, post([1, 2, 3, 4]))).toBe('ALREADY_RECEIVED_AND_SUCCESSFULLY_PROCESSED');
    expect(w.beliefs.all().map((b) => b.value)).toEqual([1, 2, 3, 4]);
  });

  it('answers any other store failure while writing with the same retry-safe 503', async () => {
    const w = await dataWorld();
    const fault = new TypeError('a fault in the adapter');
    w.beliefs.failWith = ({ call }) => (call === 'query' ? null : fault);
    const error = await postSensorData(w.deps, w.member, w.power, post([1, 2])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BeliefWriteInterruptedError);
    expect(error).toMatchObject({ statusCode: 503, cause: fault });
  });
});

describe('sensorByAddress and unknownSourceError', () => {
  it('finds the sensor an entity address of this host names, or says why not', async () => {
    const w = await dataWorld();
    const naming = { host: 'localhost', now: NOW, hostsAndAuthStart: w.deps.settings.hostsAndAuthStart };
    expect(await sensorByAddress(w.deps, 'localhost', buildSensorEntityAddress(w.power.id, naming))).toEqual({ sensor: w.power });
    expect(await sensorByAddress(w.deps, 'localhost', buildSensorEntityAddress(999, naming))).toEqual({ error: expect.stringContaining('999') });
    expect(await sensorByAddress(w.deps, 'localhost', 'no address')).toEqual({ error: expect.any(String) });
  });

  it('names a data source that does not exist', async () => {
    const w = await dataWorld();
    await postSensorData(w.deps, w.member, w.power, post([1]));
    expect(await unknownSourceError(w.deps, 1)).toBeNull();
    expect(await unknownSourceError(w.deps, 5)).toBe('No data source found with id 5.');
  });
});

describe('getSensorData', () => {
  it('lays the stored values on the requested grid and unit', async () => {
    const w = await dataWorld();
    await postSensorData(w.deps, w.member, w.power, post([1, 2, 3, 4]));
    expect(await getSensorData(w.deps, w.member.actor, w.power, window)).toMatchObject({ values: [1, 2, 3, 4], unit: 'kW', start: START, duration: 'PT1H' });
    expect(await getSensorData(w.deps, w.member.actor, w.power, { ...window, unit: 'MW' })).toMatchObject({ values: [0.001, 0.002, 0.003, 0.004] });
  });

  it('checks the request (422) before reading permission (403)', async () => {
    const w = await dataWorld();
    await expect(getSensorData(w.deps, w.outsider.actor, w.power, { ...window, unit: 'EUR/MWh' })).rejects.toMatchObject({ location: 'query' });
    await expect(getSensorData(w.deps, w.outsider.actor, w.power, window)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await getSensorData(w.deps, w.admin, w.power, window)).toMatchObject({ values: [null, null, null, null] });
  });
});

describe('sensorStats', () => {
  it('reports statistics per source name, and nothing for a sensor without data', async () => {
    const w = await dataWorld();
    expect(await sensorStats(w.deps, w.member.actor, w.power)).toEqual({});
    await postSensorData(w.deps, w.member, w.power, post([1, 2, 3, 6]));
    expect(await sensorStats(w.deps, w.member.actor, w.power)).toEqual({
      'prosumer user': {
        count_values: 4,
        max_event_start: 'Fri, 30 Apr 2021 22:45:00 GMT',
        max_value: 6,
        mean_value: 3,
        min_event_start: 'Fri, 30 Apr 2021 22:00:00 GMT',
        min_value: 1,
        sum_values: 12,
      },
    });
    await expect(sensorStats(w.deps, w.outsider.actor, w.power)).rejects.toBeInstanceOf(ForbiddenError);
  });
});
