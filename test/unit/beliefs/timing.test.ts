import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import {
  beliefHorizon,
  beliefTimeFromHorizon,
  defaultTiming,
  eventEnd,
  knowledgeHorizon,
  knowledgeHorizonBounds,
  knowledgeTime,
  xDaysAgoAtYOclock,
  xYearsAgoAtDate,
  type KnowledgeHorizon,
  type SensorTiming,
} from '../../../functions/core/beliefs/index.js';
import { DAY, HOUR, MINUTE } from '../../../functions/core/time/index.js';

const t = (iso: string): number => Date.parse(iso);
const timing = (knowledge: KnowledgeHorizon, eventResolutionMs = HOUR, timezone = 'UTC'): SensorTiming => ({
  eventResolutionMs,
  knowledgeHorizon: knowledge,
  timezone,
});
const dayAhead = timing({ fnc: 'x_days_ago_at_y_oclock', par: { x: 1, y: 12, z: 'Europe/Amsterdam' } }, HOUR, 'Europe/Amsterdam');

describe('ex_post (the default)', () => {
  it('knowledge time is the event end', () => {
    const quarter = defaultTiming(15 * MINUTE);
    const start = t('2021-06-07T13:00:00+02:00');
    expect(knowledgeTime(start, quarter)).toBe(t('2021-06-07T13:15:00+02:00'));
    expect(knowledgeHorizon(start, quarter)).toBe(-15 * MINUTE);
    expect(eventEnd(start, 15 * MINUTE)).toBe(t('2021-06-07T13:15:00+02:00'));
  });

  it('belief horizon examples of docs/contract/beliefs-model.md §2/§4', () => {
    const quarter = defaultTiming(15 * MINUTE);
    const start = t('2021-06-07T13:00:00+02:00');
    // recorded exactly at the end: horizon 0
    expect(beliefHorizon(start, t('2021-06-07T13:15:00+02:00'), quarter)).toBe(0);
    // horizon PT6H: made at 07:15
    expect(beliefTimeFromHorizon(start, 6 * HOUR, quarter)).toBe(t('2021-06-07T07:15:00+02:00'));
    // a meter reading 10 minutes after the end: -PT10M
    expect(beliefHorizon(start, t('2021-06-07T13:25:00+02:00'), quarter)).toBe(-10 * MINUTE);
  });

  it('instantaneous events are known at their start', () => {
    const instant = defaultTiming(0);
    const start = t('2021-05-02T00:10:00+02:00');
    expect(knowledgeTime(start, instant)).toBe(start);
    expect(beliefHorizon(start, start, instant)).toBe(0);
  });

  it('takes ex_post_horizon as ms or as ISO duration', () => {
    const start = t('2024-01-01T00:00:00Z');
    expect(knowledgeTime(start, timing({ fnc: 'ex_post', par: { ex_post_horizon: 30 * MINUTE } }))).toBe(start + HOUR + 30 * MINUTE);
    expect(knowledgeTime(start, timing({ fnc: 'ex_post', par: { ex_post_horizon: 'PT30M' } }))).toBe(start + HOUR + 30 * MINUTE);
    expect(knowledgeTime(start, timing({ fnc: 'ex_post', par: { ex_post_horizon: '-PT15M' } }))).toBe(start + 45 * MINUTE);
    expect(knowledgeTime(start, timing({ fnc: 'ex_post', par: {} }))).toBe(start + HOUR);
    expect(() => knowledgeTime(start, timing({ fnc: 'ex_post', par: { ex_post_horizon: 'P1M' } }))).toThrow(/nominal/);
  });
});

describe('ex_ante', () => {
  it('knowledge time is a fixed lead before the start', () => {
    const start = t('2024-01-01T12:00:00Z');
    const sensor = timing({ fnc: 'ex_ante', par: { ex_ante_horizon: 'PT2H' } });
    expect(knowledgeTime(start, sensor)).toBe(start - 2 * HOUR);
    expect(knowledgeHorizon(start, sensor)).toBe(2 * HOUR);
    expect(knowledgeHorizonBounds(sensor)).toEqual([2 * HOUR, 2 * HOUR]);
  });
});

describe('at_date', () => {
  it('everything is known from one moment', () => {
    const contract = '2023-12-15T09:00:00+01:00';
    for (const kt of [contract, t(contract)]) {
      const sensor = timing({ fnc: 'at_date', par: { knowledge_time: kt } });
      expect(knowledgeTime(t('2024-06-01T00:00:00Z'), sensor)).toBe(t(contract));
      expect(knowledgeTime(t('2025-01-01T00:00:00Z'), sensor)).toBe(t(contract));
    }
    expect(knowledgeHorizonBounds(timing({ fnc: 'at_date', par: { knowledge_time: 0 } }))).toEqual([-Infinity, Infinity]);
  });
});

