/**
 * Which sensors an asset's chart shows, row by row: the asset's `sensors_to_show`, or by default
 * its first two sensors (one shared row when their units agree, else one row each). Ids the asset's
 * owner cannot reach are dropped, and rows left empty disappear. A stored value that is not a valid
 * `sensors_to_show` (written before validation existed) falls back to the default, so a chart never
 * fails because of an attribute.
 */
import { sensorsToShowGroups } from '../assets/attributes.js';
import type { Asset, Sensor } from '../assets/model.js';

/** One row of an asset chart. */
export interface ChartRow {
  title: string | null;
  sensors: Sensor[];
}

/** The default rows: the first two sensors of the asset (in id order), together when their units agree. */
export function defaultRows(assetSensors: readonly Sensor[]): ChartRow[] {
  const [a, b] = assetSensors.slice().sort((x, y) => x.id - y.id);
  if (!a) return [];
  if (!b) return [{ title: null, sensors: [a] }];
  return a.unit === b.unit ? [{ title: null, sensors: [a, b] }] : [{ title: null, sensors: [a] }, { title: null, sensors: [b] }];
}

/**
 * The rows of an asset chart. `reachable` holds the sensors that may be shown (by id): those of
 * assets owned by the asset's account and of public assets.
 */
export function chartRows(asset: Asset, assetSensors: readonly Sensor[], reachable: ReadonlyMap<number, Sensor>): ChartRow[] {
  const groups = sensorsToShowGroups(asset.attributes);
  if (!groups.ok || !('sensors_to_show' in asset.attributes)) return defaultRows(assetSensors);
  const rows: ChartRow[] = [];
  for (const group of groups.value) {
    const sensors = group.sensors.map((id) => reachable.get(id)).filter((s): s is Sensor => s !== undefined);
    if (sensors.length) rows.push({ title: group.title, sensors });
  }
  return rows;
}

/** The distinct sensors of the rows, in display order. */
export function rowSensors(rows: readonly ChartRow[]): Sensor[] {
  const seen = new Map<number, Sensor>();
  for (const row of rows) for (const s of row.sensors) if (!seen.has(s.id)) seen.set(s.id, s);
  return [...seen.values()];
}

/** The ids `sensors_to_show` names (for loading them), in order; empty when absent or invalid. */
export function sensorsToShowIdsOf(asset: Asset): number[] {
  const groups = sensorsToShowGroups(asset.attributes);
  if (!groups.ok) return [];
  return [...new Set(groups.value.flatMap((g) => g.sensors))];
}

/**
 * The finest non-zero event resolution among the sensors (0 when all are instantaneous): chart data
 * are resampled to it, and the time axis steps by it.
 */
export function finestResolution(sensors: readonly Sensor[]): number {
  const resolutions = sensors.map((s) => s.eventResolution).filter((r) => r > 0);
  return resolutions.length ? Math.min(...resolutions) : 0;
}
