/**
 * From a validated storage flex configuration and pre-loaded sensor data to the numeric
 * `StorageProblem` of core/scheduling (docs/contract/storage-scheduling.md §2): resampling to the schedule
 * resolution, fallbacks to sensor/asset attributes and relations, price padding, unit conversions.
 *
 * The caller loads, for every request of `planSensorData`, the most recent beliefs (before the job's
 * prior) of that sensor, one value per event, in the sensor's own unit, and hands them over through
 * `ProblemData.values`. Nothing here does I/O.
 */
import { SchedulingError } from '../scheduling/errors.js';
import type { StorageProblem } from '../scheduling/types.js';
import { formatDatetime, zoneOffsetMinutes } from '../time/index.js';
import { setFields } from '../set-fields.js';
import {
  convert,
  convertNullable,
  convertQuantity,
  isConvertible,
  isEnergyPriceUnit,
  priceCurrency,
  UnitConversionError,
} from '../units/index.js';
import type { SensorInfo, SensorLookup, VariableQuantity } from './quantity.js';
import {
  eventsOnSocInstants,
  padPrices,
  sensorOnSocInstants,
  seriesOnSteps,
  stepMeans,
  type BoundaryPolicy,
  type Grid,
  type SensorValue,
} from './resample.js';
import { attributeInMw, sensorAttribute, type FlexContext, type PowerSensorContext, type StorageFlexConfig } from './schema.js';

/** Relations of the scheduled sensor's asset that the flex-context falls back to (resolved by the caller). */
export interface AssetRelations {
  /** The asset's own or inherited `consumption_price_sensor` (searched up the parent chain). */
  consumptionPriceSensor?: number;
  /** The asset's own or inherited `production_price_sensor`. */
  productionPriceSensor?: number;
  /** The asset's inflexible device sensors (own, else the first non-empty ancestor level). */
  inflexibleDeviceSensors?: readonly number[];
}

/** What `planSensorData` asks the caller to load for one sensor. */
export interface SensorDataRequest {
  sensorId: number;
  /** Load events starting at or after this instant (UTC epoch ms) … */
  fromMs: number;
  /** … and strictly before this one. */
  untilMs: number;
  /** The flex fields that use this sensor (for logs). */
  purposes: string[];
}

/** Everything `buildStorageProblem` needs besides the config. */
export interface ProblemData {
  /** The scheduled power sensor (same as for parsing). */
  sensor: PowerSensorContext;
  /** Sensor metadata (unit, event resolution, attributes) of every referenced sensor. */
  sensors: SensorLookup;
  /**
   * Pre-loaded values per sensor id: most recent beliefs before the prior, one per event, in the
   * sensor's unit, covering the window of `planSensorData`. `undefined` counts as "no data".
   */
  values: (sensorId: number) => readonly SensorValue[] | undefined;
  /** Asset relations for the price and inflexible-device fallbacks. */
  relations?: AssetRelations;
}

/** The problem for core/scheduling, plus notes for the job log. */
export interface BuiltProblem {
  problem: StorageProblem;
  /** The currency unit of the prices, e.g. `EUR/MWh` (undefined when the price unit is not a currency). */
  priceUnit?: string;
  warnings: string[];
}

/** Where one kind of price comes from: a sensor, or a fixed price or time series of the flex-context. */
export type PriceSource =
  | { kind: 'quantity'; quantity: Exclude<VariableQuantity, { kind: 'sensor' }>; field: string }
  | { kind: 'sensor'; sensorId: number; field: string };

/**
 * Where the consumption or the production price comes from (docs/contract/storage-scheduling.md §2.7), in this
 * order: the flex-context field, its deprecated `-sensor` variant, the asset's (or an ancestor's)
 * price sensor relation, the `market_id` attribute. Undefined when there is none. The storage and
 * the process scheduler both choose their prices this way.
 */
