/**
 * GET /api/v3_0/assets/<id>/chart_data — the data of the asset's chart as records (see
 * core/charts/data.ts). Order: 401 → 404 → 422 (query) → read (403).
 */
import { chartRequest, chartWindow, loadChartRecords, loadChartView, type WindowQuery } from '../http/charts.js';
import type { Json } from '../core/errors.js';
import { endpoint, reply } from '../http/handler.js';
import { assetChartDataQuery } from '../../schemas/generated/validators.js';

type Query = WindowQuery & { most_recent_beliefs_only?: boolean };

export const handler = endpoint(
  async (req) => {
    const { asset, query } = await chartRequest<Query>(req, assetChartDataQuery, ['most_recent_beliefs_only']);
    const view = await loadChartView(asset);
    const records = await loadChartRecords(view, chartWindow(query), query.most_recent_beliefs_only ?? true);
    return reply(records as unknown as Json);
  },
  { injectStatus: false },
);
