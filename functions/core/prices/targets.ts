/**
 * The configured targets of the scheduled price ingestion: which bidding zone's day-ahead prices
 * go onto which price sensors. Written once as JSON — CDK context `entsoeTargets`, passed to the
 * Lambda as `ENTSOE_TARGETS` — and read by both sides with the same rules. Pure.
 *
 * Format: an object from bidding zone (EIC code or short code, see {@link BIDDING_ZONES}) to a
 * sensor id or a list of sensor ids, e.g. `{"10YNL----------L": 5}` or `{"NL": [5, 12], "BE": 7}`.
 */
import { BIDDING_ZONES, findBiddingZone, type BiddingZone } from './a44-request.js';

/** The prices of one bidding zone, to be stored on each of `sensorIds`. */
export interface PriceIngestTarget {
  zone: BiddingZone;
  /** Price sensor ids, unique, in the order given. */
  sensorIds: number[];
}

/** A target configuration that cannot be used; the message says what to fix. */
export class IngestTargetsError extends Error {
  override readonly name = 'IngestTargetsError';
}

const knownZones = () =>
  Object.values(BIDDING_ZONES)
    .map((z) => `${z.code} (${z.eic})`)
    .join(', ');

function sensorIdsOf(zone: string, value: unknown): number[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) throw new IngestTargetsError(`Zone ${zone}: give at least one sensor id.`);
  const ids: number[] = [];
  for (const id of list) {
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) {
      throw new IngestTargetsError(`Zone ${zone}: ${JSON.stringify(id)} is not a sensor id (a positive integer).`);
    }
    if (ids.includes(id)) throw new IngestTargetsError(`Zone ${zone}: sensor ${id} is listed twice.`);
    ids.push(id);
  }
  return ids;
}

/**
 * Reads a target configuration: a JSON string or an already parsed object. Nothing (undefined,
 * null, an empty string, `{}`) means no targets.
 *
 * @throws IngestTargetsError for invalid JSON, an unknown bidding zone (e.g. the German control
 *   area `10Y1001A1001A83F`, which is not a price zone), a zone given twice (by code and EIC),
 *   an invalid sensor id, or a sensor fed by two zones.
 */
export function parseIngestTargets(input: unknown): PriceIngestTarget[] {
  if (input === undefined || input === null || (typeof input === 'string' && input.trim() === '')) return [];
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (e) {
      throw new IngestTargetsError(`The price ingestion targets are not valid JSON (${(e as Error).message}).`);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new IngestTargetsError(
      'The price ingestion targets must be a JSON object from bidding zone to sensor id(s), e.g. {"10YNL----------L": 5}.',
    );
  }
  const targets: PriceIngestTarget[] = [];
  const zoneOfSensor = new Map<number, string>();
  for (const [key, ids] of Object.entries(value)) {
    const zone = findBiddingZone(key.trim());
    if (!zone) throw new IngestTargetsError(`Unknown bidding zone '${key}'. Known zones: ${knownZones()}.`);
    if (targets.some((t) => t.zone.eic === zone.eic)) {
      throw new IngestTargetsError(`Bidding zone ${zone.code} (${zone.eic}) is given twice.`);
    }
    const sensorIds = sensorIdsOf(zone.code, ids);
    for (const id of sensorIds) {
      const other = zoneOfSensor.get(id);
      if (other) throw new IngestTargetsError(`Sensor ${id} is a target of both ${other} and ${zone.code}.`);
      zoneOfSensor.set(id, zone.code);
    }
    targets.push({ zone, sensorIds });
  }
  return targets;
}

/** The canonical JSON of targets (EIC codes as keys, lists of ids), as the stack passes it to the Lambda. */
export function formatIngestTargets(targets: readonly PriceIngestTarget[]): string {
  return JSON.stringify(Object.fromEntries(targets.map((t) => [t.zone.eic, t.sensorIds])));
}
