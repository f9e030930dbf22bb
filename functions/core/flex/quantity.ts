/**
 * Variable quantities of the flex-model and flex-context (docs/contract/api.md §8.6): a fixed quantity string,
 * a sensor reference `{"sensor": id}`, a time series of timed events, or (for some fields) a plain
 * number. Parsed into a JSON-serialisable `VariableQuantity` in the field's internal unit.
 */
import {
  addDuration,
  parseAwareDatetime,
  parseDuration,
  TimeFormatError,
  type Duration,
} from '../time/index.js';
import {
  convertQuantity,
  isConvertible,
  parseQuantity,
  priceCurrency,
  UnitConversionError,
} from '../units/index.js';
import type { ErrorCollector } from './errors.js';

/** Metadata of a sensor that a flex config may refer to (pre-loaded by the caller). */
export interface SensorInfo {
  /** The sensor's unit, e.g. `kW`, `EUR/MWh`, `%`. */
  unit: string;
  /** The sensor's event resolution in ms (0 = instantaneous). */
  eventResolutionMs: number;
  /** Sensor attributes (used for `consumption_is_positive` of inflexible devices). */
  attributes?: Readonly<Record<string, unknown>>;
}

/** Looks up a sensor by id; `undefined` when it does not exist. */
export type SensorLookup = (id: number) => SensorInfo | undefined;

/** One event of a time series, in the field's internal unit. `startMs === endMs` for an instant. */
export interface TimedValue {
  startMs: number;
  endMs: number;
  value: number;
}

/**
 * A parsed variable quantity. Values are in the field's internal unit: MW for power, MWh for SoC,
 * a fraction for efficiencies (0.9 = 90 %), `<currency>/MWh` for prices (then `unit` names it).
 */
export type VariableQuantity =
  | { kind: 'fixed'; value: number; unit?: string }
  | { kind: 'sensor'; sensorId: number }
  | { kind: 'series'; events: TimedValue[]; unit?: string };

/** The internal unit of a field. */
export type FieldUnit = 'MW' | 'MWh' | 'fraction' | 'price';

/** How a field reads plain numbers. */
export type NumberPolicy =
  /** Rejected at the top level (v3.0-20); read as dimensionless inside time series. */
  | 'reject'
  /** Interpreted in the SoC unit (SoC fields). */
  | 'soc'
  /** Dimensionless (efficiencies: 0.9 = 90 %). */
  | 'dimensionless';

/** How to parse one variable-quantity field. */
export interface QuantitySpec {
  unit: FieldUnit;
  numbers: NumberPolicy;
  /** SoC unit for plain numbers of SoC fields (`undefined`: numbers cannot be interpreted). */
  socUnit?: 'kWh' | 'MWh' | undefined;
  /** Lower bound for fixed and time-series values (in the internal unit), with its message. */
  min?: { value: number; message: string };
  /** IANA time zone for nominal durations (months, years) in time series; none → they are rejected. */
  timeZone?: string | undefined;
  /** Whether a sensor reference is allowed (default true). */
  sensors?: boolean;
  /** Whether a time series is allowed (default true). */
  series?: boolean;
}

/** Where to report errors of one field. */
export interface FieldTarget {
  errors: ErrorCollector;
  /** Path of the field in the error tree (e.g. `['soc-gain', '0']`). */
  path: readonly string[];
  sensors: SensorLookup;
}

/** The unit name used in conversion messages. */
function targetUnitName(unit: FieldUnit, currency?: string): string {
  switch (unit) {
    case 'MW':
      return 'MW';
    case 'MWh':
      return 'MWh';
    case 'fraction':
      return '%';
    case 'price':
      return `${currency ?? ''}/MWh`;
  }
}

/** Python's class name of a JSON value, for "Unsupported value type" messages. */
export function pythonClassName(value: unknown): string {
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'string') return 'str';
  if (Array.isArray(value)) return 'list';
  if (value === null) return 'NoneType';
  return 'dict';
}

const isPlainObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/** Python's str() of a float/int as it appears in messages (`5`, `0.5`). */
const pyNumber = (x: number): string => String(x);

