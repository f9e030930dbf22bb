/**
 * GET /api/v3_0/assets/<id>/chart — the asset's chart as a Vega-Lite spec (see
 * core/charts/spec.ts), with its data embedded on request. Order: 401 → 404 → 422 (query) → read (403).
 */
import type { Asset } from '../core/assets/model.js';
import { loadAsset } from '../app/assets.js';
import { assetChart, type ChartQuery } from '../app/charts.js';
import { reply, routeHandler } from '../http/handler.js';
import { normaliseBooleans } from '../http/query.js';
import { contract } from '../../schemas/generated/routes/assets-chart.js';

export const handler = routeHandler<typeof contract, object, ChartQuery, Asset>(contract, {
  order: ['load', 'query'],
  load: ({ req, deps }) => loadAsset(deps, req.pathInt('id')),
  prepareQuery: (query) => normaliseBooleans(query, ['include_data']),
  injectStatus: false,
  handle: async ({ query, loaded: asset }, { actor }, deps) => reply(await assetChart(deps, actor, asset, query)),
});
