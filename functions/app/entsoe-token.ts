/**
 * The ENTSO-E security token, from an operator-managed secret (in AWS an SSM Parameter Store
 * SecureString, created by the operator, never by the stack: see README "Day-ahead price
 * ingestion"). Read once per secret source and parameter — a Lambda's ports, and so its secret
 * source, live as long as its container — and a failed read is not cached, so the next run tries
 * again. The value is never logged and never put into an error message.
 */
import type { SecretSource } from '../core/ports/secrets.js';

/** Gives the token; called only when a request is about to be made. */
export type TokenProvider = () => Promise<string>;

/** Tokens read, per secret source (a runtime's or a container's) and parameter. */
const tokensBySource = new WeakMap<SecretSource, Map<string, Promise<string>>>();

async function read(parameterName: string, source: SecretSource): Promise<string> {
  let value: string | undefined;
  try {
    value = await source.read(parameterName);
  } catch (err) {
    const e = err as { name?: string; message?: string };
    // The secret source's errors name the parameter and the caller, never its value.
    throw new Error(`Could not read the ENTSO-E token from SSM parameter ${parameterName}: ${e.name ?? 'Error'}: ${e.message ?? String(err)}`);
  }
  const token = value?.trim();
  if (!token) throw new Error(`SSM parameter ${parameterName} holds no ENTSO-E token (empty value).`);
  return token;
}

/** A provider reading the secret `parameterName` (decrypted) from `source` (`deps.secrets`), cached per source. */
export function secretTokenProvider(parameterName: string, source: SecretSource): TokenProvider {
  if (!parameterName) throw new Error('No SSM parameter name for the ENTSO-E token (ENTSOE_TOKEN_PARAMETER).');
  let cache = tokensBySource.get(source);
  if (!cache) tokensBySource.set(source, (cache = new Map()));
  const tokens = cache;
  return () => {
    let pending = tokens.get(parameterName);
    if (!pending) {
      pending = read(parameterName, source);
      tokens.set(parameterName, pending);
      pending.catch(() => tokens.delete(parameterName));
    }
    return pending;
  };
}

/** A provider of a token given directly (the local CLI reads `ENTSOE_TOKEN`). */
export function staticTokenProvider(token: string | undefined, name = 'ENTSOE_TOKEN'): TokenProvider {
  return async () => {
    const value = token?.trim();
    if (!value) throw new Error(`No ENTSO-E token: set ${name}.`);
    return value;
  };
}
