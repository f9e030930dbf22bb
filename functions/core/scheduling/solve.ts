/**
 * Solving the storage problem: an exact dynamic programme over the state of charge (dp.ts), with
 * GLPK (glpk.js 5) computing the returned schedule.
 *
 * Pipeline:
 * 1. resolve and check the input (shape, prices c ≥ p, consistency and reachability of all
 *    constraints) — infeasibility is explained before any solver runs (decision 0015);
 * 2. solve the LP without sign binaries. If no step charges and discharges at once where that would
 *    change the stock, the LP optimum is feasible for the problem with the binaries and therefore
 *    optimal for it: done (method `lp`, gap 0);
 * 3. otherwise the binaries matter (decision 0023). The DP computes the optimum with the binaries, up
 *    to its stated rounding bound, and a schedule attaining it;
 * 4. GLPK solves the LP with each step's direction (charge or discharge) fixed as the DP chose it.
 *    Its objective must equal the DP's value within the bound; the gap reported is that bound,
 *    relative (method `dp+lp`). There is no branch and bound.
 */
import GLPK, { type LP, type Result } from 'glpk.js/node';
import { solveDp, type DpResult } from './dp.js';
import { SchedulingError } from './errors.js';
import { checkFeasibility, checkPrices, type ModelBounds } from './feasibility.js';
import { buildModel, GLP, signEligible, v } from './model.js';
import { modelPrices, type ModelPrices } from './prices.js';
import { resolveProblem, type ResolvedProblem } from './resolve.js';
import { applyStockChangesAndLosses, roundTo } from './stock.js';
import type { SolveOptions, StorageProblem, StorageSchedule } from './types.js';

/** A glpk.js (Node build) instance. */
export type Glpk = Awaited<ReturnType<typeof GLPK>>;

let glpkInstance: Promise<Glpk> | undefined;

/** The process-wide GLPK instance (the wasm is instantiated once, on first use). */
export function getGlpk(): Promise<Glpk> {
  glpkInstance ??= GLPK().catch((error: unknown) => {
    glpkInstance = undefined;
    throw error;
  });
  return glpkInstance;
}

/** Default overall time budget of one scheduling run, in seconds (GLPK's LP time limit). */
export const DEFAULT_TIME_LIMIT_SECONDS = 30;
/**
 * Default largest relative gap that counts as optimal. The DP's gap is the bound on its own
 * rounding (breakpoints merged within a tiny tolerance), typically 1e-10 or less.
 */
export const DEFAULT_MIP_GAP = 1e-6;

/** Flows below this (MW) count as zero when detecting simultaneous charging and discharging. */
const FLOW_TOLERANCE = 1e-6;

/**
 * GLPK's simplex works to bound tolerances of about 1e-7; the LP's objective may differ from the DP's
 * value by that much (relative) on top of the DP's own bound before the two count as different.
 */
const LP_ACCURACY = 1e-7;

/**
 * Schedules one storage device: checks the problem, solves it and returns the schedule.
 * Throws `SchedulingError` (ValueError, InfeasibleProblemException or SolverError) on failure.
 */
export async function scheduleStorage(problem: StorageProblem, options: SolveOptions = {}): Promise<StorageSchedule> {
  return scheduleStorageWith(await getGlpk(), problem, options);
}

