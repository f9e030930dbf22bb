/**
 * Request validation with validators precompiled from the JSON Schemas in `schemas/` (see
 * schemas/requests.ts and scripts/compile-validators.ts), reporting errors the way webargs +
 * marshmallow do: external field names, nested dicts, list indices as strings, and marshmallow's
 * exact messages (docs/contract/api.md §3.1).
 */
import type { ErrorObject } from 'ajv';
import { ValidationError, type FieldErrors, type Location } from '../core/errors.js';

/** A schema compiled by ajv's standalone code generation: ajv's validate function (errors on `.errors`). */
export type CompiledValidate = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/** One request schema, compiled for the location its data comes from (schemas/generated/validators.ts). */
export interface RequestValidator {
  /** Its name in schemas/requests.ts. */
  readonly name: string;
  /** Where the data comes from: decides coercion and the key errors are reported under. */
  readonly location: Location;
  /** The JSON Schema it was compiled from (the object in `schemas/`). */
  readonly schema: object;
  readonly validate: CompiledValidate;
}

/** Collects field errors in marshmallow's nested shape. */
export class ErrorCollector {
  readonly errors: FieldErrors = {};

  add(path: readonly string[], message: string): void {
    const segments = path.length ? path : ['_schema'];
    let node: FieldErrors = this.errors;
    for (const segment of segments.slice(0, -1)) {
      const next = node[segment];
      if (!next || Array.isArray(next)) node[segment] = {};
      node = node[segment] as FieldErrors;
    }
    const leaf = segments[segments.length - 1]!;
    const existing = node[leaf];
    const list = Array.isArray(existing) ? existing : (node[leaf] = []);
    if (!list.includes(message)) (list as string[]).push(message);
  }

  get empty(): boolean {
    return Object.keys(this.errors).length === 0;
  }

  throwIfAny(location: Location): void {
    if (!this.empty) throw new ValidationError(location, this.errors);
  }
}

const TYPE_MESSAGES: Record<string, string> = {
  integer: 'Not a valid integer.',
  number: 'Not a valid number.',
  boolean: 'Not a valid boolean.',
  string: 'Not a valid string.',
  array: 'Not a valid list.',
  object: 'Not a valid mapping type.',
};

function pointerToPath(pointer: string): string[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function messageFor(error: ErrorObject, atRoot: boolean): string {
  const custom = (error.parentSchema as { 'x-messages'?: Record<string, string> } | undefined)?.['x-messages'];
  if (custom?.[error.keyword]) return custom[error.keyword]!.replaceAll('{value}', String(error.data));
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return 'Missing data for required field.';
    case 'additionalProperties':
      return 'Unknown field.';
    case 'type': {
      if (error.data === null) return 'Field may not be null.';
      const expected = String(p.type).split(',')[0]!;
      if (atRoot && expected === 'object') return 'Invalid input type.';
      return TYPE_MESSAGES[expected] ?? 'Invalid input type.';
    }
    case 'enum':
      return `Must be one of: ${(p.allowedValues as unknown[]).join(', ')}.`;
    case 'minimum':
      return `Must be greater than or equal to ${p.limit}.`;
    case 'maximum':
      return `Must be less than or equal to ${p.limit}.`;
    case 'exclusiveMinimum':
      return `Must be greater than ${p.limit}.`;
    case 'exclusiveMaximum':
      return `Must be less than ${p.limit}.`;
    case 'minLength':
    case 'minItems':
      return `Shorter than minimum length ${p.limit}.`;
    case 'maxLength':
    case 'maxItems':
      return `Longer than maximum length ${p.limit}.`;
    case 'format':
      return p.format === 'email' ? 'Not a valid email address.' : p.format === 'uri' ? 'Not a valid URL.' : 'Invalid value.';
    case 'x-format':
      return error.message ?? 'Invalid value.';
    case 'const':
      return 'Invalid value.';
    default:
      return error.message ?? 'Invalid value.';
  }
}

/** Adds field errors already in marshmallow's shape (e.g. a schema's 422) to a collector. */
export function mergeErrors(collector: ErrorCollector, errors: FieldErrors, path: string[] = []): void {
  for (const [key, value] of Object.entries(errors)) {
    if (Array.isArray(value)) for (const message of value) collector.add([...path, key], message);
    else mergeErrors(collector, value, [...path, key]);
  }
}

/** Turns ajv errors into marshmallow-style field errors (branch errors of anyOf/oneOf are folded into one). */
export function collectAjvErrors(errors: readonly ErrorObject[], collector = new ErrorCollector()): ErrorCollector {
  for (const error of errors) {
    if (/\/(anyOf|oneOf)\/\d+\//.test(error.schemaPath)) continue;
    const path = pointerToPath(error.instancePath);
    const p = error.params as Record<string, unknown>;
    if (error.keyword === 'required') path.push(String(p.missingProperty));
    if (error.keyword === 'additionalProperties') path.push(String(p.additionalProperty));
    collector.add(path, messageFor(error, path.length === 0));
  }
  return collector;
}

/** Receives every schema a request is validated against, with its location. */
export type ValidationObserver = (schema: object, location: Location) => void;

let observer: ValidationObserver | null = null;

/**
 * Test seam: observe which schema objects requests are validated with (null stops). The OpenAPI
 * example test uses it to check that every schema a handler validates with is the one its route
 * declares, so the document cannot drift from the handlers.
 */
export function observeValidation(fn: ValidationObserver | null): void {
  observer = fn;
}

/**
 * Validates `data` with a precompiled request validator; throws a 422 ValidationError under the
 * validator's location. `extra` runs domain checks once the data is schema-valid and may add more
 * errors. A schema may override a message per keyword with `x-messages` (`{value}` is replaced by
 * the value). For the query and path locations, string values are coerced to the schema's types in
 * place.
 */
export function validate<T>(validator: RequestValidator, data: unknown, extra?: (value: T, errors: ErrorCollector) => void): T {
  observer?.(validator.schema, validator.location);
  const ok = validator.validate(data);
  const collector = ok ? new ErrorCollector() : collectAjvErrors(validator.validate.errors ?? []);
  if (ok && extra) extra(data as T, collector);
  collector.throwIfAny(validator.location);
  return data as T;
}

/**
 * Validates data against its schema and then runs field checks on the fields that passed the
 * schema, reporting all errors together under the validator's location (marshmallow reports a
 * missing field and a bad coordinate in one answer). Data that is not an object fails on the schema
 * alone. What `check` returns (e.g. the data with its values parsed) is the result; otherwise the data.
 */
export async function validateFields<T extends object, R = T>(
  validator: RequestValidator,
  data: unknown,
  check: (data: Partial<T>, errors: ErrorCollector, fieldOk: (field: keyof T & string) => boolean) => Promise<R | void>,
): Promise<R | T> {
  let schemaErrors: FieldErrors = {};
  try {
    validate<T>(validator, data);
  } catch (err) {
    if (!(err instanceof ValidationError) || !data || typeof data !== 'object' || Array.isArray(data)) throw err;
    schemaErrors = err.errors;
  }
  const collector = new ErrorCollector();
  mergeErrors(collector, schemaErrors);
  const fields = data as Partial<T>;
  const checked = await check(fields, collector, (field) => field in fields && !(field in schemaErrors));
  collector.throwIfAny(validator.location);
  return checked ?? (fields as T);
}
