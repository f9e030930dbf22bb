/** GET /api/v3_0/assets/public — all public assets (docs/contract/api.md §7.7); any authenticated user. An array. */
import { assetsJson } from '../http/assets.js';
import { authenticate } from '../http/auth.js';
import { endpoint, reply } from '../http/handler.js';
import { assetStore } from '../stores/index.js';

export const handler = endpoint(async (req) => {
  await authenticate(req);
  const assets = await assetStore().listAssetsByAccount(null);
  return reply(await assetsJson(assets.sort((a, b) => a.id - b.id)));
});
