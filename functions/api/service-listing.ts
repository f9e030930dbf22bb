/** GET /api/v3_0 — the service listing, built from the route table (docs/contract/api.md §5.3). */
import { reply, routeHandler } from '../http/handler.js';
import { ROUTES, serviceName } from '../routes.js';
import { contract } from '../../schemas/generated/routes/service-listing.js';

export const handler = routeHandler(contract, {
  handle: async ({ req }) => {
    const services = ROUTES.filter((r) => r.listed)
      .map((r) => ({ description: r.description, name: serviceName(r), url: `${req.hostUrl}${r.path}` }))
      // Sorted by URL; Array.prototype.sort is stable, so methods of one URL keep the table's order.
      .sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
    return reply({ message: 'Request has been processed.', services, status: 'PROCESSED', version: '3.0' });
  },
});
