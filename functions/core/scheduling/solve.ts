/**
 * Solving the storage problem with GLPK (glpk.js 5).
 *
 * Pipeline:
 * 1. resolve and check the input (shape, prices c ≥ p, consistency and reachability of all
 *    constraints) — infeasibility is explained before any solver runs (decision 0015);
 * 2. solve the LP without sign binaries. If no step charges and discharges at once where that would
 *    change the stock, the LP optimum is feasible for the MILP and therefore optimal for it: done (LP);
 * 3. otherwise the binaries matter (decision 0023). Solve the hull relaxation (the convex hull of
 *    "charge or discharge" per step including its cost, see model.ts): its optimum is the lower
 *    bound for the gap, and if it happens to be MILP-feasible it is optimal;
 * 4. relax-and-fix: keep the hull optimum's direction where it is unambiguous and branch only on the
 *    remaining steps (half of the remaining time budget). Within the MIP gap of the bound → done;
 * 5. otherwise GLPK's full branch and bound with the rest of the budget; the better of both is
 *    returned. Status and gap are reported against the proven bound (decision 0024).
 */
import GLPK, { type LP, type Result } from 'glpk.js/node';
import { SchedulingError } from './errors.js';
import { checkFeasibility, checkPrices } from './feasibility.js';
import { buildModel, signEligible, v } from './model.js';
import { modelPrices } from './prices.js';
import { resolveProblem, type ResolvedProblem } from './resolve.js';
import { applyStockChangesAndLosses, roundTo } from './stock.js';
import type { ScheduleStatus, SolveOptions, StorageProblem, StorageSchedule } from './types.js';

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

/** Default overall time budget of one scheduling run, in seconds. */
export const DEFAULT_TIME_LIMIT_SECONDS = 30;
/**
 * Default relative MIP gap tolerance (0.1 %). HiGHS' default is 1e-4, but GLPK's branch and bound
 * cannot close the last 0.01 % on the symmetric negative-price cases (many equivalent charge/discharge
 * alternations), while 1e-3 is reached within a second (docs/contract/toolchain-notes.md §4).
 */
export const DEFAULT_MIP_GAP = 1e-3;

/** Flows below this (MW) count as zero when detecting simultaneous charging and discharging. */
const FLOW_TOLERANCE = 1e-6;

/**
 * Schedules one storage device: checks the problem, solves it with GLPK and returns the schedule.
 * Throws `SchedulingError` (ValueError, InfeasibleProblemException or SolverError) on failure.
 */
export async function scheduleStorage(problem: StorageProblem, options: SolveOptions = {}): Promise<StorageSchedule> {
  return scheduleStorageWith(await getGlpk(), problem, options);
}

