/**
 * Storage scheduling (docs/contract/storage-scheduling.md, with the project decisions of its §4): a pure domain
 * module. Input is a fully resolved numeric `StorageProblem`; output a `StorageSchedule`. Failures
 * are `SchedulingError`s carrying FlexMeasures' exception type name.
 */
export { SchedulingError, type SchedulingExceptionType, type ConstraintIssue } from './errors.js';
export type {
  StorageProblem,
  StorageSchedule,
  SolveOptions,
  ScheduleStatus,
  MaybeNumber,
  MessageUnits,
  ProblemLabels,
} from './types.js';
export {
  scheduleStorage,
  scheduleStorageWith,
  dpOptimum,
  getGlpk,
  DEFAULT_MIP_GAP,
  DEFAULT_TIME_LIMIT_SECONDS,
  type Glpk,
} from './solve.js';
export { applyStockChangesAndLosses, lossFactor, roundTo, type LossVariant } from './stock.js';
export { tieBreakRamp, modelPrices, type ModelPrices } from './prices.js';
