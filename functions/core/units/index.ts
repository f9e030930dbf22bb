/**
 * Units as FlexMeasures users send them (docs/contract/api.md §8.5, docs/contract/beliefs-model.md §11): validity, convertibility,
 * conversion of value series (scaling and stock↔flow using the event resolution), classification
 * (stock, power, energy, energy price) and quantity strings such as `"15 kW"` or `"90%"`.
 *
 * Parsing and scaling factors come from mathjs (see `registry.ts`); identical unit strings never
 * reach mathjs (fast path).
 */
import { HOUR } from '../time/index.js';
import { isCurrencyCode } from './currencies.js';
import {
  dimensionRelation,
  parseUnit,
  perHourFactor,
  roundFactor,
  scalingMap,
  type Affine,
  type UnitInfo,
} from './registry.js';

export { CURRENCY_CODES, isCurrencyCode } from './currencies.js';
export type { Affine } from './registry.js';

/** Why a conversion failed. */
export type UnitConversionReason =
  /** A unit string is not a unit. */
  | 'invalid-unit'
  /** The units measure unrelated things (kW vs °C, EUR vs USD). */
  | 'incompatible'
  /** A stock↔flow conversion needs a non-zero event resolution and none was given (instantaneous sensors). */
  | 'needs-resolution'
  /** A quantity string could not be read. */
  | 'unparsable';

/**
 * A unit conversion or quantity parsing failure. `message` is fit for an API response; callers map
 * it to a 422 (never a 500, docs/contract/api.md §10.2 decision 0016).
 */
