/**
 * Property test: on small random problems (negative prices, losses, gains above 100 %, site limits,
 * inflexible devices, SoC minima/maxima/targets) GLPK's schedule is HiGHS' optimum (within the gap it
 * reports), and a problem is rejected before solving exactly when HiGHS finds it infeasible.
 */
import { describe, it, expect, beforeAll } from '@jest/globals';
import fc from 'fast-check';
import {
  SchedulingError,
  getGlpk,
  scheduleStorageWith,
  type Glpk,
  type StorageProblem,
} from '../../../functions/core/scheduling/index.js';
import { HOUR, MINUTE } from '../../../functions/core/time/index.js';
import { getHighs, referenceSolve } from './highs-reference.js';

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
const sparse = (n: number, min: number, max: number) =>
  fc.array(fc.option(num(min, max), { freq: 4, nil: null }), { minLength: n, maxLength: n });

const problemArb: fc.Arbitrary<StorageProblem> = fc
  .record({ n: fc.integer({ min: 2, max: 10 }), hourly: fc.boolean() })
  .chain(({ n, hourly }) =>
    fc.record({
      n: fc.constant(n),
      stepMs: fc.constant(hourly ? HOUR : 15 * MINUTE),
      socMin: num(0, 1),
      room: num(0.5, 2),
      startShare: num(-0.1, 1.1),
      consumptionCapacity: series(n, 0, 3).map((xs) => xs.map((x) => (x < 0.3 ? 0 : x))),
      productionCapacity: series(n, 0, 3).map((xs) => xs.map((x) => (x < 0.3 ? 0 : x))),
      site: fc.option(fc.record({ cons: series(n, 0.2, 4), prod: series(n, 0.2, 4) }), { nil: undefined }),
      inflexible: fc.option(series(n, -1, 1), { nil: undefined }),
      etaUp: fc.option(series(n, 0.6, 1.3), { nil: undefined }),
      etaDown: fc.option(series(n, 0.6, 1.1), { nil: undefined }),
      eps: fc.option(series(n, 0.8, 1), { nil: undefined }),
      delta: fc.option(series(n, -0.3, 0.3), { nil: undefined }),
      consumptionPrice: series(n, -60, 60),
      priceGap: series(n, 0, 40),
      minima: fc.option(sparse(n, 0, 0.7), { nil: undefined }),
      maxima: fc.option(sparse(n, 0.3, 1), { nil: undefined }),
      targets: fc.option(sparse(n, 0, 1), { nil: undefined }),
      prefer: fc.boolean(),
    }),
  )
  .map((g) => {
    const socMax = g.socMin + g.room;
    // Targets as a share of [soc-min, soc-max], only where no minimum/maximum is set, so that a target
    // is never silently clamped (which the reference does and the pre-check rejects).
    const targets = g.targets?.map((share, j) =>
      share === null || g.minima?.[j] != null || g.maxima?.[j] != null ? null : g.socMin + share * g.room,
    );
    return {
      startMs: START,
      stepMs: g.stepMs,
      socAtStart: g.socMin + g.startShare * g.room,
      socMin: g.socMin,
      socMax,
      consumptionCapacity: g.consumptionCapacity,
      productionCapacity: g.productionCapacity,
      ...(g.site ? { siteConsumptionCapacity: g.site.cons, siteProductionCapacity: g.site.prod } : {}),
      ...(g.inflexible ? { inflexiblePower: g.inflexible } : {}),
      ...(g.etaUp ? { chargingEfficiency: g.etaUp } : {}),
      ...(g.etaDown ? { dischargingEfficiency: g.etaDown } : {}),
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

/** Solves with both solvers and checks agreement; returns the kind of outcome. */
async function compare(problem: StorageProblem): Promise<'infeasible' | 'LP' | 'MILP'> {
  const reference = await referenceSolve(problem, { stock: 'recursive' });
  let schedule;
  try {
    schedule = scheduleStorageWith(glpk, problem, { timeLimitSeconds: 5 });
  } catch (error) {
    if (!(error instanceof SchedulingError)) throw error;
    expect(['ValueError', 'InfeasibleProblemException']).toContain(error.excType);
    expect(error.text).toMatch(/^The input data yields an infeasible problem\./);
    expect(reference.status).toMatch(/nfeasible/);
    return 'infeasible';
  }
  expect(reference.status).toBe('Optimal');
  const scale = Math.max(1, Math.abs(reference.objective));
  expect(schedule.objective).toBeGreaterThanOrEqual(reference.objective - 1e-6 * scale);
  expect(schedule.objective - reference.objective).toBeLessThanOrEqual(
    schedule.mipGap * Math.abs(schedule.objective) + 1e-6 * scale,
  );
  return schedule.problemClass;
}

describe('GLPK vs HiGHS on random problems', () => {
  it('agrees on feasibility and on the optimum (general problems)', async () => {
    const outcomes = { infeasible: 0, LP: 0, MILP: 0 };
    await fc.assert(
      fc.asyncProperty(problemArb, async (problem) => {
        outcomes[await compare(problem)]++;
      }),
      { seed: 20240918, numRuns: 150 },
    );
    // The generator must exercise feasible and infeasible problems.
    expect(outcomes.LP + outcomes.MILP).toBeGreaterThan(20);
    expect(outcomes.infeasible).toBeGreaterThan(20);
  });

  it('agrees on the optimum where the sign binaries matter (negative prices with losses)', async () => {
    const outcomes = { infeasible: 0, LP: 0, MILP: 0 };
    await fc.assert(
      fc.asyncProperty(dissipationArb, async (problem) => {
        outcomes[await compare(problem)]++;
      }),
      { seed: 20250106, numRuns: 60 },
    );
    expect(outcomes.MILP).toBeGreaterThan(15);
  });
});
