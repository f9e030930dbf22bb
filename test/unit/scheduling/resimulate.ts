/**
 * An independent check of a returned schedule: integrate the power schedule (MW, consumption
 * positive) with the problem's efficiencies, storage losses and stock changes as
 * docs/contract/storage-scheduling.md §1.5 states them, and list every constraint it violates — device and site
 * power limits, soc-min/soc-max, minima/maxima (clipped into [soc-min, soc-max], docs/contract/storage-scheduling.md §2.2) and targets.
 * Written from the reference text, not from core/scheduling.
 */
import type { StorageProblem } from '../../../functions/core/scheduling/index.js';
import { referenceRamps } from './highs-reference.js';

const value = (arr: readonly (number | null)[] | undefined, j: number): number | null => {
  const x = arr?.[j];
  return x === undefined || x === null || Number.isNaN(x) ? null : x;
};

/** f(ε) = (ε − 1)/ln ε, the share of a step's change that survives the step's losses ("linear"). */
function survival(eps: number): number {
  if (eps === 1) return 1;
  if (eps <= 0) return 0;
  return (eps - 1) / Math.log(eps);
}

/** The SoC at the start and at the end of every step (MWh). */
export function simulateSoc(p: StorageProblem, power: readonly number[]): number[] {
  const dt = p.stepMs / 3_600_000;
  const soc = [p.socAtStart];
  power.forEach((x, j) => {
    const eps = value(p.storageEfficiency, j) ?? 1;
    const rate = x >= 0 ? x * (value(p.chargingEfficiency, j) ?? 1) : x / (value(p.dischargingEfficiency, j) ?? 1);
    const change = (rate + (value(p.stockDelta, j) ?? 0)) * dt;
    soc.push(eps * soc[j]! + survival(eps) * change);
  });
  return soc;
}

/** Every violated constraint (empty when the schedule is feasible), with absolute tolerance `tol`. */
export function violations(p: StorageProblem, power: readonly number[], tol: number): string[] {
  const out: string[] = [];
  const n = p.consumptionPrice.length;
  if (power.length !== n) return [`${power.length} values for ${n} steps`];
  const soc = simulateSoc(p, power);
  const clip = (x: number) => Math.min(Math.max(x, p.socMin), p.socMax);
  for (let j = 0; j < n; j++) {
    const x = power[j]!;
    if (x > p.consumptionCapacity[j]! + tol) out.push(`step ${j}: charging ${x} > ${p.consumptionCapacity[j]}`);
    if (-x > p.productionCapacity[j]! + tol) out.push(`step ${j}: discharging ${-x} > ${p.productionCapacity[j]}`);
    const net = x + (value(p.inflexiblePower, j) ?? 0);
    const siteCons = value(p.siteConsumptionCapacity, j);
    const siteProd = value(p.siteProductionCapacity, j);
    if (siteCons !== null && net > siteCons + tol) out.push(`step ${j}: site consumption ${net} > ${siteCons}`);
    if (siteProd !== null && -net > siteProd + tol) out.push(`step ${j}: site production ${-net} > ${siteProd}`);
    const s = soc[j + 1]!;
    if (s < p.socMin - tol) out.push(`step ${j}: SoC ${s} < soc-min ${p.socMin}`);
    if (s > p.socMax + tol) out.push(`step ${j}: SoC ${s} > soc-max ${p.socMax}`);
    const min = value(p.socMinima, j);
    const max = value(p.socMaxima, j);
    const target = value(p.socTargets, j);
    if (min !== null && s < clip(min) - tol) out.push(`step ${j}: SoC ${s} < minimum ${clip(min)}`);
    if (max !== null && s > clip(max) + tol) out.push(`step ${j}: SoC ${s} > maximum ${clip(max)}`);
    if (target !== null && Math.abs(s - target) > tol) out.push(`step ${j}: SoC ${s} ≠ target ${target}`);
  }
  return out;
}

/**
 * What the model's objective charges for a schedule: per step Δ[h] × net site power × the ramped
 * consumption price (net consumption) or the ramped production price (net production).
 */
export function modelCost(p: StorageProblem, power: readonly number[]): number {
  const dt = p.stepMs / 3_600_000;
  const ramps = referenceRamps(p);
  return power.reduce((sum, x, j) => {
    const net = x + (value(p.inflexiblePower, j) ?? 0);
    const price = net > 0 ? p.consumptionPrice[j]! + ramps.consumption[j]! : p.productionPrice[j]! + ramps.production[j]!;
    return sum + dt * net * price;
  }, 0);
}

/** How much the 6-decimal rounding of the power values can move `modelCost`. */
export function roundingSlack(p: StorageProblem): number {
  const dt = p.stepMs / 3_600_000;
  const ramps = referenceRamps(p);
  return p.consumptionPrice.reduce(
    (sum, c, j) => sum + dt * 0.5e-6 * Math.max(Math.abs(c + ramps.consumption[j]!), Math.abs(p.productionPrice[j]! + ramps.production[j]!)),
    0,
  );
}
