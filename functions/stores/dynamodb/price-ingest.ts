/**
 * Price ingestion markers in the entity table: `pk = PRICEDAY#<eic>#SENSOR#<id>`,
 * `sk = PRICEDAY#<yyyy-MM-dd>`, written once by a conditional put (attribute_not_exists), so two
 * concurrent runs cannot both claim a day and a marker is never overwritten. Markers are kept
 * (one small item per zone, sensor and day: they double as the ingestion log); they need no TTL.
 */
import type { PriceDayMarker, PriceIngestStore } from '../../core/ports/price-ingest.js';
import { ENTITY_TABLE } from './tables.js';
import { TableAdapter, type TableOptions } from './toolkit.js';

const markerKey = (eic: string, sensorId: number, day: string) => ({
  pk: `PRICEDAY#${eic}#SENSOR#${sensorId}`,
  sk: `PRICEDAY#${day}`,
});

export class DynamoPriceIngestStore extends TableAdapter implements PriceIngestStore {
  constructor(options: TableOptions = {}) {
    super(ENTITY_TABLE, options);
  }

  async getDayMarker(eic: string, sensorId: number, day: string): Promise<PriceDayMarker | null> {
    const item = await this.table.get(markerKey(eic, sensorId, day));
    if (!item) return null;
    const { pk: _pk, sk: _sk, ...marker } = item;
    return marker as unknown as PriceDayMarker;
  }

  async markDayDone(marker: PriceDayMarker): Promise<boolean> {
    return (await this.table.putIf({ ...markerKey(marker.eic, marker.sensorId, marker.day), ...marker })).written;
  }
}
