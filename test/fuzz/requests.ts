/**
 * Request generators for the fuzz suite: for one entry of the route table, a valid request (one of
 * its documented examples, or a plain default) with zero to three mutations guided by the route's
 * body and query schemas, plus raw garbage: bodies (malformed JSON, wrong types, huge numbers, odd
 * datetimes and durations, unicode, long strings, deep nesting), query values, path ids and headers.
 */
import fc from 'fast-check';
import type { JsonSchema, RouteExample } from '../../functions/openapi/types.js';
import type { Route } from '../../functions/routes.js';

/** Who sends a request: a fixture user's e-mail, `null` for nobody, or a raw Authorization value. */
export type Caller = { user: string } | { raw: string } | null;

export interface FuzzRequest {
  method: string;
  /** Path parameters as they go on the wire (already percent-encoded, possibly malformed). */
  params: Record<string, string>;
  /** The raw query string (without `?`), as it goes on the wire. */
  query: string;
  /** The body as sent (undefined: none). */
  body?: string;
  contentType?: string;
  caller: Caller;
  /** What was done to the valid request, for the report of a failing case. */
  mutations: string[];
}

const ADMIN = 'test_admin_user@seita.nl';
export const FUZZ_USERS = [
  ADMIN,
  'test_prosumer_user@seita.nl',
  'test_prosumer_user_2@seita.nl',
  'test_supplier_user_4@seita.nl',
  'test_consultant@seita.nl',
  'test_dummy_user_3@seita.nl',
  'test_admin_reader_user@seita.nl',
  'test_consultant_client@seita.nl',
] as const;

// ------------------------------------------------------------------------------------- values

const ODD_STRINGS = [
  '', ' ', 'null', 'None', '0', '-1', '1e309', 'NaN', 'Infinity', 'true', '%', '%E0%A4%A', '\u0000', '\ud800', '💡⚡', 'ﬀ',
  "'; DROP TABLE sensors; --", '<script>alert(1)</script>', '../..', '${jndi:x}', 'a,b', '[]', '{}',
  'ea1.2021-01.io.flexmeasures:fm1.1', 'ea1.2021-01.io.flexmeasures:fm1.99999999999999999999', 'ea1.', 'fm1.3', 'ea1.2021-01.x:fm0.1:2:3',
  '9999-12-31T23:00:00+00:00', '0000-01-01T00:00:00+00:00', '2021-02-30T00:00:00+01:00', '2021-01-01T00:00:00', '2021-01-01T00:00:00+25:00',
  '2015-01-01T00:00:00+01:00', '2021-05-02T00:00:00+02:00', '1969-12-31T23:59:59Z', '2262-04-12T00:00:00Z', '20210101', '2021-W01',
  'P1Y', 'PT0H', '-PT1H', 'P99999Y', 'PT0.5S', 'P1M', 'PT1000000H', 'PT15M', 'P0D', 'PT1H30M', 'P1W', 'PT-15M',
  'MW', 'kW', 'EUR/MWh', 'm³/h', '°C', 'kWh/kW', '%/h', 'MWh', 'EUR', 'UTC', 'Europe/Amsterdam', 'Mars/Olympus',
  'instantaneous', 'consumption', 'production', 'id', 'name', 'asc', 'desc',
];

const ODD_NUMBERS = [0, -0, -1, 1, 2, 3, 5, 1.5, 99_999, 2 ** 31, 2 ** 53, 2 ** 63, 1e21, 1e308, -1e308, 5e-324, 0.1 + 0.2];

/** A string of `n` characters (occasionally very long). */
const longString = fc
  .oneof({ weight: 6, arbitrary: fc.constantFrom(1_000, 70_000) }, { weight: 2, arbitrary: fc.constant(450_000) }, { weight: 1, arbitrary: fc.constant(1_100_000) })
  .map((n) => 'x'.repeat(n));

const oddString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...ODD_STRINGS) },
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 2, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: longString },
);

const oddNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(...ODD_NUMBERS),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: 1, max: 40 }),
);

/** `[[[…]]]` or `{"a":{"a":…}}` nested `depth` levels, as a value. */
function nested(depth: number, asObject: boolean): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = asObject ? { a: v } : [v];
  return v;
}

