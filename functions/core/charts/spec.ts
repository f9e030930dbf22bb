/**
 * The Vega-Lite spec of GET /assets/<id>/chart: one row per `sensors_to_show` entry, stacked
 * vertically over one shared, zoomable time axis; a line per sensor (step-after for interval data,
 * linear for instantaneous data), dashed by source type (forecasts dotted, schedules dashed), colour
 * per sensor over a fixed domain, and tooltips. The spec only names its dataset; with `include_data`
 * the records are embedded under `datasets`.
 *
 * Value and horizon labels use two formatters the console registers (`quantityWithUnitFormat`,
 * `timedeltaFormat`), as FlexMeasures' own pages do.
 */
import { isEnergyPriceUnit, isEnergyUnit, isPowerUnit } from '../units/index.js';
import type { Sensor } from '../assets/model.js';
import type { ChartRecord } from './data.js';
import { sensorDescription } from './data.js';
import type { ChartRow } from './rows.js';

type Spec = { [key: string]: unknown };

/** The unit a row's axis shows: the one unit its sensors share, else `a.u.`. */
export function sharedUnit(sensors: readonly Sensor[]): string {
  const units = [...new Set(sensors.map((s) => s.unit).filter((u) => u !== ''))];
  return units.length === 1 ? units[0]! : 'a.u.';
}

/** A sensor's type for labels: its `sensor_type` attribute, else its name. */
export function sensorType(sensor: Sensor): string {
  const t = sensor.attributes.sensor_type;
  return typeof t === 'string' && t !== '' ? t : sensor.name;
}

/** The type a row's axis shows: the common sensor type, else what the shared unit measures, else `value`. */
export function sharedSensorType(sensors: readonly Sensor[]): string {
  const types = [...new Set(sensors.map(sensorType))];
  if (types.length === 1) return types[0]!;
  const unit = sharedUnit(sensors);
  if (isPowerUnit(unit)) return 'power';
  if (isEnergyUnit(unit)) return 'energy';
  if (isEnergyPriceUnit(unit)) return 'energy price';
  return 'value';
}

const capitalise = (text: string): string => (text ? text[0]!.toUpperCase() + text.slice(1) : text);

export interface ChartSpecRequest {
  rows: readonly ChartRow[];
  /** Asset names by id (for the sensors' descriptions). */
  assetNames: ReadonlyMap<number, string>;
  datasetName: string;
  /** The finest non-zero resolution among the shown sensors (0: all instantaneous). */
  resolutionMs: number;
  eventStartsAfter?: number;
  eventEndsBefore?: number;
  /** `container` or a number of pixels (default `container`). */
  width?: number | 'container';
  /** Pixels (default 300). */
  height?: number;
  /** Embedded under `datasets` when given. */
  data?: readonly ChartRecord[];
}

const SOURCE_TYPES = ['forecaster', 'scheduler', 'other'];
const SOURCE_DASHES = [
  [2, 2],
  [4, 4],
  [1, 0],
];

const TIME_FORMAT = '%H:%M on %A %b %e, %Y';

