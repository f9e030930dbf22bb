/**
 * Input checking and normalisation of a `StorageProblem` into dense per-step arrays.
 */
import { HOUR, formatDatetime, zoneOffsetMinutes } from '../time/index.js';
import { SchedulingError } from './errors.js';
import { lossFactor } from './stock.js';
import type { MaybeNumber, StorageProblem } from './types.js';

/** Dense, validated per-step data of a storage problem (internal). */
export interface ResolvedProblem {
  n: number;
  startMs: number;
  stepMs: number;
  /** Δ in hours. */
  dtH: number;
  socAtStart: number;
  socMin: number;
  socMax: number;
  minima: (number | null)[];
  maxima: (number | null)[];
  targets: (number | null)[];
  /** Device flow bounds (MW): devMin ≤ 0 ≤ devMax. */
  devMax: number[];
  devMin: number[];
  /** Site net power bounds (MW): siteMin ≤ 0 ≤ siteMax, ±Infinity when unbounded. */
  siteMax: number[];
  siteMin: number[];
  etaUp: number[];
  etaDown: number[];
  eps: number[];
  /** f(ε) per step. */
  lossF: number[];
  delta: number[];
  inflex: number[];
  consumptionPrice: number[];
  productionPrice: number[];
  preferChargingSooner: boolean;
  /** Formats an instant for explanations. */
  fmtTime: (ms: number) => string;
  /** Formats an energy (MWh) for explanations. */
  fmtEnergy: (mwh: number) => string;
  /** Formats a power (MW) for explanations. */
  fmtPower: (mw: number) => string;
  labels: Required<NonNullable<StorageProblem['labels']>>;
}

const valueError = (text: string) => new SchedulingError('ValueError', text);

/**
 * Snaps magnitudes below 1e-12 to 0. Denormal numbers (e.g. 5e-324) as bounds send GLPK's presolver
 * into an endless loop, and no physical quantity of this model is meaningful at that scale.
 */
const snap = (x: number): number => (Math.abs(x) < 1e-12 ? 0 : x);

/** Prints a number with at most 6 decimals and no float noise. */
export function fmtNumber(x: number): string {
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const r = Math.round(x * 1e6) / 1e6;
  return String(r === 0 ? 0 : r);
}

/**
 * Validates the problem and expands optional arrays to their defaults.
 * Throws `SchedulingError('ValueError', …)` for malformed input.
 */
