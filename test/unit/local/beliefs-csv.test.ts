/**
 * Reading sensor data from CSV for the CLI's import-beliefs: fields, header, quotes, line endings,
 * every problem with its line number, runs of consecutive events at the sensor resolution; the
 * runs turned into beliefs as POST /sensors/data would; and the terminal progress bar.
 */
import { describe, it, expect } from '@jest/globals';
import { contiguousRuns, CsvFormatError, MAX_REPORTED_ERRORS, parseBeliefsCsv, splitCsvLine, type CsvRow } from '../../../local/cli/beliefs-csv.js';
import { beliefsFromRuns } from '../../../local/cli/beliefs.js';
import { ProgressBar, progressLine } from '../../../local/cli/progress.js';
import { BeliefValidationError, defaultTiming } from '../../../functions/core/beliefs/index.js';
import { parseDuration } from '../../../functions/core/time/index.js';
import { thrownBy } from '../../helpers/errors.js';

const T = (iso: string) => Date.parse(iso);
const MIN = 60_000;
const HOUR = 60 * MIN;

const problemsOf = (fn: () => unknown) => [...thrownBy(CsvFormatError, fn).problems];

describe('splitCsvLine', () => {
  it('splits on the delimiter, trims, and reads double-quoted fields', () => {
    expect(splitCsvLine('a, b ,c')).toEqual(['a', 'b', 'c']);
    expect(splitCsvLine('"2025-01-01T00:00:00+01:00","1.5"')).toEqual(['2025-01-01T00:00:00+01:00', '1.5']);
    expect(splitCsvLine('"say ""hi"", then go",2')).toEqual(['say "hi", then go', '2']);
    expect(splitCsvLine('x;y', ';')).toEqual(['x', 'y']);
    expect(splitCsvLine('x,')).toEqual(['x', '']);
    expect(() => splitCsvLine('"open,1')).toThrow('a quoted field is not closed');
    expect(() => splitCsvLine('"a"b,1')).toThrow('text after a quoted field');
  });
});

describe('parseBeliefsCsv', () => {
  it('reads event starts with offsets and values, with or without a header, any line endings', () => {
    const rows = parseBeliefsCsv('\uFEFFevent_start,value\r\n2025-01-01T00:00:00+01:00,1.5\r\n\r\n2025-01-01T00:15:00Z,-2e3\n2025-01-01T00:30:00Z,\n');
    expect(rows).toEqual([
      { line: 2, eventStart: T('2024-12-31T23:00:00Z'), value: 1.5 },
      { line: 4, eventStart: T('2025-01-01T00:15:00Z'), value: -2000 },
      { line: 5, eventStart: T('2025-01-01T00:30:00Z'), value: null },
    ]);
    expect(parseBeliefsCsv('2025-01-01T00:00:00+01:00;7', { delimiter: ';' })).toEqual([{ line: 1, eventStart: T('2024-12-31T23:00:00Z'), value: 7 }]);
    expect(parseBeliefsCsv('start,value\n')).toEqual([]);
    expect(parseBeliefsCsv('')).toEqual([]);
  });

  it('reports every bad line with its number and what is wrong', () => {
    const problems = problemsOf(() =>
      parseBeliefsCsv(
        [
          'datetime,value',
          '2025-01-01T00:00:00+01:00,1',
          'tomorrow,2',
          '2025-01-01T01:00:00,3',
          '2025-01-01T02:00:00Z,abc',
          '2025-01-01T03:00:00Z,1,2',
          '2025-01-01T04:00:00Z',
          '2025-01-01T05:00:00Z,"4',
          '2025-01-01T06:00:00Z,1,5',
          '2025-13-01T00:00:00Z,1',
          '2025-01-01T07:00:00Z,Infinity',
          '2025-01-01T08:00:00Z,1e999',
        ].join('\n'),
      ),
    );
    expect(problems).toEqual([
      "line 3: event start 'tomorrow' is not an ISO 8601 datetime.",
      "line 4: event start '2025-01-01T01:00:00' has no UTC offset (write e.g. +01:00 or Z).",
      "line 5: value 'abc' is not a number.",
      'line 6: expected 2 fields (event start and value), found 3.',
      'line 7: expected 2 fields (event start and value), found 1.',
      'line 8: a quoted field is not closed.',
      'line 9: expected 2 fields (event start and value), found 3.',
      "line 10: event start '2025-13-01T00:00:00Z' is not an ISO 8601 datetime.",
      "line 11: value 'Infinity' is not a number.",
      "line 12: value '1e999' is not a number.",
    ]);
  });

  it('a header is only the first line; lists at most ten problems and counts the rest', () => {
    expect(problemsOf(() => parseBeliefsCsv('2025-01-01T00:00:00Z,1\nstart,value'))).toEqual([
      "line 2: event start 'start' is not an ISO 8601 datetime.",
      "line 2: value 'value' is not a number.",
    ]);
    const bad = Array.from({ length: 13 }, (_, i) => `2025-01-01T00:00:00Z,x${i}`).join('\n');
    try {
      parseBeliefsCsv(bad);
      throw new Error('no error');
    } catch (err) {
      const e = err as CsvFormatError;
      expect(e.problems).toHaveLength(MAX_REPORTED_ERRORS);
      expect(e.total).toBe(13);
      expect(e.message.split('\n').at(-1)).toBe('… and 3 more problems');
    }
  });
});

