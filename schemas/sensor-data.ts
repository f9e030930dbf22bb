/**
 * Request and response schemas of the sensor data endpoints: POST and GET /api/v3_0/sensors/data
 * (docs/contract/api.md §7.1, §7.2) and GET /api/v3_0/sensors/<id>/stats (§6.7). Checks that need the domain
 * (entity addresses and the sensor's existence, the data source's existence, units against the
 * sensor, resolutions, sizes) are made by the handlers after these schemas.
 */
import { GET_SENSOR_DATA_TYPES, POST_SENSOR_DATA_TYPES } from '../functions/core/sensor-data.js';
import type { RouteExample } from '../functions/openapi/types.js';
import { exactFields } from './objects.js';

const sensor = {
  type: 'string',
  'x-description': 'entity address of the sensor, `ea1.<YYYY-MM>.<reversed domain>:fm1.<sensor id>`; only the id counts',
} as const;
const start = { 'x-format': 'aware-datetime', 'x-description': 'ISO 8601 datetime with a UTC offset' } as const;
const duration = { 'x-format': 'duration', 'x-description': 'ISO 8601 duration of whole minutes' } as const;
const horizon = { 'x-format': 'duration', 'x-description': 'belief horizon, ISO 8601 duration of whole minutes, may be negative' } as const;
const prior = { 'x-format': 'aware-datetime', 'x-description': 'belief time, ISO 8601 datetime with a UTC offset' } as const;
const unit = { type: 'string', 'x-description': "the sensor's unit or one convertible to it, e.g. kW for a MW sensor" } as const;

/** POST /api/v3_0/sensors/data. */
export const postSensorDataBody = {
  type: 'object',
  additionalProperties: false,
  required: ['sensor', 'values', 'start', 'duration', 'unit'],
  properties: {
    sensor,
    values: {
      type: ['array', 'number'],
      items: { type: ['number', 'null'] },
      minItems: 1,
      'x-description': 'numbers, with null for gaps (not stored); a single number counts as a list of one',
    },
    start,
    duration,
    horizon,
    prior,
    unit,
    type: { type: 'string', enum: POST_SENSOR_DATA_TYPES },
  },
} as const;

/** GET /api/v3_0/sensors/data (query string; unknown parameters are ignored). */
export const getSensorDataQuery = {
  type: 'object',
  required: ['sensor', 'start', 'duration', 'unit'],
  properties: {
    sensor,
    start,
    duration,
    unit,
    resolution: { 'x-format': 'duration', 'x-description': 'resolution of the returned values (default: the sensor\'s)' },
    horizon: { ...horizon, 'x-description': 'keep beliefs with a belief horizon of at least this' },
    prior: { ...prior, 'x-description': 'keep beliefs formed at or before this moment' },
    source: { type: 'integer', 'x-description': 'keep only beliefs of this data source' },
    type: { type: 'string', enum: GET_SENSOR_DATA_TYPES },
  },
} as const;

const usefMessage = { type: 'string' } as const;

/** The 200 body of a POST whose beliefs are all stored already (FlexMeasures writes `results`, plural, here). */
export const alreadyReceivedBody = {
  message: 'Some of the data has already been received and successfully processed.',
  results: 'PROCESSED',
  status: 'ALREADY_RECEIVED_AND_SUCCESSFULLY_PROCESSED',
} as const;

/** The 403 body of a POST that would replace stored beliefs outside play mode. */
export const invalidReplacementBody = {
  message:
    'Some of the data represents a replacement, which is reserved for servers in play mode. Enable play mode or update the prior in your request.',
  results: 'Rejected',
  status: 'INVALID_REPLACEMENT',
} as const;

/** 200 answers of POST /sensors/data. */
export const postSensorDataResponse = {
  title: 'PostSensorDataResult',
  oneOf: [
    exactFields({ message: { const: 'Request has been processed.' }, status: { const: 'PROCESSED' } }),
    exactFields({
      message: { const: alreadyReceivedBody.message },
      results: { const: alreadyReceivedBody.results },
      status: { const: alreadyReceivedBody.status },
    }),
  ],
} as const;

/** 403 INVALID_REPLACEMENT of POST /sensors/data (note the plural `results`, decision 0002). */
export const invalidReplacementResponse = exactFields('InvalidReplacement', { message: usefMessage, results: { const: 'Rejected' }, status: { const: 'INVALID_REPLACEMENT' } });