/** Converts a quantity string into the field's internal unit; returns `{value, unit?}` or throws UnitConversionError. */
function fromString(text: string, spec: QuantitySpec, currency?: string): { value: number; unit?: string } {
  switch (spec.unit) {
    case 'MW':
      return { value: convertQuantity(text, 'MW') };
    case 'MWh':
      return { value: convertQuantity(text, 'MWh') };
    case 'fraction':
      return { value: convertQuantity(text, '%') / 100 };
    case 'price': {
      const q = parseQuantity(text);
      const found = priceCurrency(q.unit);
      const code = currency ?? found ?? undefined;
      if (!code) {
        throw new UnitConversionError(`Cannot convert value \`${text}\` to '/MWh'`, 'incompatible', q.unit, '/MWh');
      }
      return { value: convertQuantity(text, `${code}/MWh`), unit: `${code}/MWh` };
    }
  }
}

/** Reads a plain number according to the field's number policy (inside or outside a time series). */
function fromNumber(x: number, spec: QuantitySpec, currency?: string): { value: number; unit?: string } {
  if (spec.numbers === 'soc' && spec.socUnit) return { value: spec.socUnit === 'kWh' ? x / 1000 : x };
  if (spec.unit === 'fraction') return { value: x };
  // A number without unit is dimensionless, which power, energy and price units cannot take.
  throw new UnitConversionError(
    `Cannot convert value \`${pyNumber(x)} dimensionless\` to '${targetUnitName(spec.unit, currency)}'`,
    'incompatible',
  );
}

/**
 * Parses a variable quantity, reporting errors under `target.path`. Returns `undefined` when the
 * field has errors.
 */
export function parseVariableQuantity(raw: unknown, spec: QuantitySpec, target: FieldTarget): VariableQuantity | undefined {
  const report = (message: string, sub: readonly string[] = []) => target.errors.add([...target.path, ...sub], message);
  if (raw === null) {
    report('Field may not be null.');
    return undefined;
  }
  if (typeof raw === 'string') {
    try {
      const { value, unit } = fromString(raw, spec);
      if (spec.min && value < spec.min.value) {
        report(spec.min.message);
        return undefined;
      }
      return unit ? { kind: 'fixed', value, unit } : { kind: 'fixed', value };
    } catch (error) {
      report(errorText(error));
      return undefined;
    }
  }
  if (typeof raw === 'number' && spec.numbers !== 'reject') {
    try {
      const { value } = fromNumber(raw, spec);
      if (spec.min && value < spec.min.value) {
        report(spec.min.message);
        return undefined;
      }
      return { kind: 'fixed', value };
    } catch (error) {
      report(errorText(error));
      return undefined;
    }
  }
  if (isPlainObject(raw) && spec.sensors !== false) {
    const sensorId = parseSensorReference(raw, spec, target);
    return sensorId === undefined ? undefined : { kind: 'sensor', sensorId };
  }
  if (Array.isArray(raw) && spec.series !== false) return parseSeries(raw, spec, target);
  const allowed = [
    ...(spec.sensors !== false ? ['dict'] : []),
    ...(spec.numbers !== 'reject' ? ['float', 'int'] : []),
    ...(spec.series !== false ? ['list'] : []),
    'str',
  ];
  report(
    `Unsupported value type. \`<class '${pythonClassName(raw)}'>\` was provided but only ${allowed.join(', ').replace(/, ([^,]*)$/, ' and $1')} are supported.`,
  );
  return undefined;
}

function errorText(error: unknown): string {
  if (error instanceof UnitConversionError || error instanceof TimeFormatError) return error.message;
  throw error;
}

/** Reads a sensor id like marshmallow's Int field (integers and integral numeric strings). */
export function parseSensorId(raw: unknown): number | undefined {
  if (typeof raw === 'number' && Number.isInteger(raw)) return raw;
  if (typeof raw === 'string' && /^\s*[+-]?\d+\s*$/.test(raw)) return Number(raw);
  return undefined;
}

/** `{"sensor": id}`: the sensor must exist and, for fields with a fixed unit, have a convertible unit. */
function parseSensorReference(raw: Record<string, unknown>, spec: QuantitySpec, target: FieldTarget): number | undefined {
  const report = (message: string) => target.errors.add(target.path, message);
  if (!('sensor' in raw)) {
    report('Dictionary provided but `sensor` key not found.');
    return undefined;
  }
  const id = parseSensorId(raw['sensor']);
  if (id === undefined) {
    report('Not a valid integer.');
    return undefined;
  }
  const sensor = target.sensors(id);
  if (!sensor) {
    report(`No sensor found with id ${id}.`);
    return undefined;
  }
  if (spec.unit !== 'price') {
    const to = spec.unit === 'fraction' ? '%' : spec.unit;
    if (!isConvertible(sensor.unit, to)) {
      report(`Cannot convert ${sensor.unit} to ${to}`);
      return undefined;
    }
  }
  return id;
}

