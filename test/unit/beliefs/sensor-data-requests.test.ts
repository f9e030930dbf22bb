/**
 * How POST and GET /sensors/data requests are read (core/sensor-data.ts): a POST body becomes a
 * posted series, a GET query a grid query and a belief read; nominal durations are grounded in the
 * sensor's time zone; the horizon bounds of the GET `type`s, the whole-request checks of both, and
 * the GET answer's shape.
 */
import { describe, it, expect } from '@jest/globals';
import { DEFAULT_KNOWLEDGE_HORIZON, type Belief, type SensorTiming } from '../../../functions/core/beliefs/index.js';
import {
  MAX_GRID_VALUES,
  MAX_POSTED_EVENTS,
  planSensorDataGet,
  postedSeries,
  sensorDataPostError,
  sensorDataGetError,
  sensorDataGetResponse,
  withinHorizonBound,
  type GetSensorDataArgs,
  type PostSensorDataArgs,
} from '../../../functions/core/sensor-data.js';
import { HOUR, MINUTE } from '../../../functions/core/time/index.js';
import { t } from './fixtures.js';

const QUARTER_HOURLY: SensorTiming = { eventResolutionMs: 15 * MINUTE, knowledgeHorizon: DEFAULT_KNOWLEDGE_HORIZON, timezone: 'Europe/Amsterdam' };
const INSTANTANEOUS: SensorTiming = { ...QUARTER_HOURLY, eventResolutionMs: 0 };
const DAY = 24 * HOUR;

const args = (overrides: Partial<GetSensorDataArgs> = {}): GetSensorDataArgs => ({
  start: '2024-02-01T00:00:00+01:00',
  duration: 'PT6H',
  unit: 'kW',
  ...overrides,
});

describe('planSensorDataGet', () => {
  it('grounds nominal durations on the start in the sensor time zone', () => {
    const plan = planSensorDataGet(args({ duration: 'P1M', resolution: 'P1D' }), QUARTER_HOURLY);
    expect(plan.query.start).toBe(t('2024-02-01T00:00:00+01:00'));
    expect(plan.query.end).toBe(t('2024-03-01T00:00:00+01:00'));
    expect(plan.query.end - plan.query.start).toBe(29 * DAY);
    expect(plan.query.resolutionMs).toBe(DAY);
    // A month across the switch to summer time ends at local midnight, an hour short of 31 days;
    // days are 24 hours, as isodate makes them.
    const spring = planSensorDataGet(args({ start: '2024-03-01T00:00:00+01:00', duration: 'P1M', horizon: 'P1D' }), QUARTER_HOURLY);
    expect(spring.query.end).toBe(t('2024-04-01T00:00:00+02:00'));
    expect(spring.query.end - spring.query.start).toBe(31 * DAY - HOUR);
    expect(spring.query.horizonMs).toBe(DAY);
  });

  it('reads the window of events, and only the latest beliefs without horizon bounds', () => {
    const plan = planSensorDataGet(args(), QUARTER_HOURLY);
    expect(plan.read).toEqual({ from: plan.query.start, to: plan.query.end, beliefTimeAtMost: undefined, sourceIds: undefined, latestOnly: true });
    expect(plan.horizonAtMostMs).toBeUndefined();
  });

  it('includes instantaneous events at the very end of the window', () => {
    const plan = planSensorDataGet(args(), INSTANTANEOUS);
    expect(plan.read.to).toBe(plan.query.end + 1);
  });

  it('passes prior (a + sent as a space) and the source on to both the query and the read', () => {
    const plan = planSensorDataGet(args({ prior: '2024-01-31T12:00:00 01:00', source: 7 }), QUARTER_HOURLY);
    expect(plan.query.prior).toBe(t('2024-01-31T12:00:00+01:00'));
    expect(plan.read.beliefTimeAtMost).toBe(plan.query.prior);
    expect(plan.query.sourceIds).toEqual([7]);
    expect(plan.read.sourceIds).toEqual([7]);
  });

  it.each([
    [undefined, 'PT1H', HOUR, undefined],
    ['GetSensorDataRequest', undefined, undefined, undefined],
    ['GetMeterDataRequest', 'PT1H', HOUR, 0],
    ['GetMeterDataRequest', undefined, undefined, 0],
    ['GetPrognosisRequest', '-PT1H', 0, undefined],
    ['GetPrognosisRequest', 'PT2H', 2 * HOUR, undefined],
  ])('type %s with horizon %s: at least %s, at most %s', (type, horizon, atLeast, atMost) => {
    const plan = planSensorDataGet(args({ type, horizon }), QUARTER_HOURLY);
    expect(plan.query.horizonMs).toBe(atLeast);
    expect(plan.horizonAtMostMs).toBe(atMost);
    expect(plan.read.latestOnly).toBe(atLeast === undefined && atMost === undefined);
  });
});

