/**
 * The storage LP/MILP in glpk.js form (docs/contract/storage-scheduling.md §1 with the decisions of §4).
 *
 * Per step j (N steps), a *plain* step:
 * - `u_j ∈ [0, devMax_j]` charging, `d_j ∈ [devMin_j, 0]` discharging (MW);
 * - `s_j ∈ [socLower_j, socUpper_j]` stock at the end of step j (MWh; equal bounds for targets);
 * - `a_j ∈ [0, siteMax_j]`, `b_j ∈ [siteMin_j, 0]` the site's net consumption / production (MW),
 *   priced at the consumption / production price × Δ[h] (decision 0022). This is FlexMeasures' single
 *   commitment of quantity 0 with its up/down deviations (docs/contract/storage-scheduling.md §1.4 items 5–6);
 * - balance row: `a_j + b_j − u_j − d_j = inflexible_j` (the site's net power);
 * - stock row (decision 0021): `s_j − ε_j·s_{j−1} − f(ε_j)·Δh·(η_up·u_j + d_j/η_down) = f(ε_j)·Δh·δ_j`,
 *   with `s_{−1} = soc-at-start` moved to the right-hand side.
 *
 * The device flow bounds make FlexMeasures' separate `Pmin ≤ u + d ≤ Pmax` row redundant, and the site
 * bounds on `a`/`b` are equivalent to `siteMin ≤ net ≤ siteMax` because siteMin ≤ 0 ≤ siteMax.
 */
import type { LP } from 'glpk.js/node';
import type { ModelBounds } from './feasibility.js';
import type { ModelPrices } from './prices.js';
import type { ResolvedProblem } from './resolve.js';

/** GLPK bound type codes (identical in every glpk.js build). */
export const GLP = { MIN: 1, FR: 1, LO: 2, UP: 3, DB: 4, FX: 5 } as const;

/** Variable names of step j. */
export const v = {
  up: (j: number) => `u${j}`,
  down: (j: number) => `d${j}`,
  stock: (j: number) => `s${j}`,
  siteUp: (j: number) => `a${j}`,
  siteDown: (j: number) => `b${j}`,
};

type Bound = NonNullable<LP['bounds']>[number];
type Term = { name: string; coef: number };

/** Column bound entry for any finite or infinite interval. */
export function bound(name: string, lb: number, ub: number): Bound {
  const loInf = lb === -Infinity;
  const upInf = ub === Infinity;
  if (loInf && upInf) return { name, type: GLP.FR, lb: 0, ub: 0 };
  if (loInf) return { name, type: GLP.UP, lb: 0, ub };
  if (upInf) return { name, type: GLP.LO, lb, ub: 0 };
  if (lb === ub) return { name, type: GLP.FX, lb, ub };
  return { name, type: GLP.DB, lb, ub };
}

/**
 * Steps in which the sign binary can matter: the device can both charge and discharge (then any net
 * flow can also be realised by simultaneous operation), and simultaneous operation changes the stock
 * (η_up·η_down ≠ 1). Where η_up·η_down = 1, simultaneous charging and discharging changes neither the
 * stock nor the site power, so the net flow is equivalent and no binary is needed.
 */
export function signEligible(r: ResolvedProblem, j: number): boolean {
  return r.devMax[j]! > 0 && r.devMin[j]! < 0 && Math.abs(r.etaUp[j]! * r.etaDown[j]! - 1) > 1e-12;
}

export interface BuildOptions {
  /** Per step: fix the direction (`up`: no discharging, `down`: no charging). */
  fixedDirection?: ReadonlyMap<number, 'up' | 'down'>;
  /**
   * Only the steps `from` to `to − 1` (names keep the step numbers), starting from the stock `start`
   * instead of soc-at-start; with `end`, the stock after the last of these steps is fixed to it.
   */
  window?: { from: number; to: number; start: number; end?: number };
}

/** Builds the glpk.js model. */
export function buildModel(r: ResolvedProblem, bounds: ModelBounds, prices: ModelPrices, options: BuildOptions = {}): LP {
  const objective: Term[] = [];
  const subjectTo: LP['subjectTo'] = [];
  const colBounds: Bound[] = [];
  const row = (name: string, vars: Term[], type: number, lb: number, ub: number) =>
    subjectTo.push({ name, vars: vars.filter((t) => t.coef !== 0), bnds: { type, lb, ub } });

  const from = options.window?.from ?? 0;
  const to = options.window?.to ?? r.n;
  const start = options.window?.start ?? r.socAtStart;
  const end = options.window?.end;
  for (let j = from; j < to; j++) {
    const dir = options.fixedDirection?.get(j);
    const up = v.up(j);
    const down = v.down(j);
    const stock = v.stock(j);
    const devMax = dir === 'down' ? 0 : r.devMax[j]!;
    const devMin = dir === 'up' ? 0 : r.devMin[j]!;
    const inflex = r.inflex[j]!;
    const siteMax = r.siteMax[j]!;
    const siteMin = r.siteMin[j]!;
    const c = prices.consumption[j]! * r.dtH;
    const p = prices.production[j]! * r.dtH;

    colBounds.push(bound(up, 0, devMax), bound(down, devMin, 0), j === to - 1 && end !== undefined ? bound(stock, end, end) : bound(stock, bounds.socLower[j]!, bounds.socUpper[j]!));

    const a = v.siteUp(j);
    const b = v.siteDown(j);
    colBounds.push(bound(a, 0, siteMax), bound(b, siteMin, 0));
    objective.push({ name: a, coef: c }, { name: b, coef: p });
    row(`bal${j}`, [{ name: a, coef: 1 }, { name: b, coef: 1 }, { name: up, coef: -1 }, { name: down, coef: -1 }], GLP.FX, inflex, inflex);

    const eps = r.eps[j]!;
    const f = r.lossF[j]! * r.dtH;
    const stockTerms: Term[] = [
      { name: stock, coef: 1 },
      { name: up, coef: -f * r.etaUp[j]! },
      { name: down, coef: -f / r.etaDown[j]! },
    ];
    let rhs = f * r.delta[j]!;
    if (j === from) rhs += eps * start;
    else stockTerms.push({ name: v.stock(j - 1), coef: -eps });
    row(`stk${j}`, stockTerms, GLP.FX, rhs, rhs);
  }

  return {
    name: 'storage',
    objective: { direction: GLP.MIN, name: 'cost', vars: objective },
    subjectTo,
    bounds: colBounds,
  };
}
