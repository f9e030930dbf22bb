/** The ENTSO-E client with `fetch`, the clock, `sleep` and `random` injected: no network, no waiting. */
import { describe, it, expect } from '@jest/globals';
import {
  DEFAULT_ENTSOE_BASE_URL,
  EntsoeRequestError,
  backoffDelay,
  fetchEntsoeDocument,
  parseRetryAfter,
  redact,
  type EntsoeClientOptions,
} from '../../../functions/stores/entsoe/client.js';
import { BIDDING_ZONES, buildA44QueryForDay } from '../../../functions/core/prices/a44-request.js';
import { at, fixture } from './fixtures.js';

const TOKEN = 's3cr3t-t0ken+/=';
const query = buildA44QueryForDay(BIDDING_ZONES.NL, '2025-10-02');
const DOC = fixture('nl-2025-10-02-pt15m-a03.xml');

type Step = Response | Error | ((signal: AbortSignal) => Promise<Response>);

/** A fetch answering the steps in order, recording each call's URL. */
function fakeFetch(...steps: Step[]) {
  const calls: { url: string; timeoutSignal: boolean }[] = [];
  const fn = (async (input: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(input), timeoutSignal: init?.signal instanceof AbortSignal });
    const step = steps.shift();
    if (!step) throw new Error('unexpected extra request');
    if (step instanceof Error) throw step;
    if (typeof step === 'function') return step(init!.signal!);
    return step;
  }) as typeof fetch;
  return { fn, calls };
}

function setup(steps: Step[], extra: Partial<EntsoeClientOptions> = {}) {
  const fake = fakeFetch(...steps);
  const sleeps: number[] = [];
  const retries: { attempt: number; delayMs: number; reason: string }[] = [];
  let clock = at('2025-10-01T11:30:00Z');
  const options: EntsoeClientOptions = {
    token: async () => TOKEN,
    fetch: fake.fn,
    now: () => clock,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    random: () => 0.5,
    onRetry: (r) => retries.push(r),
    ...extra,
  };
  return { options, calls: fake.calls, sleeps, retries };
}

async function rejection(promise: Promise<unknown>): Promise<EntsoeRequestError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(EntsoeRequestError);
    return e as EntsoeRequestError;
  }
  throw new Error('expected an EntsoeRequestError');
}

const xml = (body: string, status = 200, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers: { 'content-type': 'text/xml', ...headers } });

