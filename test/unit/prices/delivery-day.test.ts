import { describe, it, expect } from '@jest/globals';
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import {
  EntsoeDocumentError,
  parseEntsoeDocument,
  type EntsoePrices,
} from '../../../functions/core/prices/entsoe.js';
import {
  deliveryDayOf,
  deliveryDayWindow,
  nextDeliveryDay,
  pricesForDeliveryDay,
} from '../../../functions/core/prices/delivery-day.js';
import { HOUR, MINUTE } from '../../../functions/core/time/index.js';
import { NL_EIC, at, fixture } from './fixtures.js';

function nlPrices(name: string): EntsoePrices {
  const result = parseEntsoeDocument(fixture(name), { eic: NL_EIC });
  if (result.kind !== 'prices') throw new Error(result.reason);
  return result;
}

const amsterdamClock = (ms: number) => format(new TZDate(ms, 'Europe/Amsterdam'), 'HH:mmxxx');

describe('deliveryDayWindow', () => {
  it('is local midnight to local midnight in Europe/Amsterdam by default', () => {
    expect(deliveryDayWindow('2025-10-02')).toEqual({
      day: '2025-10-02',
      timeZone: 'Europe/Amsterdam',
      start: at('2025-10-01T22:00Z'),
      end: at('2025-10-02T22:00Z'),
    });
    const winter = deliveryDayWindow('2025-12-01');
    expect([winter.start, winter.end]).toEqual([at('2025-11-30T23:00Z'), at('2025-12-01T23:00Z')]);
  });

  it('lasts 23 hours on the spring-forward day and 25 on the fall-back day', () => {
    const spring = deliveryDayWindow('2026-03-29');
    expect([spring.start, spring.end]).toEqual([at('2026-03-28T23:00Z'), at('2026-03-29T22:00Z')]);
    expect((spring.end - spring.start) / HOUR).toBe(23);
    const autumn = deliveryDayWindow('2025-10-26');
    expect([autumn.start, autumn.end]).toEqual([at('2025-10-25T22:00Z'), at('2025-10-26T23:00Z')]);
    expect((autumn.end - autumn.start) / HOUR).toBe(25);
  });

  it('follows the given IANA time zone', () => {
    const london = deliveryDayWindow('2025-10-26', 'Europe/London');
    expect([london.start, london.end]).toEqual([at('2025-10-25T23:00Z'), at('2025-10-27T00:00Z')]);
    const helsinki = deliveryDayWindow('2026-03-29', 'Europe/Helsinki');
    expect([helsinki.start, helsinki.end]).toEqual([at('2026-03-28T22:00Z'), at('2026-03-29T21:00Z')]);
  });

  it('rejects malformed and non-existent days and unknown time zones', () => {
    expect(() => deliveryDayWindow('2025-02-30')).toThrow(/does not exist/);
    expect(() => deliveryDayWindow('2025-2-3')).toThrow(/not a yyyy-MM-dd date/);
    expect(() => deliveryDayWindow('2025-10-02T00:00')).toThrow(RangeError);
    expect(() => deliveryDayWindow('2025-10-02', 'Europe/Atlantis')).toThrow(/Unknown time zone/);
  });
});

describe('deliveryDayOf and nextDeliveryDay', () => {
  it('name the local calendar day, DST-aware', () => {
    expect(deliveryDayOf(at('2025-10-25T21:59Z'))).toBe('2025-10-25');
    expect(deliveryDayOf(at('2025-10-25T22:00Z'))).toBe('2025-10-26');
    expect(deliveryDayOf(at('2025-10-26T22:59Z'))).toBe('2025-10-26'); // 23:59 CET, after the 25th hour began
    expect(deliveryDayOf(at('2025-10-26T23:00Z'))).toBe('2025-10-27');
    expect(deliveryDayOf(at('2025-10-25T23:30Z'), 'UTC')).toBe('2025-10-25');
  });

  it('give the day an auction run today prices', () => {
    expect(nextDeliveryDay(at('2025-10-25T11:00Z'))).toBe('2025-10-26');
    expect(nextDeliveryDay(at('2026-03-28T23:30Z'))).toBe('2026-03-30'); // 00:30 CET on the 29th
    expect(nextDeliveryDay(at('2025-12-31T12:00Z'))).toBe('2026-01-01');
  });
});

