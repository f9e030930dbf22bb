/**
 * The storage flex-model and the flex-context of API v3.0-20 (docs/contract/api.md §8.6–§8.9,
 * docs/contract/storage-scheduling.md §2): validation with FlexMeasures' 422 messages, defaults from sensor/asset
 * attributes, and the target-driven extension of the planning window.
 */
import { formatDatetime, HOUR } from '../time/index.js';
import { convertQuantity, UnitConversionError } from '../units/index.js';
import { ErrorCollector, FlexValidationError } from './errors.js';
import { setFields } from '../set-fields.js';
import {
  parseSensorId,
  parseVariableQuantity,
  type QuantitySpec,
  type SensorLookup,
  type VariableQuantity,
} from './quantity.js';

/** The power sensor being scheduled, with what the flex config needs to know about it and its asset. */
export interface PowerSensorContext {
  id: number;
  /** e.g. `MW`, `kW`. */
  unit: string;
  /** The schedule resolution (ms). */
  eventResolutionMs: number;
  /** IANA time zone of the sensor (for nominal durations in SoC time series and for messages). */
  timeZone?: string;
  /** The sensor's attributes (e.g. `capacity_in_mw`, `max_soc_in_mwh`, `is_strictly_non_positive`). */
  attributes?: Readonly<Record<string, unknown>>;
  /** The attributes of the sensor's own asset (fallback for sensor attributes; site capacities). */
  assetAttributes?: Readonly<Record<string, unknown>>;
}

/** Storage flex-model after validation and defaults. SoC values in MWh, power in MW, efficiencies as fractions. */
export interface StorageFlexModel {
  /** The SoC unit in which plain numbers were read (explicit or derived from the sensor unit). */
  socUnit?: 'kWh' | 'MWh';
  socAtStart: number;
  socMin: number;
  socMax: number;
  socMinima?: VariableQuantity;
  socMaxima?: VariableQuantity;
  socTargets?: VariableQuantity;
  /** √ of it is applied on charging and discharging; excludes charging/discharging efficiency. */
  roundtripEfficiency?: number;
  chargingEfficiency?: VariableQuantity;
  dischargingEfficiency?: VariableQuantity;
  storageEfficiency?: VariableQuantity;
  socGain: VariableQuantity[];
  socUsage: VariableQuantity[];
  powerCapacity?: VariableQuantity;
  consumptionCapacity?: VariableQuantity;
  productionCapacity?: VariableQuantity;
  preferChargingSooner: boolean;
}

/** Flex-context after validation (fallbacks to asset relations and attributes happen when building the problem). */
export interface FlexContext {
  consumptionPrice?: VariableQuantity;
  productionPrice?: VariableQuantity;
  /** Deprecated `consumption-price-sensor`. */
  consumptionPriceSensor?: number;
  /** Deprecated `production-price-sensor`. */
  productionPriceSensor?: number;
  inflexibleDeviceSensors?: number[];
  sitePowerCapacity?: VariableQuantity;
  siteConsumptionCapacity?: VariableQuantity;
  siteProductionCapacity?: VariableQuantity;
}

/** A validated storage flex configuration for one scheduling job (JSON-serialisable). */
export interface StorageFlexConfig {
  sensorId: number;
  startMs: number;
  /** The schedule end, possibly extended to the latest list-form SoC target (capped by the max horizon). */
  endMs: number;
  /** Schedule resolution (the power sensor's event resolution). */
  stepMs: number;
  /** Number of steps: ⌈(end − start)/resolution⌉. */
  steps: number;
  flexModel: StorageFlexModel;
  flexContext: FlexContext;
  /** Log-worthy notes, e.g. SoC constraints disregarded because they lie beyond the end. */
  warnings: string[];
}

/** Options of `parseStorageFlexConfig`. */
export interface FlexConfigOptions {
  /**
   * FLEXMEASURES_MAX_PLANNING_HORIZON: a number of steps (default 2520), `{ ms }` for a duration,
   * or `null` for no cap.
   */
  maxPlanningHorizon?: number | { ms: number } | null;
}