describe('x_days_ago_at_y_oclock', () => {
  it('worked example: day-ahead price for 15:00-16:00 on 10 June known 9 June 12:00 (27 h); forecast at 11:00 has horizon 1 h', () => {
    const start = t('2024-06-10T15:00:00+02:00');
    expect(knowledgeTime(start, dayAhead)).toBe(t('2024-06-09T12:00:00+02:00'));
    expect(knowledgeHorizon(start, dayAhead)).toBe(27 * HOUR);
    expect(beliefHorizon(start, t('2024-06-09T11:00:00+02:00'), dayAhead)).toBe(HOUR);
  });

  it('ordinary day: noon to noon is 24 h', () => {
    expect(knowledgeHorizon(t('2024-06-10T12:00:00+02:00'), dayAhead)).toBe(24 * HOUR);
  });

  it('spring-forward day (23 h): event at local noon on 31 March 2024', () => {
    const start = t('2024-03-31T12:00:00+02:00');
    expect(knowledgeTime(start, dayAhead)).toBe(t('2024-03-30T12:00:00+01:00'));
    expect(knowledgeHorizon(start, dayAhead)).toBe(23 * HOUR);
  });

  it('fall-back day (25 h): event at local noon on 27 October 2024', () => {
    const start = t('2024-10-27T12:00:00+01:00');
    expect(knowledgeTime(start, dayAhead)).toBe(t('2024-10-26T12:00:00+02:00'));
    expect(knowledgeHorizon(start, dayAhead)).toBe(25 * HOUR);
  });

  it('the day after a DST change counts back across it', () => {
    expect(knowledgeHorizon(t('2024-04-01T12:00:00+02:00'), dayAhead)).toBe(24 * HOUR);
    expect(knowledgeHorizon(t('2024-04-01T00:00:00+02:00'), dayAhead)).toBe(12 * HOUR);
    // local midnight of 31 March (+01:00) is known at noon of 30 March: 12 h
    expect(knowledgeHorizon(t('2024-03-31T00:00:00+01:00'), dayAhead)).toBe(12 * HOUR);
    // 23:00 on 31 March (+02:00) is known at noon of 30 March (+01:00): 23 - 12 + 23 - 1 = 34 h
    expect(knowledgeHorizon(t('2024-03-31T23:00:00+02:00'), dayAhead)).toBe(34 * HOUR);
  });

  it('all 24 hourly events of the 23-hour and 25-hour days share one knowledge time', () => {
    const spring = grid(t('2024-03-31T00:00:00+01:00'), t('2024-04-01T00:00:00+02:00'));
    const autumn = grid(t('2024-10-27T00:00:00+02:00'), t('2024-10-28T00:00:00+01:00'));
    expect(spring).toHaveLength(23);
    expect(autumn).toHaveLength(25);
    expect(new Set(spring.map((s) => knowledgeTime(s, dayAhead)))).toEqual(new Set([t('2024-03-30T12:00:00+01:00')]));
    expect(new Set(autumn.map((s) => knowledgeTime(s, dayAhead)))).toEqual(new Set([t('2024-10-26T12:00:00+02:00')]));
  });

  it('uses the wall clock of zone z, not of the sensor', () => {
    const tokyo = timing({ fnc: 'x_days_ago_at_y_oclock', par: { x: 1, y: 12, z: 'Asia/Tokyo' } });
    // 2024-06-10T01:00Z is 10:00 on 10 June in Tokyo → known 9 June 12:00 JST = 03:00Z
    expect(knowledgeTime(t('2024-06-10T01:00:00Z'), tokyo)).toBe(t('2024-06-09T03:00:00Z'));
  });

  it('handles fractional hours, x = 0 and month boundaries', () => {
    expect(xDaysAgoAtYOclock(t('2024-06-10T15:00:00Z'), 1, 12.5, 'UTC')).toBe(t('2024-06-09T12:30:00Z'));
    expect(xDaysAgoAtYOclock(t('2024-06-10T15:00:00Z'), 0, 6, 'UTC')).toBe(t('2024-06-10T06:00:00Z'));
    expect(xDaysAgoAtYOclock(t('2024-03-01T15:00:00Z'), 1, 12, 'UTC')).toBe(t('2024-02-29T12:00:00Z'));
    expect(xDaysAgoAtYOclock(t('2024-01-01T00:30:00+01:00'), 2, 12, 'Europe/Amsterdam')).toBe(t('2023-12-30T12:00:00+01:00'));
  });

  it('resolves non-existent and ambiguous wall times like pytz localize(is_dst=False)', () => {
    // 02:30 on 31 March 2024 does not exist in Amsterdam: same instant as 02:30+01:00
    expect(xDaysAgoAtYOclock(t('2024-04-01T12:00:00+02:00'), 1, 2.5, 'Europe/Amsterdam')).toBe(t('2024-03-31T02:30:00+01:00'));
    // 02:30 on 27 October 2024 happens twice: the later (standard time, +01:00) one
    expect(xDaysAgoAtYOclock(t('2024-10-28T12:00:00+01:00'), 1, 2.5, 'Europe/Amsterdam')).toBe(t('2024-10-27T02:30:00+01:00'));
  });

  it('rejects bad parameters', () => {
    expect(() => xDaysAgoAtYOclock(0, 1.5, 12, 'UTC')).toThrow(RangeError);
    expect(() => xDaysAgoAtYOclock(0, 1, 24, 'UTC')).toThrow(RangeError);
  });

  it('bounds include a 2 h DST margin', () => {
    expect(knowledgeHorizonBounds(dayAhead)).toEqual([DAY - 14 * HOUR, 2 * DAY - 10 * HOUR]);
  });
});

