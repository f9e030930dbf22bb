/**
 * Scheduling failures. The API reports a failed job as
 * `Scheduling job failed with <ExcType>: <text>.` (docs/contract/api.md §7.4), so every failure carries the
 * FlexMeasures exception type name next to its text.
 */

/** Exception type names a scheduling job can fail with (FlexMeasures' Python class names). */
export type SchedulingExceptionType =
  | 'InfeasibleProblemException'
  | 'ValueError'
  | 'UnknownPricesException'
  | 'UnknownMarketException'
  | 'SolverError';

/** One conflicting constraint found before solving, anchored at an instant (UTC epoch ms). */
export interface ConstraintIssue {
  /** The instant the conflict is about (the SoC instant, or the start of the step for flows). */
  atMs: number;
  /** Last instant of a run of identical consecutive issues (only set when grouped). */
  untilMs?: number;
  /** Human readable explanation naming the flex-model / flex-context fields involved. */
  text: string;
}

/**
 * A scheduling job failure. `excType` is the exception type name and `text` the exception text, as
 * they appear in `Scheduling job failed with <excType>: <text>.`; `issues` lists the individual
 * conflicts when the failure is an infeasibility found before solving.
 */
export class SchedulingError extends Error {
  override readonly name = 'SchedulingError';

  constructor(
    readonly excType: SchedulingExceptionType,
    readonly text: string,
    readonly issues: readonly ConstraintIssue[] = [],
  ) {
    super(`${excType}: ${text}`);
  }

  /** `Scheduling job failed with <ExcType>: <text>.` — the phrase the schedule GET embeds. */
  get failureMessage(): string {
    return `Scheduling job failed with ${this.excType}: ${this.text}.`;
  }
}
