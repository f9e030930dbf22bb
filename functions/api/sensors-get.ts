/** GET /api/v3_0/sensors/<id> — one sensor (docs/contract/api.md §6.3). Order: 401 → 404 → read (403). */
import { canSensor } from '../core/permissions.js';
import { loadSensor, ownedBy, sensorsJson } from '../http/assets.js';
import { authenticate } from '../http/auth.js';
import { ForbiddenError } from '../core/errors.js';
import { endpoint, reply } from '../http/handler.js';

export const handler = endpoint(async (req) => {
  const { actor } = await authenticate(req);
  const sensor = await loadSensor(req.pathInt('id'));
  if (!canSensor(actor, await ownedBy(sensor.account_id), 'read')) {
    throw new ForbiddenError(`user ${actor.userId} may not read sensor ${sensor.id}`);
  }
  return reply(sensorsJson(req, [sensor])[0]!);
});
