/**
 * Time in the FlexMeasures sense: aware ISO 8601 datetimes, ISO 8601 durations (whole minutes),
 * and the two ways FlexMeasures formats durations in responses.
 *
 * Inside the code base every instant is UTC epoch milliseconds and every fixed duration is
 * milliseconds. Nominal durations (months, years) stay symbolic until grounded on a start and a
 * time zone (`addDuration`).
 */
import { parse as parseIsoDuration, type Duration as IsoDuration } from 'tinyduration';
import { parseISO, isValid, add, sub } from 'date-fns';
import { TZDate } from '@date-fns/tz';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** A domain validation failure; the HTTP layer places `message` under the right location/field. */
export class TimeFormatError extends Error {
  override readonly name = 'TimeFormatError';
}

// ---------------------------------------------------------------- datetimes

export interface AwareDatetime {
  /** UTC epoch milliseconds. */
  ms: number;
  /** The offset the caller wrote, in minutes east of UTC (0 for `Z`). */
  offsetMinutes: number;
}

/** Trailing UTC designator or numeric offset of an ISO 8601 datetime (`Z`, `+02`, `+0200`, `+02:00`). */
const OFFSET_SUFFIX = /(?:Z|([+-])(\d{2})(?::?(\d{2}))?)$/i;

/**
 * Parses an ISO 8601 datetime that must carry a UTC offset.
 * Throws "Not a valid datetime." for garbage and "Not a valid aware datetime." for naive input,
 * as marshmallow's AwareDateTime does.
 */
export function parseAwareDatetime(input: unknown): AwareDatetime {
  if (typeof input !== 'string' || !/^\d{4}-\d{2}-\d{2}[T ]\d{2}/.test(input)) {
    throw new TimeFormatError('Not a valid datetime.');
  }
  const date = parseISO(input);
  if (!isValid(date)) throw new TimeFormatError('Not a valid datetime.');
  const offset = OFFSET_SUFFIX.exec(input);
  if (!offset) throw new TimeFormatError('Not a valid aware datetime.');
  const offsetMinutes = offset[1]
    ? (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3] ?? 0))
    : 0;
  return { ms: date.getTime(), offsetMinutes };
}

/** Query strings may carry `+` decoded to a space: restore it before parsing (FlexMeasures does). */
export function parseAwareDatetimeFromQuery(input: unknown): AwareDatetime {
  return parseAwareDatetime(typeof input === 'string' ? input.replace(/ (\d{2}(:?\d{2})?)$/, '+$1') : input);
}

const pad = (n: number, width = 2) => String(Math.trunc(Math.abs(n))).padStart(width, '0');

function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * `2015-01-01T00:00:00+00:00`: ISO 8601 with seconds and a numeric offset (never `Z`), as
 * FlexMeasures' handler-built time series responses write datetimes. Microseconds appear only
 * when non-zero.
 */
