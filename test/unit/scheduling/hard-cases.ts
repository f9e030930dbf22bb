/**
 * The hard storage cases: prices 10 + 30·sin over the day (negative for about 8 hours a day), round
 * trip 90 %, 4 MWh / 2 MW, 15-minute steps, prefer-charging-sooner off. Charging and discharging in
 * the same step would pay here, so the sign binaries matter on many steps. Shared by the tests, the
 * script that computes their reference optima and the benchmark.
 */
import type { StorageProblem } from '../../../functions/core/scheduling/index.js';

export const HARD_START = Date.parse('2026-06-01T00:00:00Z');
const QUARTER = 15 * 60_000;

/** Hourly price of the hard case (EUR/MWh), rounded to cents. */
export const hardPrice = (hourIndex: number): number => Math.round((10 + 30 * Math.sin((2 * Math.PI * hourIndex) / 24)) * 100) / 100;

/** The hard case with `steps` quarter hours (prices hourly, repeated per quarter). */
export function hardCase(steps: number): StorageProblem {
  const price = Array.from({ length: steps }, (_, j) => hardPrice(Math.floor(j / 4)));
  const fill = (x: number) => Array<number>(steps).fill(x);
  const eta = Math.sqrt(0.9);
  return {
    startMs: HARD_START,
    stepMs: QUARTER,
    socAtStart: 2,
    socMin: 0,
    socMax: 4,
    consumptionCapacity: fill(2),
    productionCapacity: fill(2),
    chargingEfficiency: fill(eta),
    dischargingEfficiency: fill(eta),
    consumptionPrice: price,
    productionPrice: price,
    preferChargingSooner: false,
  };
}

/**
 * The noisy variant: hourly prices with about a quarter of the hours negative (a fixed pseudo-random
 * sequence, so the case is reproducible).
 */
export function noisyCase(steps: number, seed = 7): StorageProblem {
  let state = seed;
  const rand = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const hours = Math.ceil(steps / 4);
  const hourly = Array.from({ length: hours }, () => Math.round((40 * rand() - 10 + 20 * (rand() - 0.5)) * 100) / 100);
  const base = hardCase(steps);
  const price = Array.from({ length: steps }, (_, j) => hourly[Math.floor(j / 4)]!);
  return { ...base, consumptionPrice: price, productionPrice: price };
}
