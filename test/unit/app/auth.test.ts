/** Authentication use cases over the in-memory fakes: tokens, authentication of a caller, the token request. */
import { describe, it, expect } from '@jest/globals';
import { authenticate, issueToken, requestAuthToken, resolveToken, SEEN_INTERVAL_MS, TokenRequestError, type TokenRequest } from '../../../functions/app/auth.js';
import { hashToken } from '../../../functions/core/auth/tokens.js';
import { MalformedJsonError, UnauthorizedError, ValidationError } from '../../../functions/core/errors.js';
import { NOW, PASSWORD, useAccountWorld } from './account-world.js';

const w = useAccountWorld();

const HOUR = 3_600_000;

describe('issueToken and resolveToken', () => {
  it('stores only the hash, bound to the uniquifier, for the configured lifetime', async () => {
    const token = await issueToken(w.deps, w.users.member, NOW);
    expect(await w.stores.tokens.get(hashToken(token))).toEqual({
      hash: hashToken(token),
      userId: w.users.member.id,
      uniquifier: w.users.member.uniquifier,
      issuedAt: NOW,
      expiresAt: NOW + HOUR,
    });
    expect(await resolveToken(w.deps, token, NOW + HOUR - 1)).toEqual({ user: w.users.member, rejection: null });
    expect(await resolveToken(w.deps, `Bearer ${token}`, NOW)).toMatchObject({ rejection: null });
    expect(await resolveToken(w.deps, token, NOW + HOUR)).toEqual({ user: null, rejection: 'expired' });
  });

  it('rejects malformed and unknown tokens, and revoked ones after a password change', async () => {
    const token = await issueToken(w.deps, w.users.member, NOW);
    expect(await resolveToken(w.deps, undefined, NOW)).toEqual({ user: null, rejection: 'malformed' });
    expect(await resolveToken(w.deps, 'Bearer', NOW)).toEqual({ user: null, rejection: 'malformed' });
    expect(await resolveToken(w.deps, 'x'.repeat(43), NOW)).toEqual({ user: null, rejection: 'unknown' });
    await w.stores.users.setPassword(w.users.member.id, 'scrypt$other');
    expect(await resolveToken(w.deps, token, NOW)).toEqual({ user: null, rejection: 'revoked' });
  });
});

describe('authenticate', () => {
  it('answers 401 for a token it does not accept', async () => {
    await expect(authenticate(w.deps, undefined)).rejects.toBeInstanceOf(UnauthorizedError);
    const inactive = await issueToken(w.deps, w.users.inactive, NOW);
    await expect(authenticate(w.deps, inactive)).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it('returns the caller with their actor and records last_seen_at at most once a minute', async () => {
    const token = await issueToken(w.deps, w.users.accountAdmin, NOW);
    const caller = await authenticate(w.deps, token);
    expect(caller.actor).toEqual({ userId: w.users.accountAdmin.id, accountId: w.accounts.client.id, roles: ['account-admin'] });
    const seen = async () => (await w.stores.users.get(w.users.accountAdmin.id))!.lastSeenAt;
    expect(await seen()).toBe(NOW);
    w.setNow(NOW + SEEN_INTERVAL_MS);
    await authenticate(w.deps, token);
    expect(await seen()).toBe(NOW);
    w.setNow(NOW + SEEN_INTERVAL_MS + 1);
    await authenticate(w.deps, token);
    expect(await seen()).toBe(NOW + SEEN_INTERVAL_MS + 1);
  });
});

describe('requestAuthToken', () => {
  const request = (body: unknown, extra: Partial<TokenRequest> = {}): TokenRequest => ({ isJson: true, body: () => body, authorization: undefined, ...extra });
  const refusal = async (req: TokenRequest) => {
    const err = await requestAuthToken(w.deps, req).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TokenRequestError);
    return [(err as TokenRequestError).statusCode, (err as TokenRequestError).body()];
  };

  it('checks in FlexMeasures order and issues nothing on a refusal', async () => {
    const unparsed = () => {
      throw new Error('must not be parsed');
    };
    expect(await refusal(request(null, { isJson: false, body: unparsed }))).toEqual([400, { errors: ['Content-type of request must be application/json'], status: 400 }]);
    expect(await refusal(request({ password: PASSWORD }))).toEqual([400, { errors: ["Please provide the 'email' parameter."], status: 400 }]);
    expect(await refusal(request({ email: null }))).toEqual([404, { errors: ["User with email 'None' does not exist"], status: 404 }]);
    expect(await refusal(request({ email: 'member@example.com' }))).toEqual([400, { errors: ["Please provide the 'password' parameter."], status: 400 }]);
    expect(await refusal(request({ email: 'member@example.com', password: 'wrong' }))).toEqual([401, { errors: ['User password does not match.'], status: 401 }]);
    expect(await refusal(request({ email: 'inactive@example.com', password: PASSWORD }))).toEqual([401, { errors: ['Account is disabled.'], status: 401 }]);
    expect(w.stores.tokens.size).toBe(0);
  });

  it('answers unreadable JSON in its own shape', async () => {
    const failing = (err: Error) => request(null, { body: () => { throw err; } });
    expect(await refusal(failing(new MalformedJsonError()))).toMatchObject([400, { errors: [expect.stringContaining('could not understand')] }]);
    expect(await refusal(failing(new ValidationError('json', {})))).toEqual([400, { errors: ['JSON may be nested at most 32 levels deep.'], status: 400 }]);
  });

  it('issues a token for the right password and records the log-in', async () => {
    const { token, userId } = await requestAuthToken(w.deps, request({ email: 'member@example.com', password: PASSWORD }));
    expect(userId).toBe(w.users.member.id);
    expect((await resolveToken(w.deps, token, NOW)).user?.id).toBe(userId);
    expect(await w.stores.users.get(userId)).toMatchObject({ lastLoginAt: NOW, loginCount: 1 });
  });

  it("takes a valid token of the same user instead of the password, and ignores anyone else's", async () => {
    const own = await issueToken(w.deps, w.users.member, NOW);
    const issued = await requestAuthToken(w.deps, request({ email: 'member@example.com' }, { authorization: own }));
    expect(issued.userId).toBe(w.users.member.id);
    const other = await issueToken(w.deps, w.users.admin, NOW);
    expect(await refusal(request({ email: 'member@example.com' }, { authorization: other }))).toEqual([400, { errors: ["Please provide the 'password' parameter."], status: 400 }]);
  });
});
