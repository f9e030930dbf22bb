/** GET /api/v3_0/assets/public — all public assets (docs/contract/api.md §7.7); any authenticated user. An array. */
import { listPublicAssets } from '../app/assets.js';
import { reply, routeHandler } from '../http/handler.js';
import { contract } from '../../schemas/generated/routes/assets-public.js';

export const handler = routeHandler(contract, {
  handle: async (_input, _caller, deps) => reply(await listPublicAssets(deps)),
});
