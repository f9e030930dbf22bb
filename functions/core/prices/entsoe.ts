/**
 * ENTSO-E Transparency Platform day-ahead prices (document type A44): parsing of the XML answer
 * into price series, with explicit selection among several TimeSeries. Pure: no I/O, no clock.
 *
 * Two answers are possible (docs/contract/aws-services.md §5.2):
 *
 * - a `Publication_MarketDocument` with one or more `TimeSeries`, each with one or more `Period`s
 *   (`timeInterval`, `resolution` PT15M|PT30M|PT60M, `Point`s with a 1-based `position` and a
 *   `price.amount`). A Point starts at `Period.start + (position − 1) × resolution`.
 *   `curveType` A01 lists every position; A03 lists a Point only where the price changes, and an
 *   omitted position repeats the previous price until the next Point or the Period end;
 * - an `Acknowledgement_MarketDocument` whose Reason says "No matching data found" when the prices
 *   are not (yet) published. That is a normal answer, returned as `{ kind: 'no-data' }`.
 *
 * Elements are matched by local name, so namespace versions (7:0, 7:3) and prefixes do not matter.
 * Anything else that is not understood is thrown as an {@link EntsoeDocumentError}: the ingestion
 * must never store prices it only half understood.
 *
 * Mapping to beliefs (done by the caller): event start and resolution from each point and series,
 * source {@link ENTSOE_SOURCE}, belief time = `createdDateTimeMs`, unit `EUR/MWh` (to be converted
 * to the target sensor's unit by `core/units`).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { MINUTE, TimeFormatError, parseAwareDatetime, parseDuration } from '../time/index.js';

// ---------------------------------------------------------------- public types

/** The data source prices are recorded under: FlexMeasures' source name and type. */
export const ENTSOE_SOURCE = { name: 'ENTSO-E', type: 'market' } as const;

/** Resolutions (ms) a day-ahead price Period may have: PT15M, PT30M, PT60M. */
export const ENTSOE_PRICE_RESOLUTIONS_MS: readonly number[] = [15 * MINUTE, 30 * MINUTE, 60 * MINUTE];

/** The SDAC (Single Day-Ahead Coupling) auction's sequence; EXAA's separate 10:15 auction is 2 (DE-LU, AT). */
export const SDAC_SEQUENCE = 1;

/** `contract_MarketAgreement.type` of day-ahead contracts (A07 is intraday, seen in some zones). */
export const DAY_AHEAD_CONTRACT = 'A01';

/** Price unit: currency per MWh, e.g. `EUR/MWh` (`currency_Unit.name` per `price_Measure_Unit.name` MWH). */
export type PriceUnit = `${string}/MWh`;

/** One price: the event starts at `eventStart` (UTC epoch ms) and lasts the series' resolution. */
export interface PricePoint {
  eventStart: number;
  /** Price in the document's unit (e.g. EUR/MWh); may be negative. */
  value: number;
}

/** A half-open UTC interval `[start, end)` in epoch ms. */
export interface Interval {
  start: number;
  end: number;
}

/** What identifies a `TimeSeries` in a document (for selection, diagnostics and logs). */
export interface EntsoeTimeSeriesInfo {
  /** 1-based order of the TimeSeries in the document. */
  index: number;
  /** The TimeSeries' `mRID` (ENTSO-E numbers them 1, 2, …), null when absent. */
  mRID: string | null;
  /** `classificationSequence_AttributeInstanceComponent.position`, null when absent. */
  sequence: number | null;
  /** `contract_MarketAgreement.type` (A01 day-ahead, A07 intraday), null when absent. */
  contractType: string | null;
  /** `auction.type`, null when absent. */
  auctionType: string | null;
  /** `curveType` as applied (A01 when absent). */
  curveType: 'A01' | 'A03';
}

/**
 * The selected prices of one TimeSeries at one resolution: its Periods merged, A03 forward fill
 * applied, points sorted by `eventStart` and each lasting `resolutionMs`.
 */
export interface EntsoePriceSeries {
  timeSeries: EntsoeTimeSeriesInfo;
  resolutionMs: number;
  /** The Periods' time intervals, sorted; points lie exactly within them. */
  intervals: Interval[];
  points: PricePoint[];
}

/** A Period left out by the selection, and why (e.g. "sequence 2, not 1"). */
export interface IgnoredPeriod {
  timeSeries: EntsoeTimeSeriesInfo;
  resolutionMs: number;
  interval: Interval;
  reason: string;
}

