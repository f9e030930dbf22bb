/**
 * Storage scheduler benchmark: GLPK (core/scheduling) against HiGHS (reference model, sparse stock
 * rows) for T = 96, 192 and 2880 quarter-hour steps as an LP, and negative-price MILP cases.
 * Run with `npx tsx bench/scheduler.bench.ts`. Prints figures only; no assertions.
 */
import { getGlpk, scheduleStorageWith, type StorageProblem } from '../functions/core/scheduling/index.js';
import { MINUTE } from '../functions/core/time/index.js';
import { getHighs, referenceSolve } from '../test/unit/scheduling/highs-reference.js';

const QUARTER = 15 * MINUTE;
const START = Date.parse('2015-01-01T00:00:00+01:00');

/** A deterministic day-ahead-like price curve (EUR/MWh) with an optional negative midday block. */
function prices(steps: number, negative: boolean): number[] {
  return Array.from({ length: steps }, (_, j) => {
    const hour = (j / 4) % 24;
    const day = Math.floor(j / 96);
    const base = 60 + 40 * Math.sin((2 * Math.PI * (hour - 7)) / 24) + 10 * Math.sin(day * 1.7);
    return negative && hour >= 10 && hour < 15 ? -20 - 5 * Math.cos(day) : Math.round(base * 100) / 100;
  });
}

function problem(steps: number, negative: boolean, lossy: boolean): StorageProblem {
  const constant = (x: number) => Array<number>(steps).fill(x);
  const price = prices(steps, negative);
  return {
    startMs: START,
    stepMs: QUARTER,
    socAtStart: 2.5,
    socMin: 0.5,
    socMax: 5,
    consumptionCapacity: constant(2),
    productionCapacity: constant(2),
    siteConsumptionCapacity: constant(2.5),
    siteProductionCapacity: constant(2.5),
    inflexiblePower: Array.from({ length: steps }, (_, j) => 0.5 + 0.3 * Math.sin(j / 7)),
    consumptionPrice: price,
    productionPrice: price.map((c) => c - 5),
    ...(lossy ? { chargingEfficiency: constant(0.95), dischargingEfficiency: constant(0.95), storageEfficiency: constant(0.9999) } : {}),
    timeZone: 'Europe/Amsterdam',
  };
}

const ms = (seconds: number) => `${(seconds * 1000).toFixed(0).padStart(6)} ms`;

async function main(): Promise<void> {
  const glpk = await getGlpk();
  await getHighs();
  console.log(`glpk.js ${glpk.version} vs HiGHS (reference model), Node ${process.version}`);
  console.log(
    'case                               class  bins  status    gap        GLPK wall (solver)       HiGHS    Δobjective',
  );
  const cases: [string, number, boolean, boolean, number][] = [
    ['T=96   LP (losses, +prices)', 96, false, true, 30],
    ['T=192  LP (losses, +prices)', 192, false, true, 30],
    ['T=2880 LP (losses, +prices)', 2880, false, true, 30],
    ['T=96   MILP (negative prices)', 96, true, true, 30],
    ['T=192  MILP (negative prices)', 192, true, true, 30],
    ['T=2880 MILP (negative prices)', 2880, true, true, 60],
  ];
  for (const [name, steps, negative, lossy, limit] of cases) {
    const p = problem(steps, negative, lossy);
    const started = performance.now();
    const s = scheduleStorageWith(glpk, p, { timeLimitSeconds: limit });
    const glpkWall = (performance.now() - started) / 1000;
    // LP cases: HiGHS solves the LP (GLPK's LP optimum has no simultaneous charging and discharging,
    // so it is also the MILP optimum); MILP cases: HiGHS with the same 0.1 % gap as GLPK's default.
    const ref = await referenceSolve(p, {
      stock: 'recursive',
      binaries: s.problemClass === 'LP' ? 'never' : 'always',
      mipRelGap: 1e-3,
      timeLimitSeconds: 120,
    });
    console.log(
      `${name.padEnd(34)} ${s.problemClass.padEnd(5)} ${String(s.binaries).padStart(5)}  ${s.status.padEnd(8)} ` +
        `${s.mipGap.toExponential(2).padStart(9)} ${ms(glpkWall)} (${ms(s.solverSeconds)}) ${ms(ref.seconds)}  ` +
        `${ref.status === 'Optimal' ? (s.objective - ref.objective).toExponential(2) : ref.status}`,
    );
  }
}

await main();
