/**
 * USEF type 1 entity addresses (EA1) as FlexMeasures builds and parses them for sensors
 * (docs/contract/api.md §8.1): `ea1.<YYYY-MM>.<reversed domain>:fm1.<sensor id>`.
 *
 * Building needs the request's host, "now" (for localhost) and the configured naming-authority
 * start months (`FLEXMEASURES_HOSTS_AND_AUTH_START`, a JSON object `{"<host>": "YYYY-MM"}`).
 * Parsing only needs the address: the naming authority is not compared with our own host — only
 * the trailing sensor id counts (clients send placeholders like `ea1.1000-01.required-but-unused-field:fm1.7`).
 * The older `fm0` scheme is sunset and always rejected.
 */

export const ADDR_SCHEME = 'ea1';
export const NO_ENTITY_ADDRESS = 'no entity address available';
export const DEFAULT_HOSTS_AND_AUTH_START: Readonly<Record<string, string>> = { 'flexmeasures.io': '2021-01' };

/** A malformed entity address; `message` is FlexMeasures' text, reported under the request field. */
export class EntityAddressError extends Error {
  override readonly name = 'EntityAddressError';
}

/**
 * Multi-label public suffixes we recognise (the public suffix list's common second-level
 * registries); any other host's suffix is its last label.
 */
const MULTI_LABEL_SUFFIXES = new Set([
  'co.uk', 'org.uk', 'ac.uk', 'gov.uk', 'ltd.uk', 'plc.uk', 'me.uk', 'net.uk',
  'com.au', 'net.au', 'org.au', 'edu.au', 'gov.au',
  'co.nz', 'org.nz', 'net.nz',
  'co.jp', 'ne.jp', 'or.jp',
  'co.kr', 'or.kr',
  'com.br', 'net.br', 'org.br',
  'co.za', 'org.za',
  'com.cn', 'net.cn', 'org.cn',
  'co.in', 'net.in', 'org.in',
  'com.mx', 'com.tr', 'com.sg', 'com.hk', 'com.tw', 'co.il', 'com.ar', 'co.at', 'or.at',
]);

/** Host parts as tldextract splits them. */
export interface DomainParts {
  subdomain: string;
  domain: string;
  suffix: string;
}

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/**
 * The host FlexMeasures names itself by: port dropped, leading `w` and `.` characters stripped
 * (Python's `lstrip("www.")`, so `web.example.com` becomes `eb.example.com` — docs/contract/api.md §10.1 quirk 21), loopback
 * addresses treated as `localhost`, lower case.
 */
export function normaliseHost(host: string | undefined | null): string {
  let h = (host ?? '').trim().toLowerCase();
  if (h.startsWith('[')) {
    // IPv6 literal, possibly with a port.
    const end = h.indexOf(']');
    h = end > 0 ? h.slice(1, end) : h.slice(1);
  } else {
    h = h.replace(/:\d*$/, '');
  }
  h = h.replace(/\.$/, '');
  if (h === '' || h === '::1' || h === 'localhost' || h.startsWith('127.')) return 'localhost';
  return h.replace(/^[w.]+/, '');
}

/** Splits a (normalised) host into sub-domain, registered domain and public suffix. */
export function domainParts(host: string): DomainParts {
  if (IPV4.test(host) || host.includes(':') || !host.includes('.')) return { subdomain: '', domain: host, suffix: '' };
  const labels = host.split('.');
  const lastTwo = labels.slice(-2).join('.');
  const suffixLabels = labels.length > 2 && MULTI_LABEL_SUFFIXES.has(lastTwo) ? 2 : 1;
  const suffix = labels.slice(-suffixLabels).join('.');
  const rest = labels.slice(0, -suffixLabels);
  return { subdomain: rest.slice(0, -1).join('.'), domain: rest[rest.length - 1] ?? '', suffix };
}

/** `company.flexmeasures.io` → `io.flexmeasures.company`; `localhost` → `localhost`. */
export function reverseDomainName(parts: DomainParts): string {
  const suffix = parts.suffix ? `${parts.suffix.split('.').reverse().join('.')}.` : '';
  const sub = parts.subdomain ? `.${parts.subdomain.split('.').reverse().join('.')}` : '';
  return `${suffix}${parts.domain}${sub}`;
}

/** `YYYY-MM` of the first day of the month after `now` (UTC). */
export function firstDayOfNextMonth(now: number): string {
  const d = new Date(now);
  const year = d.getUTCFullYear() + (d.getUTCMonth() === 11 ? 1 : 0);
  const month = ((d.getUTCMonth() + 1) % 12) + 1;
  return `${year}-${String(month).padStart(2, '0')}`;
}

const MONTH_CODE = /^\d{4}-(0[1-9]|1[012])$/;

