/**
 * Request and response schemas of the scheduling endpoints: POST /api/v3_0/sensors/<id>/schedules/trigger
 * (docs/contract/api.md §7.3) and GET /api/v3_0/sensors/<id>/schedules/<uuid> (§7.4). The flex-model and the
 * flex-context are objects here; their fields are validated by functions/core/flex after the
 * permission check, with the 422 shape of docs/contract/api.md §3.2.
 */
import type { RouteExample } from '../functions/openapi/types.js';
import { fieldErrors, unprocessableBody, validationErrorBody } from './errors.js';
import { exactFields } from './objects.js';

/** POST /api/v3_0/sensors/<id>/schedules/trigger. */
export const triggerScheduleBody = {
  type: 'object',
  additionalProperties: false,
  required: ['start'],
  properties: {
    start: { 'x-format': 'aware-datetime', 'x-description': 'schedule start, ISO 8601 datetime with a UTC offset' },
    duration: {
      'x-format': 'duration',
      'x-description':
        'schedule length, ISO 8601 duration of whole minutes (default: the planning horizon, 48 hours); list-form SoC targets after the end extend it',
    },
    prior: {
      'x-format': 'aware-datetime',
      'x-description': 'belief time: only prices and forecasts known then are used, and the schedule is stored with it (default: when the job runs)',
    },
    'flex-model': {
      type: 'object',
      'x-description':
        'the flex-model of the scheduler the asset type selects: the storage flex-model for batteries and EV chargers, the process flex-model for assets of type process and load',
      // Documentation only: neither branch constrains anything (the fields are validated by the scheduler's own flex-model parser, with FlexMeasures' messages).
      anyOf: [
        {
          title: 'StorageFlexModel',
          description:
            'Storage flex-model (asset types battery, one-way_evse, two-way_evse): soc-at-start, soc-unit, soc-min, soc-max, soc-minima, soc-maxima, soc-targets, power-capacity, consumption-capacity, production-capacity, roundtrip-efficiency, charging-efficiency, discharging-efficiency, storage-efficiency, soc-gain, soc-usage, prefer-charging-sooner; see the README for every field.',
          examples: [{ 'soc-at-start': '2.5 MWh', 'soc-max': '5 MWh', 'power-capacity': '2 MW' }],
        },
        {
          title: 'ProcessFlexModel',
          description:
            'Process flex-model (asset types process and load): a load that runs for `duration` at a constant `power`. INFLEXIBLE runs at the earliest time the time restrictions allow; SHIFTABLE runs in one block, placed where the consumption price sum is lowest (MIN) or highest (MAX), the earliest on ties; BREAKABLE runs in the cheapest (or dearest) separate steps, the earliest on ties. A process at least as long as the window runs in every step. Prices come from the flex-context (consumption-price as a sensor or a fixed price, or the deprecated consumption-price-sensor), else the asset\'s consumption price sensor or the market_id attribute; SHIFTABLE and BREAKABLE need one. The GET reports `expected_cost` in the price currency.',
          properties: {
            duration: { description: 'required: how long the process runs, ISO 8601 duration (rounded up to whole sensor steps), e.g. `PT4H`' },
            power: { description: 'required: power while running, consumption positive: a number in the sensor\'s unit, or a quantity such as `"15 kW"`' },
            'process-type': { description: '`INFLEXIBLE`, `SHIFTABLE` or `BREAKABLE`; default: the sensor\'s (else the asset\'s) `process-type` attribute, else `INFLEXIBLE`' },
            'time-restrictions': { description: 'list of `{"start": <aware datetime>, "duration": <ISO duration>}`: steps that start inside one of them do not run; default `[]`' },
            'optimization-sense': { description: '`MIN` (default) or `MAX`; `optimization-direction` is accepted as another name for it' },
          },
          examples: [{ duration: 'PT2H', power: '15 kW', 'process-type': 'SHIFTABLE', 'time-restrictions': [{ start: '2015-01-02T08:00:00+01:00', duration: 'PT2H' }] }],
        },
      ],
    },
    'flex-context': {
      type: 'object',
      'x-description': 'flex-context (consumption-price, production-price, inflexible-device-sensors, site-power-capacity, …)',
    },
    force_new_job_creation: { type: 'boolean', 'x-description': 'create a new job even if an identical request was made within the last hour' },
  },
} as const;

/** GET /api/v3_0/sensors/<id>/schedules/<uuid> (query string; errors are reported under `args_and_json`). */
export const getScheduleQuery = {
  type: 'object',
  properties: {
    duration: {
      'x-format': 'duration',
      'x-description': 'how much of the schedule to return, from its start (default PT6H, at most the planning horizon of 48 hours)',
    },
  },
} as const;

