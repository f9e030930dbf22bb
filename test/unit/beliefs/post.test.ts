import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import {
  OVERLAPPING_INSTANTANEOUS_VALUES_MESSAGE,
  beliefHorizon,
  beliefsFromPostedSeries,
  defaultTiming,
  incompatibleResolutionMessage,
  type PostTargetSensor,
  type PostedSeries,
} from '../../../functions/core/beliefs/index.js';
import { DAY, HOUR, MINUTE } from '../../../functions/core/time/index.js';
import { rejection, t } from './fixtures.js';

const START = t('2021-06-07T00:00:00+02:00');
const NOW = t('2021-06-08T09:30:00+02:00');
const gas: PostTargetSensor = { id: 1, unit: 'm³/h', timing: defaultTiming(10 * MINUTE) };
const emptyTemperature: PostTargetSensor = { id: 3, unit: '°C', timing: defaultTiming(0) };

/** docs/contract/api.md §12.2 base body, parsed: 6 × −11.28 over PT1H with horizon PT0H. */
function post(overrides: Partial<PostedSeries> = {}): PostedSeries {
  return {
    start: START,
    durationMs: HOUR,
    values: Array(6).fill(-11.28),
    unit: 'm³/h',
    horizonMs: 0,
    now: NOW,
    sourceId: 7,
    ...overrides,
  };
}

describe('docs/contract/api.md §12.2 item 8: resampling and unit matrix (gas sensor, 10 min, m³/h)', () => {
  it('6 × −11.28 m³/h → 6 beliefs of −11.28', () => {
    const { beliefs, upsamplingFactor } = beliefsFromPostedSeries(post(), gas);
    expect(beliefs.map((b) => b.value)).toEqual(Array(6).fill(-11.28));
    expect(beliefs.map((b) => b.eventStart)).toEqual([0, 1, 2, 3, 4, 5].map((k) => START + k * 10 * MINUTE));
    expect(upsamplingFactor).toBe(1);
  });

  it('6 values, first null → 5 beliefs', () => {
    const { beliefs, eventCount } = beliefsFromPostedSeries(post({ values: [null, -11.28, -11.28, -11.28, -11.28, -11.28] }), gas);
    expect(beliefs).toHaveLength(5);
    expect(beliefs[0]!.eventStart).toBe(START + 10 * MINUTE);
    expect(eventCount).toBe(6);
  });

  it('6 × −11.28 m³ → −67.68 m³/h (stock per 10 min to flow)', () => {
    const { beliefs } = beliefsFromPostedSeries(post({ unit: 'm³' }), gas);
    expect(beliefs).toHaveLength(6);
    for (const b of beliefs) expect(b.value).toBeCloseTo(-67.68, 10);
  });

  it('6 × −11.28 l/h → −0.01128 m³/h', () => {
    const { beliefs } = beliefsFromPostedSeries(post({ unit: 'l/h' }), gas);
    expect(beliefs).toHaveLength(6);
    for (const b of beliefs) expect(b.value).toBeCloseTo(-0.01128, 14);
  });

  it('3 × −11.28 m³/h → upsampled 20 → 10 min by repetition: 6 × −11.28', () => {
    const { beliefs, upsamplingFactor, inferredResolutionMs } = beliefsFromPostedSeries(post({ values: [-11.28, -11.28, -11.28] }), gas);
    expect(inferredResolutionMs).toBe(20 * MINUTE);
    expect(upsamplingFactor).toBe(2);
    expect(beliefs.map((b) => b.value)).toEqual(Array(6).fill(-11.28));
    expect(beliefs.map((b) => b.eventStart)).toEqual([0, 1, 2, 3, 4, 5].map((k) => START + k * 10 * MINUTE));
  });

  it('a bare number over 1 h → 6 slots of −11.28', () => {
    const { beliefs } = beliefsFromPostedSeries(post({ values: -11.28 }), gas);
    expect(beliefs.map((b) => b.value)).toEqual(Array(6).fill(-11.28));
  });

  it('4 values (15 min) → 422, nothing', () => {
    const error = rejection(() => beliefsFromPostedSeries(post({ values: [1, 2, 3, 4] }), gas));
    expect(error.field).toBe('_schema');
    expect(error.message).toBe("Resolution of 0:15:00 is incompatible with the sensor's required resolution of 0:10:00.");
  });

  it('10 values (6 min) → 422', () => {
    expect(rejection(() => beliefsFromPostedSeries(post({ values: Array(10).fill(1) }), gas)).message).toBe(
      "Resolution of 0:06:00 is incompatible with the sensor's required resolution of 0:10:00.",
    );
  });
});

