/**
 * Asset audit log events, worded as FlexMeasures writes them (docs/contract/api.md §6.4–§6.6, §7.8–§7.11,
 * docs/contract/api.md §12.3, §12.5). Values are written as Python's `str()` would write the stored values: floats
 * for coordinates (`10.0`), `None` for null, dict reprs for attributes, `0:15:00` for resolutions.
 */
import { formatPythonTimedelta } from '../time/index.js';
import { pyFloat, pyStr } from '../python.js';
import { FLEXMEASURES_FIELD_NAMES } from './field-names.js';
import type { Asset, Attributes, Sensor } from './model.js';

export const createdAssetEvent = (name: string, id: number) => `Created asset '${name}': ${id}`;
export const deletedAssetEvent = (name: string, id: number) => `Deleted asset '${name}': ${id}`;
export const createdSensorEvent = (name: string, id: number) => `Created sensor '${name}': ${id}`;
export const deletedSensorEvent = (name: string, id: number) => `Deleted sensor '${name}': ${id}`;

/** The asset fields a PATCH may change, in FlexMeasures' schema order. */
export const PATCHABLE_ASSET_FIELDS = [
  'name',
  'latitude',
  'longitude',
  'genericAssetTypeId',
  'attributes',
  'parentAssetId',
  'productionPriceSensorId',
  'consumptionPriceSensorId',
  'inflexibleDeviceSensorIds',
] as const;
export type PatchableAssetField = (typeof PATCHABLE_ASSET_FIELDS)[number];
export type AssetChanges = Partial<Pick<Asset, PatchableAssetField>>;

/** The sensor fields a PATCH may change, in FlexMeasures' schema order. */
export const PATCHABLE_SENSOR_FIELDS = ['name', 'unit', 'timezone', 'eventResolution', 'attributes'] as const;
export type PatchableSensorField = (typeof PATCHABLE_SENSOR_FIELDS)[number];
export type SensorChanges = Partial<Pick<Sensor, PatchableSensorField>>;

/** Deep equality of JSON-like values (key order ignored, as Python's dict comparison does). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bs = b as unknown[];
    return a.length === bs.length && a.every((v, i) => sameValue(v, bs[i]));
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return ka.length === kb.length && ka.every((k) => k in (b as object) && sameValue((a as Attributes)[k], (b as Attributes)[k]));
}

function assetValue(field: PatchableAssetField, value: unknown): string {
  if ((field === 'latitude' || field === 'longitude') && typeof value === 'number') return pyFloat(value);
  return pyStr(value);
}

/**
 * Only the fields of a PATCH that change something (decision 0009: what was not sent stays as it is).
 */
export function assetChanges(current: Asset, requested: AssetChanges): AssetChanges {
  const out: AssetChanges = {};
  for (const field of PATCHABLE_ASSET_FIELDS) {
    if (!(field in requested)) continue;
    const value = requested[field];
    if (!sameValue(current[field], value)) (out as Record<string, unknown>)[field] = value;
  }
  return out;
}

/**
 * One event per changed field — `Updated asset '<name>': <id>; fields: Field: <k>, From: <old>, To: <new>`, `<k>` the
 * field's FlexMeasures name —
 * and, for `attributes`, one per changed key: `…; fields: Attr: <key>, From: <old>, To: <new>`
 * (a removed key reads `To: None`). `<name>` is the name before the update.
 */
export function assetUpdateEvents(current: Asset, changes: AssetChanges): string[] {
  const prefix = `Updated asset '${current.name}': ${current.id}; fields: `;
  const events: string[] = [];
  for (const field of PATCHABLE_ASSET_FIELDS) {
    if (!(field in changes)) continue;
    const next = changes[field];
    if (field === 'attributes') {
      const before = current.attributes;
      const after = (next ?? {}) as Attributes;
      for (const key of Object.keys(after)) {
        if (!sameValue(before[key], after[key])) {
          events.push(`${prefix}Attr: ${key}, From: ${pyStr(before[key] ?? null)}, To: ${pyStr(after[key])}`);
        }
      }
      for (const key of Object.keys(before)) {
        if (!(key in after)) events.push(`${prefix}Attr: ${key}, From: ${pyStr(before[key])}, To: None`);
      }
      continue;
    }
    events.push(`${prefix}Field: ${FLEXMEASURES_FIELD_NAMES[field]}, From: ${assetValue(field, current[field])}, To: ${assetValue(field, next)}`);
  }
  return events;
}

function sensorValue(field: PatchableSensorField, value: unknown): string {
  if (field === 'eventResolution' && typeof value === 'number') return formatPythonTimedelta(value);
  return pyStr(value);
}

/** Only the fields of a sensor PATCH that change something. */
export function sensorChanges(current: Sensor, requested: SensorChanges): SensorChanges {
  const out: SensorChanges = {};
  for (const field of PATCHABLE_SENSOR_FIELDS) {
    if (!(field in requested)) continue;
    const value = requested[field];
    if (!sameValue(current[field], value)) (out as Record<string, unknown>)[field] = value;
  }
  return out;
}

/**
 * The one event of a sensor PATCH:
 * `Updated sensor '<old name>': <id>. Updated fields: Field name: <k>, Old value: <old>, New value: <new>; …`.
 */
export function sensorUpdateEvent(current: Sensor, changes: SensorChanges): string {
  const parts = PATCHABLE_SENSOR_FIELDS.filter((f) => f in changes).map(
    (f) => `Field name: ${FLEXMEASURES_FIELD_NAMES[f]}, Old value: ${sensorValue(f, current[f])}, New value: ${sensorValue(f, changes[f])}`,
  );
  return `Updated sensor '${current.name}': ${current.id}. Updated fields: ${parts.join('; ')}`;
}
