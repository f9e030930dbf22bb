/**
 * What the sensor data handlers share: the sensor named by an entity address (a field error under
 * `sensor` when it is malformed or unknown), a sensor's belief timing, and turning domain and store
 * failures into FlexMeasures' 422 shape.
 */
import type { Sensor } from '../core/assets/model.js';
import { BeliefValidationError, type KnowledgeHorizon, type SensorTiming } from '../core/beliefs/index.js';
import {
  EntityAddressError,
  parseSensorEntityAddress,
  schemeAndNamingAuthority,
  unknownSensorAddressMessage,
} from '../core/entity-address.js';
import { assetStore, ports } from '../stores/index.js';
import { UnstorableBeliefError } from '../core/ports/beliefs.js';
import { namingContext } from '../app/sensors.js';
import { ValidationError, type FieldErrors, type Location } from '../core/errors.js';
import type { Request } from './request.js';
import { ErrorCollector, validate, type RequestValidator } from './validation.js';

/** The belief timing of a stored sensor (resolution, knowledge-horizon function, time zone). */
export function timingOf(sensor: Sensor): SensorTiming {
  return {
    eventResolutionMs: sensor.eventResolution,
    knowledgeHorizon: sensor.knowledgeHorizon as KnowledgeHorizon,
    timezone: sensor.timezone || 'UTC',
  };
}

/**
 * The sensor an entity address names (docs/contract/api.md §8.1): FlexMeasures' message under `sensor` when
 * the address is malformed (including one without any `:`, decision 0016) or names no sensor.
 */
export async function sensorFromAddress(req: Request, address: string, errors: ErrorCollector): Promise<Sensor | undefined> {
  let id: number;
  try {
    id = parseSensorEntityAddress(address, schemeAndNamingAuthority(namingContext(ports(), req.host)));
  } catch (err) {
    if (!(err instanceof EntityAddressError)) throw err;
    errors.add(['sensor'], err.message);
    return undefined;
  }
  const sensor = await assetStore().getSensor(id);
  if (!sensor) errors.add(['sensor'], unknownSensorAddressMessage(address));
  return sensor ?? undefined;
}

/**
 * Runs a domain step and reports its validation failures as a 422 at `location`: a core
 * `BeliefValidationError` under its field, a belief no store can hold under `_schema`.
 */
export async function asValidation<T>(location: Location, step: () => T | Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    if (err instanceof BeliefValidationError) throw ValidationError.field(location, err.field, err.message);
    if (err instanceof UnstorableBeliefError) throw ValidationError.field(location, '_schema', err.message);
    throw err;
  }
}

/**
 * Validates a query string against its schema and then runs domain checks (which may look things
 * up) on the fields that passed, reporting all errors together under `query`, as marshmallow does.
 * Values are coerced to the schema's types.
 */
export async function validateQuery<T extends object>(
  req: Request,
  validator: RequestValidator,
  check: (args: Partial<T>, errors: ErrorCollector, fieldOk: (field: keyof T & string) => boolean) => Promise<void>,
): Promise<T> {
  const data: Record<string, unknown> = { ...req.query };
  let schemaErrors: FieldErrors = {};
  try {
    validate<T>(validator, data);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    schemaErrors = err.errors;
  }
  const collector = new ErrorCollector();
  for (const [field, messages] of Object.entries(schemaErrors)) {
    for (const m of Array.isArray(messages) ? messages : []) collector.add([field], m);
  }
  await check(data as Partial<T>, collector, (field) => field in data && !(field in schemaErrors));
  collector.throwIfAny('query');
  return data as T;
}