describe('decision 0012: stock values are split when upsampled', () => {
  it('three 20-minute values of −11.28 m³ become six of −5.64 m³, stored as −33.84 m³/h', () => {
    const { beliefs } = beliefsFromPostedSeries(post({ unit: 'm³', values: [-11.28, -11.28, -11.28] }), gas);
    expect(beliefs).toHaveLength(6);
    for (const b of beliefs) expect(b.value).toBeCloseTo(-33.84, 10);
  });

  it('kWh to a 15-minute kW sensor: 1 kWh per hour is 1 kW throughout', () => {
    const power: PostTargetSensor = { id: 2, unit: 'kW', timing: defaultTiming(15 * MINUTE) };
    const { beliefs } = beliefsFromPostedSeries(post({ unit: 'kWh', values: [1, 2] , durationMs: 2 * HOUR }), power);
    expect(beliefs.map((b) => b.value)).toEqual([1, 1, 1, 1, 2, 2, 2, 2]);
  });

  it('flow and intensive values are repeated', () => {
    const temperature: PostTargetSensor = { id: 4, unit: '°C', timing: defaultTiming(15 * MINUTE) };
    expect(beliefsFromPostedSeries(post({ unit: '°C', values: [20] }), temperature).beliefs.map((b) => b.value)).toEqual([20, 20, 20, 20]);
    const price: PostTargetSensor = { id: 5, unit: 'EUR/MWh', timing: defaultTiming(15 * MINUTE) };
    expect(beliefsFromPostedSeries(post({ unit: 'EUR/kWh', values: [0.25] }), price).beliefs.map((b) => b.value)).toEqual([
      250, 250, 250, 250,
    ]);
  });

  it('nulls stay gaps after upsampling', () => {
    const { beliefs, eventCount } = beliefsFromPostedSeries(post({ values: [1, null, 3] }), gas);
    expect(eventCount).toBe(6);
    expect(beliefs.map((b) => (b.eventStart - START) / MINUTE)).toEqual([0, 10, 40, 50]);
  });

  it('property: splitting preserves the posted total volume', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(null), fc.double({ min: -1e4, max: 1e4, noNaN: true })), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 6 }),
        (values, n) => {
          const { beliefs } = beliefsFromPostedSeries(
            post({ unit: 'm³', values, durationMs: values.length * n * 10 * MINUTE }),
            gas,
          );
          const stored = beliefs.reduce((sum, b) => sum + b.value * (10 / 60), 0);
          const posted = values.reduce<number>((sum, v) => sum + (v ?? 0), 0);
          expect(stored).toBeCloseTo(posted, 6);
          expect(beliefs).toHaveLength(values.filter((v) => v !== null).length * n);
        },
      ),
    );
  });
});

describe('docs/contract/api.md §12.2 item 5: validation messages', () => {
  it('duration PT30M with 6 values → Resolution of 0:05:00 is incompatible', () => {
    const error = rejection(() => beliefsFromPostedSeries(post({ durationMs: 30 * MINUTE }), gas));
    expect(error.field).toBe('_schema');
    expect(error.message).toContain('Resolution of 0:05:00 is incompatible');
  });

  it('unit m → Required unit', () => {
    const error = rejection(() => beliefsFromPostedSeries(post({ unit: 'm' }), gas));
    expect(error.field).toBe('_schema');
    expect(error.message).toBe('Required unit for this sensor is m³/h, got incompatible unit: m');
  });

  it('prints timedeltas like Python, microseconds and days included', () => {
    expect(rejection(() => beliefsFromPostedSeries(post({ values: Array(7).fill(1) }), gas)).message).toBe(
      "Resolution of 0:08:34.285714 is incompatible with the sensor's required resolution of 0:10:00.",
    );
    const daily: PostTargetSensor = { id: 9, unit: 'kWh', timing: defaultTiming(DAY) };
    expect(rejection(() => beliefsFromPostedSeries(post({ unit: 'kWh', values: [1, 2] , durationMs: DAY }), daily)).message).toBe(
      "Resolution of 12:00:00 is incompatible with the sensor's required resolution of 1 day, 0:00:00.",
    );
    expect(incompatibleResolutionMessage(2 * DAY + 90 * MINUTE, HOUR)).toBe(
      "Resolution of 2 days, 1:30:00 is incompatible with the sensor's required resolution of 1:00:00.",
    );
  });

  it('negative durations are rejected (a 4xx, not a backwards series)', () => {
    expect(rejection(() => beliefsFromPostedSeries(post({ durationMs: -HOUR }), gas)).message).toBe(
      "Resolution of -1 day, 23:50:00 is incompatible with the sensor's required resolution of 0:10:00.",
    );
    expect(rejection(() => beliefsFromPostedSeries(post({ unit: '°C', durationMs: -HOUR }), emptyTemperature)).field).toBe('_schema');
  });

  it('missing, empty and non-numeric values (decision 0016: 422, not 500)', () => {
    expect(rejection(() => beliefsFromPostedSeries(post({ values: undefined }), gas))).toMatchObject({
      field: 'values',
      message: 'Missing data for required field.',
    });
    expect(rejection(() => beliefsFromPostedSeries(post({ values: [] }), gas))).toMatchObject({
      field: 'values',
      message: 'Shorter than minimum length 1.',
    });
    expect(rejection(() => beliefsFromPostedSeries(post({ values: [1, Number.NaN, 2, 3, 4, 5] }), gas)).field).toBe('values');
  });
});

