/** GET /api/ops/ping (docs/contract/api.md §7.15). */
import { reply, routeHandler } from '../http/handler.js';
import { contract } from '../../schemas/generated/routes/ops-ping.js';

export const handler = routeHandler(contract, { handle: async () => reply({ message: 'ok' }) });
