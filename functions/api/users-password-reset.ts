/**
 * PATCH /api/v3_0/users/<id>/password-reset — set a random 24-letter password, which also replaces
 * the user's uniquifier and so revokes every token and cached authorization at once
 * (docs/contract/api.md §7.14). Order: 401 → 404 → update permission (the user, an account-admin of the account, admin)
 * → 403. Answers exactly `{"status": 200}`. Unlike FlexMeasures, no e-mail is sent: the user gets
 * a new password from an admin (`npm run cli -- reset-password`).
 */
import { resetPassword } from '../app/users.js';
import { reply, routeHandler } from '../http/handler.js';
import { contract } from '../../schemas/generated/routes/users-password-reset.js';

export const handler = routeHandler(contract, {
  handle: async ({ req }, caller, deps) => {
    await resetPassword(deps, caller, req.pathInt('id'));
    return reply({});
  },
});
