/**
 * The unit registry: mathjs' own Unit class (its parser, prefixes and unit definitions) extended
 * with what FlexMeasures' pint registry knows and mathjs does not: ISO 4217 currencies as separate
 * base units, `%`, `‰`, `ppm`, `dimensionless`, `d` (day) and a real-valued `VAR`.
 *
 * FlexMeasures writes units in pint's short notation (`m³/h`, `°C`, `%`); `toMathjsSyntax` rewrites
 * those few symbols into mathjs names before mathjs parses the string. Everything else (prefixes,
 * products, quotients, powers) is parsed by mathjs itself.
 *
 * The Unit class is built from mathjs' `createUnitClass` factory with plain-number arithmetic as
 * its dependencies, not through `create({ UnitDependencies })`: the dependency graph of the latter
 * brings typed-function, decimal.js, complex and matrix code (≈ 230 KB minified) into every Lambda
 * that converts units, where this costs ≈ 60 KB; conversions here are in doubles either way
 * (`config.number: 'number'`). The class is built on first use, not at import: modules that import
 * the units module but only hit the equal-strings fast path never pay for it. Currency units are
 * created when a unit string first mentions their code (creating all ~190 base dimensions up front
 * costs 15–45 ms).
 */
import { createUnitClass, createFractionClass, createComplexClass, type Unit, type UnitCtor, type UnitDefinition } from 'mathjs';
import { isCurrencyCode } from './currencies.js';

/** What the rest of the module needs to know about a valid unit string. */
export interface UnitInfo {
  /** The string as handed to mathjs. */
  readonly normalized: string;
  /** Exponents per base dimension (mathjs order, currencies appended); missing entries are 0. */
  readonly dimensions: readonly number[];
  /** Whether conversions of this unit involve an offset (°C, °F). */
  readonly hasOffset: boolean;
}

/** Factories exported by mathjs' ESM entry that its type declarations leave out. */
declare module 'mathjs' {
  /** The Unit class; its dependencies are named after mathjs functions and types. */
  export const createUnitClass: (dependencies: Record<string, unknown>) => UnitCtor;
  /** fraction.js' class as mathjs uses it (°F and °R are defined with fractions). */
  export const createFractionClass: (dependencies: Record<string, never>) => unknown;
  /** complex.js' class as mathjs uses it (mathjs' own VAR is imaginary; the registry overrides it). */
  export const createComplexClass: (dependencies: Record<string, never>) => unknown;
}

/** mathjs' default tolerances for `equal` (config.relTol / config.absTol). */
const REL_TOL = 1e-12;
const ABS_TOL = 1e-15;

/**
 * Plain-number versions of the arithmetic the Unit class is written against. Unit definitions may
 * hold fractions (°F is 5/9 K); `Number()` turns those into doubles, as mathjs' `number` does.
 */
const num = (x: unknown): number => Number(x);
const NUMBER_ARITHMETIC = {
  addScalar: (a: unknown, b: unknown) => num(a) + num(b),
  subtractScalar: (a: unknown, b: unknown) => num(a) - num(b),
  multiplyScalar: (a: unknown, b: unknown) => num(a) * num(b),
  divideScalar: (a: unknown, b: unknown) => num(a) / num(b),
  pow: (a: unknown, b: unknown) => Math.pow(num(a), num(b)),
  abs: (a: unknown) => Math.abs(num(a)),
  fix: (a: unknown) => Math.trunc(num(a)),
  round: (a: unknown) => Math.round(num(a)),
  equal: (a: unknown, b: unknown) => {
    const x = num(a);
    const y = num(b);
    return x === y || Math.abs(x - y) <= Math.max(REL_TOL * Math.max(Math.abs(x), Math.abs(y)), ABS_TOL);
  },
  isNumeric: (x: unknown) => typeof x === 'number' || (x as { isFraction?: boolean } | null)?.isFraction === true,
  format: (x: unknown) => String(num(x)),
  number: num,
};

/** The registry runs on doubles: a BigNumber value can only come from a BigNumber config, which this is not. */
class NoBigNumber {
  constructor() {
    throw new TypeError('BigNumber values are not supported: the unit registry runs on numbers');
  }
}

let unitClass: UnitCtor | undefined;

