/** GET /api/ — list API versions (docs/contract/api.md §5.1); GET /api answers 308 to /api/. */
import { endpoint, reply } from '../http/handler.js';

export const FLEXMEASURES_VERSION = process.env.FLEXMEASURES_VERSION || '0.23.0';

export const handler = endpoint(async (req) => {
  if (req.path === '/api') {
    return reply({ message: 'Redirecting to /api/' }, 308, { location: '/api/' });
  }
  return reply({
    flexmeasures_version: FLEXMEASURES_VERSION,
    message:
      'For these API versions a public endpoint is available, listing its service. For example: /api/v3_0. An authentication token can be requested at: /api/requestAuthToken',
    versions: ['v3_0'],
  });
});
