/**
 * The CLI's add-schedule-for-process against the data directory of a running local server
 * (FlexMeasures' `add schedule for-process` case): a process asset with an hourly MW power sensor,
 * the fixture prices of 2015-01-02 (100 / 90 / 100 in blocks of eight hours), 0.4 MW for four
 * hours with the first two hours forbidden — exactly four stored beliefs of −0.4 for each process
 * type, the job readable through the API, and clear errors for bad input.
 */
import { describe, it, expect, beforeAll } from '@jest/globals';
import { DEFAULT_KNOWLEDGE_HORIZON, withAssetDefaults, type Sensor } from '../../../functions/core/assets/model.js';
import { DEFAULT_CUMULATIVE_PROBABILITY } from '../../../functions/core/beliefs/index.js';
import { PROCESS_SCHEDULER_SOURCE } from '../../../functions/core/process/index.js';
import { runCli, useCliDataDir } from '../../helpers/cli.js';
import { api, startTestRuntime, stores } from '../../helpers/runtime.js';

process.env.SCRYPT_LOG_N ??= '4';
const { dataDir } = useCliDataDir('fm-cli-schedules-');
const cli = (...args: string[]) => runCli(args);

const HOUR = 3_600_000;
const DAY2 = Date.parse('2015-01-02T00:00:00+01:00');
let token: string;
let power: Sensor;
let prices: Sensor;
let energy: Sensor;

beforeAll(async () => {
  const runtime = await startTestRuntime({ dataDir, seed: true });
  const login = await api('POST', '/api/requestAuthToken', { body: { email: runtime.seed!.adminEmail, password: runtime.seed!.generatedPassword } });
  token = login.body.auth_token;
  const store = stores().assets;
  const type = (await store.getAssetTypeByName('process'))!;
  const asset = await store.createAsset(withAssetDefaults({ name: 'Process line', generic_asset_type_id: type.id, account_id: runtime.seed!.account.id }));
  const sensor = (name: string, unit: string) =>
    store.createSensor({ name, unit, timezone: 'Europe/Amsterdam', event_resolution: HOUR, knowledge_horizon: DEFAULT_KNOWLEDGE_HORIZON, generic_asset_id: asset.id, account_id: asset.account_id, attributes: {} });
  power = await sensor('power', 'MW');
  energy = await sensor('energy', 'MWh');
  prices = await sensor('prices', 'EUR/MWh');
  const source = await store.getOrCreateSource({ name: 'fixtures', type: 'demo script', model: null, version: null, account_id: null, user_id: null });
  const day = [...Array(8).fill(100), ...Array(8).fill(90), ...Array(8).fill(100)] as number[];
  await stores().beliefs.put(
    day.map((value, i) => ({ sensorId: prices.id, eventStart: DAY2 + i * HOUR, beliefTime: DAY2 - 86_400_000, sourceId: source.id, cumulativeProbability: DEFAULT_CUMULATIVE_PROBABILITY, value })),
  );
});

const args = (type: string, extra: string[] = []) => [
  'add-schedule-for-process',
  '--sensor', String(power.id),
  '--consumption-price-sensor', String(prices.id),
  '--start', '2015-01-02T00:00:00+01:00',
  '--duration', 'PT24H',
  '--process-duration', 'PT4H',
  '--process-type', type,
  '--process-power', '0.4MW',
  '--forbid', '{"start": "2015-01-02T00:00:00+01:00", "duration": "PT2H"}',
  ...extra,
];

describe('add-schedule-for-process', () => {
  it.each([
    ['inflexible', [2, 3, 4, 5]],
    ['SHIFTABLE', [8, 9, 10, 11]],
    ['Breakable', [8, 9, 10, 11]],
  ])('%s: four stored beliefs of −0.4 MW, and the job is served by the schedule GET', async (type, steps) => {
    const outcome = await cli(...args(type));
    expect(outcome.err).toEqual([]);
    expect(outcome.failed).toBe(false);
    const jobId = /^Scheduling job ([0-9a-f-]{36}): ProcessScheduler for sensor/.exec(outcome.out[0]!)![1]!;
    expect(outcome.out[1]).toBe(`Runs 4 of 24 steps at 0.4 MW, first from ${new Date(DAY2 + steps[0]! * HOUR).toISOString().replace('.000Z', '+00:00')}; expected cost ${0.4 * 4 * (type === 'inflexible' ? 100 : 90)} EUR.`);

    const source = await stores().assets.getOrCreateSource({ ...PROCESS_SCHEDULER_SOURCE });
    const stored = await stores().beliefs.query({ sensorId: power.id, from: DAY2, to: DAY2 + 24 * HOUR, sourceIds: [source.id], latestOnly: true });
    const values = stored.sort((a, b) => a.eventStart - b.eventStart).map((b) => b.value);
    expect(values.filter((v) => v === -0.4)).toHaveLength(4);
    expect(values).toEqual(Array.from({ length: 24 }, (_, j) => (steps.includes(j) ? -0.4 : 0)));

    const res = await api('GET', `/api/v3_0/sensors/${power.id}/schedules/${jobId}`, { token, query: { duration: 'PT24H' } });
    expect(res.status).toBe(200);
    expect(res.body.values).toEqual(Array.from({ length: 24 }, (_, j) => (steps.includes(j) ? 0.4 : 0)));
  });

  it('refuses bad input with a clear error and stores nothing', async () => {
    const failures: [string[], string][] = [
      [['add-schedule-for-process', '--sensor', String(energy.id), '--start', '2015-01-02T00:00:00+01:00', '--duration', 'PT24H', '--process-duration', 'PT4H', '--process-power', '1 MW'], `Sensor with ID ${energy.id} is not a power sensor.`],
      [args('SHIFTABLE', ['--process-power', '4 kg']), JSON.stringify({ power: ["Cannot convert value `4 kg` to 'MW'"] })],
      [args('sometimes'), JSON.stringify({ 'process-type': ['Must be one of: INFLEXIBLE, BREAKABLE, SHIFTABLE.'] })],
      [args('SHIFTABLE', ['--forbid', '{"start": "2015-01-02T00:00:00"']), '--forbid: not JSON: {"start": "2015-01-02T00:00:00"'],
      [args('SHIFTABLE', ['--sensor', '9999']), 'No sensor with id 9999.'],
      [args('SHIFTABLE', ['--duration', '24h']), "--duration: Cannot parse 24h as ISO8601 duration: Unable to parse duration string '24h'"],
    ];
    const before = await stores().beliefs.query({ sensorId: power.id, from: DAY2, to: DAY2 + 24 * HOUR });
    for (const [argv, message] of failures) {
      const outcome = await cli(...argv);
      expect(outcome.failed).toBe(true);
      expect(outcome.err).toEqual([`error: ${message}`]);
    }
    expect(await stores().beliefs.query({ sensorId: power.id, from: DAY2, to: DAY2 + 24 * HOUR })).toHaveLength(before.length);
  });

  it('an impossible schedule fails with the reason', async () => {
    const outcome = await cli(...args('INFLEXIBLE', ['--forbid', '{"start": "2015-01-02T03:00:00+01:00", "duration": "PT21H"}']));
    expect(outcome.failed).toBe(true);
    expect(outcome.err[0]).toMatch(/^error: Scheduling job [0-9a-f-]{36} failed with ValueError: Cannot allocate a block of time PT4H given the time restrictions provided\.$/);
  });
});