/** 200 answer of the trigger: the job id to fetch the schedule with. */
export const triggerScheduleResponse = {
  ...exactFields('ScheduleTriggered', {
    message: { const: 'Request has been processed.' },
    schedule: { type: 'string', format: 'uuid', description: 'the job id (UUID4); fetch the schedule with GET …/schedules/<uuid>' },
    status: { const: 'PROCESSED' },
  }),
  examples: [{ message: 'Request has been processed.', schedule: '364bfd06-c1fa-430b-8d25-8f5a547651fb', status: 'PROCESSED' }],
} as const;

/** 422 of the trigger for flex-model / flex-context problems (docs/contract/api.md §3.2): a field error dict or a plain string under `json`. */
export const flexConfigErrorBody = unprocessableBody(
  'FlexConfigError',
  exactFields({
    json: {
      anyOf: [fieldErrors, { type: 'string' }],
      description: 'errors keyed by flex-model / flex-context field, or one sentence for a logical problem',
    },
  }),
  [
    {
      message: { json: 'Need maximal permitted state of charge, please specify soc-max or some soc-targets.' },
      result: 'Rejected',
      status: 'UNPROCESSABLE_ENTITY',
    },
  ] as const,
);

/** The trigger's 422 responses: argument errors (docs/contract/api.md §3.1) and flex config errors (§3.2). */
export const triggerScheduleUnprocessable = {
  title: 'TriggerUnprocessable',
  anyOf: [validationErrorBody, flexConfigErrorBody],
} as const;

/** 200 answer of the schedule GET. */
export const getScheduleResponse = {
  ...exactFields('Schedule', {
    duration: { type: 'string', description: 'the span of the returned values, days written as hours (`PT6H`, `PT48H`)' },
    message: { type: 'string', description: '`Request has been processed. StorageScheduler was used.` (or `ProcessScheduler`)' },
    scheduler_info: {
      type: 'object',
      required: ['scheduler'],
      description: 'what the scheduler found for the whole schedule (not only the returned window)',
      properties: {
        scheduler: { enum: ['StorageScheduler', 'ProcessScheduler'] },
        expected_cost: {
          type: ['number', 'null'],
          description:
            'expected cost in real currency: prices × step length × net site power, inflexible devices included (storage); power × price × step length over the running steps (process; null for an INFLEXIBLE process without prices)',
        },
        expected_cost_unit: { type: ['string', 'null'], description: 'currency of `expected_cost`, e.g. `EUR`' },
        state_of_charge: {
          type: 'object',
          required: ['start', 'resolution', 'unit', 'values'],
          description: 'storage schedules: SoC at the schedule start and at the end of every step (one value more than the schedule has steps)',
          properties: {
            start: { type: 'string' },
            resolution: { type: 'string' },
            unit: { enum: ['MWh', 'kWh'] },
            values: { type: 'array', items: { type: 'number' } },
          },
        },
        warnings: {
          type: 'array',
          items: { type: 'string' },
          description: 'process schedules: notes about the inputs, e.g. prices that were partially unknown and filled in',
        },
        solver: {
          type: 'object',
          description:
            'solver name, method (`lp`, or `dp+lp`: an exact DP over the state of charge chose each step\'s direction and GLPK solved the LP), status (`optimal` when the proven gap is within the configured tolerance, else `feasible`), proven relative gap (`gap`, also as `mip_gap`), problem class (LP/MILP), steps decided by the DP, time (s)',
          properties: {
            name: { type: 'string' },
            method: { enum: ['lp', 'dp+lp'] },
            status: { enum: ['optimal', 'feasible'] },
            gap: { type: 'number' },
            problem_class: { enum: ['LP', 'MILP'] },
            mip_gap: { type: 'number' },
            binaries: { type: 'integer' },
            seconds: { type: 'number' },
          },
        },
      },
    },
    start: { type: 'string', description: 'the schedule start, ISO 8601 with offset (`+00:00`)' },
    status: { const: 'PROCESSED' },
    unit: { type: 'string', description: "the sensor's unit" },
    values: { type: 'array', items: { type: 'number' }, description: 'power per sensor resolution step, consumption (charging) positive' },
  }),
  examples: [
    {
      duration: 'PT1H',
      message: 'Request has been processed. StorageScheduler was used.',
      scheduler_info: {
        scheduler: 'StorageScheduler',
        expected_cost: 1.96,
        expected_cost_unit: 'EUR',
        state_of_charge: { start: '2015-01-01T23:00:00+00:00', resolution: 'PT15M', unit: 'MWh', values: [2.5, 3, 3.5, 3.825, 3.825] },
        solver: { name: 'GLPK 5.0', method: 'lp', status: 'optimal', gap: 0, problem_class: 'LP', mip_gap: 0, binaries: 0, seconds: 0.006 },
      },
      start: '2015-01-01T23:00:00+00:00',
      status: 'PROCESSED',
      unit: 'MW',
      values: [2.0, 2.0, 1.3, 0.0],
    },
  ],
} as const;

