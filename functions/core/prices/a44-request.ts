/**
 * The query of an ENTSO-E A44 (day-ahead prices) request, built without any I/O: the caller adds
 * `securityToken` and fetches `https://web-api.tp.entsoe.eu/api?<query>` (docs/contract/aws-services.md §5.2).
 */
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { MINUTE } from '../time/index.js';
import { deliveryDayWindow } from './delivery-day.js';

/** A bidding zone: its ENTSO-E EIC code and the IANA time zone its delivery days are counted in. */
export interface BiddingZone {
  /** Short name, e.g. `NL`, `DE-LU`. */
  code: string;
  /** Energy Identification Code of the bidding zone (16 characters). */
  eic: string;
  /** IANA time zone of the zone's delivery days. */
  timeZone: string;
}

/**
 * Bidding zones with their EIC codes (consistent across several public client code bases).
 * Careful: `10Y1001A1001A83F` is the Germany country/control area, not a price zone; the German
 * price zone is DE-LU `10Y1001A1001A82H`.
 */
export const BIDDING_ZONES = {
  NL: { code: 'NL', eic: '10YNL----------L', timeZone: 'Europe/Amsterdam' },
  BE: { code: 'BE', eic: '10YBE----------2', timeZone: 'Europe/Brussels' },
  'DE-LU': { code: 'DE-LU', eic: '10Y1001A1001A82H', timeZone: 'Europe/Berlin' },
  FR: { code: 'FR', eic: '10YFR-RTE------C', timeZone: 'Europe/Paris' },
  AT: { code: 'AT', eic: '10YAT-APG------L', timeZone: 'Europe/Vienna' },
  CH: { code: 'CH', eic: '10YCH-SWISSGRIDZ', timeZone: 'Europe/Zurich' },
  ES: { code: 'ES', eic: '10YES-REE------0', timeZone: 'Europe/Madrid' },
  PL: { code: 'PL', eic: '10YPL-AREA-----S', timeZone: 'Europe/Warsaw' },
} as const satisfies Record<string, BiddingZone>;

export type BiddingZoneCode = keyof typeof BIDDING_ZONES;

/** The bidding zone of a short code (`NL`) or an EIC code, or undefined. */
export function findBiddingZone(codeOrEic: string): BiddingZone | undefined {
  return Object.values(BIDDING_ZONES).find((z) => z.code === codeOrEic || z.eic === codeOrEic);
}

/** Query parameters of an A44 request (names are case sensitive). */
export interface A44Query {
  documentType: 'A44';
  in_Domain: string;
  out_Domain: string;
  /** `yyyyMMddHHmm` in UTC. */
  periodStart: string;
  /** `yyyyMMddHHmm` in UTC. */
  periodEnd: string;
  /** Optional filter: A01 day-ahead, A07 intraday. */
  'contract_MarketAgreement.type'?: string;
}

export interface A44QueryOptions {
  /** Adds `contract_MarketAgreement.type` (e.g. `A01`); omitted by default, the parser selects anyway. */
  contractType?: string;
}

const EIC_PATTERN = /^[0-9A-Z][0-9A-Z-]{14}[0-9A-Z]$/;

/** `yyyyMMddHHmm` of an instant in UTC, as ENTSO-E wants period bounds. */
export function formatEntsoePeriod(ms: number): string {
  if (!Number.isFinite(ms) || ms % MINUTE !== 0) {
    throw new RangeError(`ENTSO-E period bounds are whole UTC minutes; got ${ms}.`);
  }
  return format(new TZDate(ms, 'UTC'), 'yyyyMMddHHmm');
}

/**
 * Query parameters asking A44 prices of the zone `eic` for `[startMs, endMs)`.
 * @throws RangeError for a malformed EIC code or bounds that are not whole minutes in order.
 */
export function buildA44Query(eic: string, startMs: number, endMs: number, opts: A44QueryOptions = {}): A44Query {
  if (!EIC_PATTERN.test(eic)) throw new RangeError(`'${eic}' is not an EIC code.`);
  if (!(startMs < endMs)) throw new RangeError('periodStart must be before periodEnd.');
  const query: A44Query = {
    documentType: 'A44',
    in_Domain: eic,
    out_Domain: eic,
    periodStart: formatEntsoePeriod(startMs),
    periodEnd: formatEntsoePeriod(endMs),
  };
  if (opts.contractType !== undefined) query['contract_MarketAgreement.type'] = opts.contractType;
  return query;
}

/**
 * Query parameters asking the prices of one delivery day (`yyyy-MM-dd`, local to the zone's time
 * zone, DST-correct): e.g. NL 2025-10-02 → periodStart `202510012200`, periodEnd `202510022200`.
 */
export function buildA44QueryForDay(
  zone: Pick<BiddingZone, 'eic' | 'timeZone'>,
  day: string,
  opts: A44QueryOptions = {},
): A44Query {
  const { start, end } = deliveryDayWindow(day, zone.timeZone);
  return buildA44Query(zone.eic, start, end, opts);
}