/** A width/height query value: `container`, or a positive number of pixels; undefined otherwise. */
export function chartSize(value: string | undefined): number | 'container' | undefined {
  if (value === undefined) return undefined;
  if (value === 'container') return 'container';
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

function rowSpec(row: ChartRow, request: ChartSpecRequest, colourDomain: readonly string[]): Spec {
  const unit = sharedUnit(row.sensors);
  const type = sharedSensorType(row.sensors);
  const instantaneous = row.sensors.every((s) => s.eventResolution === 0);
  const valueTitle = capitalise(type);
  const x: Spec = {
    field: 'event_start',
    type: 'temporal',
    title: null,
    axis: {
      labelExpr:
        "(hours(datum.value) == 0 & minutes(datum.value) == 0 & seconds(datum.value) == 0) | seconds(datum.value) != 0 ? timeFormat(datum.value, '%e %b') : timeFormat(datum.value, '%H:%M')",
      labelOverlap: true,
      labelSeparation: 1,
    },
  };
  if (request.resolutionMs > 0) x.timeUnit = { unit: 'yearmonthdatehoursminutesseconds', step: request.resolutionMs / 1000 };
  if (request.eventStartsAfter !== undefined && request.eventEndsBefore !== undefined) {
    x.scale = { domain: [request.eventStartsAfter, request.eventEndsBefore] };
  }
  const y: Spec = {
    field: 'event_value',
    type: 'quantitative',
    stack: null,
    title: `${valueTitle} (${unit})`,
    format: ['.3~r', unit],
    formatType: 'quantityWithUnitFormat',
  };
  if (unit === '%') y.scale = { domain: { unionWith: [0, 105] }, nice: false };
  const color = {
    field: 'sensor.description',
    type: 'nominal',
    title: 'Sensor',
    scale: { domain: colourDomain },
  };
  const tooltip = [
    { field: 'sensor.description', type: 'nominal', title: 'Sensor' },
    { field: 'event_value', type: 'quantitative', title: valueTitle, format: ['.3~r', unit], formatType: 'quantityWithUnitFormat' },
    { field: 'full_date', type: 'nominal', title: 'Time and date' },
    { field: 'belief_horizon', type: 'quantitative', title: 'Horizon', format: ['d', 4], formatType: 'timedeltaFormat' },
    { field: 'source_name_and_id', type: 'nominal', title: 'Source' },
    { field: 'source.type', type: 'nominal', title: 'Type' },
    { field: 'source.model', type: 'nominal', title: 'Model' },
  ];
  const line: Spec = {
    mark: { type: 'line', interpolate: instantaneous ? 'linear' : 'step-after', clip: true },
    encoding: {
      x,
      y,
      color,
      strokeDash: { field: 'source.type', type: 'nominal', title: 'Source', scale: { domain: SOURCE_TYPES, range: SOURCE_DASHES } },
      detail: { field: 'source.id', type: 'nominal' },
    },
    params: [{ name: 'scroll', select: { type: 'interval', encodings: ['x'] }, bind: 'scales' }],
  };
  const circle: Spec = {
    mark: { type: 'circle', clip: true },
    encoding: {
      x,
      y,
      color,
      size: { condition: { value: 200, test: { param: 'hover_x_brush', empty: false } }, value: 0 },
      tooltip,
    },
    params: [
      { name: 'hover_x_brush', select: { type: 'point', encodings: ['x'], on: 'mouseover', nearest: false, clear: 'mouseout' } },
      ...(row.sensors.length > 1 ? [{ name: 'hover_nearest_brush', select: { type: 'point', on: 'mouseover', nearest: true, clear: 'mouseout' } }] : []),
    ],
  };
  const layer: Spec[] = [line];
  if (row.sensors.length === 1) {
    layer.push({
      mark: { type: 'rect', y2: 'height', opacity: 0 },
      encoding: { x, y: { value: 0 }, tooltip },
    });
  }
  layer.push(circle);
  layer.push({ data: { name: 'replay' }, mark: { type: 'rule' }, encoding: { x: { field: 'belief_time', type: 'temporal' } } });
  return {
    title: row.title === null ? null : capitalise(row.title),
    transform: [{ filter: { field: 'sensor.id', oneOf: row.sensors.map((s) => s.id) } }],
    layer,
    width: request.width ?? 'container',
  };
}

/** The chart spec of an asset (see the module comment). */
export function assetChartSpec(request: ChartSpecRequest): Spec {
  const colourDomain: string[] = [];
  for (const row of request.rows) {
    for (const s of row.sensors) {
      const description = sensorDescription(s.name, request.assetNames.get(s.genericAssetId) ?? '');
      if (!colourDomain.includes(description)) colourDomain.push(description);
    }
  }
  const spec: Spec = {
    description: 'A vertically concatenated chart showing sensor data.',
    data: { name: request.datasetName },
    transform: [
      { calculate: "datum.source.name + ' (ID: ' + datum.source.id + ')'", as: 'source_name_and_id' },
      { calculate: `timeFormat(datum.event_start, '${TIME_FORMAT}')`, as: 'full_date' },
    ],
    vconcat: request.rows.map((row) => rowSpec(row, request, colourDomain)),
    spacing: 100,
    bounds: 'flush',
    resolve: { scale: { x: 'shared' } },
    height: request.height ?? 300,
    width: request.width ?? 'container',
    config: {
      view: { continuousWidth: 800, continuousHeight: 150 },
      autosize: { type: 'fit-x', contains: 'padding' },
      axis: { titleFontSize: 16, labelFontSize: 16 },
      axisY: { titleAngle: 0, titleAlign: 'left', titleY: -15, titleX: -40 },
      title: { fontSize: 16 },
      legend: { titleFontSize: 16, labelFontSize: 16, labelLimit: null, orient: 'bottom', columns: 1, direction: 'vertical' },
    },
  };
  if (request.data) spec.datasets = { [request.datasetName]: request.data };
  return spec;
}