/** The lazily created Unit class with the FlexMeasures additions. */
export function units(): UnitCtor {
  if (unitClass) return unitClass;
  const U = createUnitClass({
    // `predictable: true` makes unit arithmetic always return a Unit (never a bare number).
    config: { number: 'number', predictable: true, relTol: REL_TOL, absTol: ABS_TOL },
    ...NUMBER_ARITHMETIC,
    Fraction: createFractionClass({}),
    Complex: createComplexClass({}),
    BigNumber: NoBigNumber,
  });
  U.createUnit({
    percent: { definition: '0.01' },
    permille: { definition: '0.001' },
    ppm: { definition: '0.000001' },
    dimensionless: { definition: '1' },
    d: { definition: '1 day' },
  });
  // mathjs gives VAR an imaginary value, which would leak complex numbers into conversions;
  // here reactive power scales like W (and VA), as power-like units do for FlexMeasures.
  U.createUnit({ VAR: { definition: '1 VA', prefixes: 'short', aliases: ['var'] } }, { override: true });
  unitClass = U;
  return U;
}

const createdCurrencies = new Set<string>();

/**
 * Creates the currency units a (normalized) unit string mentions, each as its own base dimension
 * (`EUR` = [currency_EUR], SI prefixes allowed: `kEUR`, `cEUR`), as FlexMeasures' pint registry
 * defines them. Every 3-letter window is checked, so prefixed codes (`MEUR`) are found too.
 */
function ensureCurrencies(normalized: string): void {
  for (let i = 0; i + 3 <= normalized.length; i++) {
    const code = normalized.slice(i, i + 3);
    if (createdCurrencies.has(code) || !isCurrencyCode(code)) continue;
    const definition: UnitDefinition = { prefixes: 'short', baseName: `currency_${code}` };
    units().createUnit({ [code]: definition });
    createdCurrencies.add(code);
  }
}

const SUPERSCRIPTS: Record<string, string> = {
  '⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9', '⁻': '-',
};

/**
 * Rewrites pint's short notation into mathjs syntax: `%` → `percent`, `‰` → `permille`,
 * `°C` → `degC`, `°F` → `degF`, `°` → `deg`, `Ω` → `ohm`, `µ`/`μ` → `u`, `**` → `^`,
 * superscript powers (`m³`, `s⁻¹`) → `^3`, `^-1`, `·`/`⋅` → `*`, a leading `1/` → `dimensionless/`;
 * the empty string is `dimensionless`.
 */
