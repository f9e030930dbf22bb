/**
 * The ENTSO-E Transparency Platform web API client (docs/contract/aws-services.md §5.2): one GET per query,
 * each attempt bounded by a time-out (`AbortSignal.timeout`), retried with exponential back-off and
 * full jitter on HTTP 429, 5xx and network errors, honouring `Retry-After`.
 *
 * The security token travels only in the request URL. It never appears in an error message or a
 * log line: errors describe the request without it, and any text that could echo it (a response
 * body, a network error) is redacted. The `fetch` function, the clock, `sleep` and `random` are
 * injectable, so tests never touch the network or wait.
 */
import { DEFAULT_ENTSOE_BASE_URL, buildA44QueryForDay, type A44Query } from '../../core/prices/index.js';
import type { FetchDayDocument } from '../../core/ports/price-ingest.js';

export { DEFAULT_ENTSOE_BASE_URL };

export interface EntsoeClientOptions {
  /** The security token (read lazily, once per request). */
  token: () => Promise<string>;
  /** Default {@link DEFAULT_ENTSOE_BASE_URL}. */
  baseUrl?: string;
  /** Default the global `fetch`. */
  fetch?: typeof fetch;
  /** Time-out of one attempt, body included (ms); default 30 s. */
  timeoutMs?: number;
  /** Attempts in all (first try included); default 4. */
  maxAttempts?: number;
  /** Back-off before retry n is a random share of `baseDelayMs × 2^(n−1)` (full jitter); default 1 s. */
  baseDelayMs?: number;
  /**
   * Longest wait before a retry (ms); default 30 s. A `Retry-After` longer than this (ENTSO-E bans
   * a token for 10 minutes after too many requests) ends the retries: the next scheduled run retries.
   */
  maxDelayMs?: number;
  /** Absolute time (on `now`'s clock) by which the last attempt must be over, e.g. the Lambda's deadline. */
  deadline?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Told before each retry (for logs): attempt number about to be made, wait, and why. */
  onRetry?: (retry: { attempt: number; delayMs: number; reason: string }) => void;
}

/** A request that failed for good (after retries where retrying made sense). Never names the token. */
export class EntsoeRequestError extends Error {
  override readonly name = 'EntsoeRequestError';
  constructor(
    message: string,
    /** The last HTTP status, null when the last attempt got no response. */
    readonly status: number | null,
    /** Whether a later run may succeed (rate limit, server or network trouble). */
    readonly retryable: boolean,
    readonly attempts: number,
  ) {
    super(message);
  }
}

const DEFAULTS = { timeoutMs: 30_000, maxAttempts: 4, baseDelayMs: 1_000, maxDelayMs: 30_000 };

/** Replaces every occurrence of the token (plain or URL-encoded) in `text`. */
export function redact(text: string, token: string): string {
  if (!token) return text;
  let out = text;
  for (const form of new Set([token, encodeURIComponent(token)])) out = out.split(form).join('***');
  return out;
}

/**
 * The wait a `Retry-After` header asks for (ms, ≥ 0): delay-seconds or an HTTP date. Null when the
 * header is absent or unreadable.
 */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - nowMs);
}

/** Exponential back-off with full jitter before retry `retry` (1 = the first retry). */
export function backoffDelay(retry: number, baseDelayMs: number, maxDelayMs: number, random: () => number): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}

/** The request without its token, for messages: `A44 10YNL----------L 202510012200–202510022200`. */
export function describeQuery(query: A44Query): string {
  const contract = query['contract_MarketAgreement.type'] ? ` contract ${query['contract_MarketAgreement.type']}` : '';
  return `${query.documentType} ${query.in_Domain} ${query.periodStart}–${query.periodEnd}${contract}`;
}

const isRetryableStatus = (status: number) => status === 429 || (status >= 500 && status <= 599);
const looksLikeAcknowledgement = (body: string) => /<(?:[\w.-]+:)?Acknowledgement_MarketDocument[\s>]/.test(body);
const snippet = (body: string) => {
  const text = body.replace(/\s+/g, ' ').trim();
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
};

