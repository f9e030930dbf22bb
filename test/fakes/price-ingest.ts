/** In-memory fake of the price ingestion's day markers: conditional, never overwritten (as the DynamoDB adapter). */
import type { PriceDayMarker, PriceIngestStore } from '../../functions/core/ports/price-ingest.js';

const key = (eic: string, sensorId: number, day: string) => `${eic}|${sensorId}|${day}`;

export class FakePriceIngestStore implements PriceIngestStore {
  readonly markers = new Map<string, PriceDayMarker>();

  async getDayMarker(eic: string, sensorId: number, day: string): Promise<PriceDayMarker | null> {
    const marker = this.markers.get(key(eic, sensorId, day));
    return marker ? { ...marker } : null;
  }

  async markDayDone(marker: PriceDayMarker): Promise<boolean> {
    const k = key(marker.eic, marker.sensorId, marker.day);
    if (this.markers.has(k)) return false;
    this.markers.set(k, { ...marker });
    return true;
  }
}
