import { describe, it, expect } from '@jest/globals';
import { IngestTargetsError, formatIngestTargets, parseIngestTargets } from '../../../functions/core/prices/targets.js';
import { BIDDING_ZONES } from '../../../functions/core/prices/a44-request.js';

describe('parseIngestTargets', () => {
  it('reads zones by EIC or short code, to one sensor or several', () => {
    expect(parseIngestTargets('{"10YNL----------L": 5}')).toEqual([{ zone: BIDDING_ZONES.NL, sensorIds: [5] }]);
    expect(parseIngestTargets({ NL: [5, 12], 'DE-LU': 7 })).toEqual([
      { zone: BIDDING_ZONES.NL, sensorIds: [5, 12] },
      { zone: BIDDING_ZONES['DE-LU'], sensorIds: [7] },
    ]);
  });

  it('treats nothing as no targets', () => {
    for (const empty of [undefined, null, '', '  ', '{}', {}]) expect(parseIngestTargets(empty)).toEqual([]);
  });

  it('rejects what cannot be right, saying what to fix', () => {
    const cases: [unknown, RegExp][] = [
      ['{"NL": 5', /not valid JSON/],
      ['[5]', /must be a JSON object from bidding zone to sensor id/],
      ['{"10Y1001A1001A83F": 5}', /Unknown bidding zone '10Y1001A1001A83F'. Known zones: NL \(10YNL----------L\), .*DE-LU \(10Y1001A1001A82H\)/],
      [{ NL: 5, '10YNL----------L': 6 }, /Bidding zone NL \(10YNL----------L\) is given twice/],
      [{ NL: 0 }, /Zone NL: 0 is not a sensor id/],
      [{ NL: '5' }, /Zone NL: "5" is not a sensor id/],
      [{ NL: 1.5 }, /Zone NL: 1.5 is not a sensor id/],
      [{ NL: [] }, /Zone NL: give at least one sensor id/],
      [{ NL: [5, 5] }, /Zone NL: sensor 5 is listed twice/],
      [{ NL: 5, BE: [6, 5] }, /Sensor 5 is a target of both NL and BE/],
    ];
    for (const [input, message] of cases) {
      expect(() => parseIngestTargets(input)).toThrow(IngestTargetsError);
      expect(() => parseIngestTargets(input)).toThrow(message);
    }
  });

  it('formats canonically with EIC keys, and reads its own output back', () => {
    const targets = parseIngestTargets({ NL: 5, BE: [6, 7] });
    const json = formatIngestTargets(targets);
    expect(json).toBe('{"10YNL----------L":[5],"10YBE----------2":[6,7]}');
    expect(parseIngestTargets(json)).toEqual(targets);
  });
});
