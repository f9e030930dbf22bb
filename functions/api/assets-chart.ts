/**
 * GET /api/v3_0/assets/<id>/chart — the asset's chart as a Vega-Lite spec (see
 * core/charts/spec.ts), with its data embedded on request. Order: 401 → 404 → 422 (query) → read (403).
 */
import { assetChartSpec, chartSize } from '../core/charts/index.js';
import { chartRequest, chartWindow, loadChartRecords, loadChartView, type WindowQuery } from '../http/charts.js';
import type { Json } from '../core/errors.js';
import { endpoint, reply } from '../http/handler.js';
import { assetChartQuery } from '../../schemas/generated/validators.js';

type Query = WindowQuery & { include_data?: boolean; dataset_name?: string; width?: string; height?: string };

export const handler = endpoint(
  async (req) => {
    const { asset, query } = await chartRequest<Query>(req, assetChartQuery, ['include_data']);
    const view = await loadChartView(asset);
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
      data: query.include_data ? await loadChartRecords(view, window, true) : undefined,
    });
    return reply(spec as Json);
  },
  { injectStatus: false },
);
