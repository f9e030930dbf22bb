/**
 * Storage flex-model and flex-context of API v3.0-20: validation (422 messages), defaults, the planning
 * window, and the numeric problem for core/scheduling built from pre-loaded sensor data. Pure: no I/O.
 *
 * Typical use:
 * 1. trigger: `parseStorageFlexConfig(...)` (throws `FlexValidationError` → 422);
 * 2. job: `planSensorData(config, …)` → load those beliefs → `buildStorageProblem(config, data)` →
 *    `scheduleStorage(problem)` → `scheduleInSensorUnit(schedule.power, sensor.unit, resolution)`.
 */
export { FlexValidationError, type ErrorTree } from './errors.js';
export type { SensorInfo, SensorLookup, TimedValue, VariableQuantity } from './quantity.js';
export {
  parseStorageFlexConfig,
  parseFlexModel,
  parseFlexContext,
  defaultSocUnit,
  sensorAttribute,
  DEFAULT_MAX_PLANNING_HORIZON_STEPS,
  type PowerSensorContext,
  type StorageFlexModel,
  type FlexContext,
  type StorageFlexConfig,
  type FlexConfigOptions,
  type FlexConfigRequest,
} from './schema.js';
export {
  planSensorData,
  buildStorageProblem,
  scheduleInSensorUnit,
  type AssetRelations,
  type SensorDataRequest,
  type ProblemData,
  type BuiltProblem,
} from './problem.js';
export type { SensorValue } from './resample.js';
