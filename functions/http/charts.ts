/**
 * What the two asset chart handlers share: the check order (401 → 404 → 422 → 403), the time
 * window from the query, and loading the shown sensors, their beliefs and sources.
 */
import type { Asset, DataSource, Sensor } from '../core/assets/model.js';
import type { Belief } from '../core/beliefs/types.js';
import {
  chartRecords,
  chartRows,
  finestResolution,
  rowSensors,
  sensorsToShowIdsOf,
  type ChartRecord,
  type ChartRow,
  type ChartWindow,
} from '../core/charts/index.js';
import { parseAwareDatetimeFromQuery } from '../core/time/index.js';
import { canAsset } from '../core/permissions.js';
import { assetStore, beliefStore, ports } from '../stores/index.js';
import { MAX_STORABLE_MS, MIN_STORABLE_MS } from '../core/ports/beliefs.js';
import { loadAsset, ownedBy } from '../app/assets.js';
import { normaliseBooleanQuery } from './query.js';
import { authenticate } from './auth.js';
import { ForbiddenError } from '../core/errors.js';
import type { Request } from './request.js';
import { timingOf } from './sensor-data.js';
import type { RequestValidator } from './validation.js';

export interface WindowQuery {
  event_starts_after?: string;
  event_ends_before?: string;
  beliefs_after?: string;
  beliefs_before?: string;
}

const ms = (value: string | undefined) => (value === undefined ? undefined : parseAwareDatetimeFromQuery(value).ms);

export function chartWindow(q: WindowQuery): ChartWindow {
  return {
    eventStartsAfter: ms(q.event_starts_after),
    eventEndsBefore: ms(q.event_ends_before),
    beliefsAfter: ms(q.beliefs_after),
    beliefsBefore: ms(q.beliefs_before),
  };
}

/** Authenticates, loads the asset, validates the query, then checks read permission. */
export async function chartRequest<Q>(req: Request, validator: RequestValidator, booleans: readonly string[]): Promise<{ asset: Asset; query: Q }> {
  const { actor } = await authenticate(req);
  const asset = await loadAsset(ports(), req.pathInt('id'));
  for (const name of booleans) normaliseBooleanQuery(req, name);
  const query = req.args<Q>(validator);
  if (!canAsset(actor, await ownedBy(ports(), asset.accountId), 'read')) {
    throw new ForbiddenError(`user ${actor.userId} may not read the chart of asset ${asset.id}`);
  }
  return { asset, query };
}

export interface ChartView {
  rows: ChartRow[];
  sensors: Sensor[];
  assetNames: Map<number, string>;
  resolutionMs: number;
}

/** The rows the asset's chart shows, with what is needed to describe their sensors. */
export async function loadChartView(asset: Asset): Promise<ChartView> {
  const own = await assetStore().listSensorsByAsset(asset.id);
  const named = await assetStore().getSensors(sensorsToShowIdsOf(asset));
  // Shown sensors must belong to the asset's own account or to a public asset.
  const reachable = new Map([...named].filter(([, s]) => s.accountId === null || s.accountId === asset.accountId));
  const rows = chartRows(asset, own, reachable);
  const sensors = rowSensors(rows);
  const otherIds = [...new Set(sensors.map((s) => s.genericAssetId))].filter((id) => id !== asset.id);
  const others = await assetStore().getAssets(otherIds);
  const assetNames = new Map<number, string>([[asset.id, asset.name], ...otherIds.map((id): [number, string] => [id, others.get(id)?.name ?? ''])]);
  return { rows, sensors, assetNames, resolutionMs: finestResolution(sensors) };
}

/** The chart records of a view. */
export async function loadChartRecords(view: ChartView, window: ChartWindow, mostRecentBeliefsOnly: boolean): Promise<ChartRecord[]> {
  const beliefs = new Map<number, Belief[]>();
  await Promise.all(
    view.sensors.map(async (s) => {
      // Events overlapping the window edges count: read one resolution earlier.
      const from = Math.max(MIN_STORABLE_MS, (window.eventStartsAfter ?? MIN_STORABLE_MS) - s.eventResolution);
      const to = Math.min(MAX_STORABLE_MS, (window.eventEndsBefore ?? MAX_STORABLE_MS) + 1);
      const read = await beliefStore().query({
        sensorId: s.id,
        from,
        to,
        ...(window.beliefsBefore === undefined ? {} : { beliefTimeAtMost: window.beliefsBefore }),
      });
      beliefs.set(s.id, read);
    }),
  );
  const sourceIds = [...new Set([...beliefs.values()].flat().map((b) => b.sourceId))];
  const sources: Map<number, DataSource> = sourceIds.length ? await assetStore().getDataSources(sourceIds) : new Map();
  return chartRecords({
    sensors: view.sensors.map((sensor) => ({ sensor, assetName: view.assetNames.get(sensor.genericAssetId) ?? '', timing: timingOf(sensor) })),
    beliefs,
    sources,
    window,
    mostRecentBeliefsOnly,
    resolutionMs: view.resolutionMs,
  });
}
