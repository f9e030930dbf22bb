/**
 * `attributes` of sensors and assets (docs/contract/api.md §6.1, §7.5, decision 0003): sent as a JSON string
 * holding an object (or, in this project, as the object itself), returned as Python's
 * `json.dumps` of the dict. Assets' `sensors_to_show` is validated as FlexMeasures does.
 */
import { pyJsonDumps } from '../python.js';
import type { Attributes } from './model.js';
import { attributesTooLargeMessage, exceedsDepth, jsonTooDeepMessage, MAX_ATTRIBUTES_CHARS, textExceedsDepth } from '../limits.js';

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

const NOT_JSON = 'Not a valid JSON string.';

/**
 * Reads an `attributes` input: a JSON string holding an object, or an object (decision 0003).
 * `null` → "Field may not be null."; unparsable text → "Not a valid JSON string."; JSON that is
 * not an object (a list, a number, …) → "Not a valid mapping type." (FlexMeasures stored such
 * values and failed later). Attributes nested deeper than MAX_JSON_DEPTH or longer than
 * MAX_ATTRIBUTES_CHARS as JSON text are refused with the limit in the message.
 */
export function parseAttributes(input: unknown): Checked<Attributes> {
  if (input === null) return { ok: false, message: 'Field may not be null.' };
  let value: unknown = input;
  if (typeof input === 'string') {
    if (textExceedsDepth(input)) return { ok: false, message: jsonTooDeepMessage() };
    try {
      value = JSON.parse(input);
    } catch {
      return { ok: false, message: NOT_JSON };
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) return { ok: false, message: 'Not a valid mapping type.' };
  } else if (typeof input !== 'object' || Array.isArray(input)) {
    return { ok: false, message: NOT_JSON };
  } else if (exceedsDepth(input)) {
    return { ok: false, message: jsonTooDeepMessage() };
  }
  // The stored form is the JSON text: that is what has to fit.
  if (JSON.stringify(value).length > MAX_ATTRIBUTES_CHARS) return { ok: false, message: attributesTooLargeMessage() };
  return { ok: true, value: value as Attributes };
}

/** The `attributes` output string: `json.dumps` of the dict, `"{}"` when empty. */
export function formatAttributes(attributes: Attributes | null | undefined): string {
  return pyJsonDumps(attributes ?? {});
}

/** One group of graphs in `sensors_to_show`, standardised. */
export interface SensorsToShowGroup {
  title: string | null;
  sensors: number[];
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

function standardiseItem(item: unknown): Checked<SensorsToShowGroup> {
  if (isInt(item)) return { ok: true, value: { title: null, sensors: [item] } };
  if (Array.isArray(item)) {
    if (!item.every(isInt)) {
      return { ok: false, message: "All elements in a list within 'sensors_to_show' must be integers." };
    }
    return { ok: true, value: { title: null, sensors: item } };
  }
  if (item && typeof item === 'object') {
    const dict = item as Record<string, unknown>;
    if (!('title' in dict)) return { ok: false, message: "Dictionary must contain a 'title' key." };
    const title = dict.title;
    if (title !== null && typeof title !== 'string') return { ok: false, message: "'title' value must be a string." };
    if ('sensor' in dict) {
      if (!isInt(dict.sensor)) return { ok: false, message: "'sensor' value must be an integer." };
      return { ok: true, value: { title, sensors: [dict.sensor] } };
    }
    if ('sensors' in dict) {
      const sensors = dict.sensors;
      if (!Array.isArray(sensors) || !sensors.every(isInt)) {
        return { ok: false, message: "'sensors' value must be a list of integers." };
      }
      return { ok: true, value: { title, sensors } };
    }
    return { ok: false, message: "Dictionary must contain either 'sensor' or 'sensors' key." };
  }
  return { ok: false, message: "Invalid item type in 'sensors_to_show'. Expected int, list, or dict." };
}

/**
 * Validates the shape of `sensors_to_show` (absent or empty: nothing to check) and returns the
 * referenced sensor ids, unique, in order of appearance. The caller then checks that each id is
 * a sensor the user may read (`noSensorMessage` otherwise).
 */
export function sensorsToShowIds(attributes: Attributes): Checked<number[]> {
  const value = attributes.sensors_to_show;
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) return { ok: true, value: [] };
  if (!Array.isArray(value)) return { ok: false, message: 'sensors_to_show should be a list.' };
  const ids: number[] = [];
  for (const item of value) {
    const group = standardiseItem(item);
    if (!group.ok) return group;
    for (const id of group.value.sensors) if (!ids.includes(id)) ids.push(id);
  }
  return { ok: true, value: ids };
}

/**
 * The standardised groups of `sensors_to_show` (`[]` when absent or empty). A JSON string holding
 * the list is read too, as FlexMeasures does for values stored before validation existed.
 */
export function sensorsToShowGroups(attributes: Attributes): Checked<SensorsToShowGroup[]> {
  let value = attributes.sensors_to_show;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return { ok: false, message: 'sensors_to_show should be a list.' };
    }
  }
  if (value === undefined || value === null) return { ok: true, value: [] };
  if (!Array.isArray(value)) return { ok: false, message: 'sensors_to_show should be a list.' };
  const groups: SensorsToShowGroup[] = [];
  for (const item of value) {
    const group = standardiseItem(item);
    if (!group.ok) return group;
    groups.push(group.value);
  }
  return { ok: true, value: groups };
}

/** "No sensor found with id <n>." */
export function noSensorMessage(id: number): string {
  return `No sensor found with id ${id}.`;
}
