/**
 * Day-ahead price ingestion: ENTSO-E documents → beliefs on price sensors. Used by the scheduled
 * Lambda (functions/ingest-prices.ts) and the local CLI (`npm run cli -- ingest-prices`), so both
 * store exactly the same beliefs. The documents come through a `FetchDayDocument` (the ENTSO-E
 * client of stores/entsoe, or a test's stand-in); the stores through the ports.
 *
 * One run, per configured bidding zone (zones run side by side; one zone's failure never stops
 * another):
 *   1. the delivery day: the day after "now" in the zone's time zone (or the day asked for);
 *   2. sensors whose "done for day D" marker exists are skipped; when all are, no request is made;
 *   3. one A44 request for the day (time-outs, retries: stores/entsoe/client.ts);
 *   4. per sensor: parse, select, resample and convert (core/prices), insert-if-absent
 *      (a rerun stores nothing new), then the marker;
 *   5. one structured log line per zone and sensor: stored / already known / no data / failed.
 *
 * "No matching data" (prices not yet published) is a normal outcome: logged, no marker, the next
 * scheduled run tries again. A malformed, unexpected or ambiguous document stores nothing and fails
 * the zone, as do missing prices within the day and unusable sensors.
 */
import type { Sensor } from '../core/assets/model.js';
import {
  DEFAULT_ENTSOE_BASE_URL,
  ENTSOE_SOURCE,
  deliveryDayWindow,
  documentWindows,
  nextDeliveryDay,
  parseEntsoeDocument,
  priceBeliefs,
  type BiddingZone,
  type IngestEnvironment,
  type IngestRequest,
  type Interval,
  type PriceBeliefs,
  type PriceIngestTarget,
  type PriceResampling,
} from '../core/prices/index.js';
import { formatDatetime, formatDurationSchema } from '../core/time/index.js';
import { priceCurrency } from '../core/units/index.js';
import type { Ports } from '../core/ports/index.js';
import type { FetchDayDocument, PriceDayMarker } from '../core/ports/price-ingest.js';

export type { FetchDayDocument };

/** Where log lines go (the Powertools logger fits). */
export interface IngestLog {
  info(message: string, extra: Record<string, unknown>): void;
  error(message: string, extra: Record<string, unknown>): void;
}

/** The ports an ingestion uses; without `log` it logs nothing (the CLI prints its own lines). */
export type IngestPorts = Pick<Ports, 'assets' | 'beliefs' | 'priceIngest' | 'clock'> & { log?: IngestLog };

/** The ENTSO-E stored prices could not be written as they are: some differ from stored ones of the same belief time. */
export class PriceConflictError extends Error {
  override readonly name = 'PriceConflictError';
  constructor(
    readonly conflicts: number,
    readonly stored: number,
  ) {
    super(
      `${conflicts} price(s) differ from the ones stored with the same belief time and source; they were not overwritten ` +
        `(${stored} other new price(s) were stored).`,
    );
  }
}

/** A sensor named as a target does not exist (any more). */
export class MissingPriceSensorError extends Error {
  override readonly name = 'MissingPriceSensorError';
  constructor(readonly sensorId: number) {
    super(`Sensor ${sensorId} does not exist.`);
  }
}

// ---------------------------------------------------------------- one document onto one sensor

export interface DocumentIngestOptions {
  /** EIC code of the bidding zone the document must be about. */
  eic: string;
  sensor: Sensor;
  /** The windows to store (e.g. one delivery day); default everything the document prices. */
  windows?: Interval[];
}

/** What one document did on one sensor. */
export type DocumentIngestResult =
  | { kind: 'no-data'; reason: string }
  | {
      kind: 'stored';
      prices: PriceBeliefs;
      /** New beliefs written now. */
      stored: number;
      /** Beliefs already stored with the same value (nothing written). */
      alreadyKnown: number;
      /** The document's mRID, null when absent. */
      documentId: string | null;
    };

/**
 * Parses an ENTSO-E answer and stores its prices on `sensor` (insert-if-absent) under the
 * "ENTSO-E" data source, belief time = the document's createdDateTime.
 *
 * @throws EntsoeDocumentError (malformed, unexpected, ambiguous or a refusal: nothing stored),
 *   PriceBeliefError (unusable sensor or a window with missing prices: nothing stored),
 *   PriceConflictError (prices differ from stored ones of the same belief time: those not written).
 */
export async function ingestPriceDocument(
  deps: Pick<Ports, 'assets' | 'beliefs'>,
  xml: string,
  options: DocumentIngestOptions,
): Promise<DocumentIngestResult> {
  const { sensor } = options;
  const parsed = parseEntsoeDocument(xml, { eic: options.eic, currency: priceCurrency(sensor.unit) ?? 'EUR' });
  if (parsed.kind === 'no-data') return { kind: 'no-data', reason: parsed.reason };
  // Everything is checked before the data source is created or a belief written.
  const draft = priceBeliefs(parsed, options.windows ?? documentWindows(parsed), sensor, 0);
  const source = await deps.assets.getOrCreateSource({
    ...ENTSOE_SOURCE,
    model: null,
    version: null,
    account_id: null,
    user_id: null,
  });
  const prices: PriceBeliefs = { ...draft, beliefs: draft.beliefs.map((b) => ({ ...b, sourceId: source.id })) };
  const outcome = await deps.beliefs.insert(prices.beliefs);
  if (outcome.conflicts.length) throw new PriceConflictError(outcome.conflicts.length, outcome.inserted.length);
  return {
    kind: 'stored',
    prices,
    stored: outcome.inserted.length,
    alreadyKnown: outcome.unchanged.length,
    documentId: parsed.mRID,
  };
}