/** Synchronous variant of `scheduleStorage` for a given GLPK instance. */
export function scheduleStorageWith(glpk: Glpk, problem: StorageProblem, options: SolveOptions = {}): StorageSchedule {
  const started = performance.now();
  const r = resolveProblem(problem);
  checkPrices(r);
  const checked = checkFeasibility(r);
  const admissible = admissibleStock(r, checked);
  const bounds = withinReach(checked, admissible);
  const prices = modelPrices(r.consumptionPrice, r.productionPrice, r.preferChargingSooner);
  const acceptGap = options.mipGap ?? DEFAULT_MIP_GAP;
  const budget = new Budget(options.timeLimitSeconds ?? DEFAULT_TIME_LIMIT_SECONDS);
  const solver = `GLPK ${glpk.version}`;
  const eligible = new Set<number>();
  for (let j = 0; j < r.n; j++) if (signEligible(r, j)) eligible.add(j);
  const info = (method: 'lp' | 'dp+lp', gap: number): SolveInfo => ({
    status: gap <= acceptGap ? 'optimal' : 'feasible',
    method,
    problemClass: method === 'lp' ? 'LP' : 'MILP',
    mipGap: gap,
    binaries: method === 'lp' ? 0 : eligible.size,
    solver: method === 'lp' ? solver : `DP + ${solver}`,
    solverSeconds: (performance.now() - started) / 1000,
  });

  // 2. The LP without sign binaries: exact when no step needs them.
  const plain = solveLp(glpk, r, buildModel(r, bounds, prices), budget, 'LP');
  if (simultaneousSteps(plain, eligible).size === 0) {
    return finish(r, plain.vars, plain.z, info('lp', 0));
  }

  // 3. The binaries matter: the exact DP over the stock decides each step's direction.
  const dp = solveDp(r, bounds, prices, admissible);
  if (!dp) {
    throw new SchedulingError(
      'InfeasibleProblemException',
      `The optimisation problem (${r.n} steps) has no solution that never charges and discharges in the same step, ` +
        'although the constraint validation found no conflict; the constraints are probably inconsistent only by a tiny numerical margin.',
    );
  }

  // 4. GLPK computes the schedule with every direction fixed as the DP chose it; its objective must
  //    be the DP's value (which shows that value is attained, and that the directions are right).
  const fixedDirection = new Map<number, 'up' | 'down'>();
  for (const j of eligible) fixedDirection.set(j, dp.direction[j]!);
  const fixed =
    solveInWindows(glpk, r, bounds, prices, fixedDirection, dp, budget) ??
    solveLp(glpk, r, buildModel(r, bounds, prices, { fixedDirection }), budget, 'LP with fixed directions');
  const scale = Math.max(Math.abs(fixed.z), 1);
  const tolerance = dp.errorBound + LP_ACCURACY * scale;
  if (Math.abs(fixed.z - dp.value) > tolerance) {
    throw new SchedulingError(
      'SolverError',
      `The schedule's cost (${fixed.z}) differs from the optimum found by the dynamic programme (${dp.value}) ` +
        `by more than the numerical tolerance (${tolerance}).`,
    );
  }
  // The optimum is within errorBound of the DP's value, and the schedule costs z, so z exceeds the
  // optimum by at most |z − value| + errorBound.
  const gap = (Math.abs(fixed.z - dp.value) + dp.errorBound) / scale;
  return finish(r, fixed.vars, fixed.z, info('dp+lp', gap < 1e-15 ? 0 : gap));
}

/** Steps per LP when the fixed-direction LP is solved window by window. */
const WINDOW_STEPS = 192;

/**
 * The LP with fixed directions, solved in windows of `WINDOW_STEPS` steps, each from the DP's stock at
 * its start to the DP's stock at its end. GLPK's simplex time grows about quadratically with the
 * number of steps, so windows make long horizons much faster. The windows' schedules join into one
 * feasible schedule (with the DP's directions) whose cost is the sum of their objectives; that cost
 * is checked against the DP's value exactly as the whole LP's would be, so splitting weakens no check.
 * `undefined` (solve the whole LP instead) for short horizons, or when a window is not solved to a
 * verified optimum (e.g. a DP stock off by a rounding error GLPK does not accept).
 */
function solveInWindows(
  glpk: Glpk,
  r: ResolvedProblem,
  bounds: ModelBounds,
  prices: ModelPrices,
  fixedDirection: ReadonlyMap<number, 'up' | 'down'>,
  dp: DpResult,
  budget: Budget,
): LpSolution | undefined {
  if (r.n <= WINDOW_STEPS) return undefined;
  const count = Math.ceil(r.n / WINDOW_STEPS);
  const size = Math.ceil(r.n / count);
  let z = 0;
  const vars: Record<string, number> = {};
  for (let from = 0; from < r.n; from += size) {
    const to = Math.min(r.n, from + size);
    const window = { from, to, start: from === 0 ? r.socAtStart : dp.stock[from - 1]!, end: to < r.n ? dp.stock[to - 1] : undefined };
    const result = runLp(glpk, buildModel(r, bounds, prices, { fixedDirection, window }), budget);
    if (result.result.status !== glpk.GLP_OPT) return undefined;
    z += result.result.z;
    Object.assign(vars, result.result.vars);
  }
  return { z, vars };
}

