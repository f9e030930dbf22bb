/**
 * The scheduler scenarios of docs/contract/storage-scheduling.md §3 with their fixture numbers, each solved with
 * GLPK (core/scheduling) and compared with HiGHS' optimum of an independently written model.
 */
import { describe, it, expect, beforeAll } from '@jest/globals';
import {
  SchedulingError,
  getGlpk,
  scheduleStorageWith,
  type Glpk,
  type SolveOptions,
  type StorageProblem,
  type StorageSchedule,
} from '../../../functions/core/scheduling/index.js';
import { HOUR } from '../../../functions/core/time/index.js';
import {
  DAY1,
  DAY2,
  DAY3,
  EPEX_DAY2,
  QUARTER,
  TZ,
  buildingInflexible,
  constant,
  epexQuarters,
} from './fixtures.js';
import { getHighs, referenceSolve, type ReferenceOptions } from './highs-reference.js';
import { thrownBy } from '../../helpers/errors.js';

let glpk: Glpk;
beforeAll(async () => {
  glpk = await getGlpk();
  await getHighs();
});

interface BatterySpec {
  start: number;
  steps: number;
  capacity: number;
  socAtStart: number;
  socMin?: number;
  socMax: number;
  site?: number;
}

/** A battery on 15-minute epex_da prices (production price = consumption price), as in docs/contract/storage-scheduling.md §3.1. */
function battery(spec: BatterySpec, extra: Partial<StorageProblem> = {}): StorageProblem {
  const { start, steps } = spec;
  const prices = epexQuarters(start, steps);
  return {
    startMs: start,
    stepMs: QUARTER,
    socAtStart: spec.socAtStart,
    socMin: spec.socMin ?? 0,
    socMax: spec.socMax,
    consumptionCapacity: constant(spec.capacity, steps),
    productionCapacity: constant(spec.capacity, steps),
    siteConsumptionCapacity: constant(spec.site ?? spec.capacity, steps),
    siteProductionCapacity: constant(spec.site ?? spec.capacity, steps),
    consumptionPrice: prices,
    productionPrice: prices,
    timeZone: TZ,
    ...extra,
  };
}

/** A SoC series (end of step j) with one value at the instant `atMs`. */
function at(problem: { startMs: number; stepMs: number }, steps: number, atMs: number, value: number): (number | null)[] {
  const j = (atMs - problem.startMs) / problem.stepMs - 1;
  return Array.from({ length: steps }, (_, i) => (i === j ? value : null));
}

/** Solves with GLPK and HiGHS and checks that GLPK's objective is HiGHS' optimum (within the MIP gap for MILPs). */
async function solveAndCompare(
  problem: StorageProblem,
  options: SolveOptions = {},
  reference: ReferenceOptions = {},
): Promise<{ schedule: StorageSchedule; reference: number }> {
  const schedule = scheduleStorageWith(glpk, problem, options);
  const ref = await referenceSolve(problem, reference);
  expect(ref.status).toBe('Optimal');
  const scale = Math.max(1, Math.abs(ref.objective));
  // GLPK can never beat the optimum (beyond numerical noise) …
  expect(schedule.objective).toBeGreaterThanOrEqual(ref.objective - 1e-7 * scale);
  // … and is at it (LP) or within the reported gap (MILP).
  const allowed = schedule.problemClass === 'LP' ? 1e-7 * scale : schedule.mipGap * Math.abs(schedule.objective) + 1e-7 * scale;
  expect(schedule.objective - ref.objective).toBeLessThanOrEqual(allowed);
  return { schedule, reference: ref.objective };
}

/** The properties FlexMeasures' check_constraints asserts, plus SoC consistency. */
function expectWithinBounds(s: StorageSchedule, capacity: number, socMin: number, socMax: number): void {
  for (const x of s.power) expect(Math.abs(x)).toBeLessThanOrEqual(capacity + 1e-5);
  for (const soc of s.soc.slice(1)) {
    expect(soc).toBeGreaterThanOrEqual(socMin - 1e-5);
    expect(soc).toBeLessThanOrEqual(socMax + 1e-5);
  }
}

const expectFailure = (fn: () => unknown): SchedulingError => thrownBy(SchedulingError, fn);