function describeFailure(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return 'timed out';
  const cause = e?.cause?.code ?? e?.cause?.message;
  return `${e?.message ?? String(err)}${cause ? ` (${cause})` : ''}`;
}

/**
 * GETs an A44 query and returns the XML body: the publication document (HTTP 200), or an
 * `Acknowledgement_MarketDocument` (ENTSO-E answers "No matching data found" and other refusals
 * with one, with HTTP 200 or 400) for the parser to classify.
 *
 * @throws EntsoeRequestError when the token is refused (401/403, not retried), for another HTTP
 *   error without an acknowledgement, or when retries are exhausted, out of time, or asked to wait
 *   longer than `maxDelayMs`.
 */
export async function fetchEntsoeDocument(query: A44Query, options: EntsoeClientOptions): Promise<string> {
  const opts = { ...DEFAULTS, ...options };
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const what = `ENTSO-E ${describeQuery(query)}`;

  const token = await options.token();
  const url = new URL(options.baseUrl ?? DEFAULT_ENTSOE_BASE_URL);
  url.search = new URLSearchParams({ securityToken: token, ...query }).toString();
  const fail = (message: string, status: number | null, retryable: boolean, attempts: number) =>
    new EntsoeRequestError(redact(message, token), status, retryable, attempts);

  for (let attempt = 1; ; attempt++) {
    const budget = opts.deadline === undefined ? opts.timeoutMs : Math.min(opts.timeoutMs, opts.deadline - now());
    if (budget <= 0) throw fail(`${what}: no time left for attempt ${attempt}.`, null, true, attempt - 1);

    let status: number | null = null;
    let reason: string;
    let retryAfterMs: number | null = null;
    try {
      const response = await doFetch(url, { signal: AbortSignal.timeout(budget), headers: { Accept: 'application/xml, text/xml' } });
      status = response.status;
      const body = await response.text();
      if (status === 200) return body;
      if (status === 401 || status === 403) {
        throw fail(`${what}: HTTP ${status}, the security token was refused.`, status, false, attempt);
      }
      if (!isRetryableStatus(status)) {
        if (looksLikeAcknowledgement(body)) return body;
        throw fail(`${what}: HTTP ${status}: ${snippet(body)}`, status, false, attempt);
      }
      reason = `HTTP ${status}`;
      retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now());
    } catch (err) {
      if (err instanceof EntsoeRequestError) throw err;
      reason = status === null ? describeFailure(err) : `HTTP ${status}, body ${describeFailure(err)}`;
    }

    if (attempt >= opts.maxAttempts) {
      throw fail(`${what}: ${reason} (gave up after ${attempt} attempts).`, status, true, attempt);
    }
    if (retryAfterMs !== null && retryAfterMs > opts.maxDelayMs) {
      throw fail(
        `${what}: ${reason}, asked to retry after ${Math.ceil(retryAfterMs / 1000)} s (longer than ${opts.maxDelayMs / 1000} s; a later run retries).`,
        status,
        true,
        attempt,
      );
    }
    const delayMs = Math.max(retryAfterMs ?? 0, backoffDelay(attempt, opts.baseDelayMs, opts.maxDelayMs, random));
    if (opts.deadline !== undefined && now() + delayMs >= opts.deadline) {
      throw fail(`${what}: ${reason}, and no time left to retry (after ${attempt} attempts).`, status, true, attempt);
    }
    options.onRetry?.({ attempt: attempt + 1, delayMs, reason: redact(reason, token) });
    await sleep(delayMs);
  }
}

/** The price ingestion's day-document port over the ENTSO-E API: one A44 query per zone and delivery day. */
export function entsoeDayFetcher(client: EntsoeClientOptions): FetchDayDocument {
  return (zone, day) => fetchEntsoeDocument(buildA44QueryForDay(zone, day), client);
}
