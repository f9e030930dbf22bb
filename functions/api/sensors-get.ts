/** GET /api/v3_0/sensors/<id> — one sensor (docs/contract/api.md §6.3). Order: 401 → 404 → read (403). */
import { getSensor } from '../app/sensors.js';
import { reply, routeHandler } from '../http/handler.js';
import { contract } from '../../schemas/generated/routes/sensors-get.js';

export const handler = routeHandler(contract, {
  handle: async ({ req }, { actor }, deps) => reply(await getSensor(deps, actor, req.pathInt('id'), req.host)),
});
