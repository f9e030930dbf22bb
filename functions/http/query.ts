/**
 * Query-string spellings as Flask and marshmallow read them, rewritten before the schemas see the
 * query: marshmallow's Boolean accepts more spellings than `true`/`false`, and Flask form-decodes
 * free text (a `+` is a space, while API Gateway's `queryStringParameters` keep it as is).
 */
import type { Request } from './request.js';

const TRUE = new Set(['1', 'true', 't', 'yes', 'y', 'on']);
const FALSE = new Set(['0', 'false', 'f', 'no', 'n', 'off']);

/** `true`/`false` for marshmallow's Boolean spellings; anything else unchanged (the schema rejects it). */
export function booleanSpelling(raw: string): string {
  const v = raw.trim().toLowerCase();
  return TRUE.has(v) ? 'true' : FALSE.has(v) ? 'false' : raw;
}

/** The query with the named boolean arguments normalised (a copy). */
export function normaliseBooleans(query: Record<string, string>, names: readonly string[]): Record<string, string> {
  const out = { ...query };
  for (const name of names) if (out[name] !== undefined) out[name] = booleanSpelling(out[name]);
  return out;
}

/** Normalises a boolean argument of the request's query in place. */
export function normaliseBooleanQuery(req: Request, name: string): void {
  const raw = req.query[name];
  if (raw !== undefined) req.query[name] = booleanSpelling(raw);
}

/** The query with the named free-text arguments form-decoded from the raw query string (a copy). */
export function formDecoded(query: Record<string, string>, req: Request, names: readonly string[]): Record<string, string> {
  const raw = req.event.rawQueryString;
  if (!raw) return query;
  const params = new URLSearchParams(raw);
  const out = { ...query };
  for (const name of names) {
    const value = params.get(name);
    if (value !== null) out[name] = value;
  }
  return out;
}
