/**
 * Property test against HiGHS (an independent model, mip_rel_gap 1e-9). 500 random problems with
 * every flex-model feature — negative stretches in the prices, separate consumption and production
 * prices, round-trip or separate efficiencies (above 100 % too), storage losses, soc-gain/usage,
 * targets, minima/maxima, device and site capacities, inflexible devices, 15 min and 1 h steps —
 * with sizes up to 200 steps (a quarter of them over 80): the scheduler's objective equals HiGHS'
 * optimum within 1e-6 relative and is never worse, the DP's own value agrees as well, every schedule
 * passes an independent re-simulation of all constraints (resimulate.ts) and costs what its
 * objective says, and a problem is rejected before solving exactly when HiGHS finds it infeasible.
 * A second property concentrates on problems where dissipating energy through conversion losses
 * pays (the sign binaries bind).
 */
import { describe, it, expect, beforeAll } from '@jest/globals';
import fc from 'fast-check';
import {
  SchedulingError,
  dpOptimum,
  getGlpk,
  scheduleStorageWith,
  type Glpk,
  type StorageProblem,
  type StorageSchedule,
} from '../../../functions/core/scheduling/index.js';
import { HOUR, MINUTE } from '../../../functions/core/time/index.js';
import { getHighs, referenceSolve } from './highs-reference.js';
import { modelCost, roundingSlack, simulateSoc, violations } from './resimulate.js';

let glpk: Glpk;
beforeAll(async () => {
  glpk = await getGlpk();
  await getHighs();
});

const START = Date.parse('2015-01-01T00:00:00+01:00');
// Denormal magnitudes are snapped to 0 by the scheduler (GLPK's presolver loops on them); the
// generator does the same so that the reference model sees the same numbers.
const num = (min: number, max: number) =>
  fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((x) => (Math.abs(x) < 1e-12 ? 0 : x));
const series = (n: number, min: number, max: number) => fc.array(num(min, max), { minLength: n, maxLength: n });
/** A SoC constraint series that is set on about one step in `every`. */
const rare = (n: number, min: number, max: number, every: number) =>
  fc.array(fc.oneof({ weight: every - 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: num(min, max) }), { minLength: n, maxLength: n });
const sparse = (n: number, min: number, max: number) =>
  fc.array(fc.option(num(min, max), { freq: 4, nil: null }), { minLength: n, maxLength: n });

/** Prices with negative stretches: a daily-ish wave, noise, and a block pushed below zero. */
const pricesArb = (n: number) =>
  fc
    .record({
      level: num(-30, 60),
      amplitude: num(0, 60),
      period: fc.integer({ min: 4, max: 96 }),
      noise: series(n, -15, 15),
      dipStart: fc.integer({ min: 0, max: n - 1 }),
      dipLength: fc.integer({ min: 0, max: n }),
      dip: num(0, 150),
    })
    .map((g) =>
      g.noise.map((e, j) => {
        const wave = g.level + g.amplitude * Math.sin((2 * Math.PI * j) / g.period) + e;
        return j >= g.dipStart && j < g.dipStart + g.dipLength ? wave - g.dip : wave;
      }),
    );

/** A constant series or one value per step. */
const maybeVarying = (n: number, min: number, max: number) =>
  fc.oneof(num(min, max).map((x) => Array<number>(n).fill(x)), series(n, min, max));

/** A device capacity: constant, or per step with some steps at 0. */
const capacityArb = (n: number) =>
  fc.oneof(num(0.3, 3).map((x) => Array<number>(n).fill(x)), series(n, 0, 3).map((xs) => xs.map((x) => (x < 0.2 ? 0 : x))));