describe('S2 – day-1 battery (test_battery_solver_day_1)', () => {
  const cases = [
    { name: 'Test battery', capacity: 2, socMax: 5, socAtStart: 2.5 },
    { name: 'Test small battery', capacity: 0.01, socMax: 0.01, socAtStart: 0.005 },
  ];
  for (const c of cases) {
    for (const withInflexible of [false, true]) {
      it(`${c.name}${withInflexible ? ' with PV and demand' : ''}: within bounds and at HiGHS' optimum`, async () => {
        const problem = battery(
          { start: DAY1, steps: 96, capacity: c.capacity, socAtStart: c.socAtStart, socMax: c.socMax, site: 2 },
          withInflexible ? { inflexiblePower: buildingInflexible(DAY1, 96) } : {},
        );
        const { schedule } = await solveAndCompare(problem);
        expect(schedule.status).toBe('optimal');
        expect(schedule.problemClass).toBe('LP');
        expect(schedule.power).toHaveLength(96);
        expect(schedule.soc).toHaveLength(97);
        expect(schedule.soc[0]).toBe(c.socAtStart);
        expectWithinBounds(schedule, c.capacity, 0, c.socMax);
      });
    }
  }

  it('reports the expected cost in real currency (prices × 0.25 h × net site power, PV and demand included)', async () => {
    const inflexible = buildingInflexible(DAY1, 96);
    const problem = battery({ start: DAY1, steps: 96, capacity: 2, socAtStart: 2.5, socMax: 5, site: 2 }, { inflexiblePower: inflexible });
    const schedule = scheduleStorageWith(glpk, problem);
    const prices = epexQuarters(DAY1, 96);
    const manual = schedule.power.reduce((sum, x, j) => sum + 0.25 * (x + inflexible[j]!) * prices[j]!, 0);
    expect(schedule.expectedCost).toBeCloseTo(manual, 6);
    // The schedule earns money compared with doing nothing.
    const idle = inflexible.reduce((sum, x, j) => sum + 0.25 * x * prices[j]!, 0);
    expect(schedule.expectedCost).toBeLessThan(idle);
  });
});

describe('S5 – charging-station reachability (test_charging_station_solver_day_2)', () => {
  const cases = [
    { station: 'one-way', target: 1, production: 0 },
    { station: 'one-way', target: 5, production: 0 },
    { station: 'bidirectional', target: 0, production: 2 },
    { station: 'bidirectional', target: 5, production: 2 },
  ];
  for (const c of cases) {
    it(`${c.station} station reaches ${c.target} MWh at 02:00 from 1 MWh`, async () => {
      const target = Date.parse('2015-01-02T02:00:00+01:00');
      const base = battery({ start: DAY2, steps: 96, capacity: 2, socAtStart: 1, socMax: 5 });
      const problem: StorageProblem = {
        ...base,
        productionCapacity: constant(c.production, 96),
        socTargets: at(base, 96, target, c.target),
      };
      const { schedule } = await solveAndCompare(problem);
      const k = (target - DAY2) / QUARTER;
      expect(schedule.socInstantsMs[k]).toBe(target);
      expect(Math.abs(schedule.soc[k]! - c.target)).toBeLessThan(1e-5);
      expectWithinBounds(schedule, 2, 0, 5);
      if (c.production === 0) for (const x of schedule.power) expect(x).toBeGreaterThanOrEqual(0);
    });
  }
});

