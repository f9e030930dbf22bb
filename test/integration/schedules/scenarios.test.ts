/**
 * Scheduler scenarios of docs/contract/storage-scheduling.md §3.1 end to end: POST …/schedules/trigger → job item
 * and SQS message (fauxqs) → the solver Lambda handler run by the local poller → GET
 * …/schedules/<uuid>. The same fixture data as the core tests (docs/contract/storage-scheduling.md §3.0), here as sensors and beliefs.
 */
import { describe, it, expect, beforeAll } from '@jest/globals';
import { DAY1, DAY2, EPEX_QUARTERS, QUARTER } from '../../unit/scheduling/fixtures.js';
import { useRuntime } from '../../helpers/runtime.js';
import { buildSchedulingWorld, schedule, type SchedulingWorld } from '../../helpers/scheduling-world.js';

useRuntime();
let w: SchedulingWorld;
beforeAll(async () => {
  w = await buildSchedulingWorld();
});

/** The fixture prices (15 min) of the steps from `startMs`. */
const pricesFrom = (startMs: number, steps: number) => EPEX_QUARTERS.slice((startMs - DAY1) / QUARTER, (startMs - DAY1) / QUARTER + steps);

/** Integrates a power schedule (MW, consumption positive) with η = 1 and no losses: the SoC at each step end. */
function integrate(socAtStart: number, power: readonly number[]): number[] {
  const out = [socAtStart];
  for (const p of power) out.push(out[out.length - 1]! + p * 0.25);
  return out;
}

describe('S2 – day-1 battery through the API and the queue', () => {
  it.each([
    ['without', false],
    ['with PV and demand as', true],
  ])('%s inflexible devices: 96 quarter hours within ±2 MW and 0–5 MWh, cost as reported', async (_, withInflexible) => {
    const flexContext: Record<string, unknown> = { 'site-power-capacity': '2 MW' };
    if (withInflexible) flexContext['inflexible-device-sensors'] = [w.pv.id, w.demand.id];
    const { res } = await schedule(
      w.token,
      w.battery.power.id,
      { start: '2015-01-01T00:00:00+01:00', duration: 'PT24H', 'flex-model': { 'soc-at-start': 2.5 }, 'flex-context': flexContext },
      { duration: 'PT24H' },
    );
    expect(res.status).toBe(200);
    const body = res.body;
    expect(body).toMatchObject({
      duration: 'PT24H',
      message: 'Request has been processed. StorageScheduler was used.',
      start: '2014-12-31T23:00:00+00:00',
      status: 'PROCESSED',
      unit: 'MW',
      scheduler_info: { scheduler: 'StorageScheduler', expected_cost_unit: 'EUR', solver: { status: 'optimal', problem_class: 'LP' } },
    });
    const values = body.values as number[];
    expect(values).toHaveLength(96);
    for (const x of values) expect(Math.abs(x)).toBeLessThanOrEqual(2 + 1e-9);
    const soc = body.scheduler_info.state_of_charge;
    expect(soc).toMatchObject({ start: '2014-12-31T23:00:00+00:00', resolution: 'PT15M', unit: 'MWh' });
    const expected = integrate(2.5, values);
    expect(soc.values).toHaveLength(97);
    soc.values.forEach((x: number, i: number) => {
      expect(x).toBeCloseTo(expected[i]!, 5);
      expect(x).toBeGreaterThanOrEqual(-1e-6);
      expect(x).toBeLessThanOrEqual(5 + 1e-6);
    });
    // Expected cost in real EUR: prices × 0.25 h × net site power (PV −1.8 MW 08–16 local, demand +1 MW).
    const prices = pricesFrom(DAY1, 96);
    const inflexible = (j: number) => (withInflexible ? 1 - (j >= 32 && j < 64 ? 1.8 : 0) : 0);
    const cost = values.reduce((sum, x, j) => sum + prices[j]! * 0.25 * (x + inflexible(j)), 0);
    expect(body.scheduler_info.expected_cost).toBeCloseTo(cost, 4);
    // The site limit of 2 MW holds for the net power.
    values.forEach((x, j) => expect(Math.abs(x + inflexible(j))).toBeLessThanOrEqual(2 + 1e-6));
  });
});