const deepValue = fc.tuple(fc.constantFrom(20, 40, 3_000), fc.boolean()).map(([d, o]) => nested(d, o));

export const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: oddString },
  { weight: 3, arbitrary: oddNumber },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: fc.array(fc.oneof(oddNumber, oddString, fc.constant(null)), { maxLength: 6 }) },
  { weight: 1, arbitrary: fc.array(oddNumber, { minLength: 100, maxLength: 3000 }) },
  { weight: 1, arbitrary: deepValue },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom(...ODD_STRINGS.slice(0, 20), 'soc-at-start', 'soc-max', 'value', 'sensor'), oddString, { maxKeys: 4 }) },
);

// ------------------------------------------------------------------------------------- schema

/** The property names a schema (or one of several) declares, nested `allOf`/`anyOf` included. */
function schemaProperties(schema: JsonSchema | readonly JsonSchema[] | undefined): string[] {
  if (!schema) return [];
  const out = new Set<string>();
  const visit = (s: unknown) => {
    if (!s || typeof s !== 'object') return;
    const o = s as Record<string, unknown>;
    if (o.properties && typeof o.properties === 'object') for (const k of Object.keys(o.properties)) out.add(k);
    for (const key of ['allOf', 'anyOf', 'oneOf']) if (Array.isArray(o[key])) (o[key] as unknown[]).forEach(visit);
  };
  (Array.isArray(schema) ? schema : [schema]).forEach(visit);
  return [...out];
}

/** Every path to an object or array inside `value` (the root is `[]`). */
function containerPaths(value: unknown, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (value && typeof value === 'object') {
    out.push(path);
    for (const [k, v] of Object.entries(value)) containerPaths(v, [...path, Array.isArray(value) ? Number(k) : k], out);
  }
  return out;
}

function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

// ------------------------------------------------------------------------------------- seeds

/** A valid request of a route: an example's parts (or defaults). */
export interface Seed {
  method: string;
  params: Record<string, string>;
  query: Record<string, string>;
  body?: unknown;
  as?: string;
}

/** Default values of path parameters for routes without examples. */
const DEFAULT_PARAMS: Record<string, string> = { id: '1', asset: 'swagger-ui.css', proxy: 'getMeterData', uuid: '9b2b6c1e-2f4a-4a8e-9a39-3f1d6c0e7b11' };

export function seedsOf(route: Route): Seed[] {
  const names = [...route.path.matchAll(/<([^>+]+)\+?>/g)].map((m) => m[1]!);
  const fromExample = (e: RouteExample): Seed => ({
    method: e.method ?? (route.method === 'ANY' ? 'GET' : route.method),
    params: Object.fromEntries(names.map((n) => [n, e.params?.[n] !== undefined ? String(e.params[n]).split('/').map(encodeURIComponent).join('/') : DEFAULT_PARAMS[n] ?? '1'])),
    query: Object.fromEntries(Object.entries(e.query ?? {}).map(([k, v]) => [k, String(v)])),
    body: e.body,
    as: e.as,
  });
  const seeds = (route.examples ?? []).map(fromExample);
  if (!seeds.length) {
    seeds.push({
      method: route.method === 'ANY' ? 'GET' : route.method,
      params: Object.fromEntries(names.map((n) => [n, DEFAULT_PARAMS[n] ?? '1'])),
      query: {},
      body: route.body ? {} : undefined,
      as: route.public ? undefined : ADMIN,
    });
  }
  return seeds;
}

// ------------------------------------------------------------------------------------- mutations

type Mutation = (r: Draft) => void;

interface Draft {
  method: string;
  params: Record<string, string>;
  query: [string, string][];
  /** Parsed body (when `raw` is undefined). */
  body: unknown;
  raw?: string;
  contentType?: string;
  caller: Caller;
  rawQuery?: string;
  mutations: string[];
}

const ODD_PATH_SEGMENTS = [
  '0', '-1', '1.5', '1e3', 'abc', '99999999999999999999', '2147483648', '%E0%A4%A', '%zz', '%00', '%2F', '%20', '%F0%9F%92%A1',
  'x'.repeat(3_000), '1%20', '+1', '0x10', '', 'null', '..', '%2e%2e',
];


