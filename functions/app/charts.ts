/**
 * Asset chart use cases: the chart of an asset as a Vega-Lite spec (its data embedded on request)
 * and the chart's data as records. The rows are the asset's `sensors_to_show` (or its own sensors);
 * the beliefs of the shown sensors are read over the requested window, with their sources.
 */
import type { Asset, DataSource, Sensor } from '../core/assets/model.js';
import type { Belief } from '../core/beliefs/types.js';
import {
  assetChartSpec,
  chartRecords,
  chartRows,
  chartSize,
  finestResolution,
  rowSensors,
  sensorsToShowIdsOf,
  type ChartRecord,
  type ChartRow,
  type ChartWindow,
} from '../core/charts/index.js';
import { ForbiddenError, type Json } from '../core/errors.js';
import { canAsset, type Actor } from '../core/permissions.js';
import { MAX_STORABLE_MS, MIN_STORABLE_MS } from '../core/ports/beliefs.js';
import type { Ports } from '../core/ports/index.js';
import { timingOf } from '../core/sensor-data.js';
import { parseAwareDatetimeFromQuery } from '../core/time/index.js';
import { ownedBy } from './assets.js';

/** The time window of a chart request, as the query gives it (schema-valid datetimes). */
export interface WindowQuery {
  event_starts_after?: string;
  event_ends_before?: string;
  beliefs_after?: string;
  beliefs_before?: string;
}

export type ChartQuery = WindowQuery & { include_data?: boolean; dataset_name?: string; width?: string; height?: string };
export type ChartDataQuery = WindowQuery & { most_recent_beliefs_only?: boolean };

type ChartPorts = Pick<Ports, 'accounts' | 'assets' | 'beliefs'>;

const ms = (value: string | undefined) => (value === undefined ? undefined : parseAwareDatetimeFromQuery(value).ms);

function chartWindow(q: WindowQuery): ChartWindow {
  return {
    eventStartsAfter: ms(q.event_starts_after),
    eventEndsBefore: ms(q.event_ends_before),
    beliefsAfter: ms(q.beliefs_after),
    beliefsBefore: ms(q.beliefs_before),
  };
}

async function requireRead(deps: Pick<Ports, 'accounts'>, actor: Actor, asset: Asset): Promise<void> {
  if (!canAsset(actor, await ownedBy(deps, asset.account_id), 'read')) {
    throw new ForbiddenError(`user ${actor.userId} may not read the chart of asset ${asset.id}`);
  }
}

interface ChartView {
  rows: ChartRow[];
  sensors: Sensor[];
  assetNames: Map<number, string>;
  resolutionMs: number;
}

/** The rows the asset's chart shows, with what is needed to describe their sensors. */
async function loadChartView(deps: Pick<Ports, 'assets'>, asset: Asset): Promise<ChartView> {
  const own = await deps.assets.listSensorsByAsset(asset.id);
  const named = await deps.assets.getSensors(sensorsToShowIdsOf(asset));
  // Shown sensors must belong to the asset's own account or to a public asset.
  const reachable = new Map([...named].filter(([, s]) => s.account_id === null || s.account_id === asset.account_id));
  const rows = chartRows(asset, own, reachable);
  const sensors = rowSensors(rows);
  const otherIds = [...new Set(sensors.map((s) => s.generic_asset_id))].filter((id) => id !== asset.id);
  const others = await deps.assets.getAssets(otherIds);
  const assetNames = new Map<number, string>([[asset.id, asset.name], ...otherIds.map((id): [number, string] => [id, others.get(id)?.name ?? ''])]);
  return { rows, sensors, assetNames, resolutionMs: finestResolution(sensors) };
}

/** The chart records of a view. */
async function loadChartRecords(deps: Pick<Ports, 'assets' | 'beliefs'>, view: ChartView, window: ChartWindow, mostRecentBeliefsOnly: boolean): Promise<ChartRecord[]> {
  const beliefs = new Map<number, Belief[]>();
  await Promise.all(
    view.sensors.map(async (s) => {
      // Events overlapping the window edges count: read one resolution earlier.
      const from = Math.max(MIN_STORABLE_MS, (window.eventStartsAfter ?? MIN_STORABLE_MS) - s.event_resolution);
      const to = Math.min(MAX_STORABLE_MS, (window.eventEndsBefore ?? MAX_STORABLE_MS) + 1);
      const read = await deps.beliefs.query({
        sensorId: s.id,
        from,
        to,
        ...(window.beliefsBefore === undefined ? {} : { beliefTimeAtMost: window.beliefsBefore }),
      });
      beliefs.set(s.id, read);
    }),
  );
  const sourceIds = [...new Set([...beliefs.values()].flat().map((b) => b.sourceId))];
  const sources: Map<number, DataSource> = sourceIds.length ? await deps.assets.getDataSources(sourceIds) : new Map();
  return chartRecords({
    sensors: view.sensors.map((sensor) => ({ sensor, assetName: view.assetNames.get(sensor.generic_asset_id) ?? '', timing: timingOf(sensor) })),
    beliefs,
    sources,
    window,
    mostRecentBeliefsOnly,
    resolutionMs: view.resolutionMs,
  });
}

/** GET /assets/<id>/chart after the asset is found and the query is valid: read on the asset (403) → the Vega-Lite spec. */
export async function assetChart(deps: ChartPorts, actor: Actor, asset: Asset, query: ChartQuery): Promise<Json> {
  await requireRead(deps, actor, asset);
  const view = await loadChartView(deps, asset);
  const window = chartWindow(query);
  const height = chartSize(query.height);
  const spec = assetChartSpec({
    rows: view.rows,
    assetNames: view.assetNames,
    datasetName: query.dataset_name ?? `asset_${asset.id}`,
    resolutionMs: view.resolutionMs,
    eventStartsAfter: window.eventStartsAfter,
    eventEndsBefore: window.eventEndsBefore,
    width: chartSize(query.width),
    height: height === 'container' ? undefined : height,
    data: query.include_data ? await loadChartRecords(deps, view, window, true) : undefined,
  });
  return spec as Json;
}

/** GET /assets/<id>/chart_data after the asset is found and the query is valid: read on the asset (403) → the records. */
export async function assetChartData(deps: ChartPorts, actor: Actor, asset: Asset, query: ChartDataQuery): Promise<ChartRecord[]> {
  await requireRead(deps, actor, asset);
  const view = await loadChartView(deps, asset);
  return loadChartRecords(deps, view, chartWindow(query), query.most_recent_beliefs_only ?? true);
}
