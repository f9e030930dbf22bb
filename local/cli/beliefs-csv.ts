/**
 * Reading sensor data from a CSV file for `import-beliefs` (pure: text in, rows out). The format:
 * two columns — the event start as an ISO 8601 datetime with a UTC offset (or `Z`), and the value —
 * one event per line, an optional header line, fields optionally in double quotes. An empty value is
 * "no value" (skipped, as a `null` in POST /sensors/data). Rows may come in any order and with gaps:
 * `contiguousRuns` sorts them and cuts them into runs of consecutive events at the sensor's
 * resolution, each of which can be posted as one series.
 */
import { formatDatetime, formatPythonTimedelta, parseAwareDatetime, TimeFormatError } from '../../functions/core/time/index.js';

/** One data line of the file. */
export interface CsvRow {
  /** 1-based line number in the file. */
  line: number;
  /** Event start, epoch ms. */
  eventStart: number;
  /** Null for an empty value cell. */
  value: number | null;
}

/** A run of consecutive events, `resolution` apart (one event for instantaneous sensors). */
export interface CsvRun {
  start: number;
  values: (number | null)[];
  /** The file line of each value. */
  lines: number[];
}

/** What is wrong with a file, line by line (at most `MAX_REPORTED_ERRORS` of them). */
export class CsvFormatError extends Error {
  override readonly name = 'CsvFormatError';
  constructor(readonly problems: readonly string[], readonly total: number = problems.length) {
    super(
      problems.join('\n') + (total > problems.length ? `\n… and ${total - problems.length} more problem${total - problems.length === 1 ? '' : 's'}` : ''),
    );
  }
}

/** Problems listed before the rest are only counted. */
export const MAX_REPORTED_ERRORS = 10;

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const DATE_START = /^\d{4}-\d{2}-\d{2}/;

/** Splits one line into fields: `delimiter`-separated, fields optionally in double quotes (`""` inside is a quote). */
export function splitCsvLine(line: string, delimiter = ','): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    while (line[i] === ' ' || line[i] === '\t') i++;
    let field = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        if (i >= line.length) throw new Error('a quoted field is not closed');
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += line[i++];
      }
      while (line[i] === ' ' || line[i] === '\t') i++;
      if (i < line.length && !line.startsWith(delimiter, i)) throw new Error('text after a quoted field');
    } else {
      const end = line.indexOf(delimiter, i);
      field = (end < 0 ? line.slice(i) : line.slice(i, end)).trim();
      i = end < 0 ? line.length : end;
    }
    fields.push(field);
    if (i >= line.length) return fields;
    i += delimiter.length;
  }
}

export interface ParseCsvOptions {
  /** Field separator (default `,`). */
  delimiter?: string;
}

/**
 * The data rows of a CSV file. The first non-empty line is a header when its first field is not a
 * date. Blank lines are ignored. Every problem (wrong number of fields, a datetime that cannot be
 * read or has no offset, a value that is not a number) is collected with its line number.
 *
 * @throws CsvFormatError listing the problems; nothing is returned from a file with any.
 */
export function parseBeliefsCsv(text: string, options: ParseCsvOptions = {}): CsvRow[] {
  const delimiter = options.delimiter ?? ',';
  if (!delimiter) throw new RangeError('The delimiter cannot be empty.');
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const rows: CsvRow[] = [];
  const problems: string[] = [];
  let total = 0;
  const problem = (line: number, message: string) => {
    total++;
    if (problems.length < MAX_REPORTED_ERRORS) problems.push(`line ${line}: ${message}`);
  };
  let seenContent = false;
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (!raw.trim()) return;
    let fields: string[];
    try {
      fields = splitCsvLine(raw, delimiter);
    } catch (err) {
      problem(line, `${(err as Error).message}.`);
      seenContent = true;
      return;
    }
    const header = !seenContent && !DATE_START.test(fields[0] ?? '');
    seenContent = true;
    if (header) return;
    if (fields.length !== 2) {
      problem(line, `expected 2 fields (event start and value), found ${fields.length}.`);
      return;
    }
    const [startText, valueText] = fields as [string, string];
    let eventStart: number | undefined;
    try {
      eventStart = parseAwareDatetime(startText).ms;
    } catch (err) {
      if (!(err instanceof TimeFormatError)) throw err;
      const why = err.message === 'Not a valid aware datetime.' ? 'has no UTC offset (write e.g. +01:00 or Z)' : 'is not an ISO 8601 datetime';
      problem(line, `event start '${startText}' ${why}.`);
    }
    let value: number | null = null;
    if (valueText !== '') {
      if (NUMBER.test(valueText)) value = Number(valueText);
      if (value === null || !Number.isFinite(value)) {
        problem(line, `value '${valueText}' is not a number.`);
        return;
      }
    }
    if (eventStart !== undefined) rows.push({ line, eventStart, value });
  });
  if (total) throw new CsvFormatError(problems, total);
  return rows;
}

const show = (ms: number) => formatDatetime(ms);

/**
 * Sorts rows by event start and cuts them into runs of consecutive events exactly
 * `resolutionMs` apart (each instantaneous event, resolution 0, is a run of its own).
 *
 * @throws CsvFormatError when an event start occurs twice, or when an event starts within the
 *   previous one (less than the resolution after it).
 */
export function contiguousRuns(rows: readonly CsvRow[], resolutionMs: number): CsvRun[] {
  const sorted = [...rows].sort((a, b) => a.eventStart - b.eventStart || a.line - b.line);
  const runs: CsvRun[] = [];
  const problems: string[] = [];
  let total = 0;
  let current: CsvRun | undefined;
  let previous: CsvRow | undefined;
  for (const row of sorted) {
    if (previous && row.eventStart === previous.eventStart) {
      total++;
      if (problems.length < MAX_REPORTED_ERRORS) problems.push(`line ${row.line}: event start ${show(row.eventStart)} also occurs on line ${previous.line}.`);
      continue;
    }
    if (previous && resolutionMs > 0 && row.eventStart - previous.eventStart < resolutionMs) {
      total++;
      if (problems.length < MAX_REPORTED_ERRORS) {
        problems.push(
          `line ${row.line}: event start ${show(row.eventStart)} lies within the event of line ${previous.line} ` +
            `(${show(previous.eventStart)}; the sensor's resolution is ${formatPythonTimedelta(resolutionMs)}).`,
        );
      }
      continue;
    }
    if (current && resolutionMs > 0 && row.eventStart - previous!.eventStart === resolutionMs) {
      current.values.push(row.value);
      current.lines.push(row.line);
    } else {
      current = { start: row.eventStart, values: [row.value], lines: [row.line] };
      runs.push(current);
    }
    previous = row;
  }
  if (total) throw new CsvFormatError(problems, total);
  return runs;
}
