/**
 * Reference optimum with HiGHS, written independently of core/scheduling's GLPK model: the v0.23
 * structure of docs/contract/storage-scheduling.md §1 (always-on sign binaries with a global big-M, an explicit
 * flow-bound row, a site-bound row, the commitment balance, and the closed-form stock expression
 * instead of a stock variable), with the project's price scaling (decision 0022) and the docs/contract/storage-scheduling.md §1.7 ramp.
 *
 * Used by the tests and the benchmark as the reference optimum only.
 */
import highsLoader from 'highs';
import type { StorageProblem } from '../../../functions/core/scheduling/index.js';

type Highs = Awaited<ReturnType<typeof highsLoader>>;
let highs: Promise<Highs> | undefined;

/** The process-wide HiGHS instance. */
export function getHighs(): Promise<Highs> {
  highs ??= highsLoader();
  return highs;
}

export interface ReferenceOptions {
  /** `always` (v0.23: a sign binary per step) or `never` (the LP relaxation). Default `always`. */
  binaries?: 'always' | 'never';
  /** `closed-form` (v0.23, dense) or `recursive` (sparse, for long horizons). Default `closed-form`. */
  stock?: 'closed-form' | 'recursive';
  /** HiGHS relative MIP gap (default 1e-7). */
  mipRelGap?: number;
  /**
   * HiGHS' integrality tolerance (default 1e-6). With a big-M per binary, a "binary" of 1e-6 lets a
   * step charge and discharge bigM·1e-6 MW at once; exact comparisons set it far lower.
   */
  mipFeasibilityTolerance?: number;
  timeLimitSeconds?: number;
}

export interface ReferenceResult {
  status: string;
  objective: number;
  power: number[];
  /** Charging (≥ 0) and discharging (≤ 0) parts of the power per step. */
  up: number[];
  down: number[];
  seconds: number;
}

const num = (x: number): string => {
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const s = x.toFixed(12).replace(/0+$/, '').replace(/\.$/, '');
  return s === '-0' ? '0' : s;
};

/** Renders `Σ coef·name` in LP format, wrapping long rows. */
function expr(terms: [number, string][]): string {
  const parts: string[] = [];
  terms.forEach(([coef, name], i) => {
    if (coef === 0) return;
    const sign = coef < 0 ? '-' : '+';
    parts.push(`${i === 0 && sign === '+' ? '' : sign} ${num(Math.abs(coef))} ${name}`);
  });
  const lines: string[] = [];
  for (let i = 0; i < parts.length; i += 8) lines.push(parts.slice(i, i + 8).join(' '));
  return lines.join('\n   ') || '0 u0';
}

const rampOf = (series: readonly number[]): number[] => {
  const n = series.length;
  const spread = Math.max(...series) - Math.min(...series);
  const top = spread > 0 ? 0.001 * spread : 0.001;
  return series.map((_, i) => (n > 1 ? (top * i) / (n - 1) : 0));
};

/**
 * The tie-break ramps the model adds to the prices (docs/contract/storage-scheduling.md §1.7): per series, 0 … 0.001 × spread; the
 * production ramp never lifts the production price above the ramped consumption price (decision 0025).
 */
export function referenceRamps(p: StorageProblem): { consumption: number[]; production: number[] } {
  const prefer = p.preferChargingSooner ?? true;
  const cr = prefer ? rampOf(p.consumptionPrice) : p.consumptionPrice.map(() => 0);
  const pr = (prefer ? rampOf(p.productionPrice) : p.productionPrice.map(() => 0)).map((r, j) =>
    Math.min(r, p.consumptionPrice[j]! + cr[j]! - p.productionPrice[j]!),
  );
  return { consumption: cr, production: pr };
}