/** 200 answer of GET /sensors/data. */
export const getSensorDataResponse = exactFields('SensorData', {
  duration: { type: 'string', description: 'the requested duration, days written as hours (`PT48H`)' },
  message: { const: 'Request has been processed.' },
  resolution: { type: 'string', description: 'the step of the grid the values are laid on (decision 0013)' },
  start: { type: 'string', description: 'the requested start, with its offset' },
  status: { const: 'PROCESSED' },
  unit: { type: 'string' },
  values: { type: 'array', items: { type: ['number', 'null'] } },
});

/** 200 answer of GET /sensors/<id>/stats: per data source name, plus the numeric status. */
export const sensorStatsResponse = {
  title: 'SensorStats',
  type: 'object',
  required: ['status'],
  properties: { status: { type: 'integer' } },
  additionalProperties: {
    type: 'object',
    required: ['count_values', 'max_event_start', 'max_value', 'mean_value', 'min_event_start', 'min_value', 'sum_values'],
    additionalProperties: false,
    properties: {
      count_values: { type: 'integer', description: 'stored values, NaN included' },
      max_event_start: { type: 'string', description: 'HTTP date, e.g. `Sat, 01 May 2021 22:20:00 GMT`' },
      min_event_start: { type: 'string' },
      max_value: { type: ['number', 'null'] },
      min_value: { type: ['number', 'null'] },
      mean_value: { type: ['number', 'null'] },
      sum_values: { type: ['number', 'null'] },
    },
  },
} as const;

const GAS = 'ea1.2021-01.io.flexmeasures:fm1.1';
const SUPPLIER = 'test_supplier_user_4@seita.nl';

/** Examples of POST /sensors/data (the docs/contract/api.md §12.0 world: sensor 1 is "some gas sensor", m³/h, 10 minutes). */
export const postSensorDataExamples: readonly RouteExample[] = [
  {
    summary: 'Three 20-minute values, upsampled to the sensor resolution',
    as: SUPPLIER,
    body: { sensor: GAS, start: '2021-06-07T00:00:00+02:00', duration: 'PT1H', unit: 'm³/h', values: [-11.28, null, -11.4], horizon: 'PT0H' },
    response: { status: 200, body: { message: 'Request has been processed.', status: 'PROCESSED' } },
  },
  {
    summary: 'The same again: nothing new',
    as: SUPPLIER,
    body: { sensor: GAS, start: '2021-06-07T00:00:00+02:00', duration: 'PT1H', unit: 'm³/h', values: [-11.28, null, -11.4], horizon: 'PT0H' },
    response: {
      status: 200,
      body: alreadyReceivedBody,
    },
  },
  {
    summary: 'A different value for a stored belief: a replacement',
    as: SUPPLIER,
    body: { sensor: GAS, start: '2021-06-07T00:00:00+02:00', duration: 'PT20M', unit: 'm³/h', values: [100], horizon: 'PT0H' },
    response: {
      status: 403,
      body: invalidReplacementBody,
    },
  },
];

/** Examples of GET /sensors/data (after the POST examples). */
export const getSensorDataExamples: readonly RouteExample[] = [
  {
    summary: 'The posted values, in l/h on a 20-minute grid',
    as: SUPPLIER,
    query: { sensor: GAS, start: '2021-06-07T00:00:00+02:00', duration: 'PT1H20M', unit: 'l/h', resolution: 'PT20M' },
    response: {
      status: 200,
      body: {
        duration: 'PT1H20M',
        message: 'Request has been processed.',
        resolution: 'PT20M',
        start: '2021-06-07T00:00:00+02:00',
        status: 'PROCESSED',
        unit: 'l/h',
        values: [-11280, null, -11400, null],
      },
    },
  },
];

/** Examples of GET /sensors/<id>/stats (after the POST examples). */
export const sensorStatsExamples: readonly RouteExample[] = [
  {
    summary: 'Statistics per data source',
    as: SUPPLIER,
    params: { id: 1 },
    response: {
      status: 200,
      body: {
        'Test Supplier User': {
          count_values: 4,
          max_event_start: 'Sun, 06 Jun 2021 22:50:00 GMT',
          max_value: -11.28,
          mean_value: -11.34,
          min_event_start: 'Sun, 06 Jun 2021 22:00:00 GMT',
          min_value: -11.4,
          sum_values: -45.36,
        },
        status: 200,
      },
    },
  },
];