/** The schedule GET's 400 answers: unknown job, job not (successfully) finished, zero duration. */
export const scheduleBadRequest = {
  ...exactFields('ScheduleNotAvailable', {
    message: { type: 'string' },
    result: { const: 'Rejected' },
    status: { enum: ['UNKNOWN_SCHEDULE', 'UNRECOGNIZED_UDI_EVENT', 'INVALID_PERIOD'] },
  }),
  examples: [
    {
      message: 'No known schedule for this time period. Scheduling job in progress. StorageScheduler was used.',
      result: 'Rejected',
      status: 'UNKNOWN_SCHEDULE',
    },
  ],
} as const;

const PROSUMER = 'test_prosumer_user@seita.nl';

/**
 * Examples of the trigger (the docs/contract/api.md §12.0 world with its scheduling fixtures: sensor 5 is the Test
 * battery's power sensor, sensor 6 the one-way charging station's, sensor 1 a gas sensor on a waste
 * incinerator).
 */
export const triggerScheduleExamples: readonly RouteExample[] = [
  {
    summary: 'A 2-day schedule for a battery, starting at 2.5 MWh',
    as: PROSUMER,
    params: { id: 5 },
    body: { start: '2015-01-01T00:00:00+01:00', 'flex-model': { 'soc-at-start': '2.5 MWh' } },
    response: { status: 200, body: { message: 'Request has been processed.', schedule: '364bfd06-c1fa-430b-8d25-8f5a547651fb', status: 'PROCESSED' } },
  },
  {
    summary: 'No soc-max anywhere (a logical flex-model error: a plain string)',
    as: PROSUMER,
    params: { id: 6 },
    body: { start: '2015-01-02T00:00:00+01:00', duration: 'PT24H', 'flex-model': { 'soc-at-start': 1 } },
    response: {
      status: 422,
      body: {
        message: { json: 'Need maximal permitted state of charge, please specify soc-max or some soc-targets.' },
        result: 'Rejected',
        status: 'UNPROCESSABLE_ENTITY',
      },
    },
  },
  {
    summary: 'An invalid flex-model field (field errors)',
    as: PROSUMER,
    params: { id: 5 },
    body: { start: '2015-01-01T00:00:00+01:00', 'flex-model': { 'soc-at-start': 2.5, 'soc-unit': 'MWH' } },
    response: {
      status: 422,
      body: { message: { json: { 'soc-unit': ['Must be one of: kWh, MWh.'] } }, result: 'Rejected', status: 'UNPROCESSABLE_ENTITY' },
    },
  },
  {
    summary: 'An unknown top-level field (argument validation)',
    as: PROSUMER,
    params: { id: 5 },
    body: { start: '2015-01-01T00:00:00+01:00', 'soc-at-start': 2.5 },
    response: {
      status: 422,
      body: { message: { json: { 'soc-at-start': ['Unknown field.'] } }, result: 'Rejected', status: 'UNPROCESSABLE_ENTITY' },
    },
  },
];

/** Examples of the schedule GET. */
export const getScheduleExamples: readonly RouteExample[] = [
  {
    summary: 'A job id that does not exist (or has expired)',
    as: PROSUMER,
    params: { id: 5, uuid: '9b2b6c1e-2f4a-4a8e-9a39-3f1d6c0e7b11' },
    response: {
      status: 400,
      body: {
        message: 'The requested UDI event (id = 9b2b6c1e-2f4a-4a8e-9a39-3f1d6c0e7b11, type = job) is not known.',
        result: 'Rejected',
        status: 'UNRECOGNIZED_UDI_EVENT',
      },
    },
  },
  {
    summary: 'A zero duration',
    as: PROSUMER,
    params: { id: 5, uuid: '9b2b6c1e-2f4a-4a8e-9a39-3f1d6c0e7b11' },
    query: { duration: 'PT0H' },
    response: {
      status: 400,
      body: {
        message: "A time period in your request doesn't seem right. Cannot parse 'duration' value.",
        result: 'Rejected',
        status: 'INVALID_PERIOD',
      },
    },
  },
];
