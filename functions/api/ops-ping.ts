/** GET /api/ops/ping (docs/contract/api.md §7.15). */
import { endpoint, reply } from '../http/handler.js';

export const handler = endpoint(async () => reply({ message: 'ok' }));