export function toMathjsSyntax(unit: string): string {
  const trimmed = unit.trim();
  if (trimmed === '') return 'dimensionless';
  return trimmed
    .replace(/%/g, ' percent ')
    .replace(/‰/g, ' permille ')
    .replace(/°C|℃/g, 'degC')
    .replace(/°F|℉/g, 'degF')
    .replace(/°/g, 'deg')
    .replace(/[\u2126\u03A9]/g, 'ohm')
    .replace(/[\u00B5\u03BC]/g, 'u')
    .replace(/\*\*/g, '^')
    .replace(/[·⋅]/g, '*')
    .replace(/⁻?[⁰¹²³⁴⁵⁶⁷⁸⁹]+/g, (m) => `^${[...m].map((c) => SUPERSCRIPTS[c]).join('')}`)
    .replace(/^1\s*\//, 'dimensionless/') // pint's reciprocal form `1/h`
    .trim();
}

/** Outcome of parsing a unit string: its info, or pint-style detail on why it is not a unit. */
export type ParsedUnit = { ok: true; info: UnitInfo } | { ok: false; detail: string };

const CACHE_LIMIT = 1024;
const parsedCache = new Map<string, ParsedUnit>();

function remember<K, V>(cache: Map<K, V>, key: K, value: V): V {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

/** Turns mathjs' parse errors into the wording of pint's errors where there is an equivalent. */
function pintDetail(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const notFound = /^Unit "(.*)" not found\.$/.exec(message);
  if (notFound) return `'${notFound[1]}' is not defined in the unit registry`;
  return message;
}

/**
 * Parses a unit string. A numeric factor (`5 kW`) is not a unit; pint's reciprocal form `1/h` is.
 * Results are cached (bounded).
 */
export function parseUnit(unit: string): ParsedUnit {
  const cached = parsedCache.get(unit);
  if (cached) return cached;
  const normalized = toMathjsSyntax(unit);
  let result: ParsedUnit;
  try {
    ensureCurrencies(normalized);
    const parsed: Unit = units().parse(normalized);
    if ((parsed.value as unknown) !== null) {
      result = { ok: false, detail: 'Unit expression cannot have a scaling factor.' };
    } else if (!parsed.dimensions.every(Number.isFinite)) {
      result = { ok: false, detail: 'Unit expression has a non-finite power.' };
    } else {
      const hasOffset = parsed.units.some((u) => (u.unit as unknown as { offset?: number }).offset);
      result = { ok: true, info: { normalized, dimensions: parsed.dimensions.slice(), hasOffset } };
    }
  } catch (error) {
    result = { ok: false, detail: pintDetail(error) };
  }
  return remember(parsedCache, unit, result);
}

/** Index of mathjs' TIME base dimension. */
export function timeDimensionIndex(): number {
  return units().BASE_DIMENSIONS.indexOf('TIME');
}

/**
 * The dimensions of `a / b`, compared with zero and with ±TIME:
 * `0` = same dimension (pure scaling), `1` = a is b × time (a stock of flow b), `-1` = a is b / time,
 * `null` = not related.
 */
export function dimensionRelation(a: UnitInfo, b: UnitInfo): 0 | 1 | -1 | null {
  const time = timeDimensionIndex();
  const n = Math.max(a.dimensions.length, b.dimensions.length);
  let timeDiff = 0;
  for (let i = 0; i < n; i++) {
    const diff = (a.dimensions[i] ?? 0) - (b.dimensions[i] ?? 0);
    if (i === time) timeDiff = diff;
    else if (Math.abs(diff) > 1e-12) return null;
  }
  if (Math.abs(timeDiff) < 1e-12) return 0;
  if (Math.abs(timeDiff - 1) < 1e-12) return 1;
  if (Math.abs(timeDiff + 1) < 1e-12) return -1;
  return null;
}

/**
 * Removes float noise from a conversion factor: snaps it to 12 significant digits when that changes
 * it by less than 1e-14 relatively (1000.0000000000001 → 1000, 1.7999999999999972 → 1.8), but keeps
 * genuinely long factors such as 1/3 as they are (so that 3 × ⅓ stays exactly 1).
 */
export function roundFactor(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const snapped = Number(x.toPrecision(12));
  return Math.abs(snapped - x) <= 1e-14 * Math.abs(x) ? snapped : x;
}

/** An affine map `y = scale·x + offset`. */
export interface Affine {
  readonly scale: number;
  readonly offset: number;
}

const affineCache = new Map<string, Affine>();

/**
 * The affine map converting values in `from` to values in `to` for two units of the same dimension,
 * computed by mathjs' own `Unit.to` (so offsets such as °C → K are honoured).
 */
export function scalingMap(from: UnitInfo, to: UnitInfo): Affine {
  const key = `${from.normalized}\u0000${to.normalized}`;
  const cached = affineCache.get(key);
  if (cached) return cached;
  const U = units();
  const at0 = new U(0, from.normalized).toNumber(to.normalized);
  const at1 = new U(1, from.normalized).toNumber(to.normalized);
  return remember(affineCache, key, { scale: roundFactor(at1 - at0), offset: roundFactor(at0) });
}

const perHourCache = new Map<string, number>();

/**
 * For a stock unit `from` and flow unit `to` (relation 1): how many `to` one `from` per hour is;
 * for a flow `from` and stock `to` (relation -1): how many `to` one `from` sustained for one hour is.
 */
export function perHourFactor(from: UnitInfo, to: UnitInfo, relation: 1 | -1): number {
  const key = `${from.normalized}\u0000${to.normalized}`;
  const cached = perHourCache.get(key);
  if (cached !== undefined) return cached;
  const U = units();
  const one = new U(1, from.normalized);
  const hour = new U(1, 'h');
  const combined = (relation === 1 ? one.divide(hour) : one.multiply(hour)) as Unit;
  return remember(perHourCache, key, roundFactor(combined.toNumber(to.normalized)));
}