const problemArb: fc.Arbitrary<StorageProblem> = fc
  .record({
    n: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 1, max: 80 }) }, { weight: 1, arbitrary: fc.integer({ min: 81, max: 200 }) }),
    hourly: fc.boolean(),
  })
  .chain(({ n, hourly }) =>
    fc.record({
      n: fc.constant(n),
      stepMs: fc.constant(hourly ? HOUR : 15 * MINUTE),
      socMin: num(0, 1),
      room: num(0.5, 4),
      // Often nearly full: then long negative stretches make burning energy through losses pay.
      startShare: fc.oneof(num(0, 1), num(0.85, 1)),
      consumptionCapacity: capacityArb(n),
      productionCapacity: capacityArb(n),
      site: fc.option(fc.record({ cons: maybeVarying(n, 0.5, 4), prod: maybeVarying(n, 0, 4) }), { nil: undefined }),
      inflexibleScale: num(0, 1),
      inflexible: fc.option(series(n, -1.5, 1.5), { nil: undefined }),
      efficiency: fc.oneof(
        fc.constant(undefined),
        num(0.5, 1).map((rt) => ({ up: Math.sqrt(rt), down: Math.sqrt(rt) })),
        fc.record({ up: num(0.6, 1.3), down: num(0.6, 1.1) }),
        fc.record({ upSeries: series(n, 0.6, 1.2), downSeries: series(n, 0.6, 1.05) }),
      ),
      eps: fc.option(maybeVarying(n, 0.98, 1), { nil: undefined }),
      delta: fc.option(maybeVarying(n, -0.1, 0.1), { nil: undefined }),
      consumptionPrice: pricesArb(n),
      priceGap: fc.oneof(fc.constant(Array<number>(n).fill(0)), series(n, 0, 40)),
      minima: fc.option(rare(n, 0, 0.5, 16), { nil: undefined }),
      maxima: fc.option(rare(n, 0.5, 1, 16), { nil: undefined }),
      targets: fc.option(rare(n, 0.1, 0.9, 40), { nil: undefined }),
      prefer: fc.boolean(),
    }),
  )
  .map((g) => {
    const socMax = g.socMin + g.room;
    const n = g.n;
    // Targets as a share of [soc-min, soc-max], only where no minimum/maximum is set, so that a target
    // is never silently clamped (which the reference does and the pre-check rejects).
    const targets = g.targets?.map((share, j) =>
      share === null || g.minima?.[j] != null || g.maxima?.[j] != null ? null : g.socMin + share * g.room,
    );
    const e = g.efficiency;
    const etaUp = e && ('up' in e ? Array<number>(n).fill(e.up) : e.upSeries);
    const etaDown = e && ('down' in e ? Array<number>(n).fill(e.down) : e.downSeries);
    return {
      startMs: START,
      stepMs: g.stepMs,
      socAtStart: g.socMin + g.startShare * g.room,
      socMin: g.socMin,
      socMax,
      consumptionCapacity: g.consumptionCapacity,
      productionCapacity: g.productionCapacity,
      ...(g.site ? { siteConsumptionCapacity: g.site.cons, siteProductionCapacity: g.site.prod } : {}),
      ...(g.inflexible ? { inflexiblePower: g.inflexible.map((x) => x * g.inflexibleScale) } : {}),
      ...(etaUp ? { chargingEfficiency: etaUp } : {}),
      ...(etaDown ? { dischargingEfficiency: etaDown } : {}),
      ...(g.eps ? { storageEfficiency: g.eps } : {}),
      ...(g.delta ? { stockDelta: g.delta } : {}),
      ...(g.minima ? { socMinima: g.minima.map((share) => (share === null ? null : g.socMin + share * g.room)) } : {}),
      ...(g.maxima ? { socMaxima: g.maxima.map((share) => (share === null ? null : g.socMin + share * g.room)) } : {}),
      ...(targets ? { socTargets: targets } : {}),
      consumptionPrice: g.consumptionPrice,
      productionPrice: g.consumptionPrice.map((c, j) => c - g.priceGap[j]!),
      preferChargingSooner: g.prefer,
    } satisfies StorageProblem;
  });

/**
 * Problems where burning energy through conversion losses pays: a block of negative prices, losses,
 * a nearly full storage, sometimes an export limit. Without the sign binaries the LP would charge and
 * discharge at once.
 */