describe('sensorDataGetError', () => {
  it('refuses a unit that does not suit the type first', () => {
    const plan = planSensorDataGet(args({ unit: 'EUR/MWh', type: 'GetMeterDataRequest', duration: 'P1000D', resolution: 'PT1M' }), QUARTER_HOURLY);
    expect(sensorDataGetError('GetMeterDataRequest', plan, QUARTER_HOURLY)).toBe(
      'The unit requested for this message type should be convertible from MW, got incompatible unit: EUR/MWh',
    );
  });

  it('refuses grids of more than MAX_GRID_VALUES values, at the requested or the sensor resolution', () => {
    const minutes = MAX_GRID_VALUES + 1;
    const fine = planSensorDataGet(args({ duration: `PT${minutes}M`, resolution: 'PT1M' }), QUARTER_HOURLY);
    expect(sensorDataGetError(undefined, fine, QUARTER_HOURLY)).toMatch(new RegExp(`^This request asks for ${minutes} values; at most ${MAX_GRID_VALUES}`));
    const atSensorResolution = planSensorDataGet(args({ duration: `PT${minutes * 15}M` }), QUARTER_HOURLY);
    expect(sensorDataGetError(undefined, atSensorResolution, QUARTER_HOURLY)).toMatch(/^This request asks for/);
    const coarse = planSensorDataGet(args({ duration: `PT${minutes}M`, resolution: 'PT15M' }), QUARTER_HOURLY);
    expect(sensorDataGetError(undefined, coarse, QUARTER_HOURLY)).toBeNull();
  });

  it('leaves a non-positive resolution to the resampling rules', () => {
    const plan = planSensorDataGet(args({ resolution: 'PT0M' }), QUARTER_HOURLY);
    expect(sensorDataGetError(undefined, plan, QUARTER_HOURLY)).toBeNull();
  });
});

describe('withinHorizonBound', () => {
  const start = t('2024-02-01T00:00:00+01:00');
  const belief = (beliefTime: number): Belief => ({ sensorId: 1, eventStart: start, beliefTime, sourceId: 1, cumulativeProbability: 0.5, value: 1 });
  // Knowable at the event end (start + 15 min): a belief formed then has horizon 0.
  const recorded = [belief(start + 15 * MINUTE), belief(start + HOUR)];
  const forecast = belief(start - HOUR);

  it('keeps only beliefs recorded at or after the knowledge time for meter data', () => {
    const plan = planSensorDataGet(args({ type: 'GetMeterDataRequest' }), QUARTER_HOURLY);
    expect(withinHorizonBound([...recorded, forecast], plan, QUARTER_HOURLY)).toEqual(recorded);
  });

  it('keeps everything without an upper bound', () => {
    const plan = planSensorDataGet(args({ type: 'GetPrognosisRequest' }), QUARTER_HOURLY);
    expect(withinHorizonBound([...recorded, forecast], plan, QUARTER_HOURLY)).toHaveLength(3);
  });
});

