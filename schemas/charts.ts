/**
 * Query schemas of the asset chart endpoints, GET /api/v3_0/assets/<id>/chart and /chart_data.
 * Unknown parameters are ignored (the console may send sensor-chart parameters to both).
 */

const aware = (what: string) => ({ 'x-format': 'aware-datetime', 'x-description': `${what}; ISO 8601 datetime with a UTC offset` }) as const;

const window = {
  event_starts_after: aware('keep events that end after this moment'),
  event_ends_before: aware('keep events that start before this moment'),
  beliefs_after: aware('keep beliefs formed at or after this moment'),
  beliefs_before: aware('keep beliefs formed at or before this moment'),
} as const;

/** GET /api/v3_0/assets/<id>/chart. */
export const assetChartQuery = {
  type: 'object',
  properties: {
    ...window,
    include_data: { type: 'boolean', 'x-description': 'embed the chart data under `datasets` (default false)' },
    dataset_name: { type: 'string', 'x-description': 'name of the dataset the spec reads (default `asset_<id>`)' },
    height: { type: 'string', 'x-description': 'height in pixels (default 300)' },
    width: { type: 'string', 'x-description': '`container` (default) or a width in pixels' },
  },
} as const;

/** GET /api/v3_0/assets/<id>/chart_data. */
export const assetChartDataQuery = {
  type: 'object',
  properties: {
    ...window,
    most_recent_beliefs_only: {
      type: 'boolean',
      'x-description': 'per event and source only the most recent belief (default true); false adds `belief_time` to each record',
    },
  },
} as const;

const record = {
  type: 'object',
  required: ['event_start', 'source', 'sensor', 'event_value', 'belief_horizon'],
  properties: {
    event_start: { type: 'integer', description: 'epoch milliseconds' },
    belief_time: { type: 'integer', description: 'epoch milliseconds (only with most_recent_beliefs_only=false)' },
    source: {
      type: 'object',
      required: ['id', 'name', 'model', 'type', 'description'],
      properties: {
        id: { type: 'integer' },
        name: { type: 'string' },
        model: { type: 'string' },
        type: { enum: ['forecaster', 'scheduler', 'other'] },
        description: { type: 'string' },
      },
    },
    sensor: {
      type: 'object',
      required: ['id', 'name', 'description'],
      properties: { id: { type: 'integer' }, name: { type: 'string' }, description: { type: 'string' } },
    },
    event_value: { type: ['number', 'null'] },
    belief_horizon: { type: 'integer', description: 'milliseconds' },
  },
} as const;

export const assetChartDataResponse = { title: 'ChartData', type: 'array', items: record } as const;
export const assetChartResponse = {
  title: 'VegaLiteSpec',
  type: 'object',
  required: ['data', 'vconcat'],
  description: 'A Vega-Lite spec: one row per entry of the asset\'s `sensors_to_show`.',
} as const;
