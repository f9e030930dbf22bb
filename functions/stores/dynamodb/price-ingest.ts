/**
 * Price ingestion markers in the entity table: `pk = PRICEDAY#<eic>#SENSOR#<id>`,
 * `sk = PRICEDAY#<yyyy-MM-dd>`, written once by a conditional put (attribute_not_exists), so two
 * concurrent runs cannot both claim a day and a marker is never overwritten. Markers are kept
 * (one small item per zone, sensor and day: they double as the ingestion log); they need no TTL.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { PriceDayMarker, PriceIngestStore } from '../../core/ports/price-ingest.js';
import { documentClient } from './client.js';
import { isConditionFailed } from './items.js';
import { ENTITY_TABLE, tableName } from './tables.js';

const markerKey = (eic: string, sensorId: number, day: string) => ({
  pk: `PRICEDAY#${eic}#SENSOR#${sensorId}`,
  sk: `PRICEDAY#${day}`,
});

export class DynamoPriceIngestStore implements PriceIngestStore {
  private get table() {
    return tableName(ENTITY_TABLE);
  }

  async getDayMarker(eic: string, sensorId: number, day: string): Promise<PriceDayMarker | null> {
    const out = await documentClient().send(
      new GetCommand({ TableName: this.table, Key: markerKey(eic, sensorId, day), ConsistentRead: true }),
    );
    if (!out.Item) return null;
    const { pk: _pk, sk: _sk, ...marker } = out.Item;
    return marker as PriceDayMarker;
  }

  async markDayDone(marker: PriceDayMarker): Promise<boolean> {
    try {
      await documentClient().send(
        new PutCommand({
          TableName: this.table,
          Item: { ...markerKey(marker.eic, marker.sensorId, marker.day), ...marker },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailed(err)) return false;
      throw err;
    }
  }
}
