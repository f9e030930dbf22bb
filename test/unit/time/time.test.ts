import { describe, it, expect } from '@jest/globals';
import {
  DAY,
  HOUR,
  MINUTE,
  addDuration,
  formatDatetime,
  formatDurationHours,
  formatDurationSchema,
  formatPythonTimedelta,
  grid,
  httpDate,
  parseAwareDatetime,
  parseAwareDatetimeFromQuery,
  parseDuration,
  parseFixedDuration,
  zoneOffsetMinutes,
} from '../../../functions/core/time/index.js';

describe('aware datetimes', () => {
  it('parses offsets and Z, keeping the written offset', () => {
    expect(parseAwareDatetime('2021-06-07T00:00:00+02:00')).toEqual({ ms: Date.UTC(2021, 5, 6, 22), offsetMinutes: 120 });
    expect(parseAwareDatetime('2015-01-01T00:00:00Z')).toEqual({ ms: Date.UTC(2015, 0, 1), offsetMinutes: 0 });
    expect(parseAwareDatetime('2015-01-01T00:00:00.123456-05:30').offsetMinutes).toBe(-330);
    expect(parseAwareDatetime('2015-01-01 01:00:00+01:00').ms).toBe(Date.UTC(2015, 0, 1));
  });

  it('rejects naive datetimes with marshmallow\'s message', () => {
    expect(() => parseAwareDatetime('2021-06-07T00:00:00')).toThrow('Not a valid aware datetime.');
  });

  it('rejects garbage as not a datetime', () => {
    for (const bad of ['yesterday', '', '2021-13-45T00:00:00+00:00', 42, null]) {
      expect(() => parseAwareDatetime(bad)).toThrow('Not a valid datetime.');
    }
  });

  it('restores a + that a query string decoded to a space', () => {
    expect(parseAwareDatetimeFromQuery('2021-05-02T00:00:00 02:00')).toEqual({ ms: Date.UTC(2021, 4, 1, 22), offsetMinutes: 120 });
  });

  it('formats with seconds and a numeric offset, never Z', () => {
    expect(formatDatetime(Date.UTC(2015, 0, 1))).toBe('2015-01-01T00:00:00+00:00');
    expect(formatDatetime(Date.UTC(2021, 4, 1, 22), 120)).toBe('2021-05-02T00:00:00+02:00');
    expect(formatDatetime(Date.UTC(2021, 4, 1, 22), -330)).toBe('2021-05-01T16:30:00-05:30');
  });

  it('formats HTTP dates as Flask does', () => {
    expect(httpDate(Date.UTC(2021, 4, 1, 22))).toBe('Sat, 01 May 2021 22:00:00 GMT');
  });

  it('knows zone offsets across DST', () => {
    expect(zoneOffsetMinutes(Date.UTC(2025, 0, 1), 'Europe/Amsterdam')).toBe(60);
    expect(zoneOffsetMinutes(Date.UTC(2025, 6, 1), 'Europe/Amsterdam')).toBe(120);
  });
});

describe('durations', () => {
  it('parses the forms clients send, including pandas notation and negatives', () => {
    expect(parseFixedDuration('PT15M')).toBe(15 * MINUTE);
    expect(parseFixedDuration('P1D')).toBe(DAY);
    expect(parseFixedDuration('P1DT0H0M0S')).toBe(DAY);
    expect(parseFixedDuration('P0DT0H15M0S')).toBe(15 * MINUTE);
    expect(parseFixedDuration('P0DT0H0M0S')).toBe(0);
    expect(parseFixedDuration('-PT10M')).toBe(-10 * MINUTE);
    expect(parseFixedDuration('P1W')).toBe(7 * DAY);
  });

  it('requires whole minutes', () => {
    expect(() => parseDuration('PT30S')).toThrow('FlexMeasures only support multiples of 1 minute.');
    expect(() => parseDuration('P0DT0H1M30.5S')).toThrow('FlexMeasures only support multiples of 1 minute.');
  });

  it('reports unparsable durations with the value', () => {
    expect(() => parseDuration('15 minutes')).toThrow("Cannot parse 15 minutes as ISO8601 duration: Unable to parse duration string '15 minutes'");
  });

  it('keeps nominal durations symbolic and grounds them in a time zone', () => {
    const month = parseDuration('P1M');
    expect(month.nominal).toBe(true);
    expect(month.ms).toBeNull();
    expect(() => parseFixedDuration('P1M')).toThrow('nominal duration');
    // 1 month from 1 March 2025 in Amsterdam crosses the DST switch: 31 days minus one hour.
    const start = Date.UTC(2025, 1, 28, 23);
    expect(addDuration(start, month, 'Europe/Amsterdam') - start).toBe(31 * DAY - HOUR);
    // A calendar day on the 25-hour day is 25 hours.
    const autumn = Date.UTC(2025, 9, 25, 22);
    expect(addDuration(autumn, { ...parseDuration('P1D'), nominal: true, ms: null }, 'Europe/Amsterdam') - autumn).toBe(25 * HOUR);
  });

  it('formats schema fields with days and P0D', () => {
    expect(formatDurationSchema(15 * MINUTE)).toBe('PT15M');
    expect(formatDurationSchema(HOUR)).toBe('PT1H');
    expect(formatDurationSchema(DAY)).toBe('P1D');
    expect(formatDurationSchema(DAY + 30 * MINUTE)).toBe('P1DT30M');
    expect(formatDurationSchema(0)).toBe('P0D');
    expect(formatDurationSchema(-10 * MINUTE)).toBe('-PT10M');
  });

  it('formats time series durations in hours and PT0H', () => {
    expect(formatDurationHours(DAY)).toBe('PT24H');
    expect(formatDurationHours(2 * DAY)).toBe('PT48H');
    expect(formatDurationHours(HOUR + 20 * MINUTE)).toBe('PT1H20M');
    expect(formatDurationHours(0)).toBe('PT0H');
    expect(formatDurationHours(-10 * MINUTE)).toBe('-PT10M');
  });

  it('round-trips through both formats', () => {
    for (const ms of [MINUTE, 59 * MINUTE, HOUR, 25 * HOUR, 3 * DAY + 7 * MINUTE, -HOUR]) {
      expect(parseFixedDuration(formatDurationHours(ms))).toBe(ms);
      expect(parseFixedDuration(formatDurationSchema(ms))).toBe(ms);
    }
  });

  it('prints Python timedeltas', () => {
    expect(formatPythonTimedelta(5 * MINUTE)).toBe('0:05:00');
    expect(formatPythonTimedelta(DAY)).toBe('1 day, 0:00:00');
    expect(formatPythonTimedelta(2 * DAY + 90 * MINUTE)).toBe('2 days, 1:30:00');
    expect(formatPythonTimedelta(-10 * MINUTE)).toBe('-1 day, 23:50:00');
  });
});

describe('grids', () => {
  it('covers [start, end) in steps', () => {
    expect(grid(0, HOUR, 20 * MINUTE)).toEqual([0, 20 * MINUTE, 40 * MINUTE]);
    expect(grid(0, 0, MINUTE)).toEqual([]);
    expect(() => grid(0, HOUR, 0)).toThrow(RangeError);
  });
});
