/**
 * Process scheduling (assets of type `process` and `load`): the flex-model, the price source, the
 * placement rules and the schedule with its `scheduler_info`. Pure: no I/O.
 * The rules: docs/contract/process-scheduling.md §3; prices and the answer: docs/contract/process-scheduling.md §4.
 *
 * Typical use:
 * 1. trigger: `parseProcessFlexConfig(...)` (throws `FlexValidationError` → 422);
 * 2. job: `processPriceSource(...)` → load that sensor's beliefs → `sensorPrices(...)` (or
 *    `quantityPrices(...)`) → `scheduleProcess(config, sensorUnit, prices)`.
 */
export {
  parseProcessFlexConfig,
  processPriceSource,
  type ProcessFlexConfig,
  type ProcessFlexModel,
  type ProcessFlexRequest,
  type ProcessPriceSource,
} from './flex-model.js';
export {
  placeProcess,
  restrictionMask,
  blockCost,
  blockCosts,
  PROCESS_TYPES,
  OPTIMIZATION_SENSES,
  type ProcessType,
  type OptimizationSense,
  type ProcessPlacement,
} from './placement.js';
export {
  scheduleProcess,
  sensorPrices,
  quantityPrices,
  expectedCost,
  PROCESS_SCHEDULER,
  PROCESS_SCHEDULER_SOURCE,
  type StepPrices,
  type ProcessSchedule,
} from './schedule.js';
