import { describe, it, expect } from '@jest/globals';
import { parseEntsoeDocument, type EntsoePrices } from '../../../functions/core/prices/entsoe.js';
import { deliveryDayWindow } from '../../../functions/core/prices/delivery-day.js';
import { PriceBeliefError, documentWindows, priceBeliefs, type PriceSensor } from '../../../functions/core/prices/price-beliefs.js';
import { HOUR, MINUTE } from '../../../functions/core/time/index.js';
import { NL_EIC, at, fixture } from './fixtures.js';
import { thrownBy } from '../../helpers/errors.js';

function nl(name: string): EntsoePrices {
  const result = parseEntsoeDocument(fixture(name), { eic: NL_EIC });
  if (result.kind !== 'prices') throw new Error(result.reason);
  return result;
}

const hourly: PriceSensor = { id: 5, unit: 'EUR/MWh', event_resolution: HOUR };
const quarterly: PriceSensor = { id: 6, unit: 'EUR/MWh', event_resolution: 15 * MINUTE };

const failure = (fn: () => unknown) => thrownBy(PriceBeliefError, fn);

describe('priceBeliefs', () => {
  it('makes one belief per slot: belief time = createdDateTime, the given source, cp 0.5', () => {
    const doc = nl('nl-2025-09-15-pt60m-a01.xml');
    const result = priceBeliefs(doc, [deliveryDayWindow('2025-09-15')], hourly, 3);
    expect(result.beliefs).toHaveLength(24);
    expect(result.beliefs[0]).toEqual({
      sensorId: 5, eventStart: at('2025-09-14T22:00Z'), beliefTime: at('2025-09-14T10:58:12Z'), sourceId: 3, cumulativeProbability: 0.5, value: 72.5,
    });
    expect(result.beliefs[23]).toMatchObject({ eventStart: at('2025-09-15T21:00Z'), value: 130 });
    expect(result).toMatchObject({ resolutionMs: HOUR, documentResolutionsMs: [HOUR], resampling: 'none', beliefTime: at('2025-09-14T10:58:12Z') });
  });

  it('averages quarter hours into an hourly sensor (time-weighted mean) and repeats hours onto a quarter-hourly one', () => {
    const quarters = nl('nl-2025-10-02-pt15m-a03.xml');
    const means = priceBeliefs(quarters, [deliveryDayWindow('2025-10-02')], hourly, 1);
    expect(means.resampling).toBe('mean');
    expect(means.documentResolutionsMs).toEqual([15 * MINUTE]);
    expect(means.beliefs).toHaveLength(24);
    expect(means.beliefs[0]!.value).toBeCloseTo((91.4 + 88.05 * 3) / 4, 10);
    expect(means.beliefs[4]!.value).toBe(-0.01);

    const hours = nl('nl-2025-09-15-pt60m-a01.xml');
    const repeated = priceBeliefs(hours, [deliveryDayWindow('2025-09-15')], quarterly, 1);
    expect(repeated.resampling).toBe('repeat');
    expect(repeated.beliefs).toHaveLength(96);
    expect(repeated.beliefs.slice(0, 5).map((b) => b.value)).toEqual([72.5, 72.5, 72.5, 72.5, 75]);
  });

  it('converts EUR/MWh to the sensor\'s price unit', () => {
    const doc = nl('nl-2025-09-15-pt60m-a01.xml');
    const result = priceBeliefs(doc, [deliveryDayWindow('2025-09-15')], { ...hourly, unit: 'EUR/kWh' }, 1);
    expect(result.beliefs[0]!.value).toBeCloseTo(0.0725, 12);
    expect(result.beliefs[23]!.value).toBeCloseTo(0.13, 12);
  });

  it('gives 23 and 25 hourly beliefs on the DST days', () => {
    const spring = priceBeliefs(nl('nl-2026-03-29-dst-23h-pt15m-a03.xml'), [deliveryDayWindow('2026-03-29')], hourly, 1);
    expect(spring.beliefs.map((b) => b.eventStart)).toEqual(Array.from({ length: 23 }, (_, k) => at('2026-03-28T23:00Z') + k * HOUR));
    const autumn = priceBeliefs(nl('nl-2025-10-26-dst-25h-pt15m-a01.xml'), [deliveryDayWindow('2025-10-26')], quarterly, 1);
    expect(autumn.beliefs).toHaveLength(100);
    expect(autumn.beliefs[99]).toMatchObject({ eventStart: at('2025-10-26T22:45Z'), value: 70 });
  });

  it('refuses a sensor it cannot serve, and a window with missing prices', () => {
    const doc = nl('nl-2025-09-15-pt60m-a01.xml');
    const day = [deliveryDayWindow('2025-09-15')];
    expect(failure(() => priceBeliefs(doc, day, { ...hourly, event_resolution: 0 }, 1))).toMatchObject({
      kind: 'resolution', message: expect.stringMatching(/Sensor 5 is instantaneous/),
    });
    expect(failure(() => priceBeliefs(doc, day, { ...hourly, unit: 'kW' }, 1))).toMatchObject({
      kind: 'unit', message: "Sensor 5 has unit 'kW', which is not an energy price unit such as EUR/MWh.",
    });
    expect(failure(() => priceBeliefs(doc, day, { ...hourly, unit: 'USD/MWh' }, 1))).toMatchObject({ kind: 'unit' });
    expect(failure(() => priceBeliefs(doc, day, { ...hourly, event_resolution: 7 * MINUTE }, 1))).toMatchObject({
      kind: 'resolution', message: expect.stringMatching(/resolution PT7M, which does not divide 2025-09-14T22:00:00.000Z…2025-09-15T22:00:00.000Z/),
    });
    const spring = nl('nl-2026-03-29-dst-23h-pt15m-a03.xml');
    expect(failure(() => priceBeliefs(spring, [deliveryDayWindow('2026-03-29')], { ...hourly, event_resolution: 24 * HOUR }, 1)).kind).toBe('resolution');
    expect(failure(() => priceBeliefs(doc, [deliveryDayWindow('2025-09-16')], hourly, 1))).toMatchObject({
      kind: 'incomplete',
      message: 'The document prices 0 of the 24 PT1H slots from 2025-09-15T22:00:00.000Z to 2025-09-16T22:00:00.000Z; the first without a price starts at 2025-09-15T22:00:00.000Z.',
    });
  });
});

describe('documentWindows', () => {
  it('merges touching Periods into one window', () => {
    expect(documentWindows(nl('nl-2025-09-15-16-two-periods.xml'))).toEqual([{ start: at('2025-09-14T22:00Z'), end: at('2025-09-16T22:00Z') }]);
    expect(documentWindows(nl('nl-2025-10-02-pt15m-a03.xml'))).toEqual([{ start: at('2025-10-01T22:00Z'), end: at('2025-10-02T22:00Z') }]);
  });
});
