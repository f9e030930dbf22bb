import { describe, it, expect } from '@jest/globals';
import { statsBySourceName } from '../../../functions/core/beliefs/index.js';
import { httpDate } from '../../../functions/core/time/index.js';
import { GAS_BELIEFS, SOURCE_NAMES, t } from './fixtures.js';

const name = (id: number): string => SOURCE_NAMES.get(id) ?? `source ${id}`;

describe('statsBySourceName (GET /sensors/<id>/stats)', () => {
  it('docs/contract/api.md §6.7 example: "Other source" with a NaN value', () => {
    const stats = statsBySourceName(GAS_BELIEFS, name);
    expect(Object.keys(stats)).toEqual(['Other source', 'Test Supplier User']);
    const other = stats['Other source']!;
    expect(other.countValues).toBe(3);
    expect(httpDate(other.minEventStart)).toBe('Sat, 01 May 2021 22:00:00 GMT');
    expect(httpDate(other.maxEventStart)).toBe('Sat, 01 May 2021 22:20:00 GMT');
    expect(other.minValue).toBe(91.3);
    expect(other.maxValue).toBe(92.1);
    expect(other.meanValue).toBeCloseTo(91.7, 12);
    expect(other.sumValues).toBeCloseTo(183.4, 12);
  });

  it('the supplier source', () => {
    const supplier = statsBySourceName(GAS_BELIEFS, name)['Test Supplier User']!;
    expect(supplier).toMatchObject({ countValues: 3, minValue: 91.3, maxValue: 92.1 });
    expect(supplier.meanValue).toBeCloseTo(91.7, 12);
    expect(supplier.sumValues).toBeCloseTo(275.1, 12);
  });

  it('no data → {}', () => {
    expect(statsBySourceName([], name)).toEqual({});
  });

  it('all-NaN source: count only', () => {
    const stats = statsBySourceName([{ eventStart: t('2021-01-01T00:00:00Z'), sourceId: 9, value: Number.NaN }], name);
    expect(stats['source 9']).toEqual({
      minEventStart: t('2021-01-01T00:00:00Z'),
      maxEventStart: t('2021-01-01T00:00:00Z'),
      minValue: null,
      maxValue: null,
      meanValue: null,
      sumValues: null,
      countValues: 1,
    });
  });

  it('counts every stored belief (all belief times) and pools sources sharing a name', () => {
    const start = t('2021-01-01T00:00:00Z');
    const stats = statsBySourceName(
      [
        { eventStart: start, sourceId: 1, value: 1 },
        { eventStart: start, sourceId: 1, value: 3 },
        { eventStart: start + 1000, sourceId: 2, value: -4 },
      ],
      () => 'same name',
    );
    expect(stats['same name']).toEqual({
      minEventStart: start,
      maxEventStart: start + 1000,
      minValue: -4,
      maxValue: 3,
      meanValue: 0,
      sumValues: 0,
      countValues: 3,
    });
  });
});
