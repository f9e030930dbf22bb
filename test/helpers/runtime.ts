/**
 * One in-memory local runtime per test file, and `api(...)` to call it.
 *
 *   import { useRuntime, api } from '../helpers/runtime.js';
 *   const rt = useRuntime();                     // registers beforeAll/afterAll
 *   it('…', async () => {
 *     const res = await api('GET', '/api/v3_0/accounts', { token });
 *     expect(res).toMatchObject({ status: 200 });
 *   });
 *
 * Password hashing is made cheap for tests (SCRYPT_LOG_N=4 unless set), so fixture worlds build in
 * milliseconds. The clock is restored after each file (`setClock()`); tests that move time call
 * `setClock(() => t)` from functions/lambda/clock.ts themselves.
 */
import { afterAll, beforeAll } from '@jest/globals';
import { startRuntime, type Runtime, type RuntimeOptions } from '../../local/runtime.js';
import { setClock } from '../../functions/lambda/clock.js';

process.env.SCRYPT_LOG_N ??= '4';

export interface ApiOptions {
  /** Sent as the raw `Authorization` header (FlexMeasures style). */
  token?: string;
  /** An object/array is sent as JSON; a string is sent as is (still labelled application/json unless `headers` say otherwise). */
  body?: unknown;
  /** Query parameters (values are URL-encoded). */
  query?: Record<string, string | number | boolean>;
  /** Extra or overriding request headers. */
  headers?: Record<string, string>;
}

export interface ApiResponse {
  status: number;
  /** Response headers, lower-cased names. */
  headers: Record<string, string>;
  /** Parsed JSON body (the raw text when it is not JSON; undefined when empty). */
  body: any;
}

let current: Runtime | null = null;

/** The runtime of the running test file (throws outside useRuntime/startTestRuntime). */
export function runtime(): Runtime {
  if (!current) throw new Error('No test runtime: call useRuntime() at the top of the test file');
  return current;
}

/** Starts an in-memory runtime (no seed unless asked) and makes it the target of `api`. */
export async function startTestRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  current = await startRuntime({ port: 0, dataDir: null, seed: false, ...options });
  return current;
}

/** Stops the runtime started by startTestRuntime and restores the wall clock. */
export async function stopTestRuntime(): Promise<void> {
  setClock();
  const rt = current;
  current = null;
  await rt?.close();
}

/** Registers beforeAll/afterAll hooks that start and stop one runtime for the test file. */
export function useRuntime(options: RuntimeOptions = {}): { readonly runtime: Runtime } {
  beforeAll(async () => {
    await startTestRuntime(options);
  });
  afterAll(async () => {
    await stopTestRuntime();
  });
  return {
    get runtime() {
      return runtime();
    },
  };
}

/** Calls the runtime over HTTP as a FlexMeasures client would. */
export async function api(method: string, path: string, options: ApiOptions = {}): Promise<ApiResponse> {
  const url = new URL(path, runtime().url);
  for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, String(value));
  const headers: Record<string, string> = {};
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  if (options.token !== undefined) headers.authorization = options.token;
  Object.assign(headers, options.headers ?? {});
  const res = await fetch(url, { method, headers, body, redirect: 'manual' });
  const text = await res.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  const responseHeaders: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    responseHeaders[name.toLowerCase()] = value;
  });
  return { status: res.status, headers: responseHeaders, body: parsed };
}
