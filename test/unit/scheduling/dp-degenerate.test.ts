/**
 * The DP on degenerate shapes: flat prices, zero-width power and SoC ranges, targets on a bound,
 * storage efficiency 0 and 1, η = 1, a single step. Each is compared with HiGHS (an independent
 * model) and re-simulated.
 */
import { describe, it, expect, beforeAll } from '@jest/globals';
import { dpOptimum, getGlpk, scheduleStorageWith, type Glpk, type StorageProblem } from '../../../functions/core/scheduling/index.js';
import { getHighs, referenceSolve } from './highs-reference.js';
import { modelCost, roundingSlack, violations } from './resimulate.js';

let glpk: Glpk;
beforeAll(async () => {
  glpk = await getGlpk();
  await getHighs();
});

const START = Date.parse('2026-06-01T00:00:00Z');
const fill = (n: number, x: number) => Array<number>(n).fill(x);
/** Negative, then positive prices: with losses the sign binaries matter. */
const wave = (n: number) => Array.from({ length: n }, (_, j) => (j < n / 2 ? -20 - j : 40 + j));

function base(n: number, extra: Partial<StorageProblem> = {}): StorageProblem {
  return {
    startMs: START,
    stepMs: 15 * 60_000,
    socAtStart: 2,
    socMin: 0,
    socMax: 4,
    consumptionCapacity: fill(n, 2),
    productionCapacity: fill(n, 2),
    chargingEfficiency: fill(n, 0.9),
    dischargingEfficiency: fill(n, 0.9),
    consumptionPrice: wave(n),
    productionPrice: wave(n),
    preferChargingSooner: false,
    ...extra,
  };
}

async function expectOptimal(problem: StorageProblem): Promise<void> {
  const reference = await referenceSolve(problem, { stock: 'recursive', mipRelGap: 1e-9, mipFeasibilityTolerance: 1e-8 });
  expect(reference.status).toBe('Optimal');
  const scale = Math.max(1, Math.abs(reference.objective));
  const schedule = scheduleStorageWith(glpk, problem);
  expect(schedule.status).toBe('optimal');
  expect(schedule.mipGap).toBeLessThanOrEqual(1e-6);
  expect(Math.abs(schedule.objective - reference.objective)).toBeLessThanOrEqual(1e-6 * scale);
  expect(violations(problem, schedule.power, 1e-5)).toEqual([]);
  const dp = dpOptimum(problem)!;
  expect(Math.abs(dp.value - reference.objective)).toBeLessThanOrEqual(1e-6 * scale);
  expect(violations(problem, dp.power, 1e-6)).toEqual([]);
  expect(Math.abs(modelCost(problem, dp.power) - dp.value)).toBeLessThanOrEqual(1e-6 * scale);
}