describe('S6 – infeasible target: the job fails with an explanation (no fallback)', () => {
  const target = Date.parse('2015-01-02T02:00:00+01:00');
  const make = (production: number, value: number): StorageProblem => {
    const base = battery({ start: DAY2, steps: 96, capacity: 2, socAtStart: 10, socMax: 5 });
    return { ...base, productionCapacity: constant(production, 96), socTargets: at(base, 96, target, value) };
  };

  it('one-way station, target 9: soc-at-start vs soc-max from the first step, and the target vs soc-max', () => {
    const error = expectFailure(() => scheduleStorageWith(glpk, make(0, 9)));
    expect(error.excType).toBe('ValueError');
    expect(error.text).toMatch(/^The input data yields an infeasible problem\./);
    expect(error.text).toContain(
      't=2015-01-02T00:15:00+01:00 | soc-max 5 MWh cannot be met: starting from soc-at-start 10 MWh at 2015-01-02T00:00:00+01:00',
    );
    expect(error.text).toContain('t=2015-01-02T02:00:00+01:00 | soc-targets 9 MWh exceeds soc-max 5 MWh');
  });

  it('one-way station, target 15: the target lies above soc-max', () => {
    const error = expectFailure(() => scheduleStorageWith(glpk, make(0, 15)));
    expect(error.text).toContain('t=2015-01-02T02:00:00+01:00 | soc-targets 15 MWh exceeds soc-max 5 MWh');
    expect(error.issues.length).toBeGreaterThanOrEqual(2);
  });

  it('bidirectional station, target 5: soc-max from the first step, and the target vs the reachable SoC (6 MWh at best)', () => {
    const error = expectFailure(() => scheduleStorageWith(glpk, make(2, 5)));
    expect(error.excType).toBe('InfeasibleProblemException');
    expect(error.text).toContain('t=2015-01-02T00:15:00+01:00 | soc-max 5 MWh cannot be met');
    expect(error.text).toContain('the SoC can go down to 9.5 MWh at the lowest by then');
    expect(error.text).toContain(
      't=2015-01-02T02:00:00+01:00 | soc-targets 5 MWh is out of reach: starting from soc-at-start 10 MWh at ' +
        '2015-01-02T00:00:00+01:00, the SoC can only be between 6 MWh and 14 MWh by then',
    );
    expect(error.failureMessage).toMatch(/^Scheduling job failed with InfeasibleProblemException: The input data/);
  });

  it('bidirectional station, target 15: the target lies above soc-max', () => {
    const error = expectFailure(() => scheduleStorageWith(glpk, make(2, 15)));
    expect(error.excType).toBe('ValueError');
    expect(error.text).toContain('t=2015-01-02T02:00:00+01:00 | soc-targets 15 MWh exceeds soc-max 5 MWh');
  });

  it('HiGHS agrees that these problems are infeasible', async () => {
    for (const [production, value] of [
      [0, 9],
      [2, 5],
    ] as const) {
      const ref = await referenceSolve(make(production, value));
      expect(ref.status).toMatch(/nfeasible/);
    }
  });
});

describe('S9 – infeasible input rejected before solving (test_infeasible_problem_error)', () => {
  it('names the 8.0 MWh target at 16:00 and soc-max 4.5', () => {
    const steps = 24;
    const problem: StorageProblem = {
      startMs: DAY2,
      stepMs: HOUR,
      socAtStart: 2.5,
      socMin: 0.5,
      socMax: 4.5,
      consumptionCapacity: constant(2, steps),
      productionCapacity: constant(2, steps),
      consumptionPrice: EPEX_DAY2,
      productionPrice: EPEX_DAY2,
      socTargets: at({ startMs: DAY2, stepMs: HOUR }, steps, Date.parse('2015-01-02T16:00:00+01:00'), 8),
      timeZone: TZ,
    };
    const error = expectFailure(() => scheduleStorageWith(glpk, problem));
    expect(error.excType).toBe('ValueError');
    expect(error.text).toBe(
      'The input data yields an infeasible problem. Constraint validation has found the following issues:\n' +
        't=2015-01-02T16:00:00+01:00 | soc-targets 8 MWh exceeds soc-max 4.5 MWh',
    );
    expect(error.issues).toEqual([{ atMs: Date.parse('2015-01-02T16:00:00+01:00'), text: 'soc-targets 8 MWh exceeds soc-max 4.5 MWh' }]);
  });

  it('prints quantities in kWh/kW when asked to', () => {
    const problem = battery({ start: DAY2, steps: 8, capacity: 1, socAtStart: 0.1, socMax: 1 }, { messageUnits: { energy: 'kWh' } });
    const error = expectFailure(() =>
      scheduleStorageWith(glpk, { ...problem, socTargets: at(problem, 8, DAY2 + HOUR, 1.2) }),
    );
    expect(error.text).toContain('soc-targets 1200 kWh exceeds soc-max 1000 kWh');
  });
});