/**
 * The DP alone on a problem (checked as `scheduleStorage` checks it): its optimal value (objective
 * units: ramped prices × Δ[h] × MW), the bound on its rounding, and its schedule. For tests and
 * benchmarks; `undefined` when the DP finds no feasible schedule.
 */
export function dpOptimum(problem: StorageProblem): DpResult | undefined {
  const r = resolveProblem(problem);
  checkPrices(r);
  const checked = checkFeasibility(r);
  const admissible = admissibleStock(r, checked);
  const prices = modelPrices(r.consumptionPrice, r.productionPrice, r.preferChargingSooner);
  return solveDp(r, withinReach(checked, admissible), prices, admissible);
}

/**
 * Per step, the stock interval that satisfies the step's SoC bounds and can be reached from
 * soc-at-start (finite even when soc-min/soc-max are not, because power is).
 */
function admissibleStock(r: ResolvedProblem, bounds: ModelBounds): { lo: number[]; hi: number[] } {
  const lo: number[] = [];
  const hi: number[] = [];
  let a = r.socAtStart;
  let b = r.socAtStart;
  const gain = (x: number, j: number) => (x >= 0 ? x * r.etaUp[j]! : x / r.etaDown[j]!);
  for (let j = 0; j < r.n; j++) {
    const F = r.lossF[j]! * r.dtH;
    const ra = r.eps[j]! * a + F * (gain(bounds.flowLo[j]!, j) + r.delta[j]!);
    const rb = r.eps[j]! * b + F * (gain(Math.max(bounds.flowHi[j]!, bounds.flowLo[j]!), j) + r.delta[j]!);
    a = Math.max(ra, bounds.socLower[j]!);
    b = Math.min(rb, bounds.socUpper[j]!);
    if (a > b) {
      // The validation accepted this within its tolerance: keep the reachable SoC nearest to the bounds.
      if (bounds.socLower[j]! > rb) a = b = rb;
      else if (ra > bounds.socUpper[j]!) a = b = ra;
      else a = b = (a + b) / 2;
    }
    lo.push(a);
    hi.push(b);
  }
  return { lo, hi };
}

/**
 * The SoC bounds, widened where the validation accepted a bound that is out of reach by less than
 * its tolerance (so that the LP is not infeasible by that tiny margin).
 */
function withinReach(bounds: ModelBounds, admissible: { lo: number[]; hi: number[] }): ModelBounds {
  return {
    ...bounds,
    socLower: bounds.socLower.map((x, j) => Math.min(x, admissible.lo[j]!)),
    socUpper: bounds.socUpper.map((x, j) => Math.max(x, admissible.hi[j]!)),
  };
}

/** Steps (among `eligible`) in which a solution charges and discharges at once. */
function simultaneousSteps(solution: LpSolution, eligible: ReadonlySet<number>): Set<number> {
  const out = new Set<number>();
  for (const j of eligible) {
    const up = solution.vars[v.up(j)] ?? 0;
    const down = solution.vars[v.down(j)] ?? 0;
    if (up > FLOW_TOLERANCE && -down > FLOW_TOLERANCE) out.add(j);
  }
  return out;
}

/** Tracks the overall time budget from the solve times GLPK reports (no clock of our own). */
class Budget {
  used = 0;
  constructor(readonly limit: number) {}
  get remaining(): number {
    return Math.max(0, this.limit - this.used);
  }
  spend(seconds: number): void {
    this.used += seconds;
  }
}

interface LpSolution {
  z: number;
  vars: Record<string, number>;
}

/** Solves an LP; throws a SchedulingError unless GLPK proves optimality. */
function solveLp(glpk: Glpk, r: ResolvedProblem, lp: LP, budget: Budget, what: string): LpSolution {
  const result = runLp(glpk, lp, budget);
  const status = result.result.status;
  if (status === glpk.GLP_OPT) return { z: result.result.z, vars: result.result.vars };
  if (status === glpk.GLP_NOFEAS || status === glpk.GLP_INFEAS) {
    throw new SchedulingError(
      'InfeasibleProblemException',
      `The optimisation problem (${what}, ${r.n} steps) is infeasible according to GLPK, ` +
        'although the constraint validation found no conflict; the constraints are probably inconsistent only by a tiny numerical margin.',
    );
  }
  if (status === glpk.GLP_UNBND) {
    throw new SchedulingError('SolverError', 'The optimisation problem is unbounded.');
  }
  throw new SchedulingError(
    'SolverError',
    `GLPK did not solve the ${what} (${r.n} steps) within the time limit of ${fmtSeconds(budget.limit)} s.`,
  );
}