export function resolveProblem(p: StorageProblem): ResolvedProblem {
  if (!Number.isFinite(p.startMs)) throw valueError('The schedule start is not a valid instant.');
  if (!Number.isInteger(p.stepMs) || p.stepMs <= 0) throw valueError('The schedule resolution must be a positive whole number of milliseconds.');
  const n = p.consumptionPrice.length;
  if (n === 0) throw valueError('The planning window contains no time steps.');

  const timeZone = p.timeZone ?? 'UTC';
  const fmtTime = (ms: number) => formatDatetime(ms, zoneOffsetMinutes(ms, timeZone));
  const energyFactor = p.messageUnits?.energy === 'kWh' ? 1000 : 1;
  const powerFactor = p.messageUnits?.power === 'kW' ? 1000 : 1;
  const fmtEnergy = (mwh: number) => `${fmtNumber(mwh * energyFactor)} ${p.messageUnits?.energy ?? 'MWh'}`;
  const fmtPower = (mw: number) => `${fmtNumber(mw * powerFactor)} ${p.messageUnits?.power ?? 'MW'}`;
  const stepTime = (j: number) => fmtTime(p.startMs + j * p.stepMs);

  const checkLength = (name: string, arr: readonly unknown[] | undefined) => {
    if (arr !== undefined && arr.length !== n) {
      throw valueError(`The ${name} series has ${arr.length} values for ${n} time steps.`);
    }
  };

  /** A numeric per-step series with a default for absent arrays and NaN entries, validated per value. */
  const series = (
    name: string,
    arr: readonly number[] | undefined,
    fallback: number,
    valid: (x: number) => boolean,
    requirement: string,
  ): number[] => {
    checkLength(name, arr);
    if (!arr) return new Array<number>(n).fill(fallback);
    return arr.map((x, j) => {
      const v = Number.isNaN(x) ? fallback : snap(x);
      if (typeof v !== 'number' || !valid(v)) {
        throw valueError(`The ${name} at ${stepTime(j)} is ${fmtNumber(v)}, but ${requirement}.`);
      }
      return v;
    });
  };

  /** A required per-step series: NaN is not allowed. */
  const required = (name: string, arr: readonly number[], valid: (x: number) => boolean, requirement: string) => {
    checkLength(name, arr);
    return arr.map((x, j) => {
      if (typeof x !== 'number' || Number.isNaN(x)) throw valueError(`The ${name} is unknown at ${stepTime(j)}.`);
      if (!valid(x)) throw valueError(`The ${name} at ${stepTime(j)} is ${fmtNumber(x)}, but ${requirement}.`);
      return snap(x);
    });
  };

  const sparse = (name: string, arr: readonly MaybeNumber[] | undefined): (number | null)[] => {
    checkLength(name, arr);
    if (!arr) return new Array<number | null>(n).fill(null);
    return arr.map((x, j) => {
      if (x === null || x === undefined || Number.isNaN(x)) return null;
      if (!Number.isFinite(x)) throw valueError(`The ${name} value at ${fmtTime(p.startMs + (j + 1) * p.stepMs)} is not a finite number.`);
      return snap(x);
    });
  };

  const finite = (x: number) => Number.isFinite(x);
  const nonNegFinite = (x: number) => Number.isFinite(x) && x >= 0;
  const nonNeg = (x: number) => x >= 0;

  const consumptionPrice = required('consumption price', p.consumptionPrice, finite, 'prices must be finite');
  const productionPrice = required('production price', p.productionPrice, finite, 'prices must be finite');
  const devMax = required('consumption capacity', p.consumptionCapacity, nonNegFinite, 'capacities must be finite and ≥ 0');
  const devMin = required('production capacity', p.productionCapacity, nonNegFinite, 'capacities must be finite and ≥ 0').map(
    (x) => (x === 0 ? 0 : -x),
  );
  const siteMax = series('site consumption capacity', p.siteConsumptionCapacity, Infinity, nonNeg, 'capacities must be ≥ 0');
  const siteMin = series('site production capacity', p.siteProductionCapacity, Infinity, nonNeg, 'capacities must be ≥ 0').map(
    (x) => (x === 0 ? 0 : -x),
  );
  const etaUp = series('charging efficiency', p.chargingEfficiency, 1, nonNegFinite, 'it must be finite and ≥ 0');
  const etaDown = series('discharging efficiency', p.dischargingEfficiency, 1, (x) => Number.isFinite(x) && x > 0, 'it must be finite and > 0');
  const eps = series('storage efficiency', p.storageEfficiency, 1, (x) => x >= 0 && x <= 1, 'it must lie between 0 and 1');
  const delta = series('stock delta (soc-gain minus soc-usage)', p.stockDelta, 0, finite, 'it must be finite');
  const inflex = series('inflexible device power', p.inflexiblePower, 0, finite, 'it must be finite');

  if (!Number.isFinite(p.socAtStart)) throw valueError('The SoC at the start (soc-at-start) must be a finite number.');
  if (Number.isNaN(p.socMin) || p.socMin === Infinity) throw valueError('soc-min must be a number.');
  if (Number.isNaN(p.socMax) || p.socMax === -Infinity) throw valueError('soc-max must be a number.');

  return {
    n,
    startMs: p.startMs,
    stepMs: p.stepMs,
    dtH: p.stepMs / HOUR,
    socAtStart: snap(p.socAtStart),
    socMin: snap(p.socMin),
    socMax: snap(p.socMax),
    minima: sparse('soc-minima', p.socMinima),
    maxima: sparse('soc-maxima', p.socMaxima),
    targets: sparse('soc-targets', p.socTargets),
    devMax,
    devMin,
    siteMax,
    siteMin,
    etaUp,
    etaDown,
    eps,
    lossF: eps.map(lossFactor),
    delta,
    inflex,
    consumptionPrice,
    productionPrice,
    preferChargingSooner: p.preferChargingSooner ?? true,
    fmtTime,
    fmtEnergy,
    fmtPower,
    labels: {
      consumptionCapacity: p.labels?.consumptionCapacity ?? 'consumption-capacity',
      productionCapacity: p.labels?.productionCapacity ?? 'production-capacity',
      siteConsumptionCapacity: p.labels?.siteConsumptionCapacity ?? 'site-consumption-capacity',
      siteProductionCapacity: p.labels?.siteProductionCapacity ?? 'site-production-capacity',
    },
  };
}