describe('contiguousRuns', () => {
  const row = (line: number, iso: string, value: number | null = line): CsvRow => ({ line, eventStart: T(iso), value });

  it('sorts rows and cuts them where the next event does not follow at the resolution', () => {
    const runs = contiguousRuns(
      [
        row(1, '2025-01-01T00:30:00Z'),
        row(2, '2025-01-01T00:00:00Z'),
        row(3, '2025-01-01T00:15:00Z', null),
        row(4, '2025-01-01T01:30:00Z'),
        row(5, '2025-01-01T01:50:00Z'),
      ],
      15 * MIN,
    );
    expect(runs).toEqual([
      { start: T('2025-01-01T00:00:00Z'), values: [2, null, 1], lines: [2, 3, 1] },
      { start: T('2025-01-01T01:30:00Z'), values: [4], lines: [4] },
      { start: T('2025-01-01T01:50:00Z'), values: [5], lines: [5] },
    ]);
    expect(contiguousRuns([], 15 * MIN)).toEqual([]);
  });

  it('gives each instantaneous event a run of its own', () => {
    expect(contiguousRuns([row(1, '2025-01-01T00:00:00Z'), row(2, '2025-01-01T00:00:01Z')], 0)).toEqual([
      { start: T('2025-01-01T00:00:00Z'), values: [1], lines: [1] },
      { start: T('2025-01-01T00:00:01Z'), values: [2], lines: [2] },
    ]);
  });

  it('refuses repeated event starts and events starting within another', () => {
    expect(
      problemsOf(() =>
        contiguousRuns([row(1, '2025-01-01T00:00:00Z'), row(2, '2025-01-01T01:00:00+01:00'), row(3, '2025-01-01T00:20:00Z'), row(4, '2025-01-01T01:00:00Z')], HOUR),
      ),
    ).toEqual([
      'line 2: event start 2025-01-01T00:00:00+00:00 also occurs on line 1.',
      "line 3: event start 2025-01-01T00:20:00+00:00 lies within the event of line 1 (2025-01-01T00:00:00+00:00; the sensor's resolution is 1:00:00).",
    ]);
  });
});