/** A publication document with at least one selected Period. */
export interface EntsoePrices {
  kind: 'prices';
  /** The document's `mRID`, null when absent. */
  mRID: string | null;
  /** `revisionNumber`, null when absent. */
  revisionNumber: number | null;
  /** `createdDateTime` as UTC epoch ms: the belief time of every price in the document. */
  createdDateTimeMs: number;
  /** The document's `period.timeInterval`, null when absent. */
  interval: Interval | null;
  /** `currency_Unit.name`, e.g. `EUR` (equal to the expected currency). */
  currency: string;
  /** `${currency}/MWh`, e.g. `EUR/MWh`. */
  unit: PriceUnit;
  /** Selected series, sorted by their first interval's start; no two of them overlap in time. */
  series: EntsoePriceSeries[];
  /** Periods present in the document but not selected. */
  ignored: IgnoredPeriod[];
}

/**
 * No prices to store (not an error):
 * - `acknowledgement`: ENTSO-E answered "No matching data found" (prices not published yet, or
 *   none for that zone and period);
 * - `nothing-selected`: a publication came back, but none of its Periods matches the selection,
 *   e.g. only EXAA's sequence 2 (published at 10:15, before SDAC's results). Never fall back to
 *   another auction's prices; the next scheduled attempt retries.
 */
export interface EntsoeNoData {
  kind: 'no-data';
  cause: 'acknowledgement' | 'nothing-selected';
  /** Human-readable reason (ENTSO-E's Reason text, or what was found and not selected). */
  reason: string;
  /** ENTSO-E's Reason code (999 for no data), null for `nothing-selected`. */
  reasonCode: string | null;
  /** The answer's `createdDateTime`, null when absent. */
  createdDateTimeMs: number | null;
  /** For `nothing-selected`: what was present and why it was left out. */
  ignored: IgnoredPeriod[];
}

export type EntsoeParseResult = EntsoePrices | EntsoeNoData;

/** Which TimeSeries and Periods to take. `undefined` means the default, `null` means "do not filter". */
export interface EntsoeParseOptions {
  /**
   * EIC code of the bidding zone that was asked for (e.g. `10YNL----------L`). Every TimeSeries
   * must have `in_Domain.mRID` = `out_Domain.mRID` = this code, or the document is rejected as
   * unexpected (a request bug, never silently ignored).
   */
  eic: string;
  /**
   * Auction sequence (`classificationSequence_AttributeInstanceComponent.position`) to take.
   * Default {@link SDAC_SEQUENCE} (1). A TimeSeries without the element counts as sequence 1
   * (zones with a single auction). `null`: take every sequence (overlap is then an ambiguity).
   */
  sequence?: number | null;
  /**
   * `contract_MarketAgreement.type` to take; default {@link DAY_AHEAD_CONTRACT} (A01). A TimeSeries
   * without the element is kept. `null`: take every contract type.
   */
  contractType?: string | null;
  /**
   * Resolution (ms) of the Periods to take, e.g. `15 * MINUTE`. Default: every resolution, and
   * Periods of different resolutions covering the same time are an ambiguity (thrown), because
   * which one is the day-ahead price differs by zone and year (e.g. DE-LU 2022: SDAC PT60M next to
   * a PT15M auction; since 1 Oct 2025 SDAC itself is PT15M).
   */
  resolutionMs?: number | null;
  /** Expected `currency_Unit.name`; default `EUR`. Another currency is rejected. */
  currency?: string;
}

/** Why a document was rejected. */
export type EntsoeErrorKind =
  /** Not well-formed XML, or a required element missing, duplicated or unparsable. */
  | 'malformed'
  /** Well-formed, but not what an A44 price answer for this zone should be. */
  | 'unexpected'
  /** More than one price for the same time after selection. */
  | 'ambiguous'
  /** An acknowledgement other than "no matching data" (e.g. a rejected request). */
  | 'rejected';

/** A document that cannot be turned into prices safely. `message` says what and where. */
export class EntsoeDocumentError extends Error {
  override readonly name = 'EntsoeDocumentError';

  constructor(
    readonly kind: EntsoeErrorKind,
    message: string,
  ) {
    super(`ENTSO-E document ${kind}: ${message}`);
  }
}

// ---------------------------------------------------------------- XML access helpers

type XmlNode = { [name: string]: unknown };

