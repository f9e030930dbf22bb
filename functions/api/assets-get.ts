/** GET /api/v3_0/assets/<id> — one asset (docs/contract/api.md §7.9). Order: 401 → 404 → read (403). */
import { getAsset } from '../app/assets.js';
import { reply, routeHandler } from '../http/handler.js';
import { contract } from '../../schemas/generated/routes/assets-get.js';

export const handler = routeHandler(contract, {
  handle: async ({ req }, { actor }, deps) => reply(await getAsset(deps, actor, req.pathInt('id'))),
});