describe('beliefsFromRuns', () => {
  const sensor = { id: 4, unit: 'MW', timing: defaultTiming(15 * MIN, 'Europe/Amsterdam') };
  const runs = [
    { start: T('2025-01-01T00:00:00Z'), values: [1000, null, 3000], lines: [2, 3, 4] },
    { start: T('2025-01-01T02:00:00Z'), values: [500], lines: [6] },
  ];

  it('converts to the sensor unit, skips empty values and believes them now by default', () => {
    const out = beliefsFromRuns(runs, sensor, 'kW', { now: T('2025-02-01T00:00:00Z') }, 9);
    expect(out.beliefs).toEqual([
      { sensorId: 4, eventStart: T('2025-01-01T00:00:00Z'), beliefTime: T('2025-02-01T00:00:00Z'), sourceId: 9, cumulativeProbability: 0.5, value: 1 },
      { sensorId: 4, eventStart: T('2025-01-01T00:30:00Z'), beliefTime: T('2025-02-01T00:00:00Z'), sourceId: 9, cumulativeProbability: 0.5, value: 3 },
      { sensorId: 4, eventStart: T('2025-01-01T02:00:00Z'), beliefTime: T('2025-02-01T00:00:00Z'), sourceId: 9, cumulativeProbability: 0.5, value: 0.5 },
    ]);
    expect(out.empty).toBe(1);
    expect(out.lineOf.get(T('2025-01-01T00:30:00Z'))).toBe(4);
    expect(out.lineOf.get(T('2025-01-01T02:00:00Z'))).toBe(6);
  });

  it('takes a prior, or a horizon relative to each event’s knowledge time', () => {
    const prior = beliefsFromRuns(runs, sensor, 'MW', { prior: T('2024-12-31T12:00:00Z'), now: 0 }, 1);
    expect(new Set(prior.beliefs.map((b) => b.beliefTime))).toEqual(new Set([T('2024-12-31T12:00:00Z')]));
    const horizon = beliefsFromRuns(runs, sensor, 'MW', { horizon: parseDuration('PT1H'), now: 0 }, 1);
    // ex_post, 15 min: knowledge time = event end; one hour before that.
    expect(horizon.beliefs.map((b) => b.beliefTime - b.eventStart)).toEqual([-45 * MIN, -45 * MIN, -45 * MIN]);
  });

  it('refuses a unit the sensor cannot take, with FlexMeasures’ message', () => {
    expect(() => beliefsFromRuns(runs, sensor, 'EUR/MWh', { now: 0 }, 1)).toThrow(BeliefValidationError);
  });
});

describe('progress', () => {
  it('draws a bar with percentage and counts, fitted to the terminal', () => {
    expect(progressLine('Importing', 4032, 10080, 'beliefs')).toBe('Importing [############------------------]  40%  4,032/10,080 beliefs');
    expect(progressLine('Importing', 0, 0, 'beliefs')).toBe('Importing [##############################] 100%  0/0 beliefs');
    const narrow = progressLine('Importing', 5, 10, 'beliefs', 50);
    expect(narrow.length).toBeLessThanOrEqual(49);
    expect(narrow).toBe('Importing [#########---------]  50%  5/10 beliefs');
    expect(progressLine('Importing', 5, 10, 'beliefs', 0)).toBe(progressLine('Importing', 5, 10, 'beliefs'));
  });

  it('redraws in place on a terminal (throttled, the end always drawn) and is silent otherwise', () => {
    const written: string[] = [];
    let clock = 0;
    const tty = { isTTY: true, columns: 80, write: (s: string) => written.push(s) };
    const bar = new ProgressBar(tty, 'Importing', 3, { unit: 'beliefs', intervalMs: 100, now: () => clock });
    bar.update(0);
    bar.update(1); // within 100 ms: skipped
    clock = 150;
    bar.update(2);
    bar.update(3); // the end: drawn anyway
    bar.finish();
    expect(written).toEqual([
      `\r${progressLine('Importing', 0, 3, 'beliefs', 80)}\x1b[K`,
      `\r${progressLine('Importing', 2, 3, 'beliefs', 80)}\x1b[K`,
      `\r${progressLine('Importing', 3, 3, 'beliefs', 80)}\x1b[K`,
      '\n',
    ]);

    const piped: string[] = [];
    const quiet = new ProgressBar({ isTTY: false, write: (s: string) => piped.push(s) }, 'Importing', 3);
    quiet.update(3);
    quiet.finish();
    new ProgressBar(undefined, 'Importing', 3).update(1);
    expect(piped).toEqual([]);
  });
});
