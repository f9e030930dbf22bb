/**
 * Timing relations of beliefs (docs/contract/beliefs-model.md §2–§3):
 *
 * ```
 * event_end      = event_start + event_resolution
 * knowledge_time = event_start − knowledge_horizon          (sensor's knowledge-horizon function)
 * belief_horizon = knowledge_time − belief_time             (> 0: forecast, < 0: after the fact)
 * ```
 *
 * Calendar logic (x days ago at y o'clock, x years ago at a date) goes through @date-fns/tz, so
 * DST days of 23 h and 25 h come out right without offset arithmetic here.
 */
import { TZDate } from '@date-fns/tz';
import { DAY, HOUR, parseAnyDuration, parseAwareDatetime } from '../time/index.js';
import type { DurationLike, InstantLike, KnowledgeHorizon, SensorTiming } from './types.js';

/** A duration parameter in ms (numbers are ms; strings are ISO 8601 durations without months/years). */
export function durationParameterMs(value: DurationLike | undefined, name: string): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`Knowledge horizon parameter ${name} is not a finite duration.`);
    return value;
  }
  const parsed = parseAnyDuration(value);
  if (parsed.ms === null) throw new RangeError(`Knowledge horizon parameter ${name} cannot be a nominal duration: ${value}`);
  return parsed.ms;
}

/** An instant parameter in epoch ms (numbers are epoch ms; strings are aware ISO 8601 datetimes). */
export function instantParameterMs(value: InstantLike, name: string): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`Knowledge horizon parameter ${name} is not a finite instant.`);
    return value;
  }
  return parseAwareDatetime(value).ms;
}

/** The end of an event (= its start for instantaneous events). */
export function eventEnd(eventStart: number, eventResolutionMs: number): number {
  return eventStart + eventResolutionMs;
}

/**
 * timely-beliefs' `datetime_x_days_ago_at_y_oclock`: the instant at `y` o'clock (wall clock, time zone
 * `z`) on the local calendar day `x` days before the local day of `instant`. Non-existent wall times
 * (spring-forward gap) move forward; ambiguous ones (fall-back) take the later, standard-time
 * instant — both as pytz `localize(is_dst=False)` does.
 */
export function xDaysAgoAtYOclock(instant: number, x: number, y: number, z: string): number {
  if (!Number.isInteger(x)) throw new RangeError('Knowledge horizon parameter x must be an integer number of days.');
  if (!Number.isFinite(y) || y < 0 || y >= 24) throw new RangeError('Knowledge horizon parameter y must be an hour in [0, 24).');
  const local = new TZDate(instant, z);
  // Python truncates y hours to whole microseconds; we keep whole milliseconds.
  const clockMs = Math.trunc(y * HOUR);
  const hours = Math.floor(clockMs / HOUR);
  const minutes = Math.floor((clockMs % HOUR) / 60_000);
  const seconds = Math.floor((clockMs % 60_000) / 1000);
  const millis = clockMs % 1000;
  return new TZDate(local.getFullYear(), local.getMonth(), local.getDate() - x, hours, minutes, seconds, millis, z).getTime();
}

/**
 * timely-beliefs' `x_years_ago_at_date`: local midnight (time zone `z`) on `day`/`month` of the year
 * `x` years before the event's local year.
 */
export function xYearsAgoAtDate(instant: number, day: number, month: number, x: number, z: string): number {
  if (!Number.isInteger(x) || x <= 0) throw new RangeError('Only positive values for `x` are supported.');
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError('Knowledge horizon parameter month must be 1–12.');
  if (!Number.isInteger(day) || day < 1 || day > 31) throw new RangeError('Knowledge horizon parameter day must be 1–31.');
  const year = new TZDate(instant, z).getFullYear();
  return new TZDate(year - x, month - 1, day, 0, 0, 0, 0, z).getTime();
}

/** The knowledge time of an event: when the event could first be known (docs/contract/beliefs-model.md §2–§3). */
export function knowledgeTime(eventStart: number, timing: SensorTiming): number {
  const kh: KnowledgeHorizon = timing.knowledgeHorizon;
  switch (kh.fnc) {
    case 'ex_post':
      return eventStart + timing.eventResolutionMs + durationParameterMs(kh.par.ex_post_horizon, 'ex_post_horizon');
    case 'ex_ante':
      return eventStart - durationParameterMs(kh.par.ex_ante_horizon, 'ex_ante_horizon');
    case 'x_days_ago_at_y_oclock':
      return xDaysAgoAtYOclock(eventStart, kh.par.x, kh.par.y, kh.par.z);
    case 'at_date':
      return instantParameterMs(kh.par.knowledge_time, 'knowledge_time');
    case 'x_years_ago_at_date':
      return xYearsAgoAtDate(eventStart, kh.par.day, kh.par.month, kh.par.x ?? 1, kh.par.z ?? timing.timezone);
    default: {
      const unknown: never = kh;
      throw new RangeError(`Unknown knowledge horizon function: ${(unknown as { fnc: string }).fnc}`);
    }
  }
}

/** The knowledge horizon of an event: `event_start − knowledge_time` (negative for ex-post sensors). */
export function knowledgeHorizon(eventStart: number, timing: SensorTiming): number {
  return eventStart - knowledgeTime(eventStart, timing);
}

/** The belief horizon of a belief: `knowledge_time − belief_time`. */
export function beliefHorizon(eventStart: number, beliefTime: number, timing: SensorTiming): number {
  return knowledgeTime(eventStart, timing) - beliefTime;
}

/** The belief time of a belief with a given horizon: `knowledge_time − belief_horizon`. */
export function beliefTimeFromHorizon(eventStart: number, horizonMs: number, timing: SensorTiming): number {
  return knowledgeTime(eventStart, timing) - horizonMs;
}

/**
 * Bounds `[min, max]` on the knowledge horizon over all possible events (timely-beliefs'
 * `get_bounds=True`), for pre-filtering stored beliefs by belief time before computing exact
 * horizons: belief_time = event_start − knowledge_horizon − belief_horizon.
 */
export function knowledgeHorizonBounds(timing: SensorTiming): [number, number] {
  const kh = timing.knowledgeHorizon;
  switch (kh.fnc) {
    case 'ex_post': {
      const h = -timing.eventResolutionMs - durationParameterMs(kh.par.ex_post_horizon, 'ex_post_horizon');
      return [h, h];
    }
    case 'ex_ante': {
      const h = durationParameterMs(kh.par.ex_ante_horizon, 'ex_ante_horizon');
      return [h, h];
    }
    case 'x_days_ago_at_y_oclock':
      // The 2 h margins cover DST (as timely-beliefs does).
      return [kh.par.x * DAY - kh.par.y * HOUR - 2 * HOUR, (kh.par.x + 1) * DAY - kh.par.y * HOUR + 2 * HOUR];
    case 'at_date':
      return [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
    case 'x_years_ago_at_date': {
      const x = kh.par.x ?? 1;
      return [(x - 1) * 365 * DAY, ((x + 1) * 366 + 1) * DAY];
    }
    default: {
      const unknown: never = kh;
      throw new RangeError(`Unknown knowledge horizon function: ${(unknown as { fnc: string }).fnc}`);
    }
  }
}