/** Element paths (local names) that may repeat; everything else must occur at most once. */
const REPEATABLE = new Set([
  'Publication_MarketDocument.TimeSeries',
  'Publication_MarketDocument.TimeSeries.Period',
  'Publication_MarketDocument.TimeSeries.Period.Point',
  'Acknowledgement_MarketDocument.Reason',
]);

const xmlParser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (_name, jPath) => typeof jPath === 'string' && REPEATABLE.has(jPath),
});

function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const malformed = (where: string, what: string) => new EntsoeDocumentError('malformed', `${where}: ${what}`);
const unexpected = (where: string, what: string) => new EntsoeDocumentError('unexpected', `${where}: ${what}`);

/** The element `name` of `node` as a child node, or undefined when absent. */
function childNode(node: XmlNode, name: string, where: string): XmlNode | undefined {
  const value = node[name];
  if (value === undefined) return undefined;
  if (Array.isArray(value)) throw malformed(where, `<${name}> occurs more than once`);
  if (!isNode(value)) throw malformed(where, `<${name}> has no child elements`);
  return value;
}

function requiredNode(node: XmlNode, name: string, where: string): XmlNode {
  const value = childNode(node, name, where);
  if (value === undefined) throw malformed(where, `<${name}> is missing`);
  return value;
}

/** Text of the element `name` of `node` (trimmed), or null when absent. Empty elements are ''. */
function optionalText(node: XmlNode, name: string, where: string): string | null {
  const value = node[name];
  if (value === undefined) return null;
  if (Array.isArray(value)) throw malformed(where, `<${name}> occurs more than once`);
  if (typeof value !== 'string') throw malformed(where, `<${name}> must hold text, not elements`);
  return value;
}

function requiredText(node: XmlNode, name: string, where: string): string {
  const value = optionalText(node, name, where);
  if (value === null || value === '') throw malformed(where, `<${name}> is missing or empty`);
  return value;
}

/** Repeatable child elements (the parser always yields arrays for them). */
function repeated(node: XmlNode, name: string, where: string): XmlNode[] {
  const value = node[name];
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((item, i) => {
    if (!isNode(item)) throw malformed(where, `<${name}> #${i + 1} has no child elements`);
    return item;
  });
}

function instant(text: string, where: string, name: string): number {
  try {
    return parseAwareDatetime(text).ms;
  } catch (e) {
    if (e instanceof TimeFormatError) throw malformed(where, `<${name}> '${text}' is not an ISO 8601 datetime with offset`);
    throw e;
  }
}

function timeInterval(node: XmlNode, name: string, where: string): Interval {
  const ti = requiredNode(node, name, where);
  const at = `${where} › ${name}`;
  const start = instant(requiredText(ti, 'start', at), at, 'start');
  const end = instant(requiredText(ti, 'end', at), at, 'end');
  if (!(start < end)) throw malformed(at, 'start must be before end');
  return { start, end };
}

const INTEGER = /^\d+$/;
const DECIMAL = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)$/;

function positiveInteger(text: string, where: string, name: string): number {
  const n = INTEGER.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw malformed(where, `<${name}> '${text}' is not a positive integer`);
  return n;
}

// ---------------------------------------------------------------- parsing

/** A Period as read from the document, with A01/A03 applied (one value per position). */
interface ParsedPeriod {
  timeSeries: EntsoeTimeSeriesInfo;
  where: string;
  interval: Interval;
  resolutionMs: number;
  points: PricePoint[];
}

/**
 * Parses an ENTSO-E answer to an A44 (day-ahead prices) query and selects the prices to ingest.
 *
 * Selection, in this order (see {@link EntsoeParseOptions}):
 * 1. every TimeSeries must be for `opts.eic`, priced in `opts.currency` (EUR) per MWH, with
 *    businessType A62 when given — otherwise the whole document is rejected;
 * 2. keep TimeSeries of contract type A01 and auction sequence 1 (SDAC); a missing sequence counts
 *    as 1, a missing contract type is kept;
 * 3. keep Periods of `opts.resolutionMs` when given;
 * 4. whatever remains must not overlap in time — otherwise `ambiguous` is thrown;
 * 5. when nothing remains: `{ kind: 'no-data', cause: 'nothing-selected' }`.
 *
 * @throws EntsoeDocumentError when the document is malformed, unexpected, ambiguous, or an
 *   acknowledgement other than "No matching data found".
 */
export function parseEntsoeDocument(xml: string, opts: EntsoeParseOptions): EntsoeParseResult {
  const root = parseRoot(xml);
  if ('Acknowledgement_MarketDocument' in root) {
    return parseAcknowledgement(root.Acknowledgement_MarketDocument);
  }
  return parsePublication(root.Publication_MarketDocument, opts);
}