describe('S14 – soc-usage (test_battery_stock_delta_sensor)', () => {
  const make = (usage: number) =>
    battery(
      { start: DAY1, steps: 96, capacity: 2, socAtStart: 0, socMax: 2 },
      { productionCapacity: constant(0, 96), stockDelta: constant(-usage, 96) },
    );

  it('a 2 MW soc-usage with production capacity 0 kW makes the battery charge 2 MW in every step', async () => {
    const { schedule } = await solveAndCompare(make(2));
    expect(schedule.power).toEqual(constant(2, 96));
    expect(schedule.soc.every((x) => x === 0)).toBe(true);
  });

  it('a 2.4 MW soc-usage is infeasible: soc-min cannot be met from 00:15 on', () => {
    const error = expectFailure(() => scheduleStorageWith(glpk, make(2.4)));
    expect(error.excType).toBe('InfeasibleProblemException');
    expect(error.text).toBe(
      'The input data yields an infeasible problem. Constraint validation has found the following issues:\n' +
        't=2015-01-01T00:15:00+01:00 until 2015-01-02T00:00:00+01:00 | soc-min 0 MWh cannot be met: starting from ' +
        'soc-at-start 0 MWh at 2015-01-01T00:00:00+01:00, the SoC can reach at most -0.1 MWh by then ' +
        '(charging limited by consumption-capacity, soc-gain/soc-usage)',
    );
  });
});

describe('S17 – units window 2015-01-02 14:00–16:00 (test_battery_storage_different_units)', () => {
  it('charges 0.9 MWh in the first hour and discharges it in the second, driven by the tie-break ramp', async () => {
    const start = Date.parse('2015-01-02T14:00:00+01:00');
    const problem = battery({ start, steps: 8, capacity: 1, socAtStart: 0.1, socMin: 0.1, socMax: 1, site: 1 });
    expect(problem.consumptionPrice).toEqual(constant(90, 8));
    const { schedule } = await solveAndCompare(problem);
    expect(schedule.power).toEqual([1, 1, 1, 0.6, -0.6, -1, -1, -1]);
    expect(schedule.power.slice(0, 4).reduce((a, b) => a + b, 0) * 0.25).toBeCloseTo(0.9, 9);
    expect(schedule.power.slice(4).reduce((a, b) => a + b, 0) * 0.25).toBeCloseTo(-0.9, 9);
    expect(schedule.soc).toEqual([0.1, 0.35, 0.6, 0.85, 1, 0.85, 0.6, 0.35, 0.1]);
    // Flat prices: the cycle costs nothing in real currency.
    expect(schedule.expectedCost).toBe(0);
  });

  it('without the tie-breaker the battery has no reason to move', () => {
    const start = Date.parse('2015-01-02T14:00:00+01:00');
    const problem = battery(
      { start, steps: 8, capacity: 1, socAtStart: 0.1, socMin: 0.1, socMax: 1, site: 1 },
      { preferChargingSooner: false },
    );
    const schedule = scheduleStorageWith(glpk, problem);
    expect(schedule.objective).toBeCloseTo(0, 9);
  });
});

describe('day 2 flat block with 100 % efficiency (docs/contract/storage-scheduling.md §1.7 consequences)', () => {
  it('charges at 00:00–01:00 and sells at 06:00–08:00 inside the flat 100 €/MWh block', async () => {
    const { schedule } = await solveAndCompare(
      battery({ start: DAY2, steps: 32, capacity: 2, socAtStart: 2.5, socMax: 5 }),
    );
    // 2.5 MWh of room: 2 MW for 1 h plus 0.5 MW in the fifth quarter … and everything sold at the end.
    expect(schedule.power.slice(0, 5)).toEqual([2, 2, 2, 2, 2]);
    expect(schedule.power.slice(-10).every((x) => x < 0)).toBe(true);
    expect(schedule.soc[32]).toBe(0);
  });
});

