/**
 * Request validation with ajv against the JSON Schemas in `schemas/`, reporting errors the way
 * webargs + marshmallow do: external field names, nested dicts, list indices as strings, and
 * marshmallow's exact messages (api-v3.md §3.1).
 */
import { Ajv, type ErrorObject, type ValidateFunction, type AnySchema } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parseAwareDatetime, parseAwareDatetimeFromQuery, parseDuration, parseAnyDuration } from '../core/time/index.js';
import { ValidationError, type FieldErrors, type Location } from './errors.js';

// ajv-formats ships CJS with a default export property.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv, formats?: string[]) => Ajv;

/**
 * Formats of our own, checked by calling the domain parser so the message is the domain's:
 * `aware-datetime`, `duration` (whole minutes), `any-duration`.
 */
const DOMAIN_FORMATS: Record<string, (value: unknown, location: Location) => void> = {
  'aware-datetime': (v, location) => (location === 'query' ? parseAwareDatetimeFromQuery(v) : parseAwareDatetime(v)),
  duration: (v) => parseDuration(v),
  'any-duration': (v) => parseAnyDuration(v),
};

function makeAjv(location: Location): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    strict: false,
    coerceTypes: location === 'query' || location === 'path',
    useDefaults: false,
  });
  addFormats(ajv, ['email', 'uri']);
  ajv.addKeyword({
    keyword: 'x-format',
    schemaType: 'string',
    errors: true,
    validate: function check(this: unknown, format: string, data: unknown): boolean {
      const parse = DOMAIN_FORMATS[format];
      if (!parse) throw new Error(`unknown x-format ${format}`);
      try {
        parse(data, location);
        return true;
      } catch (err) {
        (check as unknown as { errors: Partial<ErrorObject>[] }).errors = [
          { keyword: 'x-format', message: (err as Error).message, params: { format } },
        ];
        return false;
      }
    },
  });
  // Documentation-only keywords used by the OpenAPI generator.
  ajv.addKeyword({ keyword: 'x-messages' });
  ajv.addKeyword({ keyword: 'x-description' });
  return ajv;
}

const ajvByLocation = new Map<Location, Ajv>();
const compiled = new WeakMap<object, Map<Location, ValidateFunction>>();

function compile(schema: AnySchema, location: Location): ValidateFunction {
  const key = schema as object;
  let perLocation = compiled.get(key);
  if (!perLocation) compiled.set(key, (perLocation = new Map()));
  let fn = perLocation.get(location);
  if (!fn) {
    let ajv = ajvByLocation.get(location);
    if (!ajv) ajvByLocation.set(location, (ajv = makeAjv(location)));
    fn = ajv.compile(schema);
    perLocation.set(location, fn);
  }
  return fn;
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
export type ValidationObserver = (schema: AnySchema, location: Location) => void;

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
 * Validates `data` against `schema`; throws a 422 ValidationError for `location`.
 * `extra` runs domain checks once the data is schema-valid and may add more errors.
 * A schema may override a message per keyword with `x-messages` (`{value}` is replaced by the value).
 * For the query and path locations, string values are coerced to the schema's types in place.
 */
export function validate<T>(
  schema: AnySchema,
  location: Location,
  data: unknown,
  extra?: (value: T, errors: ErrorCollector) => void,
): T {
  observer?.(schema, location);
  const fn = compile(schema, location);
  const ok = fn(data);
  const collector = ok ? new ErrorCollector() : collectAjvErrors(fn.errors ?? []);
  if (ok && extra) extra(data as T, collector);
  collector.throwIfAny(location);
  return data as T;
}