// ---------------------------------------------------------------- one zone and day

/** What a run did for one zone, day and sensor. */
export type SensorDayOutcome =
  | {
      outcome: 'stored';
      points: number;
      stored: number;
      alreadyKnown: number;
      beliefTime: number;
      resolutionMs: number;
      documentResolutionsMs: number[];
      resampling: PriceResampling;
    }
  | { outcome: 'already-done'; marker: PriceDayMarker }
  | { outcome: 'no-data'; reason: string }
  | { outcome: 'failed'; error: string; errorName: string };

export interface ZoneDayResult {
  zone: BiddingZone;
  day: string;
  sensorId: number;
  result: SensorDayOutcome;
}

export interface ZoneDayOptions {
  /** Ignore existing "done" markers (CLI `--force`). */
  force?: boolean;
}

function failure(err: unknown): SensorDayOutcome {
  const e = err instanceof Error ? err : new Error(String(err));
  return { outcome: 'failed', error: e.message, errorName: e.name };
}

/**
 * Ingests one delivery day of one zone onto the target's sensors: skips sensors marked done,
 * fetches once, stores per sensor, marks done. Never throws: failures are results.
 */
export async function ingestZoneDay(
  deps: IngestPorts,
  fetchDocument: FetchDayDocument,
  target: PriceIngestTarget,
  day: string,
  options: ZoneDayOptions = {},
): Promise<ZoneDayResult[]> {
  const { zone } = target;
  const results: ZoneDayResult[] = [];
  const done = (sensorId: number, result: SensorDayOutcome) => {
    const entry = { zone, day, sensorId, result };
    results.push(entry);
    if (deps.log) logResult(deps.log, entry);
  };

  let window: Interval;
  const pending: number[] = [];
  try {
    window = deliveryDayWindow(day, zone.timeZone);
    for (const sensorId of target.sensorIds) {
      const marker = options.force ? null : await deps.priceIngest.getDayMarker(zone.eic, sensorId, day);
      if (marker) done(sensorId, { outcome: 'already-done', marker });
      else pending.push(sensorId);
    }
  } catch (err) {
    for (const sensorId of target.sensorIds) if (!results.some((r) => r.sensorId === sensorId)) done(sensorId, failure(err));
    return results;
  }
  if (pending.length === 0) return results;

  let xml: string;
  try {
    xml = await fetchDocument(zone, day);
  } catch (err) {
    for (const sensorId of pending) done(sensorId, failure(err));
    return results;
  }

  for (const sensorId of pending) {
    try {
      const sensor = await deps.assets.getSensor(sensorId);
      if (!sensor) throw new MissingPriceSensorError(sensorId);
      const ingested = await ingestPriceDocument(deps, xml, { eic: zone.eic, sensor, windows: [window] });
      if (ingested.kind === 'no-data') {
        done(sensorId, { outcome: 'no-data', reason: ingested.reason });
        continue;
      }
      const { prices } = ingested;
      await deps.priceIngest.markDayDone({
        eic: zone.eic,
        sensorId,
        day,
        doneAt: deps.clock(),
        beliefTime: prices.beliefTime,
        documentId: ingested.documentId,
        points: prices.beliefs.length,
        stored: ingested.stored,
        alreadyKnown: ingested.alreadyKnown,
      });
      done(sensorId, {
        outcome: 'stored',
        points: prices.beliefs.length,
        stored: ingested.stored,
        alreadyKnown: ingested.alreadyKnown,
        beliefTime: prices.beliefTime,
        resolutionMs: prices.resolutionMs,
        documentResolutionsMs: prices.documentResolutionsMs,
        resampling: prices.resampling,
      });
    } catch (err) {
      done(sensorId, failure(err));
    }
  }
  return results;
}

// ---------------------------------------------------------------- a run over all targets

export interface IngestRunOptions extends ZoneDayOptions {
  /** The delivery day (`yyyy-MM-dd`, in each zone's time zone); default the day after `at`. */
  day?: string;
  /** The instant the run is for (default `deps.clock()`): picks the next delivery day. */
  at?: number;
}

export interface IngestRunSummary {
  results: ZoneDayResult[];
  /** The results that failed (the invocation should report failure). */
  failed: ZoneDayResult[];
}

