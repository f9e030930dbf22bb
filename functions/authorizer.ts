/**
 * The API Gateway HTTP API Lambda REQUEST authorizer (simple responses, cached 5 minutes per
 * `Authorization` value). It resolves the token (raw, as FlexMeasures clients send it, or
 * `Bearer <token>`) and ALWAYS answers `isAuthorized: true`:
 *   - valid token → context `{userId, accountId, roles, uniquifier}` (principalToContext);
 *   - invalid, expired or revoked token → an EMPTY context, so the handler's `authenticate(req)`
 *     answers FlexMeasures' exact 401 (a deny would make API Gateway answer 403, which clients
 *     would not treat as "fetch a new token").
 * Per-object permissions are never decided here (answers are cached per token); handlers decide
 * them with functions/core/permissions.ts. On a fresh (uncached) authorization the user's
 * `last_seen_at` is refreshed, at most once a minute.
 */
import type { APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerWithContextResult } from 'aws-lambda';
import { now } from './http/clock.js';
import { principalOf, resolveToken } from './http/auth.js';
import { logger } from './http/logger.js';
import { principalToContext, type AuthorizerContext } from './http/request.js';
import { userStore } from './stores/index.js';

const SEEN_INTERVAL_MS = 60_000;

export type AuthorizerResult = APIGatewaySimpleAuthorizerWithContextResult<AuthorizerContext | Record<string, never>>;

function authorizationHeader(event: APIGatewayRequestAuthorizerEventV2): string | undefined {
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (name.toLowerCase() === 'authorization' && value) return value;
  }
  return event.identitySource?.[0];
}

export async function handler(event: APIGatewayRequestAuthorizerEventV2): Promise<AuthorizerResult> {
  const at = now();
  const resolved = await resolveToken(authorizationHeader(event), at);
  if (!resolved.user) {
    logger.info('Token not accepted', { reason: resolved.rejection });
    return { isAuthorized: true, context: {} };
  }
  try {
    await userStore().recordSeen(resolved.user.id, at, SEEN_INTERVAL_MS);
  } catch (err) {
    logger.warn('Could not record last_seen_at', err as Error);
  }
  return { isAuthorized: true, context: principalToContext(principalOf(resolved.user)) };
}
