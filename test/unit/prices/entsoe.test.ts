import { describe, it, expect } from '@jest/globals';
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import {
  ENTSOE_SOURCE,
  EntsoeDocumentError,
  parseEntsoeDocument,
  type EntsoeNoData,
  type EntsoeParseOptions,
  type EntsoeParseResult,
  type EntsoePrices,
} from '../../../functions/core/prices/entsoe.js';
import { HOUR, MINUTE } from '../../../functions/core/time/index.js';
import { DE_LU_EIC, NL_EIC, at, fixture } from './fixtures.js';

const NL: EntsoeParseOptions = { eic: NL_EIC };
const DE_LU: EntsoeParseOptions = { eic: DE_LU_EIC };

function prices(result: EntsoeParseResult): EntsoePrices {
  if (result.kind !== 'prices') throw new Error(`expected prices, got no-data: ${result.reason}`);
  return result;
}

function noData(result: EntsoeParseResult): EntsoeNoData {
  if (result.kind !== 'no-data') throw new Error('expected no-data, got prices');
  return result;
}

/** Asserts `points` start at `start` and follow each other every `step` ms. */
function expectContiguous(points: { eventStart: number }[], start: number, step: number): void {
  points.forEach((p, k) => expect(p.eventStart).toBe(start + k * step));
}

/** Amsterdam wall-clock time of an instant, with its offset. */
const amsterdam = (ms: number) => format(new TZDate(ms, 'Europe/Amsterdam'), "yyyy-MM-dd'T'HH:mmxxx");

/** Runs the parser and returns the thrown EntsoeDocumentError. */
function rejection(xml: string, opts: EntsoeParseOptions = NL): EntsoeDocumentError {
  try {
    parseEntsoeDocument(xml, opts);
  } catch (e) {
    expect(e).toBeInstanceOf(EntsoeDocumentError);
    return e as EntsoeDocumentError;
  }
  throw new Error('expected an EntsoeDocumentError');
}

describe('parseEntsoeDocument: PT60M, curveType A01', () => {
  const doc = prices(parseEntsoeDocument(fixture('nl-2025-09-15-pt60m-a01.xml'), NL));

  it('reads the document header: belief time, currency and unit', () => {
    expect(doc.createdDateTimeMs).toBe(at('2025-09-14T10:58:12Z'));
    expect(doc.mRID).toBe('0e2f4bd1a3c94b2a8f6a1d6f0b2c7e91');
    expect(doc.revisionNumber).toBe(1);
    expect(doc.interval).toEqual({ start: at('2025-09-14T22:00Z'), end: at('2025-09-15T22:00Z') });
    expect(doc.currency).toBe('EUR');
    expect(doc.unit).toBe('EUR/MWh');
    expect(ENTSOE_SOURCE).toEqual({ name: 'ENTSO-E', type: 'market' });
  });

  it('gives one hourly price per position, starting at the Period start', () => {
    expect(doc.series).toHaveLength(1);
    const [series] = doc.series;
    expect(series!.resolutionMs).toBe(HOUR);
    expect(series!.timeSeries).toMatchObject({ index: 1, mRID: '1', sequence: null, contractType: 'A01', curveType: 'A01' });
    expect(series!.intervals).toEqual([{ start: at('2025-09-14T22:00Z'), end: at('2025-09-15T22:00Z') }]);
    expect(series!.points).toHaveLength(24);
    expectContiguous(series!.points, at('2025-09-14T22:00Z'), HOUR);
    expect(series!.points.map((p) => p.value)).toEqual(Array.from({ length: 24 }, (_, k) => 70 + 2.5 * (k + 1)));
    expect(series!.points[0]).toEqual({ eventStart: at('2025-09-14T22:00Z'), value: 72.5 });
    expect(series!.points[23]).toEqual({ eventStart: at('2025-09-15T21:00Z'), value: 130 });
    expect(doc.ignored).toEqual([]);
  });

  it('matches elements by local name: a namespace prefix and version 7:0 parse the same', () => {
    const prefixed = fixture('nl-2025-09-15-pt60m-a01.xml')
      .replace(/<(\/?)(?=[A-Za-z_])/g, '<$1ns2:')
      .replace('xmlns=', 'xmlns:ns2=')
      .replace('publicationdocument:7:3', 'publicationdocument:7:0');
    expect(prefixed).toContain('<ns2:Publication_MarketDocument xmlns:ns2=');
    expect(parseEntsoeDocument(prefixed, NL)).toEqual(doc);
  });
});

