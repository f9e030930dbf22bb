/**
 * Port of the price ingestion's "done for delivery day D" markers: once a zone's prices for a day
 * are stored on a sensor, later scheduled runs of that day skip the zone (no ENTSO-E request).
 * The adapter is `stores/dynamodb/price-ingest.ts` (entity table). The documents themselves come
 * through `FetchDayDocument` (adapter: `stores/entsoe/client.ts`).
 */
import type { BiddingZone } from '../prices/index.js';

/** Fetches the day-ahead price document (an ENTSO-E A44 answer, XML) of one bidding zone and delivery day. */
export type FetchDayDocument = (zone: BiddingZone, day: string) => Promise<string>;

/** A delivery day whose prices are stored on a sensor, with what was stored (an ingestion log). */
export interface PriceDayMarker {
  /** EIC code of the bidding zone. */
  eic: string;
  sensorId: number;
  /** The delivery day, `yyyy-MM-dd` in the zone's time zone. */
  day: string;
  /** When the ingestion finished (epoch ms). */
  doneAt: number;
  /** Belief time of the stored prices: the document's `createdDateTime` (epoch ms). */
  beliefTime: number;
  /** The document's mRID, null when absent. */
  documentId: string | null;
  /** Prices of the day on the sensor's resolution. */
  points: number;
  /** Of those, how many were new, and how many were already stored. */
  stored: number;
  alreadyKnown: number;
}

export interface PriceIngestStore {
  /** The marker of a zone's delivery day on a sensor, or null when the day is not done. */
  getDayMarker(eic: string, sensorId: number, day: string): Promise<PriceDayMarker | null>;
  /**
   * Records the day as done (conditional: never overwrites). Resolves to false when a marker
   * existed already (a concurrent run got there first), which is not an error.
   */
  markDayDone(marker: PriceDayMarker): Promise<boolean>;
}