function runLp(glpk: Glpk, lp: LP, budget: Budget): Result {
  // The presolver makes the simplex faster, but reports an infeasible or unbounded LP as "undefined";
  // such (rare, since feasibility is checked beforehand) cases are solved again without it. It has
  // also been seen to return an "optimal" solution that violates a column bound (a SoC minimum a few
  // steps after the stock was emptied): every solution is checked, and solved again without it then.
  const first = glpk.solve(lp, { msglev: glpk.GLP_MSG_OFF, presol: true, tmlim: Math.max(budget.remaining, 0.001) });
  budget.spend(first.time);
  const solvedFine = first.result.status === glpk.GLP_OPT ? satisfies(lp, first.result.vars) : first.result.status !== glpk.GLP_UNDEF;
  if (solvedFine || budget.remaining <= 0) return first;
  const second = glpk.solve(lp, { msglev: glpk.GLP_MSG_OFF, presol: false, tmlim: Math.max(budget.remaining, 0.001) });
  budget.spend(second.time);
  return second;
}

/** Whether a solution satisfies every column bound and row of the model (within 1e-7, scaled). */
function satisfies(lp: LP, vars: Record<string, number>): boolean {
  const ok = (x: number, type: number, lb: number, ub: number) => {
    const tol = 1e-7 * Math.max(1, Math.abs(lb), Math.abs(ub));
    const lower = type === GLP.LO || type === GLP.DB || type === GLP.FX;
    const upper = type === GLP.UP || type === GLP.DB || type === GLP.FX;
    return !(lower && x < lb - tol) && !(upper && x > ub + tol);
  };
  for (const b of lp.bounds ?? []) if (!ok(vars[b.name] ?? 0, b.type, b.lb, b.ub)) return false;
  for (const row of lp.subjectTo) {
    let sum = 0;
    for (const t of row.vars) sum += t.coef * (vars[t.name] ?? 0);
    if (!ok(sum, row.bnds.type, row.bnds.lb, row.bnds.ub)) return false;
  }
  return true;
}

function fmtSeconds(s: number): string {
  return String(Math.round(s * 1000) / 1000);
}

type SolveInfo = Pick<StorageSchedule, 'status' | 'method' | 'problemClass' | 'mipGap' | 'binaries' | 'solver' | 'solverSeconds'>;

/** Turns a solution into the schedule: rounded power, SoC trajectory and expected cost. */
function finish(r: ResolvedProblem, vars: Record<string, number>, objective: number, info: SolveInfo): StorageSchedule {
  const power: number[] = [];
  for (let j = 0; j < r.n; j++) power.push(roundTo((vars[v.up(j)] ?? 0) + (vars[v.down(j)] ?? 0), 6));
  return {
    power,
    soc: socTrajectory(r, power),
    socInstantsMs: Array.from({ length: r.n + 1 }, (_, j) => r.startMs + j * r.stepMs),
    expectedCost: roundTo(expectedCost(r, power), 6),
    objective,
    ...info,
  };
}

/** SoC at the start and at the end of each step, integrated from a (net) power schedule. */
export function socTrajectory(r: ResolvedProblem, power: readonly number[]): number[] {
  const changes = power.map((x, j) => {
    const rate = x >= 0 ? x * r.etaUp[j]! : x / r.etaDown[j]!;
    return (rate + r.delta[j]!) * r.dtH;
  });
  return applyStockChangesAndLosses(r.socAtStart, changes, r.eps, 'linear').map((x) => roundTo(x, 6));
}

/** Cost in real currency of a power schedule: raw prices × Δ[h] × the site's net power. */
export function expectedCost(r: ResolvedProblem, power: readonly number[]): number {
  let cost = 0;
  for (let j = 0; j < r.n; j++) {
    const net = power[j]! + r.inflex[j]!;
    cost += r.dtH * net * (net > 0 ? r.consumptionPrice[j]! : r.productionPrice[j]!);
  }
  return cost;
}
