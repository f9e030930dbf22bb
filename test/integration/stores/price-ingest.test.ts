/** The price ingestion's day markers on dynalite: written once (conditional put), read back, kept apart per zone, sensor and day. */
import { describe, it, expect } from '@jest/globals';
import { useDynaliteForFile } from '../../helpers/dynamo.js';
import type { PriceDayMarker } from '../../../functions/core/ports/price-ingest.js';

const db = useDynaliteForFile();

const marker: PriceDayMarker = {
  eic: '10YNL----------L',
  sensorId: 5,
  day: '2025-10-02',
  doneAt: Date.parse('2025-10-01T11:30:02Z'),
  beliefTime: Date.parse('2025-10-01T11:05:00Z'),
  documentId: 'ex-1',
  points: 96,
  stored: 96,
  alreadyKnown: 0,
};

describe('price day markers', () => {
  it('are written once: a second (concurrent) run does not overwrite the first', async () => {
    const store = db.ports.priceIngest;
    expect(await store.getDayMarker(marker.eic, 5, '2025-10-02')).toBeNull();
    expect(await store.markDayDone(marker)).toBe(true);
    expect(await store.markDayDone({ ...marker, doneAt: marker.doneAt + 60_000, stored: 0, alreadyKnown: 96 })).toBe(false);
    expect(await store.getDayMarker(marker.eic, 5, '2025-10-02')).toEqual(marker);
  });

  it('are kept apart per zone, sensor and day', async () => {
    const store = db.ports.priceIngest;
    expect(await store.getDayMarker('10YBE----------2', 5, '2025-10-02')).toBeNull();
    expect(await store.getDayMarker(marker.eic, 6, '2025-10-02')).toBeNull();
    expect(await store.getDayMarker(marker.eic, 5, '2025-10-03')).toBeNull();
    expect(await store.markDayDone({ ...marker, day: '2025-10-03', documentId: null })).toBe(true);
    expect(await store.getDayMarker(marker.eic, 5, '2025-10-03')).toEqual({ ...marker, day: '2025-10-03', documentId: null });
  });
});