/** Writes the reference model in CPLEX LP format. */
export function referenceLp(p: StorageProblem, options: ReferenceOptions = {}): string {
  const n = p.consumptionPrice.length;
  const dt = p.stepMs / 3_600_000;
  const at = <T>(arr: readonly T[] | undefined, j: number, d: T): T => {
    const x = arr?.[j];
    return x === undefined || x === null || (typeof x === 'number' && Number.isNaN(x)) ? d : x;
  };
  const { consumption: cr, production: pr } = referenceRamps(p);
  const bigM = Math.max(1, ...p.consumptionCapacity, ...p.productionCapacity);
  const withBinaries = (options.binaries ?? 'always') === 'always';

  const eps = (j: number) => at(p.storageEfficiency, j, 1);
  const f = (j: number) => {
    const e = eps(j);
    return e === 1 ? 1 : e <= 0 ? 0 : (e - 1) / Math.log(e);
  };
  const etaUp = (j: number) => at(p.chargingEfficiency, j, 1);
  const etaDown = (j: number) => at(p.dischargingEfficiency, j, 1);
  const delta = (j: number) => at(p.stockDelta, j, 0);
  const inflex = (j: number) => at(p.inflexiblePower, j, 0);

  const objective: [number, string][] = [];
  const rows: string[] = [];
  const bounds: string[] = [];
  const binaries: string[] = [];

  for (let j = 0; j < n; j++) {
    const pmax = p.consumptionCapacity[j]!;
    const pmin = -p.productionCapacity[j]!;
    objective.push([(p.consumptionPrice[j]! + cr[j]!) * dt, `cu${j}`], [(p.productionPrice[j]! + pr[j]!) * dt, `cd${j}`]);
    rows.push(` flow${j}: ${expr([[1, `u${j}`], [1, `d${j}`]])} >= ${num(pmin)}`);
    rows.push(` flowx${j}: ${expr([[1, `u${j}`], [1, `d${j}`]])} <= ${num(pmax)}`);
    rows.push(` bal${j}: ${expr([[1, `cu${j}`], [1, `cd${j}`], [-1, `u${j}`], [-1, `d${j}`]])} = ${num(inflex(j))}`);
    const siteMax = at(p.siteConsumptionCapacity, j, Infinity);
    const siteMin = -at(p.siteProductionCapacity, j, Infinity);
    if (Number.isFinite(siteMax)) rows.push(` emsx${j}: ${expr([[1, `u${j}`], [1, `d${j}`]])} <= ${num(siteMax - inflex(j))}`);
    if (Number.isFinite(siteMin)) rows.push(` emsn${j}: ${expr([[1, `u${j}`], [1, `d${j}`]])} >= ${num(siteMin - inflex(j))}`);
    bounds.push(` 0 <= u${j} <= ${num(Math.max(pmax, 0))}`, ` ${num(Math.min(pmin, 0))} <= d${j} <= 0`);
    bounds.push(` 0 <= cu${j} <= inf`, ` -inf <= cd${j} <= 0`);
    if (withBinaries) {
      rows.push(` sgu${j}: ${expr([[1, `u${j}`], [-bigM, `z${j}`]])} <= 0`);
      rows.push(` sgd${j}: ${expr([[-1, `d${j}`], [bigM, `z${j}`]])} <= ${num(bigM)}`);
      bounds.push(` 0 <= z${j} <= 1`);
      binaries.push(` z${j}`);
    }

    // SoC bounds at the end of step j (minima/maxima clipped into [soc-min, soc-max], targets clamped).
    const clip = (x: number) => Math.min(Math.max(x, p.socMin), p.socMax);
    const mn = at(p.socMinima, j, null);
    const mx = at(p.socMaxima, j, null);
    let lo = mn === null ? p.socMin : Math.max(p.socMin, clip(mn));
    let hi = mx === null ? p.socMax : Math.min(p.socMax, clip(mx));
    const t = at(p.socTargets, j, null);
    if (t !== null) {
      const v = Math.min(hi, Math.max(lo, t));
      lo = v;
      hi = v;
    }
    if (!Number.isFinite(lo) && !Number.isFinite(hi)) continue;
    if ((options.stock ?? 'closed-form') === 'closed-form') {
      // S_j = S0·Π ε + Σ_k (η_up u_k + d_k/η_down + δ_k)·f_k·Δh·Π_{k<i≤j} ε_i
      let constant = p.socAtStart;
      for (let i = 0; i <= j; i++) constant *= eps(i);
      const terms: [number, string][] = [];
      let decay = 1;
      for (let k = j; k >= 0; k--) {
        const w = f(k) * dt * decay;
        terms.push([w * etaUp(k), `u${k}`], [w / etaDown(k), `d${k}`]);
        constant += w * delta(k);
        decay *= eps(k);
      }
      if (Number.isFinite(lo)) rows.push(` smin${j}: ${expr(terms)} >= ${num(lo - constant)}`);
      if (Number.isFinite(hi)) rows.push(` smax${j}: ${expr(terms)} <= ${num(hi - constant)}`);
    } else {
      const w = f(j) * dt;
      const terms: [number, string][] = [[1, `s${j}`], [-w * etaUp(j), `u${j}`], [-w / etaDown(j), `d${j}`]];
      let rhs = w * delta(j);
      if (j === 0) rhs += eps(0) * p.socAtStart;
      else terms.push([-eps(j), `s${j - 1}`]);
      rows.push(` stk${j}: ${expr(terms)} = ${num(rhs)}`);
      bounds.push(` ${num(lo)} <= s${j} <= ${num(hi)}`);
    }
  }
  return [
    'Minimize',
    ` obj: ${expr(objective)}`,
    'Subject To',
    ...rows,
    'Bounds',
    ...bounds,
    ...(binaries.length ? ['Binary', ...binaries] : []),
    'End',
    '',
  ].join('\n');
}

/** Solves the reference model with HiGHS. */
export async function referenceSolve(p: StorageProblem, options: ReferenceOptions = {}): Promise<ReferenceResult> {
  const solver = await getHighs();
  const lp = referenceLp(p, options);
  const started = performance.now();
  const result = solver.solve(lp, {
    output_flag: false,
    mip_rel_gap: options.mipRelGap ?? 1e-7,
    ...(options.mipFeasibilityTolerance ? { mip_feasibility_tolerance: options.mipFeasibilityTolerance } : {}),
    ...(options.timeLimitSeconds ? { time_limit: options.timeLimitSeconds } : {}),
  });
  const seconds = (performance.now() - started) / 1000;
  const n = p.consumptionPrice.length;
  const col = (name: string) => {
    const c = (result.Columns as Record<string, { Primal?: number }>)[name];
    return c?.Primal ?? 0;
  };
  const up = Array.from({ length: n }, (_, j) => col(`u${j}`));
  const down = Array.from({ length: n }, (_, j) => col(`d${j}`));
  const power = up.map((u, j) => u + down[j]!);
  return { status: result.Status, objective: result.ObjectiveValue, power, up, down, seconds };
}