export class UnitConversionError extends Error {
  override readonly name = 'UnitConversionError';
  constructor(
    message: string,
    readonly reason: UnitConversionReason,
    readonly from?: string,
    readonly to?: string,
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------- messages

/** `Unit '<u>' cannot be handled.` (sensor creation and update with an invalid unit). */
export function invalidUnitMessage(unit: string): string {
  return `Unit '${unit}' cannot be handled.`;
}

/** `Required unit for this sensor is <sensor unit>, got incompatible unit: <unit>` (POST/GET sensor data). */
export function incompatibleUnitMessage(sensorUnit: string, unit: string): string {
  return `Required unit for this sensor is ${sensorUnit}, got incompatible unit: ${unit}`;
}

/** ``Cannot convert value `<v>` to '<unit>'`` (quantity fields, docs/contract/api.md §8.6). */
export function cannotConvertValueMessage(value: string, toUnit: string): string {
  return `Cannot convert value \`${value}\` to '${toUnit}'`;
}

/** `Cannot convert value '<v>' to a valid quantity. <detail>` (quantity fields, docs/contract/api.md §8.6). */
export function invalidQuantityMessage(value: string, detail: string): string {
  return `Cannot convert value '${value}' to a valid quantity. ${detail}`;
}

// ---------------------------------------------------------------- validity and classification

function info(unit: string): UnitInfo | null {
  const parsed = parseUnit(unit);
  return parsed.ok ? parsed.info : null;
}

function requireInfo(unit: string, from: string, to: string): UnitInfo {
  const parsed = parseUnit(unit);
  if (!parsed.ok) {
    throw new UnitConversionError(`Cannot convert from '${from}' to '${to}': ${invalidUnitMessage(unit)}`, 'invalid-unit', from, to);
  }
  return parsed.info;
}

/**
 * Whether the unit registry can work with this unit string (pint's `is_valid_unit`). `""` is the
 * dimensionless unit; a numeric factor (`"5 kW"`) is not a unit.
 */
export function isValidUnit(unit: string): boolean {
  return typeof unit === 'string' && parseUnit(unit).ok;
}

function sameDimension(unit: string, reference: string): boolean {
  const a = info(unit);
  const b = info(reference);
  return a !== null && b !== null && dimensionRelation(a, b) === 0;
}

/**
 * Whether `unit` has the dimension of power (pint's `is_power_unit`): W, kW, MW, GW, kVA, MVA, J/s, …
 * (pure scaling to MW). Note `isConvertible(unit, 'MW')` is wider: it also admits energy units (stock↔flow).
 */
export function isPowerUnit(unit: string): boolean {
  return sameDimension(unit, 'W');
}

/** Whether `unit` has the dimension of energy (pint's `is_energy_unit`): Wh, kWh, MWh, J, … (pure scaling to MWh). */
export function isEnergyUnit(unit: string): boolean {
  return sameDimension(unit, 'Wh');
}

/**
 * Whether `unit` is a stock unit: an amount accumulated over an event, i.e. an energy (Wh, kWh, MWh, J)
 * or a volume (l, m³) (docs/contract/beliefs-model.md §11). Flows (kW, m³/h) and intensive quantities (°C, %, EUR/MWh)
 * are not. Drives the upsampling rule of POST data (decision 0012: stock values are split).
 */
export function isStockUnit(unit: string): boolean {
  return sameDimension(unit, 'Wh') || sameDimension(unit, 'm³');
}

/** Whether `unit` is a flow unit: a stock unit per time (W, kW, m³/h, l/s). */
export function isFlowUnit(unit: string): boolean {
  return sameDimension(unit, 'W') || sameDimension(unit, 'm³/h');
}

/**
 * Whether `unit` is an energy price unit: a 3-letter ISO 4217 code, `/`, and an energy unit
 * (`EUR/MWh`, `KRW/kWh`), exactly as FlexMeasures v0.23 checks it for `PostPriceDataRequest`.
 */
export function isEnergyPriceUnit(unit: string): boolean {
  return unit.length > 4 && unit[3] === '/' && isCurrencyCode(unit.slice(0, 3)) && isEnergyUnit(unit.slice(4));
}

/** The currency of a price unit written `<ISO code>/<unit>` (`EUR/MWh` → `EUR`), else `null`. */
export function priceCurrency(unit: string): string | null {
  const slash = unit.indexOf('/');
  if (slash < 0) return null;
  const code = unit.slice(0, slash).trim();
  return isCurrencyCode(code) && isValidUnit(unit) ? code : null;
}

/** The unit of a cost at a price unit: `EUR/MWh` → `EUR`; another per-MWh unit (`kg/MWh` for CO₂) → `kg`; none → null. */
export function costUnit(priceUnit: string | undefined): string | null {
  if (!priceUnit) return null;
  const currency = priceCurrency(priceUnit);
  if (currency) return currency;
  const match = /^(.+)\/\s*MWh$/.exec(priceUnit.trim());
  return match ? match[1]!.trim() : `${priceUnit}·MWh`;
}

// ---------------------------------------------------------------- convertibility and conversion

/**
 * Whether values can be converted from `from` to `to` (pint's `units_are_convertible`): identical
 * strings always pass; otherwise both must be valid and their ratio dimensionless (scaling:
 * W↔kW, l/h↔m³/h, EUR/kWh↔EUR/MWh, %↔"") or of dimension time to the power ±1 (stock↔flow:
 * kWh↔kW, m³↔m³/h, which then needs an event resolution). Different currencies never convert.
 */
export function isConvertible(from: string, to: string): boolean {
  if (from === to) return true;
  const related = relate(from, to);
  if (related === null) return false;
  return related.relation === 0 || (!related.a.hasOffset && !related.b.hasOffset);
}

/** Whether converting `from` to `to` is a stock↔flow conversion (and so needs an event resolution). */
export function needsResolution(from: string, to: string): boolean {
  if (from === to) return false;
  const relation = relate(from, to)?.relation;
  return relation === 1 || relation === -1;
}

/** Two known units whose dimensions relate (see `dimensionRelation`), with that relation; null otherwise. */
function relate(from: string, to: string) {
  const a = info(from);
  const b = info(to);
  if (a === null || b === null) return null;
  const relation = dimensionRelation(a, b);
  return relation === null ? null : { a, b, relation };
}

const IDENTITY: Affine = Object.freeze({ scale: 1, offset: 0 });

/**
 * The affine map `y = scale·x + offset` converting values in `from` into `to`.
 * For stock↔flow conversions `resolutionMs` is the event resolution: flow = stock × (1 h / resolution).
 * Throws `UnitConversionError` for invalid or incompatible units, or when a stock↔flow conversion
 * gets no (or a zero) resolution.
 */
export function conversionMap(from: string, to: string, resolutionMs?: number): Affine {
  if (from === to) return IDENTITY;
  const a = requireInfo(from, from, to);
  const b = requireInfo(to, from, to);
  const relation = dimensionRelation(a, b);
  if (relation === 0) return scalingMap(a, b);
  if (relation === null || a.hasOffset || b.hasOffset) {
    throw new UnitConversionError(`Cannot convert from '${from}' to '${to}': the units are incompatible.`, 'incompatible', from, to);
  }
  if (resolutionMs === undefined || !Number.isFinite(resolutionMs) || resolutionMs <= 0) {
    throw new UnitConversionError(
      `Cannot convert from '${from}' to '${to}' without a known, non-zero event resolution ` +
        '(converting between a stock and a flow needs the duration of each event; instantaneous sensors have none).',
      'needs-resolution',
      from,
      to,
    );
  }
  const perHour = perHourFactor(a, b, relation);
  const scale = relation === 1 ? perHour * (HOUR / resolutionMs) : perHour * (resolutionMs / HOUR);
  return { scale: roundFactor(scale), offset: 0 };
}

/**
 * Converts values from unit `from` to unit `to` (a new array; equal unit strings are a fast path).
 * Stock↔flow conversions use `resolutionMs`: e.g. −11.28 m³ per 10-minute event is −67.68 m³/h.
 * @throws UnitConversionError when the units are invalid or incompatible, or a stock↔flow
 *   conversion has no non-zero resolution.
 */
export function convert(values: readonly number[], from: string, to: string, resolutionMs?: number): number[] {
  if (from === to) return values.slice();
  const { scale, offset } = conversionMap(from, to, resolutionMs);
  return offset === 0 ? values.map((v) => v * scale) : values.map((v) => v * scale + offset);
}

/** `convert` for series with gaps: `null` stays `null`. */
export function convertNullable(
  values: readonly (number | null)[],
  from: string,
  to: string,
  resolutionMs?: number,
): (number | null)[] {
  if (from === to) return values.slice();
  const { scale, offset } = conversionMap(from, to, resolutionMs);
  return values.map((v) => (v === null ? null : v * scale + offset));
}

// ---------------------------------------------------------------- quantities

/** A number with a unit, as read from `"15 kW"`. */
export interface Quantity {
  value: number;
  /** The unit part as written (`"kW"`, `"%"`, `"EUR/kWh"`), `""` for a plain number. */
  unit: string;
}

const QUANTITY = /^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)?\s*(.*?)\s*$/s;

/**
 * Reads a quantity string like `"15 kW"`, `"0.29 EUR/kWh"`, `"90%"`, `"0.9"`, `"-5 kW"`, `"1e3 W"`.
 * A bare unit (`"kW"`) means one of it, as in pint.
 * @throws UnitConversionError (`unparsable`) with ``Cannot convert value '<v>' to a valid quantity. <detail>``.
 */
export function parseQuantity(text: string): Quantity {
  if (typeof text !== 'string') {
    throw new UnitConversionError(invalidQuantityMessage(String(text), 'Expected a string.'), 'unparsable');
  }
  const match = QUANTITY.exec(text);
  const number = match?.[1];
  const unit = match?.[2] ?? '';
  if (!match || (number === undefined && unit === '')) {
    throw new UnitConversionError(invalidQuantityMessage(text, 'No value given.'), 'unparsable');
  }
  const parsed = parseUnit(unit);
  if (!parsed.ok) throw new UnitConversionError(invalidQuantityMessage(text, parsed.detail), 'unparsable');
  const value = number === undefined ? 1 : Number(number);
  if (!Number.isFinite(value)) throw new UnitConversionError(invalidQuantityMessage(text, 'Not a finite number.'), 'unparsable');
  return { value, unit };
}

/**
 * Reads a quantity string and converts it to `toUnit` (pint's `Quantity(text).to(toUnit)`).
 * Without `resolutionMs` only pure scaling is possible (as in FlexMeasures' QuantityField); with it,
 * stock↔flow conversions use that resolution.
 * @throws UnitConversionError: unparsable text (``Cannot convert value '<v>' to a valid quantity. …``),
 *   incompatible units (``Cannot convert value `<v>` to '<unit>'``), or a stock↔flow conversion with a zero resolution.
 */
export function convertQuantity(text: string, toUnit: string, resolutionMs?: number): number {
  const quantity = parseQuantity(text);
  if (quantity.unit === toUnit) return quantity.value;
  const from = quantity.unit;
  const stockFlow = needsResolution(from, toUnit);
  if (!isConvertible(from, toUnit) || (stockFlow && resolutionMs === undefined)) {
    throw new UnitConversionError(cannotConvertValueMessage(text, toUnit), 'incompatible', from, toUnit);
  }
  const { scale, offset } = conversionMap(from, toUnit, resolutionMs);
  return quantity.value * scale + offset;
}