describe('sensorDataGetResponse', () => {
  it('echoes start with its offset, reports hours, and sends null for gaps and non-finite values', () => {
    const plan = planSensorDataGet(args({ start: '2024-02-01T00:00:00+05:30', duration: 'PT1H', unit: 'MW' }), QUARTER_HOURLY);
    expect(sensorDataGetResponse(plan, { values: [1, null, Number.NaN, 2.5], resolutionMs: 15 * MINUTE, eventResolutionMs: 15 * MINUTE })).toEqual({
      duration: 'PT1H',
      message: 'Request has been processed.',
      resolution: 'PT15M',
      start: '2024-02-01T00:00:00+05:30',
      status: 'PROCESSED',
      unit: 'MW',
      values: [1, null, null, 2.5],
    });
  });
});

describe('postedSeries', () => {
  const body = (overrides: Partial<PostSensorDataArgs> = {}): PostSensorDataArgs => ({
    start: '2024-03-01T00:00:00+01:00',
    duration: 'PT1H',
    unit: 'kW',
    values: [1, 2, 3, 4],
    ...overrides,
  });
  const NOW = t('2024-03-02T12:00:00Z');

  it('grounds duration and horizon on the start in the sensor time zone, prior as an instant, source unknown yet', () => {
    const series = postedSeries(body({ duration: 'P1M', horizon: 'P1D', prior: '2024-02-29T12:00:00+01:00', type: 'PostMeterDataRequest' }), QUARTER_HOURLY, NOW);
    expect(series).toEqual({
      start: t('2024-03-01T00:00:00+01:00'),
      durationMs: 31 * DAY - HOUR,
      values: [1, 2, 3, 4],
      unit: 'kW',
      prior: t('2024-02-29T12:00:00+01:00'),
      horizonMs: DAY,
      now: NOW,
      sourceId: 0,
      type: 'PostMeterDataRequest',
    });
  });

  it('leaves prior and horizon out when they were not sent', () => {
    const series = postedSeries(body(), QUARTER_HOURLY, NOW);
    expect(series.prior).toBeUndefined();
    expect(series.horizonMs).toBeUndefined();
    expect(series.durationMs).toBe(HOUR);
  });
});

describe('sensorDataPostError', () => {
  const NOW = t('2024-03-02T12:00:00Z');
  const series = (overrides: Partial<PostSensorDataArgs>) =>
    postedSeries({ start: '2024-03-01T00:00:00+01:00', duration: 'PT1H', unit: 'kW', values: [1], ...overrides }, QUARTER_HOURLY, NOW);

  it('refuses a unit that does not suit the type first', () => {
    expect(sensorDataPostError(series({ unit: 'EUR/MWh', type: 'PostMeterDataRequest', duration: 'P1000D' }), QUARTER_HOURLY)).toBe(
      'The unit required for this message type should be convertible to MW, got incompatible unit: EUR/MWh',
    );
    expect(sensorDataPostError(series({ unit: 'kW', type: 'PostPriceDataRequest' }), QUARTER_HOURLY)).toMatch(/energy price unit, got incompatible unit: kW$/);
  });

  it('counts events at the sensor resolution: one value over a long duration is many events', () => {
    const limit = MAX_POSTED_EVENTS * 15;
    expect(sensorDataPostError(series({ duration: `PT${limit}M` }), QUARTER_HOURLY)).toBeNull();
    expect(sensorDataPostError(series({ duration: `PT${limit + 15}M` }), QUARTER_HOURLY)).toMatch(
      new RegExp(`^This request holds ${MAX_POSTED_EVENTS + 1} events at the sensor's resolution; at most ${MAX_POSTED_EVENTS}`),
    );
    // An instantaneous sensor stores one event per value.
    expect(sensorDataPostError(series({ duration: `PT${limit + 15}M` }), INSTANTANEOUS)).toBeNull();
  });
});