describe('x_years_ago_at_date', () => {
  it('known from local midnight of a date x years before the event year', () => {
    const tax = timing({ fnc: 'x_years_ago_at_date', par: { day: 15, month: 12 } }, DAY, 'Europe/Amsterdam');
    expect(knowledgeTime(t('2024-07-01T00:00:00+02:00'), tax)).toBe(t('2023-12-15T00:00:00+01:00'));
    expect(xYearsAgoAtDate(t('2024-07-01T00:00:00Z'), 1, 1, 2, 'UTC')).toBe(t('2022-01-01T00:00:00Z'));
    expect(() => xYearsAgoAtDate(0, 1, 1, 0, 'UTC')).toThrow('Only positive values for `x` are supported.');
    expect(knowledgeHorizonBounds(tax)).toEqual([0, 733 * DAY]);
  });
});

describe('identities', () => {
  const knowledgeHorizons = fc.constantFrom<KnowledgeHorizon>(
    { fnc: 'ex_post', par: { ex_post_horizon: 0 } },
    { fnc: 'ex_post', par: { ex_post_horizon: 'PT1H' } },
    { fnc: 'ex_ante', par: { ex_ante_horizon: 'PT6H' } },
    { fnc: 'x_days_ago_at_y_oclock', par: { x: 1, y: 12, z: 'Europe/Amsterdam' } },
    { fnc: 'at_date', par: { knowledge_time: '2020-01-01T00:00:00+00:00' } },
  );

  it('belief_time + belief_horizon + knowledge_horizon = event_start, and time ↔ horizon round-trips', () => {
    fc.assert(
      fc.property(
        knowledgeHorizons,
        fc.constantFrom(0, 5 * MINUTE, 15 * MINUTE, HOUR, DAY),
        fc.integer({ min: t('2020-01-01T00:00:00Z') / MINUTE, max: t('2030-01-01T00:00:00Z') / MINUTE }),
        fc.integer({ min: -10 * 24 * 60, max: 10 * 24 * 60 }),
        (kh, resolution, startMinutes, offsetMinutes) => {
          const sensor = timing(kh, resolution, 'Europe/Amsterdam');
          const start = startMinutes * MINUTE;
          const beliefTime = start + offsetMinutes * MINUTE;
          const horizon = beliefHorizon(start, beliefTime, sensor);
          expect(beliefTime + horizon + knowledgeHorizon(start, sensor)).toBe(start);
          expect(beliefTimeFromHorizon(start, horizon, sensor)).toBe(beliefTime);
          const [low, high] = knowledgeHorizonBounds(sensor);
          expect(knowledgeHorizon(start, sensor)).toBeGreaterThanOrEqual(low);
          expect(knowledgeHorizon(start, sensor)).toBeLessThanOrEqual(high);
        },
      ),
    );
  });
});

function grid(start: number, end: number): number[] {
  const out: number[] = [];
  for (let s = start; s < end; s += HOUR) out.push(s);
  return out;
}
