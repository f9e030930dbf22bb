/** Every path of the sunset API versions 1.0–2.0: 410 with Deprecation/Sunset/Link headers, no authentication (docs/contract/api.md §7.16). */
import { sunsetOutcome } from '../core/sunset.js';
import { HttpError, METHOD_NOT_ALLOWED_MESSAGE, NOT_FOUND_MESSAGE } from '../core/errors.js';
import { reply, routeHandler } from '../http/handler.js';
import { contract } from '../../schemas/generated/routes/sunset.js';

export const handler = routeHandler(contract, {
  handle: async ({ req }, _caller, { settings }) => {
    const match = /^(\/api\/v[12](?:_\d)?)(\/.*)$/.exec(req.path);
    const outcome = match ? sunsetOutcome(match[1]!, match[2]!, req.method, settings.sunset) : ({ kind: 'not-found' } as const);
    if (outcome.kind === 'not-found') throw new HttpError(404, NOT_FOUND_MESSAGE);
    if (outcome.kind === 'method-not-allowed') throw new HttpError(405, METHOD_NOT_ALLOWED_MESSAGE);
    return reply({ message: outcome.message }, 410, outcome.headers);
  },
});