describe('docs/contract/api.md §12.2 item 7: instantaneous sensors', () => {
  const base = { unit: '°C', durationMs: 0 };

  it('one value with zero duration (bare number) → 1 belief at start', () => {
    const { beliefs } = beliefsFromPostedSeries(post({ ...base, values: 20 }), emptyTemperature);
    expect(beliefs).toHaveLength(1);
    expect(beliefs[0]).toMatchObject({ eventStart: START, value: 20, sensorId: 3, sourceId: 7, cumulativeProbability: 0.5 });
    // horizon 0 on an instantaneous event: believed at the event itself
    expect(beliefs[0]!.beliefTime).toBe(START);
  });

  it('two values with zero duration → the exact overlap message', () => {
    const error = rejection(() => beliefsFromPostedSeries(post({ ...base, values: [20, 21] }), emptyTemperature));
    expect(error.field).toBe('_schema');
    expect(error.message).toBe(
      'Cannot save multiple instantaneous values that overlap. That is, two values spanning the same moment (a zero duration). Try sending a single value or definining a non-zero duration.',
    );
    expect(error.message).toBe(OVERLAPPING_INSTANTANEOUS_VALUES_MESSAGE);
  });

  it('several values with zero duration are also rejected for non-instantaneous sensors', () => {
    expect(rejection(() => beliefsFromPostedSeries(post({ durationMs: 0, values: [1, 2] }), gas)).message).toBe(
      OVERLAPPING_INSTANTANEOUS_VALUES_MESSAGE,
    );
  });

  it('any frequency is accepted and spaces the points; nothing is resampled', () => {
    const { beliefs, upsamplingFactor } = beliefsFromPostedSeries(post({ unit: '°C', durationMs: HOUR, values: [1, 2, 3, 4, 5, 6, 7] }), emptyTemperature);
    expect(upsamplingFactor).toBe(1);
    expect(beliefs).toHaveLength(7);
    expect(beliefs[1]!.eventStart).toBe(START + Math.round(HOUR / 7));
    expect(beliefs.map((b) => b.value)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('scales units without a resolution (°F → °C)', () => {
    const { beliefs } = beliefsFromPostedSeries(post({ unit: '°F', durationMs: 0, values: 212 }), emptyTemperature);
    expect(beliefs[0]!.value).toBeCloseTo(100, 10);
  });

  it('stock↔flow conversion for an instantaneous sensor is a 422 (decision 0016)', () => {
    const flowMeter: PostTargetSensor = { id: 8, unit: 'm³/h', timing: defaultTiming(0) };
    const error = rejection(() => beliefsFromPostedSeries(post({ unit: 'm³', durationMs: 0, values: 5 }), flowMeter));
    expect(error.field).toBe('_schema');
    expect(error.message).toBe(
      'Cannot convert values from m³ to m³/h for a sensor with instantaneous events: converting between a stock and a flow needs a non-zero event resolution.',
    );
  });
});

describe('belief timing (rule 7)', () => {
  it('horizon PT0H: believed at each event end', () => {
    const { beliefs } = beliefsFromPostedSeries(post(), gas);
    expect(beliefs.map((b) => b.beliefTime)).toEqual(beliefs.map((b) => b.eventStart + 10 * MINUTE));
    for (const b of beliefs) expect(beliefHorizon(b.eventStart, b.beliefTime, gas.timing)).toBe(0);
  });

  it('horizon PT6H on a 15-minute sensor: the 13:00-13:15 value was made at 07:15', () => {
    const quarter: PostTargetSensor = { id: 2, unit: 'kW', timing: defaultTiming(15 * MINUTE) };
    const start = t('2021-06-07T13:00:00+02:00');
    const { beliefs } = beliefsFromPostedSeries(post({ start, unit: 'kW', values: [1, 2], durationMs: 30 * MINUTE, horizonMs: 6 * HOUR }), quarter);
    expect(beliefs.map((b) => b.beliefTime)).toEqual([t('2021-06-07T07:15:00+02:00'), t('2021-06-07T07:30:00+02:00')]);
  });

  it('horizon -PT10M: 10 minutes after each end', () => {
    const { beliefs } = beliefsFromPostedSeries(post({ horizonMs: -10 * MINUTE }), gas);
    expect(beliefs[0]!.beliefTime).toBe(START + 20 * MINUTE);
    expect(beliefs[5]!.beliefTime).toBe(START + 70 * MINUTE);
  });

  it('prior wins over horizon and applies to every value', () => {
    const prior = t('2021-06-06T12:00:00+02:00');
    const { beliefs } = beliefsFromPostedSeries(post({ prior, horizonMs: -10 * MINUTE }), gas);
    expect(new Set(beliefs.map((b) => b.beliefTime))).toEqual(new Set([prior]));
  });

  it('neither: the injected now', () => {
    const { beliefs } = beliefsFromPostedSeries(post({ horizonMs: undefined }), gas);
    expect(new Set(beliefs.map((b) => b.beliefTime))).toEqual(new Set([NOW]));
  });

  it('horizons follow the sensor knowledge-horizon function (day-ahead prices)', () => {
    const prices: PostTargetSensor = {
      id: 11,
      unit: 'EUR/MWh',
      timing: { eventResolutionMs: HOUR, knowledgeHorizon: { fnc: 'x_days_ago_at_y_oclock', par: { x: 1, y: 12, z: 'Europe/Amsterdam' } }, timezone: 'Europe/Amsterdam' },
    };
    const { beliefs } = beliefsFromPostedSeries(
      post({ start: t('2024-03-31T00:00:00+01:00'), durationMs: 23 * HOUR, unit: 'EUR/MWh', values: Array(23).fill(50), horizonMs: HOUR }),
      prices,
    );
    expect(new Set(beliefs.map((b) => b.beliefTime))).toEqual(new Set([t('2024-03-30T11:00:00+01:00')]));
  });
});

describe('type checks (rule 9)', () => {
  it('PostMeterDataRequest: horizons must be ≤ 0', () => {
    expect(beliefsFromPostedSeries(post({ type: 'PostMeterDataRequest', horizonMs: 0 }), gas).beliefs).toHaveLength(6);
    expect(beliefsFromPostedSeries(post({ type: 'PostMeterDataRequest', horizonMs: undefined }), gas).beliefs).toHaveLength(6);
    expect(rejection(() => beliefsFromPostedSeries(post({ type: 'PostMeterDataRequest', horizonMs: MINUTE }), gas))).toMatchObject({
      field: '_schema',
      message: 'Meter data must lie in the past.',
    });
    const earlyPrior = START - DAY;
    expect(rejection(() => beliefsFromPostedSeries(post({ type: 'PostMeterDataRequest', prior: earlyPrior }), gas)).message).toBe(
      'Meter data must lie in the past.',
    );
  });

  it('PostPrognosisRequest: horizons must be ≥ 0', () => {
    expect(beliefsFromPostedSeries(post({ type: 'PostPrognosisRequest', horizonMs: 6 * HOUR }), gas).beliefs).toHaveLength(6);
    expect(rejection(() => beliefsFromPostedSeries(post({ type: 'PostPrognosisRequest', horizonMs: -MINUTE }), gas)).message).toBe(
      'Prognoses must lie in the future.',
    );
    // believed "now", a day after the data: not a prognosis
    expect(rejection(() => beliefsFromPostedSeries(post({ type: 'PostPrognosisRequest', horizonMs: undefined }), gas)).message).toBe(
      'Prognoses must lie in the future.',
    );
  });

  it('other types add no horizon check', () => {
    expect(beliefsFromPostedSeries(post({ type: 'PostSensorDataRequest', horizonMs: 3 * HOUR }), gas).beliefs).toHaveLength(6);
  });
});
