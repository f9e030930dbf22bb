/**
 * PATCH /api/v3_0/accounts/<id> — edit name, colors, logo URL and (admins only) the consultancy
 * account (docs/contract/api.md §7.13). Order: 401 → 422 (body) → 404 → update permission (any member of the
 * account, or admin; 403) → consultancy check → write.
 *
 * `consultancy_account_id` is silently dropped for non-admins. For admins, absent leaves it as it
 * is and `null` clears it (FlexMeasures counted absent as null, so an admin could change nothing
 * else without re-sending it, and could not clear it); a new id must name another existing
 * account, else 422 `{"errors": ["Invalid consultancy_account_id"], "status": 422}`. A taken name is
 * a 422 under `name` (FlexMeasures: 500, docs/contract/api.md §10.2 decision 0016), as is any attempt to assign
 * `account_roles`. One audit event `Account <name> has been updated. Modified fields: …` lists the
 * fields whose value actually changed.
 */
import { patchAccount, type AccountPatch } from '../app/accounts.js';
import { accountJson } from '../core/accounts/serialize.js';
import { hexColorError, logoUrlError } from '../core/accounts/validate.js';
import { reply, routeHandler } from '../http/handler.js';
import { contract } from '../../schemas/generated/routes/accounts-patch.js';

export const handler = routeHandler<typeof contract, AccountPatch & { account_roles?: unknown }>(contract, {
  checkBody: (body, errors) => {
    for (const field of ['primary_color', 'secondary_color'] as const) {
      const value = body[field];
      const problem = typeof value === 'string' ? hexColorError(value) : null;
      if (problem) errors.add([field], problem);
    }
    const problem = typeof body.logo_url === 'string' ? logoUrlError(body.logo_url) : null;
    if (problem) errors.add(['logo_url'], problem);
    if ('account_roles' in body) errors.add(['account_roles'], 'Account roles cannot be changed through the API.');
  },
  handle: async ({ req, body }, caller, deps) => reply(accountJson(await patchAccount(deps, caller, req.pathInt('id'), body))),
});
