/**
 * CLI command `ingest-prices`: ENTSO-E day-ahead prices onto a price sensor, by the same use cases as
 * the scheduled Lambda (functions/app/price-ingest.ts):
 *
 *   ingest-prices --file <xml> --sensor <id> [--zone <zone>] [--date <yyyy-MM-dd>]
 *     a saved A44 answer: every price it holds (or one delivery day with --date); the zone is read
 *     from the document unless given. Day markers are neither read nor written.
 *   ingest-prices --zone <zone> [--date <yyyy-MM-dd>] --sensor <id> [--force]
 *     fetched from the ENTSO-E API with the token in ENTSOE_TOKEN, for the delivery day (default:
 *     tomorrow in the zone's time zone), exactly as a scheduled run: skipped when the day is marked
 *     done (unless --force), marked done once stored.
 *
 * Either way the store is insert-if-absent: running it again stores nothing new.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Sensor } from '../../functions/core/assets/model.js';
import {
  EntsoeDocumentError,
  PriceBeliefError,
  deliveryDayWindow,
  findBiddingZone,
  nextDeliveryDay,
  type BiddingZone,
} from '../../functions/core/prices/index.js';
import { formatDatetime, formatDurationSchema } from '../../functions/core/time/index.js';
import { PriceConflictError, describeResult, ingestPriceDocument, ingestZoneDay } from '../../functions/app/price-ingest.js';
import { staticTokenProvider } from '../../functions/app/entsoe-token.js';
import { entsoeDayFetcher } from '../../functions/stores/entsoe/client.js';
import type { Ports } from '../../functions/core/ports/index.js';
import { CliError, type CliIo } from './io.js';
import type { Run } from './program.js';

interface IngestOptions {
  sensor: string;
  file?: string;
  zone?: string;
  date?: string;
  force?: boolean;
}

function zoneOption(text: string): BiddingZone {
  const zone = findBiddingZone(text.trim());
  if (!zone) throw new CliError(`Unknown bidding zone '${text}' (give an EIC code such as 10YNL----------L, or NL, BE, DE-LU, FR, AT, CH, ES, PL).`);
  return zone;
}

/** The bidding zone a document is about: its TimeSeries' `in_Domain.mRID`, when they name one known zone. */
export function zoneNamedIn(xml: string): BiddingZone | null {
  const codes = new Set([...xml.matchAll(/<(?:[\w.-]+:)?in_Domain\.mRID\b[^>]*>\s*([^<\s]+)\s*</g)].map((m) => m[1]!));
  if (codes.size !== 1) return null;
  return findBiddingZone([...codes][0]!) ?? null;
}

async function sensorOption(deps: Pick<Ports, 'assets'>, ref: string): Promise<Sensor> {
  if (!/^\d+$/.test(ref)) throw new CliError(`A sensor is given by its id, not '${ref}'.`);
  const sensor = await deps.assets.getSensor(Number(ref));
  if (!sensor) throw new CliError(`No sensor with id ${ref}.`);
  return sensor;
}

function dayOption(day: string, zone: BiddingZone): string {
  try {
    deliveryDayWindow(day, zone.timeZone);
  } catch (e) {
    throw new CliError(`--date: ${(e as Error).message}`);
  }
  return day;
}

/** Turns the ingestion's own failures into messages for the operator. */
function asCliError(err: unknown): never {
  if (err instanceof EntsoeDocumentError || err instanceof PriceBeliefError || err instanceof PriceConflictError) {
    throw new CliError(err.message);
  }
  throw err;
}

const describeSensor = (s: Sensor) => `sensor ${s.id} (${s.name}, ${s.unit}, ${formatDurationSchema(s.event_resolution)})`;

async function fromFile(io: CliIo, options: IngestOptions, deps: Ports): Promise<void> {
  if (options.force) throw new CliError('--force only applies when fetching (--zone without --file): files never use day markers.');
  let xml: string;
  try {
    xml = readFileSync(options.file!, 'utf8');
  } catch (e) {
    throw new CliError(`Cannot read ${options.file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const zone = options.zone !== undefined ? zoneOption(options.zone) : zoneNamedIn(xml);
  if (!zone) throw new CliError('Cannot tell the bidding zone from the document; give it with --zone.');
  const sensor = await sensorOption(deps, options.sensor);
  const windows = options.date !== undefined ? [deliveryDayWindow(dayOption(options.date, zone), zone.timeZone)] : undefined;

  const result = await ingestPriceDocument(deps, xml, { eic: zone.eic, sensor, windows }).catch(asCliError);
  if (result.kind === 'no-data') {
    io.out(`No prices stored: ${result.reason}`);
    return;
  }
  const { prices } = result;
  const spans = prices.windows.map((w) => `${formatDatetime(w.start)} to ${formatDatetime(w.end)}`).join(', ');
  const from = prices.resampling === 'none' ? '' : ` (from ${prices.documentResolutionsMs.map(formatDurationSchema).join('+')})`;
  io.out(`${zone.code} prices for ${spans} on ${describeSensor(sensor)}: ${prices.beliefs.length} prices${from}, ${result.stored} stored, ${result.alreadyKnown} already known; source ENTSO-E, belief time ${formatDatetime(prices.beliefTime)}.`);
}

async function fetched(io: CliIo, options: IngestOptions, deps: Ports): Promise<void> {
  if (options.zone === undefined) throw new CliError('Give --file <xml>, or --zone (and --date) to fetch the prices from ENTSO-E.');
  const zone = zoneOption(options.zone);
  const sensor = await sensorOption(deps, options.sensor);
  const day = options.date !== undefined ? dayOption(options.date, zone) : nextDeliveryDay(deps.clock(), zone.timeZone);
  const fetchDocument = entsoeDayFetcher({
    token: staticTokenProvider(process.env.ENTSOE_TOKEN),
    baseUrl: deps.settings.priceIngest.baseUrl,
    onRetry: ({ attempt, delayMs, reason }) => io.err(`${reason}: attempt ${attempt} in ${(delayMs / 1000).toFixed(1)} s`),
  });
  // No log: the command prints its own line.
  const quiet = { assets: deps.assets, beliefs: deps.beliefs, priceIngest: deps.priceIngest, clock: deps.clock };
  const results = await ingestZoneDay(quiet, fetchDocument, { zone, sensorIds: [sensor.id] }, day, { force: options.force });
  const [result] = results;
  if (result!.result.outcome === 'failed') throw new CliError(describeResult(result!));
  io.out(describeResult(result!));
}

export function registerPriceCommands(program: Command, run: Run): void {
  program
    .command('ingest-prices')
    .description(
      'store ENTSO-E day-ahead prices on a price sensor, from a saved A44 document (--file) or fetched for a delivery day ' +
        '(--zone, --date; token in ENTSOE_TOKEN), by the code of the scheduled ingestion',
    )
    .requiredOption('--sensor <id>', 'price sensor id (unit such as EUR/MWh or EUR/kWh; prices are resampled to its resolution)')
    .option('--file <xml>', 'an ENTSO-E A44 answer saved to a file')
    .option('--zone <zone>', 'bidding zone: EIC code or short code (NL, BE, DE-LU, …); with --file default the document\'s')
    .option('--date <yyyy-MM-dd>', 'delivery day in the zone\'s time zone (fetching: default tomorrow; --file: default every price in the file)')
    .option('--force', 'fetch and store even when the day is marked done')
    .action((options: IngestOptions) => run((io, deps) => (options.file !== undefined ? fromFile(io, options, deps) : fetched(io, options, deps))));
}
