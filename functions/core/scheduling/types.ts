/**
 * The numeric storage scheduling problem (fully resolved: no units, no sensors, no defaults left) and
 * the schedule the solver returns.
 *
 * Conventions: flows in MW, consumption (charging) positive; stock in MWh; prices in currency per
 * MWh; efficiencies as fractions; instants as UTC epoch ms. Per-step arrays have one entry per step
 * `j = 0..N−1`, where step j covers `[startMs + j·stepMs, startMs + (j+1)·stepMs)`. SoC arrays
 * (`socMinima`, `socMaxima`, `socTargets`) refer to the SoC at the **end** of step j, i.e. at the
 * instant `startMs + (j+1)·stepMs`.
 */

/** A per-step SoC constraint value; `null` (or NaN) means "no constraint at this instant". */
export type MaybeNumber = number | null;

/** Labels naming where a limit came from, used in infeasibility explanations. */
export interface ProblemLabels {
  /** Default `consumption-capacity`. */
  consumptionCapacity?: string;
  /** Default `production-capacity`. */
  productionCapacity?: string;
  /** Default `site-consumption-capacity`. */
  siteConsumptionCapacity?: string;
  /** Default `site-production-capacity`. */
  siteProductionCapacity?: string;
}

/** Units used to print quantities in explanations (the values themselves are always MWh / MW). */
export interface MessageUnits {
  /** `MWh` (default) or `kWh`. */
  energy?: 'MWh' | 'kWh';
  /** `MW` (default) or `kW`. */
  power?: 'MW' | 'kW';
}

/** The storage scheduling problem of one flexible storage device behind a site connection. */
export interface StorageProblem {
  /** Schedule start (UTC epoch ms). */
  startMs: number;
  /** Step length Δ in ms (the power sensor's event resolution). */
  stepMs: number;
  /** SoC at the start (MWh). */
  socAtStart: number;
  /** Constant lower SoC bound (MWh); may be `-Infinity`. */
  socMin: number;
  /** Constant upper SoC bound (MWh); may be `Infinity`. */
  socMax: number;
  /** Per-step SoC minima (MWh, end of step j). Clipped into [socMin, socMax] as FlexMeasures does. */
  socMinima?: readonly MaybeNumber[];
  /** Per-step SoC maxima (MWh, end of step j). Clipped into [socMin, socMax] as FlexMeasures does. */
  socMaxima?: readonly MaybeNumber[];
  /** Per-step SoC targets (MWh, end of step j): hard equalities. */
  socTargets?: readonly MaybeNumber[];
  /** Charging limit per step (MW, ≥ 0, finite). Its length defines N together with the prices. */
  consumptionCapacity: readonly number[];
  /** Discharging limit per step (MW, ≥ 0, finite). */
  productionCapacity: readonly number[];
  /** Site net consumption limit per step (MW, ≥ 0; `Infinity` = none). Absent = unbounded. */
  siteConsumptionCapacity?: readonly number[];
  /** Site net production limit per step (MW, ≥ 0; `Infinity` = none). Absent = unbounded. */
  siteProductionCapacity?: readonly number[];
  /** η_up per step: stock gained per MW drawn (fraction, ≥ 0; above 1 allowed). Default 1. */
  chargingEfficiency?: readonly number[];
  /** η_down per step: MW delivered per unit of stock removed (fraction, > 0; above 1 allowed). Default 1. */
  dischargingEfficiency?: readonly number[];
  /** ε per step: fraction of stock kept over one step, in [0, 1]. Default 1. */
  storageEfficiency?: readonly number[];
  /** Exogenous stock change per step in MW (soc-gain minus soc-usage), not subject to η. Default 0. */
  stockDelta?: readonly number[];
  /** Net power of the inflexible devices per step (MW, consumption positive). Default 0. */
  inflexiblePower?: readonly number[];
  /** Consumption price per step (currency/MWh). */
  consumptionPrice: readonly number[];
  /** Production price per step (currency/MWh); must not exceed the consumption price. */
  productionPrice: readonly number[];
  /** Tie-breaker of docs/contract/storage-scheduling.md §1.7 (default true). */
  preferChargingSooner?: boolean;
  /** IANA time zone in which explanations print datetimes (default UTC). */
  timeZone?: string;
  /** Units for printing quantities in explanations. */
  messageUnits?: MessageUnits;
  /** Field names that produced the power limits (for explanations). */
  labels?: ProblemLabels;
}

/** Solver settings. */
export interface SolveOptions {
  /**
   * Overall solver time budget in seconds (default 30). Every GLPK call runs with the remaining
   * budget as its time limit (decision 0024).
   */
  timeLimitSeconds?: number;
  /**
   * Largest relative gap (default 1e-6) with which a result still counts as `optimal`. The solver is
   * exact up to its rounding bound, which is reported as the gap.
   */
  mipGap?: number;
}

/** How the returned schedule relates to the optimum. */
export type ScheduleStatus =
  /** Proven optimal, up to the reported relative gap (at most the `mipGap` setting). */
  | 'optimal'
  /** Feasible, but the proven gap is above the `mipGap` setting. */
  | 'feasible';

/** The result of scheduling one storage device. */
export interface StorageSchedule {
  /** Power per step (MW, consumption positive), rounded to 6 decimals. */
  power: number[];
  /**
   * SoC trajectory of the returned schedule (MWh, 6 decimals): the SoC at the start and at the end
   * of every step (length N + 1), integrated from the rounded power with the model's dynamics.
   */
  soc: number[];
  /** Instants (UTC epoch ms) of the `soc` values: start, start + Δ, …, start + N·Δ. */
  socInstantsMs: number[];
  /** Expected cost in real currency (decision 0022): prices without tie-breakers × Δ[h] × net site power. */
  expectedCost: number;
  /** Objective value of the solved model (includes the tie-breaking price ramp). */
  objective: number;
  /** Whether the optimum is proven (see `ScheduleStatus`). */
  status: ScheduleStatus;
  /**
   * How the schedule was found: `lp` — the LP without sign binaries already never charges and
   * discharges in the same step where that matters, so it is optimal; `dp+lp` — the exact dynamic
   * programme over the state of charge chose each step's direction and GLPK solved the LP with those
   * directions fixed.
   */
  method: 'lp' | 'dp+lp';
  /** Whether the model needed the charge/discharge sign binaries (decision 0023). */
  problemClass: 'LP' | 'MILP';
  /**
   * Proven relative gap between the returned objective z and the optimum: `(z − lower bound) /
   * max(|z|, 1)`, the lower bound being the DP's value minus its rounding bound. 0 for `lp`.
   */
  mipGap: number;
  /** Number of steps whose direction the DP decided (0 for an LP). */
  binaries: number;
  /** Solver name and version, e.g. `GLPK 5.0` or `DP + GLPK 5.0`. */
  solver: string;
  /** Time spent checking and solving, in seconds. */
  solverSeconds: number;
}