/** The request parts `parseStorageFlexConfig` needs. */
export interface FlexConfigRequest {
  sensor: PowerSensorContext;
  startMs: number;
  /** `start + duration` of the trigger. */
  endMs: number;
  /** The `flex-model` of the trigger body (`{}` when absent). */
  flexModel: unknown;
  /** The `flex-context` of the trigger body (`{}` when absent). */
  flexContext: unknown;
  /** Metadata of every sensor the config may refer to (existence and unit checks). */
  sensors: SensorLookup;
}

/** Default FLEXMEASURES_MAX_PLANNING_HORIZON in steps. */
export const DEFAULT_MAX_PLANNING_HORIZON_STEPS = 2520;

const MIN_ZERO = { value: 0, message: 'Must be greater than or equal to 0.' };

const FLEX_MODEL_FIELDS = new Set([
  'soc-at-start',
  'soc-unit',
  'soc-min',
  'soc-max',
  'soc-minima',
  'soc-maxima',
  'soc-targets',
  'roundtrip-efficiency',
  'charging-efficiency',
  'discharging-efficiency',
  'storage-efficiency',
  'soc-gain',
  'soc-usage',
  'power-capacity',
  'consumption-capacity',
  'production-capacity',
  'prefer-charging-sooner',
]);

const FLEX_CONTEXT_FIELDS = new Set([
  'consumption-price',
  'production-price',
  'consumption-price-sensor',
  'production-price-sensor',
  'inflexible-device-sensors',
  'site-power-capacity',
  'site-consumption-capacity',
  'site-production-capacity',
]);

