/**
 * GET /api/v3_0/health/ready — 200 when the entity store, the belief store and the job queue
 * answer, 503 otherwise; one boolean per component (docs/contract/api.md §5.4, adapted to this stack).
 */
import { reply, routeHandler } from '../http/handler.js';
import { readiness } from '../stores/index.js';
import { contract } from '../../schemas/generated/routes/health-ready.js';

export const handler = routeHandler(contract, {
  handle: async () => {
    const components = await readiness();
    const ready = Object.values(components).every(Boolean);
    return reply({ ...components }, ready ? 200 : 503);
  },
});