type Root =
  | { Publication_MarketDocument: XmlNode }
  | { Acknowledgement_MarketDocument: XmlNode };

function parseRoot(xml: string): Root {
  if (typeof xml !== 'string' || xml.trim() === '') throw malformed('document', 'empty');
  const text = xml.replace(/^\uFEFF/, '');
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw malformed('document', `not well-formed XML (${describeXmlError(valid.err)})`);
  const parsed: unknown = xmlParser.parse(text);
  const names = isNode(parsed) ? Object.keys(parsed) : [];
  if (names.length !== 1) throw malformed('document', `expected one root element, found ${names.length}`);
  const name = names[0]!;
  const node = (parsed as XmlNode)[name];
  if (name !== 'Publication_MarketDocument' && name !== 'Acknowledgement_MarketDocument') {
    throw unexpected(
      'document',
      `root element <${name}>; expected <Publication_MarketDocument> or <Acknowledgement_MarketDocument>`,
    );
  }
  if (!isNode(node)) throw malformed(name, 'the root element is empty');
  return name === 'Publication_MarketDocument'
    ? { Publication_MarketDocument: node }
    : { Acknowledgement_MarketDocument: node };
}

/** The validator's complaint in plain words; unclosed elements (a truncated body) are listed by name. */
function describeXmlError(err: { msg: string; line: number; col: number }): string {
  const unclosed = /^Invalid '(\[[\s\S]*\])' found\.$/.exec(err.msg);
  if (unclosed) {
    try {
      const names: unknown = JSON.parse(unclosed[1]!);
      if (Array.isArray(names)) return `unclosed ${names.map((n) => `<${String(n)}>`).join(', ')}: truncated?`;
    } catch {
      // fall through to the validator's own words
    }
  }
  return `${err.msg.replace(/\s+/g, ' ')} at line ${err.line}${err.col ? `, column ${err.col}` : ''}`;
}

/** "No matching data found" → no-data; any other acknowledgement is a rejected request. */
function parseAcknowledgement(doc: XmlNode): EntsoeNoData {
  const where = 'Acknowledgement_MarketDocument';
  const createdText = optionalText(doc, 'createdDateTime', where);
  const createdDateTimeMs = createdText ? instant(createdText, where, 'createdDateTime') : null;
  const reasons = repeated(doc, 'Reason', where).map((reason, i) => ({
    code: optionalText(reason, 'code', `${where} › Reason #${i + 1}`),
    text: optionalText(reason, 'text', `${where} › Reason #${i + 1}`) ?? '',
  }));
  const noData = reasons.find((r) => /no matching data found/i.test(r.text));
  if (noData) {
    return {
      kind: 'no-data',
      cause: 'acknowledgement',
      reason: noData.text,
      reasonCode: noData.code,
      createdDateTimeMs,
      ignored: [],
    };
  }
  const said = reasons.length
    ? reasons.map((r) => `${r.code ?? '?'} ${JSON.stringify(r.text)}`).join('; ')
    : 'no Reason given';
  throw new EntsoeDocumentError('rejected', `${where}: ${said}`);
}

function parsePublication(doc: XmlNode, opts: EntsoeParseOptions): EntsoeParseResult {
  const where = 'Publication_MarketDocument';
  const currency = opts.currency ?? 'EUR';
  const type = requiredText(doc, 'type', where);
  if (type !== 'A44') throw unexpected(where, `document type ${type}; expected A44 (prices)`);
  const createdDateTimeMs = instant(requiredText(doc, 'createdDateTime', where), where, 'createdDateTime');
  const revisionText = optionalText(doc, 'revisionNumber', where);
  const revisionNumber = revisionText ? positiveInteger(revisionText, where, 'revisionNumber') : null;
  const interval = doc['period.timeInterval'] === undefined ? null : timeInterval(doc, 'period.timeInterval', where);

  const timeSeries = repeated(doc, 'TimeSeries', where);
  if (timeSeries.length === 0) throw malformed(where, 'no <TimeSeries>');
  const periods = timeSeries.flatMap((ts, i) => parseTimeSeries(ts, i + 1, opts.eic, currency));

  const { selected, ignored } = select(periods, opts);
  const header = {
    mRID: optionalText(doc, 'mRID', where) || null,
    revisionNumber,
    createdDateTimeMs,
    interval,
  };
  if (selected.length === 0) {
    return {
      kind: 'no-data',
      cause: 'nothing-selected',
      reason: `no Period matches ${describeSelection(opts)}; found ${ignored
        .map((p) => `${label(p.timeSeries)} ${p.resolutionMs / MINUTE} min (${p.reason})`)
        .join(', ')}`,
      reasonCode: null,
      createdDateTimeMs,
      ignored,
    };
  }
  return {
    kind: 'prices',
    ...header,
    currency,
    unit: `${currency}/MWh`,
    series: group(selected),
    ignored,
  };
}

