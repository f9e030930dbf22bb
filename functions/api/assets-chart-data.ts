/**
 * GET /api/v3_0/assets/<id>/chart_data — the data of the asset's chart as records (see
 * core/charts/data.ts). Order: 401 → 404 → 422 (query) → read (403).
 */
import type { Asset } from '../core/assets/model.js';
import { loadAsset } from '../app/assets.js';
import { assetChartData, type ChartDataQuery } from '../app/charts.js';
import type { Json } from '../core/errors.js';
import { reply, routeHandler } from '../http/handler.js';
import { normaliseBooleans } from '../http/query.js';
import { contract } from '../../schemas/generated/routes/assets-chart-data.js';

export const handler = routeHandler<typeof contract, object, ChartDataQuery, Asset>(contract, {
  order: ['load', 'query'],
  load: ({ req, deps }) => loadAsset(deps, req.pathInt('id')),
  prepareQuery: (query) => normaliseBooleans(query, ['most_recent_beliefs_only']),
  injectStatus: false,
  handle: async ({ query, loaded: asset }, { actor }, deps) => reply((await assetChartData(deps, actor, asset, query)) as unknown as Json),
});