describe('S5 – charging stations reach their 02:00 target (day 2, from 1 MWh)', () => {
  it.each([
    ['one-way', 1, 'oneWay'],
    ['one-way', 5, 'oneWay'],
    ['bidirectional', 0, 'twoWay'],
    ['bidirectional', 5, 'twoWay'],
  ] as const)('%s station, target %d MWh', async (_, target, station) => {
    const sensor = w[station];
    const { res } = await schedule(
      w.token,
      sensor.id,
      {
        start: '2015-01-02T00:00:00+01:00',
        duration: 'PT24H',
        'flex-model': { 'soc-at-start': 1, 'soc-targets': [{ value: target, datetime: '2015-01-02T02:00:00+01:00' }] },
      },
      { duration: 'PT24H' },
    );
    expect(res.status).toBe(200);
    const soc = res.body.scheduler_info.state_of_charge.values as number[];
    expect(Math.abs(soc[8]! - target)).toBeLessThan(1e-5);
    const values = res.body.values as number[];
    expect(values).toHaveLength(96);
    for (const x of values) expect(Math.abs(x)).toBeLessThanOrEqual(2 + 1e-9);
    if (station === 'oneWay') for (const x of values) expect(x).toBeGreaterThanOrEqual(0);
  });
});

describe('S6 – an infeasible target fails the job with an explanation (no fallback)', () => {
  /** A day's schedule of station `sensorId` starting at 10 MWh with a SoC target of `target` MWh at 02:00. */
  const scheduleTarget = (sensorId: number, target: number) =>
    schedule(w.token, sensorId, {
      start: '2015-01-02T00:00:00+01:00',
      duration: 'PT24H',
      'flex-model': { 'soc-at-start': 10, 'soc-targets': [{ value: target, datetime: '2015-01-02T02:00:00+01:00' }] },
    });

  it('one-way station starting at 10 MWh above soc-max 5: 400 UNKNOWN_SCHEDULE naming the constraints and times', async () => {
    const { res } = await scheduleTarget(w.oneWay.id, 9);
    expect(res.status).toBe(400);
    expect(res.body.status).toBe('UNKNOWN_SCHEDULE');
    expect(res.body.result).toBe('Rejected');
    const message = res.body.message as string;
    expect(message).toMatch(
      /^No known schedule for this time period\. Scheduling job failed with ValueError: The input data yields an infeasible problem\./,
    );
    expect(message).toContain('soc-max 5 MWh cannot be met: starting from soc-at-start 10 MWh at 2015-01-02T00:00:00+01:00');
    expect(message).toContain('t=2015-01-02T02:00:00+01:00 | soc-targets 9 MWh exceeds soc-max 5 MWh');
    expect(message).toMatch(/\. StorageScheduler was used\.$/);
  });

  it('bidirectional station with target 5: the target is out of reach (6 MWh at best by 02:00)', async () => {
    const { res } = await scheduleTarget(w.twoWay.id, 5);
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('Scheduling job failed with InfeasibleProblemException: The input data yields an infeasible problem.');
    expect(res.body.message).toContain('the SoC can only be between 6 MWh and 14 MWh by then');
  });
});

describe('S17 – units: a kW sensor with SoC in kWh (2015-01-02 14:00–16:00)', () => {
  it.each([
    ['numbers in soc-unit kWh', { 'soc-unit': 'kWh', 'soc-min': 100, 'soc-at-start': 100, 'soc-max': 1000 }],
    ['quantities in MWh and kWh', { 'soc-min': '0.1 MWh', 'soc-at-start': '100 kWh', 'soc-max': '1 MWh' }],
  ])('%s → [1000, 1000, 1000, 600, −600, −1000, −1000, −1000] kW', async (_, soc) => {
    const { res } = await schedule(
      w.token,
      w.battery.powerKw.id,
      {
        start: '2015-01-02T14:00:00+01:00',
        duration: 'PT2H',
        'flex-model': { ...soc, 'power-capacity': '1 MW', 'roundtrip-efficiency': 1, 'storage-efficiency': 1 },
        'flex-context': { 'site-power-capacity': '1 MW' },
      },
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ unit: 'kW', duration: 'PT2H', start: '2015-01-02T13:00:00+00:00' });
    expect(res.body.values).toEqual([1000, 1000, 1000, 600, -600, -1000, -1000, -1000]);
    const first = (res.body.values as number[]).slice(0, 4).reduce((a, b) => a + b, 0) * 0.25;
    expect(first / 1000).toBeCloseTo(0.9, 9);
    expect(res.body.scheduler_info.state_of_charge).toMatchObject({ unit: 'kWh' });
    expect(res.body.scheduler_info.state_of_charge.values[4]).toBeCloseTo(1000, 6);
  });
});

describe('day 2 on the MW sensor: the default 6-hour GET window of a 48-hour job', () => {
  it('returns 24 quarter hours from the start by default; the schedule charges in the flat block first (tie-break)', async () => {
    const { res } = await schedule(w.token, w.battery.power.id, { start: '2015-01-02T00:00:00+01:00', 'flex-model': { 'soc-at-start': 2.5 } });
    expect(res.status).toBe(200);
    expect(res.body.duration).toBe('PT6H');
    expect(res.body.values).toHaveLength(24);
    expect(res.body.start).toBe(new Date(DAY2).toISOString().replace('.000Z', '+00:00'));
    expect(res.body.values[0]).toBe(2);
  });
});