const CURVE_TYPES = new Set(['A01', 'A03']);

function parseTimeSeries(ts: XmlNode, index: number, eic: string, currency: string): ParsedPeriod[] {
  const where = `TimeSeries #${index}`;
  const sequenceText = optionalText(ts, 'classificationSequence_AttributeInstanceComponent.position', where);
  const curveType = optionalText(ts, 'curveType', where) ?? 'A01';
  if (!CURVE_TYPES.has(curveType)) throw unexpected(where, `curveType ${curveType}; expected A01 or A03`);
  const info: EntsoeTimeSeriesInfo = {
    index,
    mRID: optionalText(ts, 'mRID', where) || null,
    sequence: sequenceText === null ? null : positiveInteger(sequenceText, where, 'classificationSequence_AttributeInstanceComponent.position'),
    contractType: optionalText(ts, 'contract_MarketAgreement.type', where) || null,
    auctionType: optionalText(ts, 'auction.type', where) || null,
    curveType: curveType as 'A01' | 'A03',
  };

  const businessType = optionalText(ts, 'businessType', where);
  if (businessType !== null && businessType !== 'A62') {
    throw unexpected(where, `businessType ${businessType}; expected A62 (spot price)`);
  }
  for (const side of ['in_Domain.mRID', 'out_Domain.mRID']) {
    const domain = requiredText(ts, side, where);
    if (domain !== eic) throw unexpected(where, `<${side}> ${domain}; expected the requested zone ${eic}`);
  }
  const tsCurrency = requiredText(ts, 'currency_Unit.name', where);
  if (tsCurrency !== currency) throw unexpected(where, `currency ${tsCurrency}; expected ${currency}`);
  const measure = requiredText(ts, 'price_Measure_Unit.name', where);
  if (measure !== 'MWH') throw unexpected(where, `price unit per ${measure}; expected MWH`);

  const periods = repeated(ts, 'Period', where);
  if (periods.length === 0) throw malformed(where, 'no <Period>');
  return periods.map((period, i) => parsePeriod(period, info, `${where} › Period #${i + 1}`));
}

function parsePeriod(period: XmlNode, timeSeries: EntsoeTimeSeriesInfo, where: string): ParsedPeriod {
  const interval = timeInterval(period, 'timeInterval', where);
  const resolutionText = requiredText(period, 'resolution', where);
  let resolutionMs: number | null;
  try {
    resolutionMs = parseDuration(resolutionText).ms;
  } catch (e) {
    if (e instanceof TimeFormatError) throw malformed(where, `resolution '${resolutionText}' is not an ISO 8601 duration`);
    throw e;
  }
  if (resolutionMs === null || !ENTSOE_PRICE_RESOLUTIONS_MS.includes(resolutionMs)) {
    throw unexpected(where, `resolution ${resolutionText}; expected PT15M, PT30M or PT60M`);
  }
  const span = interval.end - interval.start;
  if (span % resolutionMs !== 0) {
    throw malformed(where, `timeInterval of ${span / MINUTE} min is not a whole number of ${resolutionText}`);
  }
  const count = span / resolutionMs;

  // Values by position (index 0 = position 1); undefined where the document gives none.
  const byPosition: (number | undefined)[] = new Array(count).fill(undefined);
  repeated(period, 'Point', where).forEach((point, i) => {
    const at = `${where} › Point #${i + 1}`;
    const position = positiveInteger(requiredText(point, 'position', at), at, 'position');
    if (position > count) {
      throw malformed(at, `position ${position} is out of range 1…${count} (${resolutionText} over the timeInterval)`);
    }
    const amountText = requiredText(point, 'price.amount', at);
    const value = DECIMAL.test(amountText) ? Number(amountText) : NaN;
    if (!Number.isFinite(value)) throw malformed(at, `price.amount '${amountText}' is not a number`);
    if (byPosition[position - 1] !== undefined) throw malformed(at, `duplicate position ${position}`);
    byPosition[position - 1] = value;
  });

  const points: PricePoint[] = [];
  let previous: number | undefined;
  for (let k = 0; k < count; k++) {
    let value = byPosition[k];
    if (value === undefined) {
      if (timeSeries.curveType === 'A01') {
        throw malformed(where, `curveType A01 but position ${k + 1} of ${count} is missing`);
      }
      if (previous === undefined) throw malformed(where, 'curveType A03 but position 1 is missing (nothing to repeat)');
      value = previous; // A03: an omitted position repeats the previous price
    }
    points.push({ eventStart: interval.start + k * resolutionMs, value });
    previous = value;
  }
  return { timeSeries, where, interval, resolutionMs, points };
}