const dissipationArb: fc.Arbitrary<StorageProblem> = fc
  .record({ n: fc.integer({ min: 3, max: 16 }), hourly: fc.boolean() })
  .chain(({ n, hourly }) =>
    fc.record({
      n: fc.constant(n),
      stepMs: fc.constant(hourly ? HOUR : 15 * MINUTE),
      room: num(0.5, 3),
      startShare: num(0.5, 1),
      capacity: num(0.5, 3),
      negative: num(-80, -1),
      positive: num(0, 120),
      spread: num(0, 30),
      k: fc.integer({ min: 1, max: n }),
      eta: num(0.6, 0.98),
      eps: fc.option(num(0.9, 1), { nil: undefined }),
      exportLimit: fc.option(num(0, 2), { nil: undefined }),
    }),
  )
  .map((g) => {
    const price = Array.from({ length: g.n }, (_, j) => (j < g.k ? g.negative : g.positive));
    return {
      startMs: START,
      stepMs: g.stepMs,
      socAtStart: g.startShare * g.room,
      socMin: 0,
      socMax: g.room,
      consumptionCapacity: Array<number>(g.n).fill(g.capacity),
      productionCapacity: Array<number>(g.n).fill(g.capacity),
      ...(g.exportLimit !== undefined ? { siteProductionCapacity: Array<number>(g.n).fill(g.exportLimit) } : {}),
      chargingEfficiency: Array<number>(g.n).fill(g.eta),
      dischargingEfficiency: Array<number>(g.n).fill(g.eta),
      ...(g.eps !== undefined ? { storageEfficiency: Array<number>(g.n).fill(g.eps) } : {}),
      consumptionPrice: price,
      productionPrice: price.map((c) => c - g.spread),
    } satisfies StorageProblem;
  });

/** Absolute SoC tolerance of the re-simulation: power is rounded to 6 decimals (≤ 0.65e-6 MWh of stock per step). */
const socTolerance = (problem: StorageProblem) => 1e-6 + problem.consumptionPrice.length * 1e-6;

/** The returned schedule is feasible, its SoC trajectory is the simulated one, and it costs what its objective says. */
function expectSound(problem: StorageProblem, schedule: StorageSchedule): void {
  const tol = socTolerance(problem);
  expect(violations(problem, schedule.power, tol)).toEqual([]);
  const soc = simulateSoc(problem, schedule.power);
  schedule.soc.forEach((x, i) => expect(Math.abs(x - soc[i]!)).toBeLessThanOrEqual(tol));
  const scale = Math.max(1, Math.abs(schedule.objective));
  expect(Math.abs(modelCost(problem, schedule.power) - schedule.objective)).toBeLessThanOrEqual(1e-6 * scale + roundingSlack(problem));
}

/** HiGHS may not prove a long MILP within this (then only "never worse than its best" can be checked). */
const HIGHS_SECONDS = 4;

/**
 * HiGHS' optimum: its LP when that never charges and discharges at once where it matters, else its
 * MILP (gap 1e-9, integrality tolerance 1e-8 so that its big-M cannot leak simultaneous flows).
 */
async function highsOptimum(problem: StorageProblem) {
  const relaxed = await referenceSolve(problem, { stock: 'recursive', binaries: 'never' });
  if (relaxed.status !== 'Optimal') return relaxed;
  const at = (arr: readonly number[] | undefined, j: number) => arr?.[j] ?? 1;
  const matters = relaxed.up.some(
    (u, j) => u > 1e-7 && -relaxed.down[j]! > 1e-7 && Math.abs(at(problem.chargingEfficiency, j) * at(problem.dischargingEfficiency, j) - 1) > 1e-12,
  );
  return matters
    ? referenceSolve(problem, { stock: 'recursive', mipRelGap: 1e-9, mipFeasibilityTolerance: 1e-8, timeLimitSeconds: HIGHS_SECONDS })
    : relaxed;
}

/**
 * Solves with the scheduler and HiGHS and checks agreement; returns the kind of outcome. The one
 * allowed disagreement is on the edge of feasibility, where the pre-check's tolerance (1e-6 MWh) and
 * HiGHS' own differ: then the solution that one side accepts misses a constraint by at most a few Wh
 * ("edge").
 */
