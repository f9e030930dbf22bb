/**
 * The records of GET /assets/<id>/chart_data: per shown sensor, its beliefs filtered by the time
 * parameters, one deterministic belief per event, source and belief time (the median of a
 * probabilistic one), optionally only the most recent belief per event and source, upsampled to the
 * finest resolution among the shown sensors; sources are never merged. Each record carries the event
 * start and (when history is asked for) the belief time as epoch ms, the belief horizon in ms, the
 * value (null for NaN) and small descriptions of its source and sensor.
 */
import type { Belief, SensorTiming } from '../beliefs/types.js';
import { beliefHorizon } from '../beliefs/timing.js';
import { medianBelief, mostRecentBeliefs } from '../beliefs/selection.js';
import type { DataSource, Sensor } from '../assets/model.js';

/** The time filters of the chart endpoints (epoch ms; each optional). */
export interface ChartWindow {
  /** Events that end after this instant (so events overlapping the window start are kept). */
  eventStartsAfter?: number;
  /** Events that start before this instant (so events overlapping the window end are kept). */
  eventEndsBefore?: number;
  /** Beliefs formed at or after this instant. */
  beliefsAfter?: number;
  /** Beliefs formed at or before this instant. */
  beliefsBefore?: number;
}

export interface ChartSourceJson {
  id: number;
  name: string;
  model: string;
  type: 'forecaster' | 'scheduler' | 'other';
  description: string;
}

export interface ChartSensorJson {
  id: number;
  name: string;
  description: string;
}

export interface ChartRecord {
  event_start: number;
  belief_time?: number;
  source: ChartSourceJson;
  sensor: ChartSensorJson;
  event_value: number | null;
  belief_horizon: number;
}

/** A sensor as the chart data need it: the stored sensor, its asset's name and its belief timing. */
export interface ChartSensor {
  sensor: Sensor;
  assetName: string;
  timing: SensorTiming;
}

/** How a data source is described in chart records: only forecasters and schedulers keep their type. */
export function chartSourceJson(source: DataSource): ChartSourceJson {
  const model = source.model ? (source.version ? `${source.model} (v${source.version})` : source.model) : '';
  let description = source.name;
  if (source.model) description += `'s ${source.model} model`;
  if (source.version) description += ` v${source.version}`;
  const type = source.type === 'forecaster' || source.type === 'scheduler' ? source.type : 'other';
  return { id: source.id, name: source.name, model, type, description };
}

/** `"<sensor name> (<asset name>)"`, the label charts colour by. */
export function sensorDescription(sensorName: string, assetName: string): string {
  return `${sensorName} (${assetName})`;
}

export function chartSensorJson(s: ChartSensor): ChartSensorJson {
  return { id: s.sensor.id, name: s.sensor.name, description: sensorDescription(s.sensor.name, s.assetName) };
}

/** Applies the four time filters (all inclusive). */
export function inChartWindow(beliefs: readonly Belief[], resolutionMs: number, window: ChartWindow): Belief[] {
  return beliefs.filter(
    (b) =>
      (window.eventStartsAfter === undefined || b.eventStart + resolutionMs >= window.eventStartsAfter) &&
      (window.eventEndsBefore === undefined || b.eventStart <= window.eventEndsBefore) &&
      (window.beliefsAfter === undefined || b.beliefTime >= window.beliefsAfter) &&
      (window.beliefsBefore === undefined || b.beliefTime <= window.beliefsBefore),
  );
}

/** One row per (event, source, belief time): the median of a probabilistic belief. */
export function deterministicBeliefs(beliefs: readonly Belief[]): Belief[] {
  const groups = new Map<string, Belief[]>();
  for (const b of beliefs) {
    const key = `${b.eventStart}|${b.sourceId}|${b.beliefTime}`;
    const rows = groups.get(key);
    if (rows) rows.push(b);
    else groups.set(key, [b]);
  }
  return [...groups.values()].map((rows) => medianBelief(rows));
}

/**
 * Forward-fills each belief of resolution `fromMs` onto the slots of the finer `toMs` grid inside
 * its event (aligned to the epoch); the belief time stays that of the original belief.
 */
export function upsampleBeliefs(beliefs: readonly Belief[], fromMs: number, toMs: number): Belief[] {
  if (fromMs === 0 || toMs === 0 || toMs >= fromMs) return beliefs.slice();
  const out: Belief[] = [];
  for (const b of beliefs) {
    const first = Math.ceil(b.eventStart / toMs) * toMs;
    for (let t = first; t < b.eventStart + fromMs; t += toMs) out.push({ ...b, eventStart: t });
  }
  return out;
}

/** Orders records within one sensor: event start, belief time, source id. */
function byEventThenBelief(a: Belief, b: Belief): number {
  return a.eventStart - b.eventStart || a.beliefTime - b.beliefTime || a.sourceId - b.sourceId;
}

export interface ChartDataRequest {
  /** The shown sensors, in display order (each once). */
  sensors: readonly ChartSensor[];
  /** Stored beliefs by sensor id. */
  beliefs: ReadonlyMap<number, readonly Belief[]>;
  sources: ReadonlyMap<number, DataSource>;
  window: ChartWindow;
  /** Default true: per event and source only the most recent belief, and no `belief_time` field. */
  mostRecentBeliefsOnly: boolean;
  /** The resolution to upsample to (see `finestResolution`). */
  resolutionMs: number;
}

/** The chart records of the shown sensors, sensor after sensor. */
export function chartRecords(request: ChartDataRequest): ChartRecord[] {
  const records: ChartRecord[] = [];
  for (const shown of request.sensors) {
    const { sensor, timing } = shown;
    const sensorJson = chartSensorJson(shown);
    let beliefs = inChartWindow(request.beliefs.get(sensor.id) ?? [], sensor.eventResolution, request.window);
    beliefs = deterministicBeliefs(beliefs);
    if (request.mostRecentBeliefsOnly) beliefs = mostRecentBeliefs(beliefs);
    const target = sensor.eventResolution > 0 ? request.resolutionMs : 0;
    const resampled = upsampleBeliefs(beliefs, sensor.eventResolution, target);
    const slotTiming: SensorTiming = target > 0 ? { ...timing, eventResolutionMs: target } : timing;
    for (const b of resampled.sort(byEventThenBelief)) {
      const source = request.sources.get(b.sourceId);
      const sourceJson: ChartSourceJson = source
        ? chartSourceJson(source)
        : { id: b.sourceId, name: `source ${b.sourceId}`, model: '', type: 'other', description: `source ${b.sourceId}` };
      const record: ChartRecord = request.mostRecentBeliefsOnly
        ? { event_start: b.eventStart, source: sourceJson, sensor: sensorJson, event_value: null, belief_horizon: 0 }
        : { event_start: b.eventStart, belief_time: b.beliefTime, source: sourceJson, sensor: sensorJson, event_value: null, belief_horizon: 0 };
      record.event_value = Number.isNaN(b.value) ? null : b.value;
      record.belief_horizon = beliefHorizon(b.eventStart, b.beliefTime, slotTiming);
      records.push(record);
    }
  }
  return records;
}
