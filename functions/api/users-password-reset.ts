/**
 * PATCH /api/v3_0/users/<id>/password-reset — set a random 24-letter password, which also replaces
 * the user's uniquifier and so revokes every token and cached authorization at once
 * (docs/contract/api.md §7.14). Order: 401 → 404 → update permission (the user, an account-admin of the account, admin)
 * → 403. Answers exactly `{"status": 200}`. Unlike FlexMeasures, no e-mail is sent: the user gets
 * a new password from an admin (`npm run cli -- reset-password`).
 */
import { passwordResetEvent } from '../core/accounts/events.js';
import { hashPassword, randomLetters } from '../core/auth/passwords.js';
import { canUser } from '../core/permissions.js';
import { loadAccount, loadUser, recordAudit } from '../http/accounts.js';
import { authenticate } from '../http/auth.js';
import { ForbiddenError } from '../core/errors.js';
import { endpoint, reply } from '../http/handler.js';
import { userStore } from '../stores/index.js';

export const handler = endpoint(async (req) => {
  const caller = await authenticate(req);
  const user = await loadUser(req.pathInt('id'));
  const account = await loadAccount(user.accountId);
  if (!canUser(caller.actor, { id: user.id, account }, 'update')) {
    throw new ForbiddenError(`user ${caller.user.id} may not reset the password of user ${user.id}`);
  }
  await userStore().setPassword(user.id, await hashPassword(randomLetters(24)));
  await recordAudit(caller, passwordResetEvent(user.username), { userId: user.id });
  return reply({});
});