/** Synchronous variant of `scheduleStorage` for a given GLPK instance. */
export function scheduleStorageWith(glpk: Glpk, problem: StorageProblem, options: SolveOptions = {}): StorageSchedule {
  const r = resolveProblem(problem);
  checkPrices(r);
  const bounds = checkFeasibility(r);
  const prices = modelPrices(r.consumptionPrice, r.productionPrice, r.preferChargingSooner);
  const mipGap = options.mipGap ?? DEFAULT_MIP_GAP;
  const budget = new Budget(options.timeLimitSeconds ?? DEFAULT_TIME_LIMIT_SECONDS);
  const solver = `GLPK ${glpk.version}`;
  const eligible = new Set<number>();
  for (let j = 0; j < r.n; j++) if (signEligible(r, j)) eligible.add(j);
  const info = (status: ScheduleStatus, problemClass: 'LP' | 'MILP', gap: number): SolveInfo => ({
    status,
    problemClass,
    mipGap: gap,
    binaries: problemClass === 'MILP' ? eligible.size : 0,
    solver,
    solverSeconds: budget.used,
  });

  // 2. The LP without sign binaries: exact when no step needs them.
  const plain = solveLp(glpk, r, buildModel(r, bounds, prices), budget, 'LP');
  if (simultaneousSteps(plain, eligible).size === 0) {
    return finish(r, plain.vars, plain.z, info('optimal', 'LP', 0));
  }

  // 3. The binaries matter. The hull relaxation gives the bound; if its optimum happens to be
  //    MILP-feasible, it is optimal.
  const hull = solveLp(glpk, r, buildModel(r, bounds, prices, { splitSteps: eligible }), budget, 'LP relaxation');
  const bound = hull.z;
  const ambiguous = simultaneousSteps(hull, eligible);
  if (ambiguous.size === 0) return finish(r, hull.vars, hull.z, info('optimal', 'MILP', 0));

  // 4. Incumbent by relax-and-fix: keep the relaxation's direction where it is unambiguous (charging
  //    or discharging only), and branch only on the other steps, with part of the time budget.
  const fixedDirection = new Map<number, 'up' | 'down'>();
  const open = new Set<number>();
  for (const j of eligible) {
    const up = hull.vars[v.up(j)] ?? 0;
    const down = hull.vars[v.down(j)] ?? 0;
    if (ambiguous.has(j) || (up <= FLOW_TOLERANCE && -down <= FLOW_TOLERANCE)) open.add(j);
    else fixedDirection.set(j, up > FLOW_TOLERANCE ? 'up' : 'down');
  }
  let best = solveMilp(glpk, buildModel(r, bounds, prices, { fixedDirection, splitSteps: open, integer: true }), budget, mipGap, 0.5);
  if (best && best.z !== undefined && relativeGap(best.z, bound) <= mipGap) {
    return finish(r, best.vars, best.z, info('optimal', 'MILP', relativeGap(best.z, bound)));
  }

  // 5. Full branch and bound with the remaining budget; keep the better solution.
  const full = solveMilp(glpk, buildModel(r, bounds, prices, { splitSteps: eligible, integer: true }), budget, mipGap, 1);
  if (full?.proven) {
    // Proven optimal (gap 0), or within the MIP gap tolerance of GLPK's own bound (gap ≤ mipGap).
    const pick = best && best.z < full.z ? best : full;
    return finish(r, pick.vars, pick.z, info('optimal', 'MILP', full.exact ? 0 : mipGap));
  }
  if (full && (!best || full.z < best.z)) best = full;
  if (!best) {
    throw new SchedulingError(
      'SolverError',
      `GLPK found no solution within the time limit of ${fmtSeconds(budget.limit)} s (${eligible.size} binaries).`,
    );
  }
  const gap = relativeGap(best.z, bound);
  return finish(r, best.vars, best.z, info(gap <= mipGap ? 'optimal' : 'feasible', 'MILP', gap));
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

interface MilpSolution extends LpSolution {
  /** Whether GLPK ended its branch and bound with the solution within `mipGap` of its own bound (or proven optimal). */
  proven: boolean;
  /** Whether GLPK proved optimality outright (the search completed). */
  exact: boolean;
}

/** A run that stopped this close to its time limit may have been stopped by it. */
const TIME_LIMIT_MARGIN = 0.95;

/**
 * Runs GLPK's branch and bound with `share` of the remaining budget. Returns the best integer
 * solution found, or `undefined` when there is none (no time, time limit, or infeasible).
 *
 * GLPK reports "feasible" both when the time limit stopped the search and when the relative gap to
 * its bound fell below `mipgap` (glpk.js does not pass on which); a search that ended well before
 * its time limit was ended by the gap, so its solution is within `mipGap` of the optimum.
 */
function solveMilp(glpk: Glpk, lp: LP, budget: Budget, mipGap: number, share: number): MilpSolution | undefined {
  const limit = budget.remaining * share;
  if (limit <= 0) return undefined;
  const result = glpk.solve(lp, { msglev: glpk.GLP_MSG_OFF, presol: true, tmlim: limit, mipgap: mipGap });
  budget.spend(result.time);
  const status = result.result.status;
  if (status !== glpk.GLP_OPT && status !== glpk.GLP_FEAS) return undefined;
  const exact = status === glpk.GLP_OPT;
  const proven = exact || (mipGap > 0 && result.time < TIME_LIMIT_MARGIN * limit);
  return { z: result.result.z, vars: result.result.vars, proven, exact };
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

/** Solves an LP and returns its solution when optimal, `undefined` otherwise. */
function tryLp(glpk: Glpk, lp: LP, budget: Budget): LpSolution | undefined {
  const result = runLp(glpk, lp, budget);
  return result.result.status === glpk.GLP_OPT ? { z: result.result.z, vars: result.result.vars } : undefined;
}

function runLp(glpk: Glpk, lp: LP, budget: Budget): Result {
  // The presolver makes the simplex faster, but reports an infeasible or unbounded LP as "undefined";
  // such (rare, since feasibility is checked beforehand) cases are solved again without it.
  const first = glpk.solve(lp, { msglev: glpk.GLP_MSG_OFF, presol: true, tmlim: Math.max(budget.remaining, 0.001) });
  budget.spend(first.time);
  if (first.result.status !== glpk.GLP_UNDEF || budget.remaining <= 0) return first;
  const second = glpk.solve(lp, { msglev: glpk.GLP_MSG_OFF, presol: false, tmlim: Math.max(budget.remaining, 0.001) });
  budget.spend(second.time);
  return second;
}

/** `|z − bound| / max(|z|, 1e-9)`. */
function relativeGap(z: number, bound: number): number {
  const gap = Math.abs(z - bound) / Math.max(Math.abs(z), 1e-9);
  return gap < 1e-12 ? 0 : gap;
}

function fmtSeconds(s: number): string {
  return String(Math.round(s * 1000) / 1000);
}

type SolveInfo = Pick<StorageSchedule, 'status' | 'problemClass' | 'mipGap' | 'binaries' | 'solver' | 'solverSeconds'>;

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
