/**
 * POST /api/requestAuthToken — exchange e-mail and password for a token (docs/contract/api.md §5.2; errors
 * as `{"errors": [...]}` with the numeric status, which the official client relies on).
 *
 * Checks in FlexMeasures' order: JSON content type (400) → `email` present (400) → user exists
 * (404) → `password` present (400) → password matches (401). The route is public: a stale or
 * invalid `Authorization` header is ignored; a valid token of the same user stands in for the
 * password (FlexMeasures' "already logged in" rule). Deviations (docs/contract/api.md §10.2): no token for inactive users
 * (decision 0010: 401 "Account is disabled.", after the password check so it reveals nothing to
 * someone without the password), and malformed JSON is a 400, not a 500 (decision 0016).
 * The rules are the use case's (functions/app/auth.ts); the route's body is not schema-validated.
 */
import { requestAuthToken, TokenRequestError } from '../app/auth.js';
import { INTERNAL_ERROR_MESSAGE } from '../core/errors.js';
import { isTransientServiceError, reply, routeHandler } from '../http/handler.js';
import { contract } from '../../schemas/generated/routes/request-auth-token.js';

export const handler = routeHandler(contract, {
  handle: async ({ req }, _caller, deps) => {
    try {
      const { token, userId } = await requestAuthToken(deps, { isJson: req.isJson, body: () => req.json(), authorization: req.headers.authorization });
      return reply({ auth_token: token, user_id: userId });
    } catch (err) {
      // Refusals have their own shape; a store that is over capacity gets the usual 503 with Retry-After.
      if (err instanceof TokenRequestError || isTransientServiceError(err)) throw err;
      // FlexMeasures answers any other failure in the same `errors` shape; the detail is only logged.
      deps.log.error('requestAuthToken failed', err as Error);
      return reply({ errors: [INTERNAL_ERROR_MESSAGE] }, 500);
    }
  },
});