const TRUTHY = new Set<unknown>(['t', 'T', 'true', 'True', 'TRUE', 'on', 'On', 'ON', 'y', 'Y', 'yes', 'Yes', 'YES', '1', 1, true]);
const FALSY = new Set<unknown>(['f', 'F', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF', 'n', 'N', 'no', 'No', 'NO', '0', 0, false]);

const isPlainObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Reads an attribute of the sensor, falling back to its asset (FlexMeasures' `sensor.get_attribute`). */
export function sensorAttribute(sensor: PowerSensorContext, name: string): unknown {
  const own = sensor.attributes?.[name];
  return own !== undefined ? own : sensor.assetAttributes?.[name];
}

/** The SoC unit derived from the power sensor's unit: MWh/kWh as is, MW/kW → MWh/kWh, otherwise none. */
export function defaultSocUnit(sensorUnit: string): 'kWh' | 'MWh' | undefined {
  switch (sensorUnit) {
    case 'MWh':
    case 'MW':
      return 'MWh';
    case 'kWh':
    case 'kW':
      return 'kWh';
    default:
      return undefined;
  }
}

/**
 * Validates the storage flex-model and the flex-context of a trigger, fills in the defaults of the
 * reference, and extends the planning window to the latest list-form SoC target (capped by the max
 * planning horizon). Throws `FlexValidationError` with FlexMeasures' messages:
 * field errors of the flex-model first, then of the flex-context, then logical errors as a string.
 */
export function parseStorageFlexConfig(request: FlexConfigRequest, options: FlexConfigOptions = {}): StorageFlexConfig {
  const { sensor } = request;
  const flexModel = parseFlexModel(request.flexModel, sensor, request.sensors, request.startMs);
  const flexContext = parseFlexContext(request.flexContext, request.sensors);

  // soc-max: the flex-model, the attribute max_soc_in_mwh, or the highest list-form target.
  if (flexModel.socMax === undefined) {
    const attribute = numericAttribute(sensorAttribute(sensor, 'max_soc_in_mwh'));
    const targets = flexModel.socTargets;
    if (attribute !== undefined) flexModel.socMax = attribute;
    else if (targets?.kind === 'series' && targets.events.length > 0) {
      flexModel.socMax = Math.max(...targets.events.map((e) => e.value));
    } else if (targets?.kind === 'fixed') flexModel.socMax = targets.value;
    else throw new FlexValidationError('Need maximal permitted state of charge, please specify soc-max or some soc-targets.');
  }

  const stepMs = sensor.eventResolutionMs;
  if (!(stepMs > 0)) {
    throw new FlexValidationError(`Cannot schedule sensor ${sensor.id}: it has no (non-zero) event resolution.`);
  }
  const maxHorizon = options.maxPlanningHorizon === undefined ? DEFAULT_MAX_PLANNING_HORIZON_STEPS : options.maxPlanningHorizon;
  const maxHorizonMs = maxHorizon === null ? Infinity : typeof maxHorizon === 'number' ? maxHorizon * stepMs : maxHorizon.ms;
  const warnings: string[] = [];
  const fmt = (ms: number) => formatDatetime(ms, 0);

  // Only list-form targets extend the window (docs/contract/storage-scheduling.md §2.1).
  let endMs = request.endMs;
  const targets = flexModel.socTargets;
  if (targets?.kind === 'series' && targets.events.length > 0) {
    const latest = Math.max(...targets.events.map((e) => e.endMs));
    if (latest > endMs) {
      const cap = request.startMs + maxHorizonMs;
      if (latest > cap) {
        warnings.push(`Target datetime exceeds ${fmt(cap)}. Maximum scheduling horizon is ${maxHorizonMs / HOUR} h.`);
      }
      endMs = Math.min(latest, cap);
    }
  }
  const steps = Math.max(0, Math.ceil((endMs - request.startMs) / stepMs));
  const socEnd = request.startMs + steps * stepMs;

  for (const [name, field] of [
    ['target', flexModel.socTargets],
    ['soc-minima', flexModel.socMinima],
    ['soc-maxima', flexModel.socMaxima],
  ] as const) {
    if (field?.kind !== 'series') continue;
    for (const e of field.events) {
      if (e.startMs === e.endMs && e.startMs > socEnd) {
        warnings.push(`Disregarding ${name} datetime ${fmt(e.startMs)}, because it exceeds ${fmt(socEnd)}`);
      } else if (e.endMs > socEnd) {
        const beyond = Math.floor((e.endMs - Math.max(e.startMs, socEnd + 1)) / stepMs) + 1;
        warnings.push(
          `Disregarding ${name} datetimes that exceed ${fmt(socEnd)} (within the window ${fmt(e.startMs)} until ${fmt(e.endMs)} spanning ${beyond} ${name === 'target' ? 'targets' : 'instants'})`,
        );
      }
    }
  }

  return {
    sensorId: sensor.id,
    startMs: request.startMs,
    endMs,
    stepMs,
    steps,
    flexModel: flexModel as StorageFlexModel,
    flexContext,
    warnings,
  };
}

function numericAttribute(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

type PartialFlexModel = Omit<StorageFlexModel, 'socMax'> & { socMax?: number };

/**
 * Validates the storage flex-model and applies the SoC defaults (soc-max is left undefined when neither
 * the flex-model nor the attribute gives it; `parseStorageFlexConfig` then derives it from the targets).
 */
export function parseFlexModel(raw: unknown, sensor: PowerSensorContext, sensors: SensorLookup, startMs: number): PartialFlexModel {
  if (raw === undefined || raw === null) raw = {};
  if (!isPlainObject(raw)) throw new FlexValidationError({ _schema: ['Invalid input type.'] });
  const errors = new ErrorCollector();
  for (const key of Object.keys(raw)) if (!FLEX_MODEL_FIELDS.has(key)) errors.add([key], 'Unknown field.');

  // soc-unit first: plain numbers of the SoC fields are read in it.
  let socUnit: 'kWh' | 'MWh' | undefined = defaultSocUnit(sensor.unit);
  const rawSocUnit = raw['soc-unit'];
  if (rawSocUnit !== undefined) {
    if (typeof rawSocUnit !== 'string') errors.add(['soc-unit'], 'Not a valid string.');
    else if (rawSocUnit !== 'kWh' && rawSocUnit !== 'MWh') errors.add(['soc-unit'], 'Must be one of: kWh, MWh.');
    else socUnit = rawSocUnit;
  }

  const field = (key: string, spec: QuantitySpec): VariableQuantity | undefined =>
    raw[key] === undefined ? undefined : parseVariableQuantity(raw[key], spec, { errors, path: [key], sensors });
  const socQuantity = (key: string, min?: QuantitySpec['min']): number | undefined => {
    const q = field(key, { unit: 'MWh', numbers: 'soc', socUnit, sensors: false, series: false, ...(min ? { min } : {}) });
    return q?.kind === 'fixed' ? q.value : undefined;
  };
  const socSeries = (key: string, min?: QuantitySpec['min']) =>
    field(key, { unit: 'MWh', numbers: 'soc', socUnit, timeZone: sensor.timeZone, ...(min ? { min } : {}) });

  const socAtStart = socQuantity('soc-at-start');
  const socMin = socQuantity('soc-min', MIN_ZERO);
  const socMax = socQuantity('soc-max');
  const socMinima = socSeries('soc-minima', MIN_ZERO);
  const socMaxima = socSeries('soc-maxima');
  const socTargets = socSeries('soc-targets');

  let roundtripEfficiency: number | undefined;
  if (raw['roundtrip-efficiency'] !== undefined) {
    const q = field('roundtrip-efficiency', { unit: 'fraction', numbers: 'dimensionless', sensors: false, series: false });
    if (q?.kind === 'fixed') {
      if (q.value <= 0 || q.value > 1) errors.add(['roundtrip-efficiency'], 'Must be greater than 0 and less than or equal to 1.');
      else roundtripEfficiency = q.value;
    }
  }
  const efficiency = { unit: 'fraction', numbers: 'reject', min: MIN_ZERO } as const;
  const chargingEfficiency = field('charging-efficiency', efficiency);
  const dischargingEfficiency = field('discharging-efficiency', efficiency);
  const storageEfficiency = field('storage-efficiency', { unit: 'fraction', numbers: 'dimensionless' });
  if (storageEfficiency?.kind === 'sensor') {
    const info = sensors(storageEfficiency.sensorId);
    if (info && info.eventResolutionMs !== sensor.eventResolutionMs) {
      errors.add(
        ['storage-efficiency'],
        "Event resolution of the storage efficiency and the power sensor don't match. Resampling the storage efficiency is not supported.",
      );
    }
  }

  const power = { unit: 'MW', numbers: 'reject', min: MIN_ZERO } as const;
  const powerCapacity = field('power-capacity', power);
  const consumptionCapacity = field('consumption-capacity', power);
  const productionCapacity = field('production-capacity', power);

  const quantityList = (key: string): VariableQuantity[] => {
    const value = raw[key];
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      errors.add([key], 'Not a valid list.');
      return [];
    }
    if (value.length === 0) {
      errors.add([key], 'Shorter than minimum length 1.');
      return [];
    }
    const out: VariableQuantity[] = [];
    value.forEach((item, index) => {
      const q = parseVariableQuantity(item, { unit: 'MW', numbers: 'reject' }, { errors, path: [key, String(index)], sensors });
      if (q) out.push(q);
    });
    return out;
  };
  const socGain = quantityList('soc-gain');
  const socUsage = quantityList('soc-usage');

  let preferChargingSooner = true;
  const prefer = raw['prefer-charging-sooner'];
  if (prefer !== undefined) {
    if (TRUTHY.has(prefer)) preferChargingSooner = true;
    else if (FALSY.has(prefer)) preferChargingSooner = false;
    else errors.add(['prefer-charging-sooner'], 'Not a valid boolean.');
  }

  errors.throwIfAny();

  // Schema-level checks (run only without field errors, as marshmallow does).
  for (const [key, name] of [
    ['charging-efficiency', 'charging_efficiency'],
    ['discharging-efficiency', 'discharging_efficiency'],
  ] as const) {
    if (raw[key] !== undefined && raw['roundtrip-efficiency'] !== undefined) {
      errors.add(['_schema'], `Fields \`${name}\` and \`roundtrip_efficiency\` are mutually exclusive.`);
    }
  }
  errors.throwIfAny();

  // Defaults (docs/contract/storage-scheduling.md §2.2).
  const model: PartialFlexModel = {
    socAtStart: socAtStart ?? defaultSocAtStart(sensor, startMs),
    socMin: socMin ?? numericAttribute(sensorAttribute(sensor, 'min_soc_in_mwh')) ?? 0,
    socGain,
    socUsage,
    preferChargingSooner,
  };
  // Numbers that may be 0 are kept whenever given; the rest only when they hold something.
  if (socMax !== undefined) model.socMax = socMax;
  if (roundtripEfficiency !== undefined) model.roundtripEfficiency = roundtripEfficiency;
  return setFields(model, {
    socUnit,
    socMinima,
    socMaxima,
    socTargets,
    chargingEfficiency,
    dischargingEfficiency,
    storageEfficiency,
    powerCapacity,
    consumptionCapacity,
    productionCapacity,
  });
}

/**
 * soc-at-start default: the attribute `soc_in_mwh` when the attribute `soc_datetime` is the schedule
 * start, else 0. (FlexMeasures 0.23 compares the ISO string with a datetime, which never matches;
 * the comparison is done on instants here, so the intended fallback works.)
 */
function defaultSocAtStart(sensor: PowerSensorContext, startMs: number): number {
  const soc = numericAttribute(sensorAttribute(sensor, 'soc_in_mwh'));
  const when = sensorAttribute(sensor, 'soc_datetime');
  if (soc === undefined || typeof when !== 'string') return 0;
  const at = Date.parse(when);
  return Number.isFinite(at) && at === startMs ? soc : 0;
}

/** Validates the flex-context. */
export function parseFlexContext(raw: unknown, sensors: SensorLookup): FlexContext {
  if (raw === undefined || raw === null) raw = {};
  if (!isPlainObject(raw)) throw new FlexValidationError({ _schema: ['Invalid input type.'] });
  const errors = new ErrorCollector();
  for (const key of Object.keys(raw)) if (!FLEX_CONTEXT_FIELDS.has(key)) errors.add([key], 'Unknown field.');

  const field = (key: string, spec: QuantitySpec): VariableQuantity | undefined =>
    raw[key] === undefined ? undefined : parseVariableQuantity(raw[key], spec, { errors, path: [key], sensors });
  const sensorId = (key: string, value: unknown, path: string[]): number | undefined => {
    if (value === null) {
      errors.add(path, 'Field may not be null.');
      return undefined;
    }
    const id = parseSensorId(value);
    if (id === undefined) {
      errors.add(path, 'Not a valid integer.');
      return undefined;
    }
    if (!sensors(id)) {
      errors.add(path, `No sensor found with id ${id}.`);
      return undefined;
    }
    return id;
  };

  const context: FlexContext = {};
  const price = { unit: 'price', numbers: 'reject' } as const;
  const consumptionPrice = field('consumption-price', price);
  const productionPrice = field('production-price', price);
  if (consumptionPrice) context.consumptionPrice = consumptionPrice;
  if (productionPrice) context.productionPrice = productionPrice;
  for (const [key, prop] of [
    ['consumption-price-sensor', 'consumptionPriceSensor'],
    ['production-price-sensor', 'productionPriceSensor'],
  ] as const) {
    if (raw[key] === undefined) continue;
    const id = sensorId(key, raw[key], [key]);
    if (id !== undefined) context[prop] = id;
  }
  const inflexible = raw['inflexible-device-sensors'];
  if (inflexible !== undefined) {
    if (!Array.isArray(inflexible)) errors.add(['inflexible-device-sensors'], 'Not a valid list.');
    else {
      const ids: number[] = [];
      inflexible.forEach((value, index) => {
        const id = sensorId('inflexible-device-sensors', value, ['inflexible-device-sensors', String(index)]);
        if (id !== undefined) ids.push(id);
      });
      context.inflexibleDeviceSensors = ids;
    }
  }
  // Decision 0014: the site capacities also accept time series (each value ≥ 0).
  const capacity = { unit: 'MW', numbers: 'reject', min: MIN_ZERO } as const;
  const sitePower = field('site-power-capacity', capacity);
  const siteConsumption = field('site-consumption-capacity', capacity);
  const siteProduction = field('site-production-capacity', capacity);
  if (sitePower) context.sitePowerCapacity = sitePower;
  if (siteConsumption) context.siteConsumptionCapacity = siteConsumption;
  if (siteProduction) context.siteProductionCapacity = siteProduction;
  errors.throwIfAny();

  for (const kind of ['consumption', 'production'] as const) {
    if (raw[`${kind}-price`] !== undefined && raw[`${kind}-price-sensor`] !== undefined) {
      errors.add(['_schema'], `Must pass either ${kind}-price or ${kind}-price-sensor.`);
    }
  }
  errors.throwIfAny();
  return context;
}

/** Reads a capacity-like attribute: a number means MW, a string is a quantity ("0.5 MW"). */
export function attributeInMw(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string') {
    try {
      return convertQuantity(value, 'MW');
    } catch (error) {
      if (error instanceof UnitConversionError) return undefined;
      throw error;
    }
  }
  return undefined;
}