/**
 * Reads `FLEXMEASURES_HOSTS_AND_AUTH_START` (JSON object of host → `YYYY-MM`); unset or blank gives
 * FlexMeasures' default `{"flexmeasures.io": "2021-01"}`. Invalid JSON or entries are a
 * configuration error and throw.
 */
export function parseHostsAndAuthStart(raw: string | undefined): Record<string, string> {
  if (raw === undefined || raw.trim() === '') return { ...DEFAULT_HOSTS_AND_AUTH_START };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error('FLEXMEASURES_HOSTS_AND_AUTH_START must be a JSON object of host names to "YYYY-MM" months');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error('FLEXMEASURES_HOSTS_AND_AUTH_START must be a JSON object of host names to "YYYY-MM" months');
  }
  const out: Record<string, string> = {};
  for (const [host, month] of Object.entries(parsed as Record<string, unknown>)) {
    if (typeof month !== 'string' || !MONTH_CODE.test(month)) {
      throw new Error(`FLEXMEASURES_HOSTS_AND_AUTH_START: month of ${host} must be "YYYY-MM", got ${JSON.stringify(month)}`);
    }
    out[host.toLowerCase()] = month;
  }
  return out;
}

export interface NamingContext {
  /** The request's host (a `Host` header value; port and `www.` are dropped here). */
  host: string | undefined | null;
  /** Epoch ms, for localhost's "first day of next month". */
  now: number;
  /** Host → `YYYY-MM`, see `parseHostsAndAuthStart`. */
  hostsAndAuthStart: Readonly<Record<string, string>>;
}

/**
 * `ea1.<YYYY-MM>.<reversed domain>` for our host, or null when the host's naming-authority start
 * month is not configured (and the host is not localhost).
 */
export function schemeAndNamingAuthority(ctx: NamingContext): string | null {
  const host = normaliseHost(ctx.host);
  const parts = domainParts(host);
  const key = [parts.subdomain, parts.domain, parts.suffix].filter(Boolean).join('.');
  const month = ctx.hostsAndAuthStart[key] ?? (host === 'localhost' ? firstDayOfNextMonth(ctx.now) : undefined);
  if (!month) return null;
  const reversed = reverseDomainName(parts);
  if (!reversed) return null;
  return `${ADDR_SCHEME}.${month}.${reversed}`;
}

/** A sensor's `entity_address`: `ea1.2021-01.io.flexmeasures:fm1.42`, or `"no entity address available"`. */
export function buildSensorEntityAddress(sensorId: number, ctx: NamingContext): string {
  const scheme = schemeAndNamingAuthority(ctx);
  return scheme ? `${scheme}:fm1.${sensorId}` : NO_ENTITY_ADDRESS;
}

/**
 * Parses a sensor entity address (fm1) into the sensor id, checking in FlexMeasures' order:
 * `ea1` prefix, date code, `fm1.` after the first colon, full pattern.
 * `ownScheme` is our own `ea1.<month>.<reversed domain>` as used in the fm1 message (from
 * `schemeAndNamingAuthority`); when our host has none, a generic placeholder is used.
 * Throws EntityAddressError with FlexMeasures' message.
 */
export function parseSensorEntityAddress(ea: unknown, ownScheme: string | null): number {
  if (typeof ea !== 'string') throw new EntityAddressError('Not a valid string.');
  if (!ea.startsWith(ADDR_SCHEME)) {
    throw new EntityAddressError(`A valid type 1 USEF entity address starts with '${ADDR_SCHEME}', please review ${ea}`);
  }
  if (!MONTH_CODE.test(ea.slice(4, 11))) {
    throw new EntityAddressError(
      `After '${ADDR_SCHEME}.', a date specification of the format ([0-9]{4})-(0[1-9]|1[012]) is expected.`,
    );
  }
  const colon = ea.indexOf(':');
  // An address without any colon crashed FlexMeasures (500); it lacks the fm1 part, so it gets that message (decision 0016).
  if (colon < 0 || !ea.slice(colon + 1).startsWith('fm1.')) {
    const scheme = ownScheme ?? `${ADDR_SCHEME}.YYYY-MM.<reversed domain>`;
    throw new EntityAddressError(`A valid type 1 FlexMeasures entity address starts with '${scheme}:fm1.', please review ${ea}`);
  }
  const match = /^ea1\.\d{4}-\d{2}\.[^:]+:fm1\.(\d+)$/.exec(ea);
  const id = match ? Number(match[1]) : NaN;
  if (!match || !Number.isSafeInteger(id)) throw new EntityAddressError(`Could not parse sensor ${ea}.`);
  return id;
}

/** The message for a well-formed address naming a sensor that does not exist (docs/contract/api.md §8.1 step 5). */
export function unknownSensorAddressMessage(ea: string): string {
  return `sensor with entity address ${ea} doesn't exist.`;
}
