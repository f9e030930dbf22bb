/**
 * API Gateway's `$default` route: an unknown path gets FlexMeasures' 404, a known path with a
 * method it does not take gets FlexMeasures' 405 with `Allow` (docs/contract/api.md §3.4). The
 * local runtime sends unmatched requests here too, so both answer alike.
 */
import { routeHandler } from '../http/handler.js';
import { Router, unmatchedError } from '../http/router.js';
import { ROUTES } from '../routes.js';
import { contract } from '../../schemas/generated/routes/unmatched.js';

const router = new Router(ROUTES);

export const handler = routeHandler(contract, {
  handle: async ({ req }) => {
    throw unmatchedError(router.match(req.method, req.path));
  },
});