/** Ingests every target's zone (side by side); never throws, failures are in the summary. */
export async function runPriceIngestion(
  deps: IngestPorts,
  fetchDocument: FetchDayDocument,
  targets: readonly PriceIngestTarget[],
  options: IngestRunOptions = {},
): Promise<IngestRunSummary> {
  const at = options.at ?? deps.clock();
  const perZone = await Promise.all(
    targets.map((target) => ingestZoneDay(deps, fetchDocument, target, options.day ?? nextDeliveryDay(at, target.zone.timeZone), options)),
  );
  const results = perZone.flat();
  return { results, failed: results.filter((r) => r.result.outcome === 'failed') };
}

// ---------------------------------------------------------------- the scheduled run

/** The scheduled run's result: one entry per zone, day and sensor. */
export interface IngestReport {
  results: { zone: string; eic: string; day: string; sensorId: number; outcome: string; summary: string }[];
}

/** Some zones failed; the message lists them (never the token). */
export class PriceIngestionFailedError extends Error {
  override readonly name = 'PriceIngestionFailedError';
  constructor(summary: IngestRunSummary) {
    super(
      `Day-ahead price ingestion failed for ${summary.failed.length} of ${summary.results.length} target(s): ` +
        summary.failed.map(describeResult).join('; '),
    );
  }
}

/**
 * The scheduled ingestion: every target of the settings (`deps.settings.priceIngest`), for the
 * delivery day the request asks for (default the next one). `connect` gives the document source
 * for those settings; it is called only when there is something to fetch for.
 *
 * @throws PriceIngestionFailedError when any zone failed, after every zone was tried (the
 *   invocation is then retried; zones already done are skipped by their markers). "No data yet"
 *   is not a failure.
 */
export async function ingestDayAheadPrices(
  deps: IngestPorts & Pick<Ports, 'settings' | 'log'>,
  request: IngestRequest,
  connect: (settings: IngestEnvironment) => FetchDayDocument,
): Promise<IngestReport> {
  const settings = deps.settings.priceIngest;
  if (settings.targets.length === 0) {
    deps.log.warn('No price ingestion targets configured (ENTSOE_TARGETS); nothing to do.');
    return { results: [] };
  }
  if (settings.baseUrl !== DEFAULT_ENTSOE_BASE_URL) deps.log.warn('ENTSOE_BASE_URL overrides the ENTSO-E API (meant for tests only)', { baseUrl: settings.baseUrl });
  const summary = await runPriceIngestion(deps, connect(settings), settings.targets, request);
  if (summary.failed.length) throw new PriceIngestionFailedError(summary);
  return {
    results: summary.results.map((r) => ({
      zone: r.zone.code,
      eic: r.zone.eic,
      day: r.day,
      sensorId: r.sensorId,
      outcome: r.result.outcome,
      summary: describeResult(r),
    })),
  };
}

// ---------------------------------------------------------------- reporting

const utc = (ms: number) => formatDatetime(ms);

/** One line for a result, e.g. `NL 2025-10-02 → sensor 5: 96 stored, 0 already known`. */
export function describeResult({ zone, day, sensorId, result }: ZoneDayResult): string {
  const head = `${zone.code} ${day} → sensor ${sensorId}`;
  switch (result.outcome) {
    case 'stored': {
      const from = result.documentResolutionsMs.map(formatDurationSchema).join('+');
      const how = result.resampling === 'none' ? '' : ` (from ${from}: ${result.resampling === 'mean' ? 'time-weighted means' : result.resampling === 'repeat' ? 'repeated' : 'resampled'})`;
      return `${head}: ${result.points} ${formatDurationSchema(result.resolutionMs)} prices${how}, ${result.stored} stored, ${result.alreadyKnown} already known, belief time ${utc(result.beliefTime)}`;
    }
    case 'already-done':
      return `${head}: already done (${result.marker.points} prices, belief time ${utc(result.marker.beliefTime)})`;
    case 'no-data':
      return `${head}: no data yet (${result.reason})`;
    case 'failed':
      return `${head}: FAILED: ${result.error}`;
  }
}

/** The structured log line of a result: the message of {@link describeResult} plus its fields. */
export function logResult(log: IngestLog, entry: ZoneDayResult): void {
  const { zone, day, sensorId, result } = entry;
  const fields: Record<string, unknown> = { zone: zone.code, eic: zone.eic, day, sensorId, outcome: result.outcome };
  switch (result.outcome) {
    case 'stored':
      Object.assign(fields, {
        points: result.points,
        stored: result.stored,
        alreadyKnown: result.alreadyKnown,
        beliefTime: utc(result.beliefTime),
        resolution: formatDurationSchema(result.resolutionMs),
        documentResolutions: result.documentResolutionsMs.map(formatDurationSchema),
        resampling: result.resampling,
      });
      break;
    case 'already-done':
      Object.assign(fields, { points: result.marker.points, beliefTime: utc(result.marker.beliefTime) });
      break;
    case 'no-data':
      fields.reason = result.reason;
      break;
    case 'failed':
      Object.assign(fields, { error: result.error, errorName: result.errorName });
      break;
  }
  const message = `Day-ahead prices ${describeResult(entry)}`;
  if (result.outcome === 'failed') log.error(message, fields);
  else log.info(message, fields);
}