describe('fetchEntsoeDocument', () => {
  it('GETs the A44 query with the token from the production API and returns the body', async () => {
    const { options, calls } = setup([xml(DOC)]);
    await expect(fetchEntsoeDocument(query, options)).resolves.toBe(DOC);
    expect(calls).toHaveLength(1);
    const url = new URL(calls[0]!.url);
    expect(`${url.origin}${url.pathname}`).toBe(DEFAULT_ENTSOE_BASE_URL);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      securityToken: TOKEN,
      documentType: 'A44',
      in_Domain: '10YNL----------L',
      out_Domain: '10YNL----------L',
      periodStart: '202510012200',
      periodEnd: '202510022200',
    });
    expect(calls[0]!.timeoutSignal).toBe(true);
  });

  it('retries after 429, honouring Retry-After, then succeeds', async () => {
    const { options, calls, sleeps, retries } = setup([xml('Too many requests', 429, { 'retry-after': '3' }), xml(DOC)]);
    await expect(fetchEntsoeDocument(query, options)).resolves.toBe(DOC);
    expect(calls).toHaveLength(2);
    expect(sleeps).toEqual([3000]);
    expect(retries).toEqual([{ attempt: 2, delayMs: 3000, reason: 'HTTP 429' }]);
  });

  it('backs off exponentially with jitter on 5xx and network errors', async () => {
    const { options, sleeps } = setup([
      xml('oops', 503),
      new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } }),
      xml('bad gateway', 502),
      xml(DOC),
    ]);
    await expect(fetchEntsoeDocument(query, options)).resolves.toBe(DOC);
    expect(sleeps).toEqual([500, 1000, 2000]); // random 0.5 × 1 s, 2 s, 4 s
  });

  it('times out a hanging attempt and retries it', async () => {
    const hang = (signal: AbortSignal) =>
      new Promise<Response>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    const { options, retries } = setup([hang, xml(DOC)], { timeoutMs: 20 });
    await expect(fetchEntsoeDocument(query, options)).resolves.toBe(DOC);
    expect(retries[0]!.reason).toBe('timed out');
  });

  it('gives up after the last attempt, saying why, without the token', async () => {
    const { options, calls } = setup([xml('', 500), xml('', 500), xml('', 500)], { maxAttempts: 3 });
    const error = await rejection(fetchEntsoeDocument(query, options));
    expect(calls).toHaveLength(3);
    expect(error).toMatchObject({ status: 500, retryable: true, attempts: 3 });
    expect(error.message).toBe('ENTSO-E A44 10YNL----------L 202510012200–202510022200: HTTP 500 (gave up after 3 attempts).');
  });

  it('stops at once when Retry-After is longer than it may wait (the 10-minute ban)', async () => {
    const { options, calls, sleeps } = setup([xml('', 429, { 'retry-after': '600' })]);
    const error = await rejection(fetchEntsoeDocument(query, options));
    expect(calls).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(error.message).toMatch(/HTTP 429, asked to retry after 600 s \(longer than 30 s; a later run retries\)/);
  });

  it('does not retry past the deadline', async () => {
    const { options, calls } = setup([xml('', 503), xml(DOC)], { deadline: at('2025-10-01T11:30:00.400Z') });
    const error = await rejection(fetchEntsoeDocument(query, options));
    expect(calls).toHaveLength(1);
    expect(error.message).toMatch(/HTTP 503, and no time left to retry/);
  });

  it('does not retry a refused token, and never echoes the token', async () => {
    const { options, calls } = setup([xml(`<html>Unauthorized ${TOKEN}</html>`, 401)]);
    const error = await rejection(fetchEntsoeDocument(query, options));
    expect(calls).toHaveLength(1);
    expect(error).toMatchObject({ status: 401, retryable: false });
    expect(error.message).toBe('ENTSO-E A44 10YNL----------L 202510012200–202510022200: HTTP 401, the security token was refused.');

    const echo = setup([xml(`<html>bad request for securityToken=${encodeURIComponent(TOKEN)} and ${TOKEN}</html>`, 400)]);
    const bad = await rejection(fetchEntsoeDocument(query, echo.options));
    expect(bad.message).not.toContain(TOKEN);
    expect(bad.message).not.toContain(encodeURIComponent(TOKEN));
    expect(bad.message).toContain('securityToken=*** and ***');

    const network = setup([new TypeError(`connect to ${TOKEN} failed`)], { maxAttempts: 1 });
    expect((await rejection(fetchEntsoeDocument(query, network.options))).message).not.toContain(TOKEN);
  });

  it('hands an acknowledgement sent with HTTP 400 to the parser', async () => {
    const ack = fixture('acknowledgement-no-matching-data.xml');
    const { options } = setup([xml(ack, 400)]);
    await expect(fetchEntsoeDocument(query, options)).resolves.toBe(ack);
  });

  it('uses an overridden base URL (tests only)', async () => {
    const { options, calls } = setup([xml(DOC)], { baseUrl: 'http://127.0.0.1:9/entsoe' });
    await fetchEntsoeDocument(query, options);
    expect(calls[0]!.url.startsWith('http://127.0.0.1:9/entsoe?securityToken=')).toBe(true);
  });
});

describe('retry helpers', () => {
  it('read Retry-After as seconds or an HTTP date', () => {
    const now = at('2025-10-01T11:30:00Z');
    expect(parseRetryAfter('5', now)).toBe(5000);
    expect(parseRetryAfter('Wed, 01 Oct 2025 11:30:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Wed, 01 Oct 2025 11:29:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });

  it('cap the back-off and spread it with jitter', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, 1000, 10_000, () => 0.999))).toEqual([999, 1998, 3996, 7992, 9990, 9990]);
    expect(backoffDelay(3, 1000, 10_000, () => 0)).toBe(0);
  });

  it('redact plain and URL-encoded tokens', () => {
    expect(redact('a=s3cr3t&b=s3cr3t', 's3cr3t')).toBe('a=***&b=***');
    expect(redact('x', '')).toBe('x');
  });
});
