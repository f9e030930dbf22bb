import { describe, it, expect } from '@jest/globals';
import {
  BIDDING_ZONES,
  buildA44Query,
  buildA44QueryForDay,
  findBiddingZone,
  formatEntsoePeriod,
} from '../../../functions/core/prices/a44-request.js';
import { isKnownTimeZone } from '../../../functions/core/time/index.js';
import { at } from './fixtures.js';

describe('buildA44QueryForDay', () => {
  it('asks for one delivery day of the zone, bounds in UTC as yyyyMMddHHmm', () => {
    expect(buildA44QueryForDay(BIDDING_ZONES.NL, '2025-10-02')).toEqual({
      documentType: 'A44',
      in_Domain: '10YNL----------L',
      out_Domain: '10YNL----------L',
      periodStart: '202510012200',
      periodEnd: '202510022200',
    });
  });

  it('gets the DST days right (23 and 25 hours) and winter days', () => {
    expect(buildA44QueryForDay(BIDDING_ZONES.NL, '2026-03-29')).toMatchObject({
      periodStart: '202603282300',
      periodEnd: '202603292200',
    });
    expect(buildA44QueryForDay(BIDDING_ZONES['DE-LU'], '2025-10-26')).toMatchObject({
      in_Domain: '10Y1001A1001A82H',
      periodStart: '202510252200',
      periodEnd: '202510262300',
    });
    expect(buildA44QueryForDay(BIDDING_ZONES.BE, '2026-01-01')).toMatchObject({
      periodStart: '202512312300',
      periodEnd: '202601012300',
    });
  });

  it('adds the contract type filter only when asked, with the case-sensitive parameter names', () => {
    const query = buildA44QueryForDay(BIDDING_ZONES.NL, '2025-10-02', { contractType: 'A01' });
    expect(query['contract_MarketAgreement.type']).toBe('A01');
    expect(new URLSearchParams({ ...query }).toString()).toBe(
      'documentType=A44&in_Domain=10YNL----------L&out_Domain=10YNL----------L' +
        '&periodStart=202510012200&periodEnd=202510022200&contract_MarketAgreement.type=A01',
    );
    expect(buildA44QueryForDay(BIDDING_ZONES.NL, '2025-10-02')).not.toHaveProperty('contract_MarketAgreement.type');
  });
});

describe('buildA44Query', () => {
  it('rejects a malformed EIC code and bounds that are out of order or not whole minutes', () => {
    expect(() => buildA44Query('NL', at('2025-10-01T22:00Z'), at('2025-10-02T22:00Z'))).toThrow(/not an EIC code/);
    expect(() => buildA44Query('10YNL----------L', at('2025-10-02T22:00Z'), at('2025-10-01T22:00Z'))).toThrow(RangeError);
    expect(() => buildA44Query('10YNL----------L', at('2025-10-01T22:00:30Z'), at('2025-10-02T22:00Z'))).toThrow(
      /whole UTC minutes/,
    );
    expect(formatEntsoePeriod(at('2025-01-05T07:05Z'))).toBe('202501050705');
  });
});

describe('BIDDING_ZONES', () => {
  it('know their EIC code and a valid time zone, and the German control area is not a price zone', () => {
    for (const zone of Object.values(BIDDING_ZONES)) {
      expect(zone.eic).toMatch(/^[0-9A-Z][0-9A-Z-]{14}[0-9A-Z]$/);
      expect(isKnownTimeZone(zone.timeZone)).toBe(true);
    }
    expect(findBiddingZone('DE-LU')?.eic).toBe('10Y1001A1001A82H');
    expect(findBiddingZone('10YNL----------L')?.code).toBe('NL');
    expect(findBiddingZone('10Y1001A1001A83F')).toBeUndefined();
  });
});