async function compare(problem: StorageProblem): Promise<'infeasible' | 'edge' | 'unproven' | 'lp' | 'dp+lp'> {
  const reference = await highsOptimum(problem);
  let schedule;
  try {
    schedule = scheduleStorageWith(glpk, problem);
  } catch (error) {
    if (!(error instanceof SchedulingError)) throw error;
    expect(['ValueError', 'InfeasibleProblemException']).toContain(error.excType);
    expect(error.text).toMatch(/^The input data yields an infeasible problem\./);
    if (reference.status === 'Optimal') {
      expect(violations(problem, reference.power, 0)).not.toEqual([]);
      expect(violations(problem, reference.power, 5e-6)).toEqual([]);
      return 'edge';
    }
    expect(reference.status).toMatch(/nfeasible/);
    return 'infeasible';
  }
  if (reference.status === 'Time limit reached') {
    // HiGHS has a solution but no proof: the schedule must be at least as good, and sound.
    expect(schedule).toMatchObject({ method: 'dp+lp', status: 'optimal' });
    expect(schedule.objective - reference.objective).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(reference.objective)));
    expectSound(problem, schedule);
    return 'unproven';
  }
  if (reference.status !== 'Optimal') {
    expect(reference.status).toMatch(/nfeasible/);
    expect(violations(problem, schedule.power, 5e-6)).toEqual([]);
    return 'edge';
  }
  expect(schedule.status).toBe('optimal');
  expect(schedule.mipGap).toBeLessThanOrEqual(1e-6);
  const scale = Math.max(1, Math.abs(reference.objective));
  // Equal to the optimum within 1e-6 relative, and never worse than it.
  expect(schedule.objective - reference.objective).toBeLessThanOrEqual(1e-6 * scale);
  expect(reference.objective - schedule.objective).toBeLessThanOrEqual(1e-6 * scale);
  expectSound(problem, schedule);
  // The DP on its own (also where the LP alone was enough): its value is the optimum, and its
  // schedule is feasible and costs that value.
  const dp = dpOptimum(problem);
  expect(dp).toBeDefined();
  expect(Math.abs(dp!.value - reference.objective)).toBeLessThanOrEqual(1e-6 * scale);
  expect(violations(problem, dp!.power, 1e-6)).toEqual([]);
  expect(Math.abs(modelCost(problem, dp!.power) - dp!.value)).toBeLessThanOrEqual(1e-6 * scale);
  return schedule.method;
}

describe('the scheduler against HiGHS on random problems', () => {
  it('agrees on feasibility and on the optimum (500 problems up to 200 steps, every flex-model feature)', async () => {
    const outcomes = { infeasible: 0, edge: 0, unproven: 0, lp: 0, 'dp+lp': 0, long: 0 };
    await fc.assert(
      fc.asyncProperty(problemArb, async (problem) => {
        outcomes[await compare(problem)]++;
        if (problem.consumptionPrice.length > 80) outcomes.long++;
      }),
      // No shrinking of 200-step problems: the counterexample is printed as found.
      { seed: 20240918, numRuns: 500, endOnFailure: true },
    );
    // The generator must exercise feasible and infeasible problems, both methods, and long horizons.
    expect(outcomes.lp + outcomes['dp+lp']).toBeGreaterThan(150);
    expect(outcomes['dp+lp']).toBeGreaterThan(50);
    expect(outcomes.infeasible).toBeGreaterThan(20);
    expect(outcomes.long).toBeGreaterThanOrEqual(100);
    expect(outcomes.edge).toBeLessThanOrEqual(3);
    expect(outcomes.unproven).toBeLessThanOrEqual(5);
  });

  it('agrees on the optimum where the sign binaries matter (negative prices with losses)', async () => {
    const outcomes = { infeasible: 0, edge: 0, unproven: 0, lp: 0, 'dp+lp': 0 };
    await fc.assert(
      fc.asyncProperty(dissipationArb, async (problem) => {
        outcomes[await compare(problem)]++;
      }),
      { seed: 20250106, numRuns: 150, endOnFailure: true },
    );
    expect(outcomes['dp+lp']).toBeGreaterThan(40);
  });
});