describe('parseEntsoeDocument: PT15M, curveType A03 with omitted positions', () => {
  const doc = prices(parseEntsoeDocument(fixture('nl-2025-10-02-pt15m-a03.xml'), NL));
  const [series] = doc.series;
  /** The fixture's runs: (first position, price); a run lasts until the next one. */
  const runs: [number, number][] = [
    [1, 91.4], [2, 88.05], [5, 84.9], [6, 80], [10, 78.25], [17, -0.01], [25, -5], [33, 0],
    [41, 45.1], [49, 60.33], [57, 99.99], [65, 120.5], [73, 150], [81, 130.25], [89, 101], [93, 95.75],
  ];
  const expected = Array.from({ length: 96 }, (_, k) => [...runs].reverse().find(([pos]) => pos <= k + 1)![1]);

  it('fills all 96 quarter hours of the day', () => {
    expect(doc.createdDateTimeMs).toBe(at('2025-10-01T11:05:00Z'));
    expect(series!.resolutionMs).toBe(15 * MINUTE);
    expect(series!.timeSeries.curveType).toBe('A03');
    expect(series!.points).toHaveLength(96);
    expectContiguous(series!.points, at('2025-10-01T22:00Z'), 15 * MINUTE);
  });

  it('repeats the previous price for omitted positions, up to the Period end', () => {
    expect(series!.points.map((p) => p.value)).toEqual(expected);
    // positions 3 and 4 repeat position 2
    expect(series!.points.slice(1, 5).map((p) => p.value)).toEqual([88.05, 88.05, 88.05, 84.9]);
    // positions 94 to 96 repeat the last Point (93) until the Period end
    expect(series!.points.slice(92).map((p) => p.value)).toEqual([95.75, 95.75, 95.75, 95.75]);
    expect(series!.points[95]!.eventStart).toBe(at('2025-10-02T21:45Z'));
  });

  it('keeps negative and zero prices', () => {
    expect(series!.points[16]!.value).toBe(-0.01);
    expect(series!.points[24]!.value).toBe(-5);
    expect(series!.points[32]!.value).toBe(0);
  });
});