const RAW_BODIES = [
  '{', '{"a":}', '{"a":1,}', '[1,2', 'nul', '"just a string"', '12', 'true', 'null', '[]', '\ufeff{}', '{"a":"\\ud800"}', "{'a': 1}",
  '{"a":1}{"b":2}', ' ', '\u0000', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"x":1}}}', 'NaN', '[1e999]', '{"a":-}',
];

const CONTENT_TYPES = ['application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', 'application/merge-patch+json', 'multipart/form-data; boundary=x', 'application/octet-stream'];

function mutations(route: Route): fc.Arbitrary<Mutation> {
  const bodyKeys = schemaProperties(route.body);
  const queryKeys = schemaProperties(route.query);
  const paramNames = [...route.path.matchAll(/<([^>+]+)\+?>/g)].map((m) => m[1]!);
  const anyKey = (known: string[]) => (known.length ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) }) : fc.string({ maxLength: 12 }));

  const setBodyField = fc.tuple(anyKey(bodyKeys), oddValue).map(([key, value]): Mutation => (r) => {
    const body = r.body && typeof r.body === 'object' && !Array.isArray(r.body) ? (r.body as Record<string, unknown>) : {};
    body[key] = value;
    r.body = body;
    r.mutations.push(`body.${key} = ${preview(value)}`);
  });
  const dropBodyField = anyKey(bodyKeys).map((key): Mutation => (r) => {
    if (r.body && typeof r.body === 'object') delete (r.body as Record<string, unknown>)[key];
    r.mutations.push(`delete body.${key}`);
  });
  const setNested = fc.tuple(fc.nat(), fc.oneof(fc.string({ maxLength: 12 }), fc.nat({ max: 5 })), oddValue).map(([pick, key, value]): Mutation => (r) => {
    const paths = containerPaths(r.body);
    if (!paths.length) return;
    const path = paths[pick % paths.length]!;
    let node = r.body as Record<string | number, unknown>;
    for (const step of path) {
      // Own keys such as `__proto__` do not read back as what they hold: give up on such a path.
      const next = Object.prototype.hasOwnProperty.call(node, step) ? node[step] : undefined;
      if (!next || typeof next !== 'object') return;
      node = next as Record<string | number, unknown>;
    }
    const existing = Object.keys(node);
    const target = existing.length && typeof key === 'number' ? existing[key % existing.length]! : key;
    node[target] = value;
    r.mutations.push(`body.${[...path, target].join('.')} = ${preview(value)}`);
  });
  const replaceBody = oddValue.map((value): Mutation => (r) => {
    r.body = value;
    r.mutations.push(`body = ${preview(value)}`);
  });
  const rawBody = fc.oneof(fc.constantFrom(...RAW_BODIES), fc.string({ maxLength: 60 }), fc.constantFrom(3_000, 100_000).map((n) => '['.repeat(n) + ']'.repeat(n))).map((raw): Mutation => (r) => {
    r.raw = raw;
    r.mutations.push(`raw body ${preview(raw)}`);
  });
  const truncatedBody = fc.nat().map((cut): Mutation => (r) => {
    const text = JSON.stringify(r.body ?? {});
    r.raw = text.slice(0, cut % Math.max(1, text.length));
    r.mutations.push(`truncated body at ${cut % Math.max(1, text.length)}`);
  });
  const contentType = fc.option(fc.constantFrom(...CONTENT_TYPES), { nil: undefined }).map((type): Mutation => (r) => {
    r.contentType = type ?? '';
    r.mutations.push(`content-type ${type ?? '(none)'}`);
  });
  const setQuery = fc.tuple(anyKey(queryKeys), oddString, fc.boolean()).map(([key, value, append]): Mutation => (r) => {
    if (!append) r.query = r.query.filter(([k]) => k !== key);
    r.query.push([key, value]);
    r.mutations.push(`query ${append ? '+' : ''}${key}=${preview(value)}`);
  });
  const dropQuery = anyKey(queryKeys).map((key): Mutation => (r) => {
    r.query = r.query.filter(([k]) => k !== key);
    r.mutations.push(`drop query ${key}`);
  });
  const rawQuery = fc.oneof(fc.constantFrom('%', '%E0%A4%A=1', 'a=%zz', '&&&', '=', 'a&a&a', 'sensor=%00', 'start=2021-01-01T00:00:00+01:00'), fc.string({ maxLength: 40 })).map((q): Mutation => (r) => {
    r.rawQuery = q;
    r.mutations.push(`raw query ${preview(q)}`);
  });
  const pathParam = fc.tuple(fc.constantFrom(...(paramNames.length ? paramNames : ['-'])), fc.oneof(fc.constantFrom(...ODD_PATH_SEGMENTS), fc.integer({ min: 1, max: 40 }).map(String), fc.string({ maxLength: 12 }).map(encode))).map(
    ([name, value]): Mutation => (r) => {
      if (!(name in r.params)) return;
      r.params[name] = value;
      r.mutations.push(`path ${name} = ${preview(value)}`);
    },
  );
  const caller = fc.oneof(
    fc.constantFrom(...FUZZ_USERS).map((user): Caller => ({ user })),
    fc.constant(null),
    fc.constantFrom('nonsense', 'Bearer x', 'x'.repeat(10_000), '', 'null', '💡', 'Basic YWRtaW46YWRtaW4=').map((raw): Caller => ({ raw })),
  ).map((c): Mutation => (r) => {
    r.caller = c;
    r.mutations.push(`caller ${c === null ? 'none' : 'user' in c ? c.user : `raw ${preview(c.raw)}`}`);
  });
  const method = fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS').map((m): Mutation => (r) => {
    r.method = m;
    r.mutations.push(`method ${m}`);
  });

  const parts: { weight: number; arbitrary: fc.Arbitrary<Mutation> }[] = [
    { weight: 2, arbitrary: caller },
    { weight: 1, arbitrary: method },
    { weight: 3, arbitrary: setQuery },
    { weight: 1, arbitrary: dropQuery },
    { weight: 1, arbitrary: rawQuery },
  ];
  if (paramNames.length) parts.push({ weight: 3, arbitrary: pathParam });
  if (route.method !== 'GET') {
    parts.push(
      { weight: 5, arbitrary: setBodyField },
      { weight: 2, arbitrary: dropBodyField },
      { weight: 4, arbitrary: setNested },
      { weight: 2, arbitrary: replaceBody },
      { weight: 2, arbitrary: rawBody },
      { weight: 1, arbitrary: truncatedBody },
      { weight: 1, arbitrary: contentType },
    );
  }
  return fc.oneof(...parts);
}