export function priceSource(
  kind: 'consumption' | 'production',
  ctx: FlexContext,
  sensor: PowerSensorContext,
  relations: AssetRelations = {},
): PriceSource | undefined {
  const quantity = kind === 'consumption' ? ctx.consumptionPrice : ctx.productionPrice;
  if (quantity) {
    return quantity.kind === 'sensor'
      ? { kind: 'sensor', sensorId: quantity.sensorId, field: `${kind}-price` }
      : { kind: 'quantity', quantity, field: `${kind}-price` };
  }
  const deprecated = kind === 'consumption' ? ctx.consumptionPriceSensor : ctx.productionPriceSensor;
  if (deprecated !== undefined) return { kind: 'sensor', sensorId: deprecated, field: `${kind}-price-sensor` };
  const related = kind === 'consumption' ? relations.consumptionPriceSensor : relations.productionPriceSensor;
  if (related !== undefined) return { kind: 'sensor', sensorId: related, field: `${kind}_price_sensor of the asset` };
  const market = marketId(sensor);
  if (market !== undefined) return { kind: 'sensor', sensorId: market, field: 'market_id' };
  return undefined;
}

/**
 * The storage scheduler's prices, for consumption and production independently; without any
 * source the production price is the consumption price, and the consumption price is then unknown
 * (`UnknownMarketException`).
 */
function priceSources(config: StorageFlexConfig, sensor: PowerSensorContext, relations: AssetRelations = {}): {
  consumption: PriceSource;
  production: PriceSource;
} {
  const consumption = priceSource('consumption', config.flexContext, sensor, relations);
  if (!consumption) {
    throw new SchedulingError(
      'UnknownMarketException',
      `No prices are known for sensor ${sensor.id}: set consumption-price in the flex-context, a consumption price sensor on its asset, or the market_id attribute.`,
    );
  }
  return { consumption, production: priceSource('production', config.flexContext, sensor, relations) ?? consumption };
}

/** The unit prices are scheduled in: energy prices normalised to `<currency>/MWh`, others (e.g. CO₂ intensity) as stored (null). */
export function normalisedPriceUnit(unit: string): string | null {
  const currency = priceCurrency(unit);
  return currency && isEnergyPriceUnit(unit) ? `${currency}/MWh` : null;
}

/** A fixed price or a price series of the flex-context on the schedule grid. */
export function quantityOnSteps(q: Exclude<VariableQuantity, { kind: 'sensor' }>, grid: Grid): (number | null)[] {
  return q.kind === 'fixed' ? new Array<number | null>(grid.n).fill(q.value) : seriesOnSteps(q.events, grid);
}

function marketId(sensor: PowerSensorContext): number | undefined {
  const value = sensorAttribute(sensor, 'market_id');
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

/** Sensor ids used by a variable quantity. */
const sensorOf = (q: VariableQuantity | undefined): number[] => (q?.kind === 'sensor' ? [q.sensorId] : []);

/** Sensor references in a sensor/asset attribute (e.g. `consumption_capacity: {"sensor": 7}`). */
function attributeSensor(value: unknown): number | undefined {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const id = (value as Record<string, unknown>)['sensor'];
    if (typeof id === 'number' && Number.isInteger(id)) return id;
  }
  return undefined;
}

/**
 * The sensor data a job must load before `buildStorageProblem`: one request per sensor, with the
 * window of events to load (flows and prices overlap `[start, end)`; SoC constraints reach the
 * instant `end` inclusive).
 */