describe('pricesForDeliveryDay', () => {
  it('keeps the document resolution by default (96 quarter hours, complete)', () => {
    const doc = nlPrices('nl-2025-10-02-pt15m-a03.xml');
    const day = pricesForDeliveryDay(doc, deliveryDayWindow('2025-10-02'));
    expect(day.resolutionMs).toBe(15 * MINUTE);
    expect(day.expectedCount).toBe(96);
    expect(day.complete).toBe(true);
    expect(day.missing).toEqual([]);
    expect(day.points).toEqual(doc.series[0]!.points);
  });

  it('averages quarter hours into hours (as the hourly index is the mean of the quarters)', () => {
    const doc = nlPrices('nl-2025-10-02-pt15m-a03.xml');
    const day = pricesForDeliveryDay(doc, deliveryDayWindow('2025-10-02'), HOUR);
    expect(day.points).toHaveLength(24);
    expect(day.points[0]!.eventStart).toBe(at('2025-10-01T22:00Z'));
    expect(day.points[0]!.value).toBeCloseTo((91.4 + 88.05 * 3) / 4, 10);
    expect(day.points[1]!.value).toBeCloseTo((84.9 + 80 * 3) / 4, 10);
    expect(day.points[4]!.value).toBe(-0.01); // four equal quarters give their price exactly
    expect(day.points[23]!.value).toBe(95.75);
  });

  it('repeats an hourly price over its quarter hours', () => {
    const doc = nlPrices('nl-2025-09-15-pt60m-a01.xml');
    const day = pricesForDeliveryDay(doc, deliveryDayWindow('2025-09-15'), 15 * MINUTE);
    expect(day.points).toHaveLength(96);
    expect(day.complete).toBe(true);
    expect(day.points.slice(0, 5).map((p) => p.value)).toEqual([72.5, 72.5, 72.5, 72.5, 75]);
  });

  it('gives 23 and 25 hourly prices on DST days, at the right UTC starts', () => {
    const spring = pricesForDeliveryDay(nlPrices('nl-2026-03-29-dst-23h-pt15m-a03.xml'), deliveryDayWindow('2026-03-29'), HOUR);
    expect(spring.points).toHaveLength(23);
    expect(spring.complete).toBe(true);
    spring.points.forEach((p, k) => expect(p.eventStart).toBe(at('2026-03-28T23:00Z') + k * HOUR));
    expect(spring.points.slice(0, 4).map((p) => amsterdamClock(p.eventStart))).toEqual([
      '00:00+01:00', '01:00+01:00', '03:00+02:00', '04:00+02:00',
    ]);
    expect(spring.points.map((p) => p.value).slice(0, 4)).toEqual([50, 51, 51, 53]);

    const autumn = pricesForDeliveryDay(nlPrices('nl-2025-10-26-dst-25h-pt15m-a01.xml'), deliveryDayWindow('2025-10-26'), HOUR);
    expect(autumn.points).toHaveLength(25);
    expect(autumn.expectedCount).toBe(25);
    autumn.points.forEach((p, k) => expect(p.eventStart).toBe(at('2025-10-25T22:00Z') + k * HOUR));
    expect(autumn.points.slice(1, 4).map((p) => amsterdamClock(p.eventStart))).toEqual([
      '01:00+02:00', '02:00+02:00', '02:00+01:00',
    ]);
    expect(autumn.points[0]!.value).toBeCloseTo((20.5 + 21 + 21.5 + 22) / 4, 10);
  });

  it('takes only the window\'s day out of a document with several Periods', () => {
    const doc = nlPrices('nl-2025-09-15-16-two-periods.xml');
    const day = pricesForDeliveryDay(doc, deliveryDayWindow('2025-09-16'));
    expect(day.points).toHaveLength(24);
    expect(day.points[0]).toEqual({ eventStart: at('2025-09-15T22:00Z'), value: 139 });
    expect(day.points[23]).toEqual({ eventStart: at('2025-09-16T21:00Z'), value: 116 });
  });

  it('lists the slots without a price when the document does not cover the whole day', () => {
    const doc = nlPrices('nl-2025-09-15-pt60m-a01.xml');
    const shifted = deliveryDayWindow('2025-09-15', 'Europe/London'); // one hour later than Amsterdam's day
    const day = pricesForDeliveryDay(doc, shifted);
    expect(day.expectedCount).toBe(24);
    expect(day.points).toHaveLength(23);
    expect(day.complete).toBe(false);
    expect(day.missing).toEqual([at('2025-09-15T22:00Z')]);

    const later = pricesForDeliveryDay(doc, deliveryDayWindow('2025-09-17'), HOUR);
    expect(later).toMatchObject({ points: [], complete: false, expectedCount: 24 });
    expect(later.missing).toHaveLength(24);
  });

  it('needs a resolution when the document has no price in the window, and a window of whole slots', () => {
    const doc = nlPrices('nl-2025-09-15-pt60m-a01.xml');
    expect(() => pricesForDeliveryDay(doc, deliveryDayWindow('2025-09-17'))).toThrow(EntsoeDocumentError);
    expect(() => pricesForDeliveryDay(doc, deliveryDayWindow('2025-09-15'), 7 * MINUTE)).toThrow(RangeError);
    expect(() => pricesForDeliveryDay(doc, { start: at('2025-09-15T00:00Z'), end: at('2025-09-15T00:00Z') })).toThrow(RangeError);
  });
});