describe('negative prices with conversion losses: the MILP (decision 0023)', () => {
  const lossy = (start: number, steps: number, extra: Partial<StorageProblem> = {}) =>
    battery(
      { start, steps, capacity: 2, socAtStart: 2.5, socMax: 5 },
      { chargingEfficiency: constant(0.9, steps), dischargingEfficiency: constant(0.9, steps), ...extra },
    );

  it('day 3 (−10 €/MWh for 8 h, then 100): sign binaries are used and GLPK is within the reported gap of HiGHS', async () => {
    // The dense closed-form stock rows make HiGHS slow on this MILP; the sparse variant is the same model.
    const { schedule, reference } = await solveAndCompare(lossy(DAY3, 96), {}, { stock: 'recursive' });
    expect(schedule.problemClass).toBe('MILP');
    expect(schedule.binaries).toBe(96);
    expect(schedule.method).toBe('dp+lp');
    expect(schedule.status).toBe('optimal');
    expect(schedule.mipGap).toBeLessThanOrEqual(1e-6);
    expect(reference).toBeCloseTo(-491.924114, 5);
    expectWithinBounds(schedule, 2, 0, 5);
  });

  it('days 2–3 (192 steps) as well', async () => {
    const { schedule, reference } = await solveAndCompare(lossy(DAY2, 192), {}, { stock: 'recursive' });
    expect(schedule.problemClass).toBe('MILP');
    expect(reference).toBeCloseTo(-741.317465, 5);
    expect(schedule).toMatchObject({ method: 'dp+lp', status: 'optimal' });
    expect(schedule.mipGap).toBeLessThanOrEqual(1e-6);
  });

  it('day 3 with epex_da_production as production price: optimal with a gap of at most 1e-6', async () => {
    const production = [...constant(-50, 32), ...constant(60, 64)];
    const { schedule, reference } = await solveAndCompare(lossy(DAY3, 96, { productionPrice: production }));
    expect(schedule.problemClass).toBe('MILP');
    expect(schedule.status).toBe('optimal');
    expect(schedule.mipGap).toBeLessThanOrEqual(1e-6);
    expect(schedule.objective).toBeCloseTo(reference, 6);
  });

  it('the SoC trajectory integrates the schedule with the efficiencies (no hidden dissipation)', () => {
    const problem = lossy(DAY3, 96);
    const schedule = scheduleStorageWith(glpk, problem);
    let soc = 2.5;
    schedule.power.forEach((x, j) => {
      soc += 0.25 * (x >= 0 ? 0.9 * x : x / 0.9);
      expect(schedule.soc[j + 1]).toBeCloseTo(soc, 5);
    });
  });

  it('positive prices with losses stay an LP', async () => {
    const { schedule } = await solveAndCompare(lossy(DAY1, 96));
    expect(schedule.problemClass).toBe('LP');
    expect(schedule.binaries).toBe(0);
  });

  it('efficiencies above 100 % (η_up·η_down > 1) need the binaries even at positive prices, and are solved exactly', async () => {
    // Cycling creates energy here, so the LP relaxation is weak; the DP does not depend on it.
    const { schedule } = await solveAndCompare(
      lossy(DAY2, 32, { chargingEfficiency: constant(1.2, 32), dischargingEfficiency: constant(1, 32) }),
      { timeLimitSeconds: 1 },
    );
    expect(schedule).toMatchObject({ problemClass: 'MILP', method: 'dp+lp', status: 'optimal' });
    expect(schedule.mipGap).toBeLessThanOrEqual(1e-6);
  });
});