describe('the exact DP on degenerate shapes', () => {
  it('flat prices (negative and positive), with and without the tie-breaker', async () => {
    for (const price of [-30, 0, 25]) {
      for (const prefer of [true, false]) {
        await expectOptimal(base(24, { consumptionPrice: fill(24, price), productionPrice: fill(24, price), preferChargingSooner: prefer }));
      }
    }
  });

  it('zero-width power ranges (capacity 0 in some steps, or in one direction)', async () => {
    const caps = Array.from({ length: 24 }, (_, j) => (j % 3 === 0 ? 0 : 2));
    await expectOptimal(base(24, { consumptionCapacity: caps, productionCapacity: [...caps].reverse() }));
    await expectOptimal(base(24, { productionCapacity: fill(24, 0) }));
    await expectOptimal(base(24, { consumptionCapacity: fill(24, 0) }));
  });

  it('zero-width SoC ranges: soc-min = soc-max, and targets on soc-min and soc-max', async () => {
    await expectOptimal(base(12, { socMin: 2, socMax: 2 }));
    const targets = Array.from({ length: 24 }, (_, j) => (j === 5 ? 4 : j === 13 ? 0 : j === 23 ? 4 : null));
    await expectOptimal(base(24, { socTargets: targets }));
    const hold = Array.from({ length: 24 }, (_, j) => (j >= 8 && j < 12 ? 3 : null));
    await expectOptimal(base(24, { socTargets: hold }));
  });

  it('storage efficiency 0 (nothing kept) and 1, in some steps or all', async () => {
    await expectOptimal(base(16, { storageEfficiency: fill(16, 1) }));
    await expectOptimal(base(16, { storageEfficiency: Array.from({ length: 16 }, (_, j) => (j === 7 ? 0 : 0.99)) }));
    await expectOptimal(base(16, { storageEfficiency: fill(16, 0) }));
  });

  it('η = 1 (then the LP alone is exact), and η_up·η_down > 1', async () => {
    await expectOptimal(base(24, { chargingEfficiency: fill(24, 1), dischargingEfficiency: fill(24, 1) }));
    await expectOptimal(base(24, { chargingEfficiency: fill(24, 1.1), dischargingEfficiency: fill(24, 1) }));
  });

  it('charging efficiency 0 in some steps (charging there only burns energy)', async () => {
    await expectOptimal(base(16, { chargingEfficiency: Array.from({ length: 16 }, (_, j) => (j % 4 === 1 ? 0 : 0.9)) }));
    await expectOptimal(base(16, { chargingEfficiency: fill(16, 0), socAtStart: 3 }));
  });

  it('a single step', async () => {
    for (const price of [-50, 50]) {
      await expectOptimal(base(1, { consumptionPrice: [price], productionPrice: [price] }));
      await expectOptimal(base(1, { consumptionPrice: [price], productionPrice: [price], socTargets: [2.3] }));
    }
  });

  it('inflexible load and separate prices put a kink inside the power range', async () => {
    const n = 24;
    await expectOptimal(
      base(n, {
        inflexiblePower: Array.from({ length: n }, (_, j) => (j % 2 ? 0.7 : -1.1)),
        productionPrice: wave(n).map((c) => c - 15),
        siteProductionCapacity: fill(n, 1.5),
        siteConsumptionCapacity: fill(n, 2.5),
        stockDelta: fill(n, -0.05),
      }),
    );
  });
});

describe('long horizons: the fixed-direction LP solved window by window', () => {
  // 600 steps: windows of 150 steps, joined at the DP's stock after steps 149, 299 and 449.
  const n = 600;
  const daily = (j: number) => {
    const hour = (j / 4) % 24;
    return hour >= 10 && hour < 15 ? -25 + 3 * Math.cos(j) : 50 + 30 * Math.sin((2 * Math.PI * (hour - 7)) / 24);
  };
  const targets = Array.from({ length: n }, (_, j) => (j === 149 ? 4 : j === 299 ? 1.7 : j === 520 ? 0 : null));
  const problem = base(n, {
    consumptionPrice: Array.from({ length: n }, (_, j) => daily(j)),
    productionPrice: Array.from({ length: n }, (_, j) => daily(j) - 4),
    storageEfficiency: fill(n, 0.9995),
    stockDelta: Array.from({ length: n }, (_, j) => (j % 96 < 20 ? 0.1 : -0.05)),
    inflexiblePower: Array.from({ length: n }, (_, j) => 0.6 * Math.sin(j / 9)),
    siteConsumptionCapacity: fill(n, 2.3),
    siteProductionCapacity: fill(n, 2.1),
    socTargets: targets,
    socMinima: Array.from({ length: n }, (_, j) => (j === 448 ? 3.5 : null)),
    socMaxima: Array.from({ length: n }, (_, j) => (j === 460 ? 0.8 : null)),
  });

  it("joins the windows into one feasible schedule that costs the DP's optimum", () => {
    const schedule = scheduleStorageWith(glpk, problem);
    const dp = dpOptimum(problem)!;
    const scale = Math.max(1, Math.abs(dp.value));
    expect(schedule.method).toBe('dp+lp');
    expect(schedule.status).toBe('optimal');
    expect(schedule.mipGap).toBeLessThanOrEqual(1e-6);
    expect(Math.abs(schedule.objective - dp.value)).toBeLessThanOrEqual(1e-6 * scale);
    // The returned power is rounded to 6 decimals: up to about 1e-6 MWh of stock per step.
    expect(violations(problem, schedule.power, 1e-6 * (n + 1))).toEqual([]);
    expect(Math.abs(modelCost(problem, schedule.power) - schedule.objective)).toBeLessThanOrEqual(1e-6 * scale + roundingSlack(problem));
  });
});