/** The duration with the opposite sign (to step back from an `end`). */
function negated(duration: Duration): Duration {
  return { ...duration, negative: !duration.negative, ms: duration.ms === null ? null : -duration.ms };
}

const EVENT_KEYS = new Set(['value', 'datetime', 'start', 'end', 'duration']);

/** A time series: a list of `{value, datetime | start+end | start+duration | end+duration}` items. */
function parseSeries(items: unknown[], spec: QuantitySpec, target: FieldTarget): VariableQuantity | undefined {
  const events: TimedValue[] = [];
  let ok = true;
  let currency: string | undefined;
  items.forEach((item, index) => {
    const at = (key: string) => [String(index), key];
    const report = (message: string, sub: readonly string[]) => {
      ok = false;
      target.errors.add([...target.path, ...sub], message);
    };
    if (!isPlainObject(item)) {
      report('Invalid input type.', at('_schema'));
      return;
    }
    let fieldErrors = false;
    for (const key of Object.keys(item)) {
      if (!EVENT_KEYS.has(key)) {
        report('Unknown field.', at(key));
        fieldErrors = true;
      }
    }
    const instant = (key: 'datetime' | 'start' | 'end'): number | undefined => {
      const raw = item[key];
      if (raw === undefined) return undefined;
      if (raw === null) {
        report('Field may not be null.', at(key));
        fieldErrors = true;
        return undefined;
      }
      try {
        return parseAwareDatetime(raw).ms;
      } catch (error) {
        report(errorText(error), at(key));
        fieldErrors = true;
        return undefined;
      }
    };
    const datetime = instant('datetime');
    const start = instant('start');
    const end = instant('end');
    let duration: Duration | undefined;
    if (item['duration'] !== undefined) {
      try {
        duration = parseDuration(item['duration']);
      } catch (error) {
        report(errorText(error), at('duration'));
        fieldErrors = true;
      }
    }
    const rawValue = item['value'];
    if (rawValue === undefined) {
      report('Missing data for required field.', at('value'));
      fieldErrors = true;
    } else if (rawValue === null) {
      report('Field may not be null.', at('value'));
      fieldErrors = true;
    } else if (typeof rawValue !== 'number' && typeof rawValue !== 'string') {
      report('Not a valid number.', at('value'));
      fieldErrors = true;
    }
    if (fieldErrors) return;

    // Timing (marshmallow's schema-level check of the item).
    let window: [number, number] | undefined;
    if (datetime !== undefined) {
      if (start !== undefined || end !== undefined || duration !== undefined) {
        report("If using the 'datetime' field, no 'start', 'end' or 'duration' is expected.", at('_schema'));
        return;
      }
      window = [datetime, datetime];
    } else if (duration !== undefined) {
      if (duration.nominal && !spec.timeZone) {
        report("Cannot interpret nominal duration used in the 'duration' field without a known timezone.", at('_schema'));
        return;
      }
      if (start !== undefined) window = [start, addDuration(start, duration, spec.timeZone)];
      else if (end !== undefined) window = [addDuration(end, negated(duration), spec.timeZone), end];
      else {
        report("If using the 'duration' field, either 'start' or 'end' is expected.", at('_schema'));
        return;
      }
    } else if (start !== undefined && end !== undefined) {
      window = [start, end];
    } else {
      report(
        "Missing field(s) to describe timing: use the 'datetime' field, or a combination of 2 fields of 'start', 'end' and 'duration'.",
        at('_schema'),
      );
      return;
    }

    // Value, converted to the field's unit.
    try {
      const converted =
        typeof rawValue === 'number' ? fromNumber(rawValue, spec, currency) : fromString(rawValue as string, spec, currency);
      if (converted.unit) currency ??= converted.unit.slice(0, converted.unit.indexOf('/'));
      if (spec.min && converted.value < spec.min.value) {
        report(spec.min.message, at('value'));
        return;
      }
      events.push({ startMs: window[0], endMs: window[1], value: converted.value });
    } catch (error) {
      report(errorText(error), []);
    }
  });
  if (!ok) return undefined;
  return currency ? { kind: 'series', events, unit: `${currency}/MWh` } : { kind: 'series', events };
}