// ---------------------------------------------------------------- selection

function select(
  periods: ParsedPeriod[],
  opts: EntsoeParseOptions,
): { selected: ParsedPeriod[]; ignored: IgnoredPeriod[] } {
  const sequence = opts.sequence === undefined ? SDAC_SEQUENCE : opts.sequence;
  const contractType = opts.contractType === undefined ? DAY_AHEAD_CONTRACT : opts.contractType;
  const resolutionMs = opts.resolutionMs ?? null;

  const selected: ParsedPeriod[] = [];
  const ignored: IgnoredPeriod[] = [];
  for (const p of periods) {
    const ts = p.timeSeries;
    let reason: string | null = null;
    if (contractType !== null && ts.contractType !== null && ts.contractType !== contractType) {
      reason = `contract type ${ts.contractType}, not ${contractType}`;
    } else if (sequence !== null && (ts.sequence ?? SDAC_SEQUENCE) !== sequence) {
      reason = `sequence ${ts.sequence ?? SDAC_SEQUENCE}, not ${sequence}`;
    } else if (resolutionMs !== null && p.resolutionMs !== resolutionMs) {
      reason = `resolution ${p.resolutionMs / MINUTE} min, not ${resolutionMs / MINUTE} min`;
    }
    if (reason === null) selected.push(p);
    else ignored.push({ timeSeries: ts, resolutionMs: p.resolutionMs, interval: p.interval, reason });
  }

  // Whatever remains must give one price per instant.
  const byStart = [...selected].sort((a, b) => a.interval.start - b.interval.start);
  for (let i = 1; i < byStart.length; i++) {
    const a = byStart[i - 1]!;
    const b = byStart[i]!;
    if (b.interval.start < a.interval.end) {
      throw new EntsoeDocumentError(
        'ambiguous',
        `${a.where} (${describePeriod(a)}) and ${b.where} (${describePeriod(b)}) both price ` +
          `${new Date(b.interval.start).toISOString()}…${new Date(Math.min(a.interval.end, b.interval.end)).toISOString()}; ` +
          'select explicitly with the sequence, contractType or resolutionMs option',
      );
    }
  }
  return { selected: byStart, ignored };
}

/** Merges selected Periods of the same TimeSeries and resolution into one series. */
function group(periods: ParsedPeriod[]): EntsoePriceSeries[] {
  const out = new Map<string, EntsoePriceSeries>();
  for (const p of periods) {
    const key = `${p.timeSeries.index}/${p.resolutionMs}`;
    let series = out.get(key);
    if (!series) {
      series = { timeSeries: p.timeSeries, resolutionMs: p.resolutionMs, intervals: [], points: [] };
      out.set(key, series);
    }
    series.intervals.push(p.interval);
    series.points.push(...p.points);
  }
  // Periods arrive sorted by start and do not overlap, so every series is sorted as well.
  return [...out.values()];
}

function label(ts: EntsoeTimeSeriesInfo): string {
  return `TimeSeries #${ts.index}`;
}

function describePeriod(p: ParsedPeriod): string {
  const ts = p.timeSeries;
  return `sequence ${ts.sequence ?? '-'}, contract ${ts.contractType ?? '-'}, ${p.resolutionMs / MINUTE} min`;
}

function describeSelection(opts: EntsoeParseOptions): string {
  const sequence = opts.sequence === undefined ? SDAC_SEQUENCE : opts.sequence;
  const contractType = opts.contractType === undefined ? DAY_AHEAD_CONTRACT : opts.contractType;
  const parts = [
    `sequence ${sequence ?? 'any'}`,
    `contract type ${contractType ?? 'any'}`,
    `resolution ${opts.resolutionMs ? `${opts.resolutionMs / MINUTE} min` : 'any'}`,
  ];
  return parts.join(', ');
}