export function formatDatetime(ms: number, offsetMinutes = 0): string {
  const local = new Date(ms + offsetMinutes * MINUTE);
  const frac = local.getUTCMilliseconds();
  return (
    `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
    (frac ? `.${pad(frac * 1000, 6)}` : '') +
    formatOffset(offsetMinutes)
  );
}

/** The offset (minutes) of an IANA time zone at an instant. */
export function zoneOffsetMinutes(ms: number, timeZone: string): number {
  return -new TZDate(ms, timeZone).getTimezoneOffset();
}

/** Whether the IANA time zone name is known to the runtime. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** RFC 7231 IMF-fixdate, e.g. `Sat, 01 May 2021 22:00:00 GMT` (what Flask's JSON encoder writes for datetimes). */
export function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

/** Naive ISO datetime in UTC with microseconds, as FlexMeasures writes `last_login_at`. */
export function naiveUtcIso(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '').replace(/\.(\d{3})$/, '.$1000');
}

// ---------------------------------------------------------------- durations

export interface Duration {
  /** The ISO 8601 components as parsed (sign kept separately). */
  parts: IsoDuration;
  negative: boolean;
  /** Whether months or years occur: the length then depends on the start and time zone. */
  nominal: boolean;
  /** Fixed length in ms (signed) when not nominal; for nominal durations an estimate is not given. */
  ms: number | null;
}

/** Parses an ISO 8601 duration without the whole-minute rule. */
export function parseAnyDuration(input: unknown): Duration {
  if (typeof input !== 'string') throw new TimeFormatError('Not a valid period of time.');
  let parts: IsoDuration;
  try {
    parts = parseIsoDuration(input.trim());
  } catch {
    throw new TimeFormatError(
      `Cannot parse ${input} as ISO8601 duration: Unable to parse duration string '${input}'`,
    );
  }
  const negative = parts.negative === true;
  const nominal = Boolean(parts.years || parts.months);
  const magnitude = fixedMagnitude(parts);
  return { parts, negative, nominal, ms: nominal ? null : negative ? -magnitude : magnitude };
}

/** Length in ms of the fixed (non-calendar) components: weeks, days, hours, minutes, seconds. */
function fixedMagnitude(parts: IsoDuration): number {
  return (
    (parts.weeks ?? 0) * 7 * DAY +
    (parts.days ?? 0) * DAY +
    (parts.hours ?? 0) * HOUR +
    (parts.minutes ?? 0) * MINUTE +
    Math.round((parts.seconds ?? 0) * 1000)
  );
}

/** Parses an ISO 8601 duration that must be a whole number of minutes (FlexMeasures' DurationField). */
export function parseDuration(input: unknown): Duration {
  const d = parseAnyDuration(input);
  if (fixedMagnitude(d.parts) % MINUTE !== 0) {
    throw new TimeFormatError('FlexMeasures only support multiples of 1 minute.');
  }
  return d;
}

/** A fixed-length duration in ms; nominal durations are rejected with FlexMeasures' message. */
export function parseFixedDuration(input: unknown): number {
  const d = parseDuration(input);
  if (d.ms === null) {
    throw new TimeFormatError('Cannot interpret nominal duration used in the \'duration\' field without a known timezone.');
  }
  return d.ms;
}

/** Adds a (possibly nominal) duration to an instant, calendar-aware in the given time zone (DST-correct). */
export function addDuration(ms: number, duration: Duration, timeZone = 'UTC'): number {
  if (!duration.nominal && duration.ms !== null) return ms + duration.ms;
  const { years = 0, months = 0, weeks = 0, days = 0, hours = 0, minutes = 0, seconds = 0 } = duration.parts;
  const date = new TZDate(ms, timeZone);
  const calendar = { years, months, weeks, days };
  const moved = duration.negative ? sub(date, calendar) : add(date, calendar);
  const clock = hours * HOUR + minutes * MINUTE + Math.round(seconds * 1000);
  return moved.getTime() + (duration.negative ? -clock : clock);
}

/**
 * The length in ms of a (possibly nominal) duration counted from `startMs` in `timeZone`: how
 * FlexMeasures grounds `P1M` on a request's start (a month from 1 Feb is 29 days in a leap year).
 */
export function durationFrom(startMs: number, duration: Duration | string, timeZone = 'UTC'): number {
  return addDuration(startMs, typeof duration === 'string' ? parseDuration(duration) : duration, timeZone) - startMs;
}

/**
 * Schema-field style (isodate.duration_isoformat): days kept as days, zero is `P0D`.
 * `PT15M`, `PT1H`, `P1D`, `P1DT30M`, `-PT10M`.
 */
export function formatDurationSchema(ms: number): string {
  if (ms === 0) return 'P0D';
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  const days = Math.floor(rest / DAY);
  rest -= days * DAY;
  const time = clockParts(rest);
  return `${sign}P${days ? `${days}D` : ''}${time ? `T${time}` : ''}`;
}

/**
 * Handler style (FlexMeasures' duration_isoformat for time series): days expressed in hours,
 * zero is `PT0H`. `PT24H`, `PT48H`, `PT1H20M`, `-PT10M`.
 */
export function formatDurationHours(ms: number): string {
  if (ms === 0) return 'PT0H';
  const sign = ms < 0 ? '-' : '';
  return `${sign}PT${clockParts(Math.abs(ms))}`;
}

function clockParts(ms: number): string {
  const hours = Math.floor(ms / HOUR);
  const minutes = Math.floor((ms % HOUR) / MINUTE);
  const seconds = (ms % MINUTE) / 1000;
  return `${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${seconds ? `${seconds}S` : ''}`;
}

/**
 * Python's `str(timedelta)`: `0:05:00`, `1 day, 0:00:00`, `2 days, 1:30:00`, `-1 day, 23:50:00`,
 * and with microseconds when there are any: `0:08:34.285714` (PT1H / 7).
 */
export function formatPythonTimedelta(ms: number): string {
  // Whole seconds and microseconds separately, so that large spans keep their precision.
  let totalSeconds = Math.floor(ms / 1000);
  let micros = Math.round((ms - totalSeconds * 1000) * 1000);
  if (micros >= 1_000_000) {
    totalSeconds += 1;
    micros -= 1_000_000;
  }
  const days = Math.floor(totalSeconds / 86400);
  const rest = totalSeconds - days * 86400;
  const clock =
    `${Math.floor(rest / 3600)}:${pad(Math.floor((rest % 3600) / 60))}:${pad(rest % 60)}` +
    (micros ? `.${String(micros).padStart(6, '0')}` : '');
  return days ? `${days} day${Math.abs(days) === 1 ? '' : 's'}, ${clock}` : clock;
}

// ---------------------------------------------------------------- grids

/** Instants `start, start+step, …` strictly before `end` (step > 0). */
export function grid(start: number, end: number, step: number): number[] {
  if (step <= 0) throw new RangeError('grid step must be positive');
  const out: number[] = [];
  for (let t = start; t < end; t += step) out.push(t);
  return out;
}

/** Floors an instant onto the clock grid of `step` (aligned to the Unix epoch, as pandas does for fixed frequencies). */
export function floorToGrid(ms: number, step: number): number {
  return Math.floor(ms / step) * step;
}