export function planSensorData(
  config: StorageFlexConfig,
  sensor: PowerSensorContext,
  sensors: SensorLookup,
  relations: AssetRelations = {},
): SensorDataRequest[] {
  const m = config.flexModel;
  const ctx = config.flexContext;
  const end = config.startMs + config.steps * config.stepMs;
  const wanted: [number, string, boolean][] = [];
  const add = (ids: number[], purpose: string, soc = false) => ids.forEach((id) => wanted.push([id, purpose, soc]));
  add(sensorOf(m.socMinima), 'soc-minima', true);
  add(sensorOf(m.socMaxima), 'soc-maxima', true);
  add(sensorOf(m.socTargets), 'soc-targets', true);
  add(sensorOf(m.chargingEfficiency), 'charging-efficiency');
  add(sensorOf(m.dischargingEfficiency), 'discharging-efficiency');
  add(sensorOf(m.storageEfficiency), 'storage-efficiency');
  m.socGain.forEach((q) => add(sensorOf(q), 'soc-gain'));
  m.socUsage.forEach((q) => add(sensorOf(q), 'soc-usage'));
  add(sensorOf(m.powerCapacity), 'power-capacity');
  add(sensorOf(m.consumptionCapacity), 'consumption-capacity');
  add(sensorOf(m.productionCapacity), 'production-capacity');
  for (const [name, field] of [
    ['consumption_capacity', m.consumptionCapacity],
    ['production_capacity', m.productionCapacity],
    ['power-capacity', m.powerCapacity],
  ] as const) {
    if (field) continue;
    const id = attributeSensor(sensorAttribute(sensor, name === 'power-capacity' ? 'capacity_in_mw' : name));
    if (id !== undefined) add([id], name);
  }
  add(sensorOf(ctx.sitePowerCapacity), 'site-power-capacity');
  add(sensorOf(ctx.siteConsumptionCapacity), 'site-consumption-capacity');
  add(sensorOf(ctx.siteProductionCapacity), 'site-production-capacity');
  add([...(ctx.inflexibleDeviceSensors ?? relations.inflexibleDeviceSensors ?? [])], 'inflexible-device-sensors');
  try {
    const prices = priceSources(config, sensor, relations);
    for (const p of [prices.consumption, prices.production]) if (p.kind === 'sensor') add([p.sensorId], p.field);
  } catch (error) {
    if (!(error instanceof SchedulingError)) throw error;
  }

  const byId = new Map<number, SensorDataRequest>();
  for (const [id, purpose, soc] of wanted) {
    const resolution = sensors(id)?.eventResolutionMs ?? 0;
    const fromMs = config.startMs - resolution;
    const untilMs = soc ? end + 1 : end;
    const existing = byId.get(id);
    if (existing) {
      existing.fromMs = Math.min(existing.fromMs, fromMs);
      existing.untilMs = Math.max(existing.untilMs, untilMs);
      if (!existing.purposes.includes(purpose)) existing.purposes.push(purpose);
    } else byId.set(id, { sensorId: id, fromMs, untilMs, purposes: [purpose] });
  }
  return [...byId.values()];
}

const valueError = (text: string) => new SchedulingError('ValueError', text);

/**
 * Builds the numeric scheduling problem. Throws `SchedulingError`:
 * `UnknownPricesException` ("Prices unknown for planning window. (sensor <id>)"),
 * `UnknownMarketException` (no price source at all) or `ValueError` (e.g. "Power capacity is not
 * defined in the sensor attributes or the flex-model.", unusable sensor units, negative capacities).
 */