describe('storage efficiency, soc-gain and site limits', () => {
  it('storage efficiency 90 % per step (linear loss variant) matches HiGHS', async () => {
    const { schedule } = await solveAndCompare(
      battery({ start: DAY1, steps: 96, capacity: 2, socAtStart: 2.5, socMax: 5 }, { storageEfficiency: constant(0.9, 96) }),
    );
    expect(schedule.soc[1]).toBeCloseTo(2.5 * 0.9 + 0.25 * schedule.power[0]! * 0.949122, 5);
  });

  it('a soc-gain that must be dissipated while export is blocked is infeasible without simultaneous charge/discharge', async () => {
    const problem = battery(
      { start: DAY1, steps: 8, capacity: 2, socAtStart: 4.9, socMax: 5 },
      {
        stockDelta: constant(1, 8),
        siteProductionCapacity: constant(0, 8),
        chargingEfficiency: constant(0.9, 8),
        dischargingEfficiency: constant(0.9, 8),
      },
    );
    const error = expectFailure(() => scheduleStorageWith(glpk, problem));
    expect(error.excType).toBe('InfeasibleProblemException');
    expect(error.text).toContain('soc-max 5 MWh cannot be met');
    expect(error.text).toContain('discharging limited by production-capacity, site-production-capacity, efficiencies, soc-gain/soc-usage');
    expect((await referenceSolve(problem)).status).toMatch(/nfeasible/);
  });

  it('rejects site limits that the inflexible devices exceed even with the storage discharging fully', () => {
    const problem = battery(
      { start: DAY1, steps: 4, capacity: 0.5, socAtStart: 2.5, socMax: 5 },
      { inflexiblePower: [1, 3, 3, 1], siteConsumptionCapacity: constant(2, 4) },
    );
    const error = expectFailure(() => scheduleStorageWith(glpk, problem));
    expect(error.excType).toBe('ValueError');
    expect(error.text).toContain(
      't=2015-01-01T00:15:00+01:00 until 2015-01-01T00:30:00+01:00 | site-consumption-capacity 2 MW is exceeded: ' +
        'the inflexible devices consume 3 MW and the storage can discharge at most 0.5 MW (production-capacity)',
    );
  });

  it('site limits bind: the battery charges only up to the site consumption capacity net of the demand', async () => {
    const problem = battery(
      { start: DAY1, steps: 96, capacity: 2, socAtStart: 0, socMax: 5, site: 1.5 },
      { inflexiblePower: constant(1, 96) },
    );
    const { schedule } = await solveAndCompare(problem);
    for (const x of schedule.power) expect(x).toBeLessThanOrEqual(0.5 + 1e-9);
  });

  it('soc-minima and soc-maxima act on the SoC at their instants', async () => {
    const base = battery({ start: DAY1, steps: 96, capacity: 2, socAtStart: 2.5, socMax: 5 });
    const noon = Date.parse('2015-01-01T12:00:00+01:00');
    const evening = Date.parse('2015-01-01T18:00:00+01:00');
    const problem = { ...base, socMinima: at(base, 96, noon, 4.5), socMaxima: at(base, 96, evening, 0.5) };
    const { schedule } = await solveAndCompare(problem);
    expect(schedule.soc[(noon - DAY1) / QUARTER]).toBeGreaterThanOrEqual(4.5 - 1e-6);
    expect(schedule.soc[(evening - DAY1) / QUARTER]).toBeLessThanOrEqual(0.5 + 1e-6);
  });

  it('minima above maxima at the same instant are rejected', () => {
    const base = battery({ start: DAY1, steps: 8, capacity: 2, socAtStart: 2.5, socMax: 5 });
    const t = DAY1 + HOUR;
    const error = expectFailure(() =>
      scheduleStorageWith(glpk, { ...base, socMinima: at(base, 8, t, 3), socMaxima: at(base, 8, t, 2) }),
    );
    expect(error.text).toContain('t=2015-01-01T01:00:00+01:00 | soc-minima 3 MWh exceeds soc-maxima 2 MWh');
  });
});

describe('price validation (decision 0025)', () => {
  it('rejects a consumption price below the production price, naming the steps and prices', () => {
    const base = battery({ start: DAY2, steps: 4, capacity: 2, socAtStart: 2.5, socMax: 5 });
    const error = expectFailure(() => scheduleStorageWith(glpk, { ...base, productionPrice: [100, 120, 120, 90] }));
    expect(error.excType).toBe('ValueError');
    expect(error.text).toContain(
      't=2015-01-02T00:15:00+01:00 until 2015-01-02T00:30:00+01:00 | consumption-price 100 is below production-price 120',
    );
  });

  it('rejects unknown (NaN) prices and malformed series', () => {
    const base = battery({ start: DAY2, steps: 4, capacity: 2, socAtStart: 2.5, socMax: 5 });
    expect(expectFailure(() => scheduleStorageWith(glpk, { ...base, consumptionPrice: [1, Number.NaN, 1, 1] })).text).toBe(
      'The consumption price is unknown at 2015-01-02T00:15:00+01:00.',
    );
    expect(expectFailure(() => scheduleStorageWith(glpk, { ...base, productionCapacity: [1, 1] })).text).toBe(
      'The production capacity series has 2 values for 4 time steps.',
    );
    expect(expectFailure(() => scheduleStorageWith(glpk, { ...base, dischargingEfficiency: constant(0, 4) })).excType).toBe('ValueError');
  });
});

describe('robustness', () => {
  it('denormal bounds do not hang GLPK (they are snapped to 0)', () => {
    const problem: StorageProblem = {
      startMs: DAY1,
      stepMs: QUARTER,
      socAtStart: 0.25,
      socMin: 0,
      socMax: 0.5,
      consumptionCapacity: constant(0.5, 3),
      productionCapacity: constant(0.5, 3),
      siteProductionCapacity: constant(5e-324, 3),
      chargingEfficiency: constant(0.6, 3),
      dischargingEfficiency: constant(0.6, 3),
      consumptionPrice: [-1, 0, 0],
      productionPrice: [-1, 0, 0],
    };
    const schedule = scheduleStorageWith(glpk, problem, { timeLimitSeconds: 5 });
    expect(schedule.power[0]).toBeGreaterThan(0);
    for (const x of schedule.power) expect(x).toBeGreaterThanOrEqual(0);
  });
});