/** Percent-encodes text; lone surrogates (which have no UTF-8 form) become U+FFFD first. */
function encode(text: string): string {
  return encodeURIComponent(text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'));
}

function preview(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 60)}… (${text.length} chars)` : text;
}

/** Requests for one route: a valid seed (1 in 8 unchanged) with up to three mutations. */
export function requestsFor(route: Route): fc.Arbitrary<FuzzRequest> {
  const seeds = seedsOf(route);
  return fc
    .tuple(fc.constantFrom(...seeds), fc.oneof({ weight: 1, arbitrary: fc.constant([]) }, { weight: 7, arbitrary: fc.array(mutations(route), { minLength: 1, maxLength: 3 }) }))
    .map(([seed, muts]) => {
      const draft: Draft = {
        method: seed.method,
        params: { ...seed.params },
        query: Object.entries(seed.query),
        body: clone(seed.body),
        caller: seed.as ? { user: seed.as } : null,
        mutations: [],
      };
      for (const m of muts) m(draft);
      const hasBody = draft.raw !== undefined || draft.body !== undefined;
      return {
        method: draft.method,
        params: draft.params,
        query: draft.rawQuery ?? draft.query.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&'),
        body: draft.raw ?? (draft.body === undefined ? undefined : JSON.stringify(draft.body)),
        contentType: draft.contentType ?? (hasBody ? 'application/json' : undefined),
        caller: draft.caller,
        mutations: draft.mutations,
      };
    });
}
