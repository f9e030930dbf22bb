/**
 * Sensor field rules (docs/contract/api.md §6.1, §6.4, §6.5, §9.1): units the unit registry can handle,
 * IANA time zones, event resolutions as whole-minute, non-negative, fixed-length ISO durations,
 * and the name-uniqueness message that replaces FlexMeasures' 500 (decision 0016).
 */
import { invalidUnitMessage, isValidUnit } from '../units/index.js';
import { isKnownTimeZone, parseDuration, TimeFormatError } from '../time/index.js';
import type { Checked } from './attributes.js';

export const DEFAULT_SENSOR_TIMEZONE = 'UTC';

/** "Unit '<u>' cannot be handled." unless the unit registry parses the unit. */
export function checkUnit(unit: string): Checked<string> {
  return isValidUnit(unit) ? { ok: true, value: unit } : { ok: false, message: invalidUnitMessage(unit) };
}

/**
 * A sensor time zone must be an IANA zone name. (FlexMeasures v0.23 accepted any string and
 * failed later, when scheduling or resampling in that zone; the message is the one it uses for
 * user time zones.)
 */
export function checkTimezone(timezone: string): Checked<string> {
  return isKnownTimeZone(timezone) && timezone.trim() === timezone && timezone !== ''
    ? { ok: true, value: timezone }
    : { ok: false, message: `Timezone ${timezone} doesn't exist.` };
}

/**
 * An event resolution in ms: an ISO 8601 duration of whole minutes (`P0D` = instantaneous).
 * Nominal (month/year) and negative durations cannot be a sensor's resolution.
 */
export function parseEventResolution(input: unknown): Checked<number> {
  try {
    const d = parseDuration(input);
    if (d.nominal || d.ms === null) {
      return { ok: false, message: 'An event resolution must have a fixed length: months and years are not supported.' };
    }
    if (d.ms < 0) return { ok: false, message: 'An event resolution cannot be negative.' };
    return { ok: true, value: d.ms };
  } catch (err) {
    if (err instanceof TimeFormatError) return { ok: false, message: err.message };
    throw err;
  }
}

/** A second sensor with the same name on one asset (FlexMeasures: a DB unique violation, 500). */
export function duplicateSensorNameMessage(name: string, assetId: number): string {
  return `A sensor with the name '${name}' already exists on generic asset with id=${assetId}.`;
}