export function buildStorageProblem(config: StorageFlexConfig, data: ProblemData): BuiltProblem {
  const { sensor } = data;
  const m = config.flexModel;
  const ctx = config.flexContext;
  const grid: Grid = { startMs: config.startMs, stepMs: config.stepMs, n: config.steps };
  const warnings: string[] = [];
  const timeZone = sensor.timeZone ?? 'UTC';
  const fmt = (ms: number) => formatDatetime(ms, zoneOffsetMinutes(ms, timeZone));
  if (grid.n <= 0) throw valueError('The planning window contains no time steps.');

  const info = (id: number): SensorInfo => {
    const found = data.sensors(id);
    if (!found) throw valueError(`No sensor found with id ${id}.`);
    return found;
  };
  /** A sensor's values converted to `unit` (flows use the sensor's resolution for stock→flow). */
  const sensorValues = (id: number, unit: string | null): { events: SensorValue[]; info: SensorInfo } => {
    const meta = info(id);
    const events = [...(data.values(id) ?? [])];
    if (unit === null || meta.unit === unit) return { events, info: meta };
    try {
      const converted = convertNullable(
        events.map((e) => (e.value === null || Number.isNaN(e.value) ? null : e.value)),
        meta.unit,
        unit,
        meta.eventResolutionMs || undefined,
      );
      return { events: events.map((e, i) => ({ eventStart: e.eventStart, value: converted[i]! })), info: meta };
    } catch (error) {
      if (error instanceof UnitConversionError) throw valueError(`Sensor ${id}: ${error.message}`);
      throw error;
    }
  };
  /** A power/efficiency variable quantity per step (`null` where unknown). */
  const perStep = (q: VariableQuantity | undefined, unit: 'MW' | '%'): (number | null)[] | undefined => {
    if (!q) return undefined;
    switch (q.kind) {
      case 'fixed':
        return new Array<number | null>(grid.n).fill(q.value);
      case 'series':
        return seriesOnSteps(q.events, grid);
      case 'sensor': {
        const { events, info: meta } = sensorValues(q.sensorId, unit);
        const values = stepMeans(events, meta.eventResolutionMs, grid);
        return unit === '%' ? values.map((v) => (v === null ? null : v / 100)) : values;
      }
    }
  };
  /** A capacity-like attribute: a number (MW), a quantity string, or a sensor reference. */
  const attributePerStep = (value: unknown): (number | null)[] | undefined => {
    const id = attributeSensor(value);
    if (id !== undefined) return perStep({ kind: 'sensor', sensorId: id }, 'MW');
    const mw = attributeInMw(value);
    return mw === undefined ? undefined : new Array<number | null>(grid.n).fill(mw);
  };
  const requireNonNegative = (values: readonly number[], label: string) => {
    const j = values.findIndex((v) => v < 0);
    if (j >= 0) throw valueError(`The ${label} at ${fmt(grid.startMs + j * grid.stepMs)} is negative (${values[j]} MW).`);
  };

  // ---- device power limits (docs/contract/storage-scheduling.md §2.3)
  const attributeCapacity = attributePerStep(sensorAttribute(sensor, 'capacity_in_mw'));
  const flexCapacity = perStep(m.powerCapacity, 'MW');
  if (!flexCapacity && !attributeCapacity) {
    throw valueError('Power capacity is not defined in the sensor attributes or the flex-model.');
  }
  const powerCapacity = (flexCapacity ?? attributeCapacity)!.map((v, j) => {
    const value = v ?? attributeCapacity?.[j] ?? null;
    if (value === null) {
      throw valueError(
        `Power capacity is unknown at ${fmt(grid.startMs + j * grid.stepMs)}: power-capacity has no value there and the capacity_in_mw attribute is not defined.`,
      );
    }
    return value;
  });
  requireNonNegative(powerCapacity, 'power capacity');
  const deviceLimit = (field: VariableQuantity | undefined, attribute: string, label: string, blocked: boolean) => {
    if (blocked) return { values: new Array<number>(grid.n).fill(0), label: `${label} (0: attribute ${blockedAttribute(label)})` };
    const fromField = perStep(field, 'MW');
    const fromAttribute = fromField ? undefined : attributePerStep(sensorAttribute(sensor, attribute));
    const own = fromField ?? fromAttribute;
    // Missing values are filled with, and all values clipped to, the power capacity (step by step).
    const values = powerCapacity.map((cap, j) => Math.min(own?.[j] ?? cap, cap));
    requireNonNegative(values, label);
    const capacityLabel = m.powerCapacity ? 'power-capacity' : 'power-capacity (attribute capacity_in_mw)';
    return {
      values,
      label: fromField ? label : fromAttribute ? `${label} (attribute ${attribute}), ${capacityLabel}` : capacityLabel,
    };
  };
  const consumption = deviceLimit(
    m.consumptionCapacity,
    'consumption_capacity',
    'consumption-capacity',
    sensorAttribute(sensor, 'is_strictly_non_negative') === true,
  );
  const production = deviceLimit(
    m.productionCapacity,
    'production_capacity',
    'production-capacity',
    sensorAttribute(sensor, 'is_strictly_non_positive') === true,
  );

  // ---- site limits (asset attributes only)
  const asset = (name: string) => sensor.assetAttributes?.[name];
  const sitePower = perStep(ctx.sitePowerCapacity, 'MW') ?? attributePerStep(asset('capacity_in_mw'));
  const siteCons = perStep(ctx.siteConsumptionCapacity, 'MW') ?? attributePerStep(asset('consumption_capacity_in_mw'));
  const siteProd = perStep(ctx.siteProductionCapacity, 'MW') ?? attributePerStep(asset('production_capacity_in_mw'));
  const siteLimit = (own: (number | null)[] | undefined) =>
    sitePower || own
      ? Array.from({ length: grid.n }, (_, j) => {
          const p = sitePower?.[j] ?? Infinity;
          const o = own?.[j] ?? Infinity;
          return Math.min(p, o);
        })
      : undefined;
  const siteConsumptionCapacity = siteLimit(siteCons);
  const siteProductionCapacity = siteLimit(siteProd);
  if (siteConsumptionCapacity) requireNonNegative(siteConsumptionCapacity, 'site consumption capacity');
  if (siteProductionCapacity) requireNonNegative(siteProductionCapacity, 'site production capacity');
  const siteLabel = (own: unknown, field: string) => (own ? field : 'site-power-capacity');

  // ---- efficiencies (docs/contract/storage-scheduling.md §2.4)
  let chargingEfficiency: number[] | undefined;
  let dischargingEfficiency: number[] | undefined;
  const rteAttribute = fractionAttribute(sensorAttribute(sensor, 'roundtrip_efficiency') ?? sensorAttribute(sensor, 'roundtrip-efficiency'));
  if (m.roundtripEfficiency !== undefined) {
    chargingEfficiency = new Array<number>(grid.n).fill(Math.sqrt(m.roundtripEfficiency));
    dischargingEfficiency = chargingEfficiency.slice();
  } else {
    const side = (field: VariableQuantity | undefined, attribute: string) => {
      const values = perStep(field, '%') ?? fractionSeries(sensorAttribute(sensor, attribute), grid.n);
      if (values) return values.map((v) => v ?? 1);
      return rteAttribute === undefined ? undefined : new Array<number>(grid.n).fill(Math.sqrt(rteAttribute));
    };
    chargingEfficiency = side(m.chargingEfficiency, 'charging-efficiency');
    dischargingEfficiency = side(m.dischargingEfficiency, 'discharging-efficiency');
  }
  const storageRaw = perStep(m.storageEfficiency, '%') ?? fractionSeries(sensorAttribute(sensor, 'storage_efficiency'), grid.n);
  const storageEfficiency = storageRaw?.map((v) => (v === null ? 1 : Math.min(1, Math.max(0, v))));

  // ---- soc-gain / soc-usage (docs/contract/storage-scheduling.md §2.5)
  let stockDelta: number[] | undefined;
  if (m.socGain.length || m.socUsage.length) {
    stockDelta = new Array<number>(grid.n).fill(0);
    for (const [list, sign] of [
      [m.socGain, 1],
      [m.socUsage, -1],
    ] as const) {
      for (const q of list) {
        const values = perStep(q, 'MW')!;
        values.forEach((v, j) => (stockDelta![j]! += sign * (v ?? 0)));
      }
    }
  }

  // ---- inflexible devices (docs/contract/storage-scheduling.md §2.7)
  const inflexibleIds = ctx.inflexibleDeviceSensors ?? data.relations?.inflexibleDeviceSensors ?? [];
  let inflexiblePower: number[] | undefined;
  if (inflexibleIds.length) {
    inflexiblePower = new Array<number>(grid.n).fill(0);
    let missing = false;
    for (const id of inflexibleIds) {
      const meta = info(id);
      if (!isConvertible(meta.unit, 'MW')) throw valueError(`Inflexible device sensor ${id} has unit ${meta.unit}, which cannot be converted to MW.`);
      const { events } = sensorValues(id, 'MW');
      const values = stepMeans(events, meta.eventResolutionMs, grid);
      const sign = meta.attributes?.['consumption_is_positive'] === true ? 1 : -1;
      values.forEach((v, j) => {
        if (v === null) missing = true;
        else inflexiblePower![j]! += sign * v;
      });
    }
    if (missing) warnings.push('Assuming zero power values for (partially) unknown power values for planning window.');
  }

  // ---- prices (docs/contract/storage-scheduling.md §2.7)
  const sources = priceSources(config, sensor, data.relations);
  const consumptionPrices = priceSeries(sources.consumption);
  const productionPrices = sources.production === sources.consumption ? consumptionPrices : priceSeries(sources.production);
  if (consumptionPrices.unit && productionPrices.unit && consumptionPrices.unit !== productionPrices.unit) {
    throw valueError(
      `The consumption and production prices are in different units (${consumptionPrices.unit} and ${productionPrices.unit}).`,
    );
  }

  function priceSeries(source: PriceSource): { values: number[]; unit?: string } {
    let values: (number | null)[];
    let unit: string | undefined;
    if (source.kind === 'quantity') {
      unit = source.quantity.unit;
      values = quantityOnSteps(source.quantity, grid);
    } else {
      const meta = info(source.sensorId);
      const target = normalisedPriceUnit(meta.unit);
      const { events } = sensorValues(source.sensorId, target);
      unit = target ?? meta.unit;
      values = stepMeans(events, meta.eventResolutionMs, grid);
    }
    const knownCount = values.filter((v) => v !== null).length;
    if (knownCount === 0) {
      throw new SchedulingError(
        'UnknownPricesException',
        source.kind === 'sensor' ? `Prices unknown for planning window. (sensor ${source.sensorId})` : 'Prices unknown for planning window.',
      );
    }
    if (knownCount < grid.n) {
      warnings.push(
        `Prices partially unknown for planning window (${source.kind === 'sensor' ? `sensor ${source.sensorId}` : source.field}); ` +
          'the first and last known prices are extended to the edges and gaps take the last known price.',
      );
    }
    return { values: padPrices(values) as number[], ...(unit ? { unit } : {}) };
  }

  // ---- SoC constraints (docs/contract/storage-scheduling.md §2.2, decision 0026)
  const soc = (q: VariableQuantity | undefined, policy: BoundaryPolicy): (number | null)[] | undefined => {
    if (!q) return undefined;
    switch (q.kind) {
      case 'fixed':
        return new Array<number | null>(grid.n).fill(q.value);
      case 'series':
        return eventsOnSocInstants(q.events, grid);
      case 'sensor': {
        const { events, info: meta } = sensorValues(q.sensorId, 'MWh');
        return sensorOnSocInstants(events, meta.eventResolutionMs, grid, policy);
      }
    }
  };
  const socMinima = soc(m.socMinima, 'max');
  const socMaxima = soc(m.socMaxima, 'min');
  const socTargets = soc(m.socTargets, 'first');

  const problem: StorageProblem = {
    startMs: grid.startMs,
    stepMs: grid.stepMs,
    socAtStart: m.socAtStart,
    socMin: m.socMin,
    socMax: m.socMax,
    consumptionCapacity: consumption.values,
    productionCapacity: production.values,
    consumptionPrice: consumptionPrices.values,
    productionPrice: productionPrices.values,
    preferChargingSooner: m.preferChargingSooner,
    timeZone,
    messageUnits: { energy: m.socUnit === 'kWh' ? 'kWh' : 'MWh', power: sensor.unit === 'kW' ? 'kW' : 'MW' },
    labels: {
      consumptionCapacity: consumption.label,
      productionCapacity: production.label,
      siteConsumptionCapacity: siteLabel(siteCons, 'site-consumption-capacity'),
      siteProductionCapacity: siteLabel(siteProd, 'site-production-capacity'),
    },
  };
  setFields(problem, {
    socMinima,
    socMaxima,
    socTargets,
    siteConsumptionCapacity,
    siteProductionCapacity,
    chargingEfficiency,
    dischargingEfficiency,
    storageEfficiency,
    stockDelta,
    inflexiblePower,
  });
  const priceUnit = consumptionPrices.unit ?? productionPrices.unit;
  return { problem, ...(priceUnit ? { priceUnit } : {}), warnings: [...config.warnings, ...warnings] };
}

function blockedAttribute(label: string): string {
  return label === 'consumption-capacity' ? 'is_strictly_non_negative' : 'is_strictly_non_positive';
}

/** An efficiency attribute: a fraction (0.9) or a quantity string ("90%"). */
function fractionAttribute(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string') {
    try {
      return convertQuantity(value, '%') / 100;
    } catch (error) {
      if (error instanceof UnitConversionError) return undefined;
      throw error;
    }
  }
  return undefined;
}

function fractionSeries(value: unknown, n: number): (number | null)[] | undefined {
  const f = fractionAttribute(value);
  return f === undefined ? undefined : new Array<number | null>(n).fill(f);
}

/**
 * Converts a schedule in MW (consumption positive) to the power sensor's unit, rounded to 6 decimals
 * (e.g. ×1000 for a kW sensor). Energy units use the resolution (MW → MWh per step).
 */
export function scheduleInSensorUnit(powerMw: readonly number[], sensorUnit: string, resolutionMs: number): number[] {
  return convert(powerMw, 'MW', sensorUnit, resolutionMs).map((x) => {
    const r = Math.round(x * 1e6) / 1e6;
    return r === 0 ? 0 : r;
  });
}