describe('parseEntsoeDocument: two TimeSeries (SDAC and a second auction)', () => {
  const xml = fixture('de-lu-2025-10-15-sdac-exaa.xml');
  const sdacPrice = (p: number) => 80 + ((p * 7) % 23) - 0.5;
  const exaaPrice = (p: number) => Math.round((100 + p / 4) * 100) / 100;

  it('takes SDAC (sequence 1) by default, whatever the document order, and reports EXAA as ignored', () => {
    const doc = prices(parseEntsoeDocument(xml, DE_LU));
    expect(doc.series).toHaveLength(1);
    const [series] = doc.series;
    expect(series!.timeSeries).toMatchObject({ index: 2, mRID: '2', sequence: 1 });
    expect(series!.points).toHaveLength(96);
    expectContiguous(series!.points, at('2025-10-14T22:00Z'), 15 * MINUTE);
    expect(series!.points.map((p) => p.value)).toEqual(Array.from({ length: 96 }, (_, k) => sdacPrice(k + 1)));
    expect(doc.ignored).toEqual([
      {
        timeSeries: expect.objectContaining({ index: 1, sequence: 2 }),
        resolutionMs: 15 * MINUTE,
        interval: { start: at('2025-10-14T22:00Z'), end: at('2025-10-15T22:00Z') },
        reason: 'sequence 2, not 1',
      },
    ]);
  });

  it('takes the second auction when asked for sequence 2', () => {
    const doc = prices(parseEntsoeDocument(xml, { ...DE_LU, sequence: 2 }));
    expect(doc.series.map((s) => s.timeSeries.index)).toEqual([1]);
    expect(doc.series[0]!.points.map((p) => p.value)).toEqual(Array.from({ length: 96 }, (_, k) => exaaPrice(k + 1)));
  });

  it('fails loudly when told to take every sequence: two prices for the same quarter hours', () => {
    const error = rejection(xml, { ...DE_LU, sequence: null });
    expect(error.kind).toBe('ambiguous');
    expect(error.message).toMatch(/TimeSeries #1 › Period #1 \(sequence 2.*TimeSeries #2 › Period #1 \(sequence 1/);
    expect(error.message).toContain('2025-10-14T22:00:00.000Z');
  });

  it('never falls back to the second auction when SDAC is not (yet) in the document', () => {
    const exaaOnly = xml.replace(/<!-- SDAC[\s\S]*?<\/TimeSeries>\s*/, '');
    expect(exaaOnly).not.toContain('<mRID>2</mRID>');
    const result = noData(parseEntsoeDocument(exaaOnly, DE_LU));
    expect(result).toMatchObject({ kind: 'no-data', cause: 'nothing-selected', reasonCode: null });
    expect(result.reason).toMatch(/no Period matches sequence 1.*TimeSeries #1 15 min \(sequence 2, not 1\)/);
    expect(result.ignored).toHaveLength(1);
  });

  it('leaves out intraday contracts (A07) next to the day-ahead one', () => {
    const withIntraday = xml
      .replace('<contract_MarketAgreement.type>A01', '<contract_MarketAgreement.type>A07')
      .replace('<classificationSequence_AttributeInstanceComponent.position>2', '<classificationSequence_AttributeInstanceComponent.position>1');
    const doc = prices(parseEntsoeDocument(withIntraday, DE_LU));
    expect(doc.series.map((s) => s.timeSeries.index)).toEqual([2]);
    expect(doc.ignored[0]!.reason).toBe('contract type A07, not A01');
  });

  it('fails loudly on the same hours at PT60M and PT15M, unless a resolution is chosen', () => {
    const both = fixture('de-lu-2022-08-20-pt60m-pt15m.xml');
    const error = rejection(both, DE_LU);
    expect(error.kind).toBe('ambiguous');
    expect(error.message).toMatch(/60 min.*15 min/);
    expect(error.message).toContain('resolutionMs');

    const hourly = prices(parseEntsoeDocument(both, { ...DE_LU, resolutionMs: HOUR }));
    expect(hourly.series).toHaveLength(1);
    expect(hourly.series[0]!.resolutionMs).toBe(HOUR);
    expect(hourly.series[0]!.points).toHaveLength(24);
    expect(hourly.ignored.map((p) => p.reason)).toEqual(['resolution 15 min, not 60 min']);
  });
});

describe('parseEntsoeDocument: several Periods in one TimeSeries', () => {
  const doc = prices(parseEntsoeDocument(fixture('nl-2025-09-15-16-two-periods.xml'), NL));

  it('merges the Periods into one contiguous series, each Period from its own start', () => {
    expect(doc.series).toHaveLength(1);
    const [series] = doc.series;
    expect(series!.intervals).toEqual([
      { start: at('2025-09-14T22:00Z'), end: at('2025-09-15T22:00Z') },
      { start: at('2025-09-15T22:00Z'), end: at('2025-09-16T22:00Z') },
    ]);
    expect(series!.points).toHaveLength(48);
    expectContiguous(series!.points, at('2025-09-14T22:00Z'), HOUR);
    expect(series!.points[23]).toEqual({ eventStart: at('2025-09-15T21:00Z'), value: 64 });
    expect(series!.points[24]).toEqual({ eventStart: at('2025-09-15T22:00Z'), value: 139 });
    expect(series!.points[47]).toEqual({ eventStart: at('2025-09-16T21:00Z'), value: 116 });
  });

  it('rejects overlapping Periods as ambiguous', () => {
    const overlapping = fixture('nl-2025-09-15-16-two-periods.xml').replace(
      '<start>2025-09-15T22:00Z</start>\n                <end>2025-09-16T22:00Z</end>',
      '<start>2025-09-15T21:00Z</start>\n                <end>2025-09-16T21:00Z</end>',
    );
    const error = rejection(overlapping);
    expect(error.kind).toBe('ambiguous');
    expect(error.message).toMatch(/Period #1 .* and .* Period #2/);
  });
});

describe('parseEntsoeDocument: DST days', () => {
  it('spring forward (2026-03-29): 23 hours, 92 quarter hours from 23:00Z', () => {
    const doc = prices(parseEntsoeDocument(fixture('nl-2026-03-29-dst-23h-pt15m-a03.xml'), NL));
    const points = doc.series[0]!.points;
    expect(points).toHaveLength(92);
    expectContiguous(points, at('2026-03-28T23:00Z'), 15 * MINUTE);
    expect(points[91]!.eventStart).toBe(at('2026-03-29T21:45Z'));
    expect(amsterdam(points[0]!.eventStart)).toBe('2026-03-29T00:00+01:00');
    expect(amsterdam(points[7]!.eventStart)).toBe('2026-03-29T01:45+01:00');
    expect(amsterdam(points[8]!.eventStart)).toBe('2026-03-29T03:00+02:00'); // 02:00 does not exist
    expect(amsterdam(points[91]!.eventStart)).toBe('2026-03-29T23:45+02:00');
    // A03: one Point per hour, and the third hour omitted altogether
    expect(points.slice(4, 16).map((p) => p.value)).toEqual([51, 51, 51, 51, 51, 51, 51, 51, 53, 53, 53, 53]);
    expect(points[91]!.value).toBe(72);
  });

  it('fall back (2025-10-26): 25 hours, 100 quarter hours from 22:00Z, 02:00-03:00 local twice', () => {
    const doc = prices(parseEntsoeDocument(fixture('nl-2025-10-26-dst-25h-pt15m-a01.xml'), NL));
    const points = doc.series[0]!.points;
    expect(points).toHaveLength(100);
    expectContiguous(points, at('2025-10-25T22:00Z'), 15 * MINUTE);
    expect(points[99]!.eventStart).toBe(at('2025-10-26T22:45Z'));
    expect(amsterdam(points[8]!.eventStart)).toBe('2025-10-26T02:00+02:00');
    expect(amsterdam(points[12]!.eventStart)).toBe('2025-10-26T02:00+01:00');
    expect(amsterdam(points[99]!.eventStart)).toBe('2025-10-26T23:45+01:00');
    expect(points.map((p) => p.value)).toEqual(Array.from({ length: 100 }, (_, k) => 20 + (k + 1) * 0.5));
  });
});

describe('parseEntsoeDocument: acknowledgements', () => {
  it('"No matching data found" is no data, not an error', () => {
    const result = parseEntsoeDocument(fixture('acknowledgement-no-matching-data.xml'), NL);
    expect(result).toEqual({
      kind: 'no-data',
      cause: 'acknowledgement',
      reason: expect.stringMatching(/^No matching data found for Data item ENERGY_PRICES \[12\.1\.D\]/),
      reasonCode: '999',
      createdDateTimeMs: at('2025-10-02T10:31:12Z'),
      ignored: [],
    });
  });

  it('any other acknowledgement is a rejected request, with ENTSO-E\'s reason', () => {
    const other = fixture('acknowledgement-no-matching-data.xml').replace(
      /<text>No matching data found[^<]*<\/text>/,
      '<text>Invalid query attribute or parameter value. Unknown domain: 10YXX----------X</text>',
    );
    const error = rejection(other);
    expect(error.kind).toBe('rejected');
    expect(error.message).toContain('999 "Invalid query attribute or parameter value. Unknown domain: 10YXX----------X"');
  });
});

describe('parseEntsoeDocument: malformed and unexpected documents throw a clear EntsoeDocumentError', () => {
  const base = fixture('nl-2025-09-15-pt60m-a01.xml');
  const point = (position: number, price: string) =>
    `<Point>\n                <position>${position}</position>\n                <price.amount>${price}</price.amount>\n            </Point>`;

  const cases: [string, string, EntsoeDocumentError['kind'], RegExp][] = [
    [
      'truncated XML',
      fixture('malformed-truncated.xml'),
      'malformed',
      /not well-formed XML \(unclosed <Publication_MarketDocument>, <TimeSeries>, <Period>, <Point>: truncated\?\)/,
    ],
    ['mismatched tags', '<a><b></a>', 'malformed', /not well-formed XML \(Expected closing tag 'b' .* at line 1, column 7\)/],
    ['an empty body', '', 'malformed', /document: empty/],
    ['a JSON body', '{"message":"Unauthorized"}', 'malformed', /not well-formed XML/],
    ['an HTML page', '<html><body><h1>Unauthorized</h1></body></html>', 'unexpected', /root element <html>/],
    [
      'another document type (wrong root)',
      base.replaceAll('Publication_MarketDocument', 'GL_MarketDocument'),
      'unexpected',
      /root element <GL_MarketDocument>; expected <Publication_MarketDocument> or <Acknowledgement_MarketDocument>/,
    ],
    ['type other than A44', base.replace('<type>A44</type>', '<type>A65</type>'), 'unexpected', /document type A65; expected A44/],
    [
      'a missing createdDateTime',
      base.replace(/<createdDateTime>.*<\/createdDateTime>/, ''),
      'malformed',
      /Publication_MarketDocument: <createdDateTime> is missing or empty/,
    ],
    [
      'an unparsable createdDateTime',
      base.replace(/<createdDateTime>.*<\/createdDateTime>/, '<createdDateTime>yesterday</createdDateTime>'),
      'malformed',
      /<createdDateTime> 'yesterday' is not an ISO 8601 datetime/,
    ],
    ['no TimeSeries', base.replace(/<TimeSeries>[\s\S]*<\/TimeSeries>/, ''), 'malformed', /no <TimeSeries>/],
    [
      'a resolution that is not a duration',
      base.replace('PT60M', 'PT60X'),
      'malformed',
      /TimeSeries #1 › Period #1: resolution 'PT60X' is not an ISO 8601 duration/,
    ],
    ['a resolution other than PT15M/PT30M/PT60M', base.replace('PT60M', 'P1D'), 'unexpected', /resolution P1D; expected PT15M, PT30M or PT60M/],
    [
      'two resolutions in one Period',
      base.replace('<resolution>PT60M</resolution>', '<resolution>PT60M</resolution><resolution>PT15M</resolution>'),
      'malformed',
      /<resolution> occurs more than once/,
    ],
    [
      'a timeInterval that is not a whole number of resolutions',
      base.replace('<end>2025-09-15T22:00Z</end>\n            </timeInterval>', '<end>2025-09-15T22:30Z</end>\n            </timeInterval>'),
      'malformed',
      /timeInterval of 1470 min is not a whole number of PT60M/,
    ],
    [
      'a position out of range',
      base.replace(point(24, '130.00'), `${point(24, '130.00')}${point(25, '131.00')}`),
      'malformed',
      /Point #25: position 25 is out of range 1…24/,
    ],
    ['position 0', base.replace(point(1, '72.50'), point(0, '72.50')), 'malformed', /<position> '0' is not a positive integer/],
    ['a duplicate position', base.replace(point(4, '80.00'), point(3, '80.00')), 'malformed', /Point #4: duplicate position 3/],
    ['a missing position in A01', base.replace(point(7, '87.50'), ''), 'malformed', /curveType A01 but position 7 of 24 is missing/],
    [
      'a missing position 1 in A03',
      base.replace('<curveType>A01', '<curveType>A03').replace(point(1, '72.50'), ''),
      'malformed',
      /curveType A03 but position 1 is missing/,
    ],
    ['an unknown curveType', base.replace('<curveType>A01', '<curveType>A02'), 'unexpected', /curveType A02; expected A01 or A03/],
    ['a price that is not a number', base.replace('87.50', 'n/a'), 'malformed', /Point #7: price\.amount 'n\/a' is not a number/],
    ['a currency other than expected', base.replace('<currency_Unit.name>EUR', '<currency_Unit.name>PLN'), 'unexpected', /currency PLN; expected EUR/],
    ['a price per another unit', base.replace('<price_Measure_Unit.name>MWH', '<price_Measure_Unit.name>KWH'), 'unexpected', /price unit per KWH; expected MWH/],
    ['another businessType', base.replace('<businessType>A62', '<businessType>A33'), 'unexpected', /businessType A33; expected A62/],
    [
      'another bidding zone than asked',
      base.replaceAll(NL_EIC, '10YBE----------2'),
      'unexpected',
      /<in_Domain\.mRID> 10YBE----------2; expected the requested zone 10YNL----------L/,
    ],
  ];

  it.each(cases)('%s', (_label, xml, kind, message) => {
    const error = rejection(xml);
    expect(error.name).toBe('EntsoeDocumentError');
    expect(error.kind).toBe(kind);
    expect(error.message).toMatch(new RegExp(`^ENTSO-E document ${kind}: `));
    expect(error.message).toMatch(message);
  });

  it('the base document parses, and every mutation above really changed it', () => {
    expect(parseEntsoeDocument(base, NL).kind).toBe('prices');
    const unchanged = cases.filter(([, xml]) => xml === base).map(([label]) => label);
    expect(unchanged).toEqual([]);
  });

  it('a currency can be expected explicitly', () => {
    const pln = base.replace('<currency_Unit.name>EUR', '<currency_Unit.name>PLN');
    expect(prices(parseEntsoeDocument(pln, { ...NL, currency: 'PLN' })).unit).toBe('PLN/MWh');
  });
});
