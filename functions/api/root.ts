/** GET /api/ — list API versions (docs/contract/api.md §5.1); GET /api answers 308 to /api/. */
import { reply, routeHandler } from '../http/handler.js';
import { contract } from '../../schemas/generated/routes/root.js';

const MESSAGE =
  'For these API versions a public endpoint is available, listing its service. For example: /api/v3_0. An authentication token can be requested at: /api/requestAuthToken';

export const handler = routeHandler(contract, {
  handle: async ({ req }, _caller, { settings }) =>
    req.path === '/api'
      ? reply({ message: 'Redirecting to /api/' }, 308, { location: '/api/' })
      : reply({ flexmeasures_version: settings.version, message: MESSAGE, versions: ['v3_0'] }),
});
