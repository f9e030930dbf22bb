/**
 * An in-memory stand-in for Timestream for LiveAnalytics behind aws-sdk-client-mock, so the
 * Timestream belief store can run the shared contract suite. There is no local Timestream, so this
 * models only what the adapter relies on, as documented (docs/contract/aws-services.md §1.1–§1.2):
 *
 * - WriteRecords: at most 100 records; CommonAttributes merged into each record; a record's identity
 *   is (dimensions, time, measure name); identical measure values are accepted as a no-op; different
 *   values are rejected (RejectedRecordsException with `ExistingVersion`) unless the `Version` is
 *   higher, which replaces the record; times more than 15 minutes ahead of the clock, negative
 *   times, and NaN/Infinity values are rejected. Rejected records do not stop the others.
 * - Query: the SQL the adapter writes — conjunctions of `col = 'x'`, `col IN ('x', …)`,
 *   `col <op> from_milliseconds(n)`, an optional `row_number() … ORDER BY time DESC … rn = 1`
 *   wrapper, and `GROUP BY source_id` with min/max/sum/count — over multi-measure records, answered
 *   in pages (`MaxRows`, default 7) that begin with an empty page carrying a NextToken, as real
 *   Timestream sometimes does; a token only works for the same query string.
 *
 * Anything else in a query string makes the simulator throw, so a change of the adapter's SQL
 * shows up here instead of being silently mis-answered.
 */
import {
  DescribeTableCommand,
  RejectedRecordsException,
  TimestreamWriteClient,
  WriteRecordsCommand,
  type _Record,
  type WriteRecordsCommandInput,
} from '@aws-sdk/client-timestream-write';
import { QueryCommand, TimestreamQueryClient, type ColumnInfo, type Row } from '@aws-sdk/client-timestream-query';
import { mockClient } from 'aws-sdk-client-mock';

interface StoredRecord {
  dims: Record<string, string>;
  measureName: string;
  time: number;
  measures: Record<string, { value: string; type: string }>;
  version: number;
}

type Cell = string | number | null;
type Tuple = Record<string, Cell>;

export class TimestreamSimulator {
  readonly write = new TimestreamWriteClient({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  readonly query = new TimestreamQueryClient({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  readonly writeMock = mockClient(this.write);
  readonly queryMock = mockClient(this.query);
  readonly records = new Map<string, StoredRecord>();
  readonly queries: string[] = [];
  /** The service clock. */
  now: () => number = Date.now;
  defaultPageSize = 7;
  private readonly cursors = new Map<string, { sql: string; rows: Row[]; columns: ColumnInfo[]; offset: number; size: number }>();
  private tokenCount = 0;

  constructor(readonly database = 'flex', readonly table = 'beliefs') {
    this.writeMock.on(WriteRecordsCommand).callsFake((input: WriteRecordsCommandInput) => this.writeRecords(input));
    this.writeMock.on(DescribeTableCommand).callsFake((input: { DatabaseName?: string; TableName?: string }) => {
      if (input.DatabaseName !== this.database || input.TableName !== this.table) {
        throw Object.assign(new Error('The table does not exist.'), { name: 'ResourceNotFoundException' });
      }
      return { Table: { TableStatus: 'ACTIVE', DatabaseName: this.database, TableName: this.table } };
    });
    this.queryMock.on(QueryCommand).callsFake((input: { QueryString: string; NextToken?: string; MaxRows?: number }) => this.runQuery(input));
  }

  restore(): void {
    this.writeMock.restore();
    this.queryMock.restore();
  }

  // ---------------------------------------------------------------- writes

  private writeRecords(input: WriteRecordsCommandInput) {
    if (input.DatabaseName !== this.database || input.TableName !== this.table) {
      throw Object.assign(new Error('The table does not exist.'), { name: 'ResourceNotFoundException' });
    }
    const records = input.Records ?? [];
    if (records.length < 1 || records.length > 100) {
      throw Object.assign(new Error('1 to 100 records per request'), { name: 'ValidationException' });
    }
    const rejected: { RecordIndex: number; Reason: string; ExistingVersion?: number }[] = [];
    records.forEach((own, index) => {
      const reason = this.writeOne(merge(input.CommonAttributes ?? {}, own));
      if (reason) rejected.push({ RecordIndex: index, ...reason });
    });
    if (rejected.length) {
      throw new RejectedRecordsException({ $metadata: {}, message: 'One or more records have been rejected.', RejectedRecords: rejected });
    }
    return { RecordsIngested: { Total: records.length - rejected.length } };
  }

  private writeOne(r: _Record): { Reason: string; ExistingVersion?: number } | null {
    if (r.TimeUnit !== 'MILLISECONDS') return { Reason: 'this simulator expects MILLISECONDS' };
    const time = Number(r.Time);
    if (!Number.isSafeInteger(time) || time < 0) return { Reason: 'Invalid time.' };
    if (time > this.now() + 15 * 60_000) return { Reason: 'The record timestamp is outside the time range of the data ingestion window.' };
    if (r.MeasureValueType !== 'MULTI' || !r.MeasureName) return { Reason: 'this simulator expects multi-measure records' };
    const measures: StoredRecord['measures'] = {};
    for (const m of r.MeasureValues ?? []) {
      if (m.Type === 'DOUBLE' && !Number.isFinite(Number(m.Value))) return { Reason: `Invalid measure value ${m.Value}.` };
      measures[m.Name!] = { value: m.Value!, type: m.Type! };
    }
    if (!Object.keys(measures).length) return { Reason: 'At least one measure value is required.' };
    const dims: Record<string, string> = {};
    for (const d of r.Dimensions ?? []) dims[d.Name!] = d.Value!;
    if (!dims.sensor_id) return { Reason: 'Missing required partition key dimension sensor_id.' };
    const key = JSON.stringify([Object.entries(dims).sort(), time, r.MeasureName]);
    const version = r.Version ?? 1;
    const existing = this.records.get(key);
    if (existing) {
      const same = JSON.stringify(sortObj(existing.measures)) === JSON.stringify(sortObj(measures));
      if (version > existing.version) {
        this.records.set(key, { ...existing, measures, version });
        return null;
      }
      if (same) return null;
      return {
        Reason: 'A record with the same dimensions, timestamp, and measure name but different measure values already exists.',
        ExistingVersion: existing.version,
      };
    }
    this.records.set(key, { dims, measureName: r.MeasureName, time, measures, version });
    return null;
  }

  // ---------------------------------------------------------------- queries

  private runQuery(input: { QueryString: string; NextToken?: string; MaxRows?: number }) {
    if (input.NextToken) {
      const cursor = this.cursors.get(input.NextToken);
      if (!cursor || cursor.sql !== input.QueryString) {
        throw Object.assign(new Error('Invalid pagination token'), { name: 'ValidationException' });
      }
      this.cursors.delete(input.NextToken);
      return this.page(cursor);
    }
    this.queries.push(input.QueryString);
    const { columns, rows } = this.evaluate(input.QueryString);
    const size = input.MaxRows ?? this.defaultPageSize;
    // Real Timestream may answer a first page with no rows but a NextToken.
    const token = this.token();
    this.cursors.set(token, { sql: input.QueryString, rows, columns, offset: 0, size });
    return { QueryId: `q${this.tokenCount}`, Rows: [], ColumnInfo: columns, NextToken: token };
  }

  private page(cursor: { sql: string; rows: Row[]; columns: ColumnInfo[]; offset: number; size: number }) {
    const rows = cursor.rows.slice(cursor.offset, cursor.offset + cursor.size);
    const offset = cursor.offset + cursor.size;
    let NextToken: string | undefined;
    if (offset < cursor.rows.length) {
      NextToken = this.token();
      this.cursors.set(NextToken, { ...cursor, offset });
    }
    return { QueryId: 'q', Rows: rows, ColumnInfo: cursor.columns, NextToken };
  }

  private token(): string {
    return `token-${++this.tokenCount}`;
  }

  private evaluate(sql: string): { columns: ColumnInfo[]; rows: Row[] } {
    const latest = /^SELECT (.+?) FROM \(SELECT (.+), row_number\(\) OVER \(PARTITION BY event_start, source_id, cp ORDER BY time DESC\) AS rn FROM "([^"]+)"\."([^"]+)" WHERE (.+)\) WHERE rn = 1$/.exec(sql);
    const grouped = /^SELECT (.+) FROM "([^"]+)"\."([^"]+)" WHERE (.+) GROUP BY source_id$/.exec(sql);
    const plain = /^SELECT (.+?) FROM "([^"]+)"\."([^"]+)" WHERE (.+)$/.exec(sql);
    if (latest) {
      this.checkTable(latest[3]!, latest[4]!);
      const tuples = this.filter(latest[5]!);
      const best = new Map<string, Tuple>();
      for (const t of tuples) {
        const key = `${t.event_start}|${t.source_id}|${t.cp}`;
        const seen = best.get(key);
        if (!seen || (t.time as number) > (seen.time as number)) best.set(key, t);
      }
      const inner = [...best.values()].map((t) => project(latest[2]!, t));
      return render(latest[1]!, inner);
    }
    if (grouped) {
      this.checkTable(grouped[2]!, grouped[3]!);
      const groups = new Map<string, Tuple[]>();
      for (const t of this.filter(grouped[4]!)) {
        const list = groups.get(t.source_id as string) ?? [];
        list.push(t);
        groups.set(t.source_id as string, list);
      }
      return aggregate(grouped[1]!, groups);
    }
    if (plain) {
      this.checkTable(plain[2]!, plain[3]!);
      return render(plain[1]!, this.filter(plain[4]!));
    }
    throw new Error(`simulator cannot answer: ${sql}`);
  }

  private checkTable(db: string, table: string): void {
    if (db !== this.database || table !== this.table) throw Object.assign(new Error('Table not found'), { name: 'ValidationException' });
  }

  private filter(where: string): Tuple[] {
    const predicates = where.split(' AND ').map(parsePredicate);
    const tuples: Tuple[] = [];
    for (const r of this.records.values()) {
      const t: Tuple = { ...r.dims, measure_name: r.measureName, time: r.time };
      for (const [name, m] of Object.entries(r.measures)) t[name] = m.type === 'VARCHAR' ? m.value : Number(m.value);
      if (predicates.every((p) => p(t))) tuples.push(t);
    }
    return tuples;
  }
}

function merge(common: Partial<_Record>, own: _Record): _Record {
  return {
    ...common,
    ...own,
    Dimensions: [...(common.Dimensions ?? []), ...(own.Dimensions ?? [])],
    MeasureValues: own.MeasureValues ?? common.MeasureValues,
  };
}

function sortObj<T>(o: Record<string, T>): [string, T][] {
  return Object.entries(o).sort(([a], [b]) => a.localeCompare(b));
}

const COLUMN_TYPES: Record<string, string> = {
  source_id: 'VARCHAR', cp: 'VARCHAR', event_start: 'VARCHAR', sensor_id: 'VARCHAR',
  event_value: 'DOUBLE', event_start_ts: 'TIMESTAMP', time: 'TIMESTAMP',
};

function parsePredicate(text: string): (t: Tuple) => boolean {
  let m = /^(\w+) = '((?:[^']|'')*)'$/.exec(text);
  if (m) {
    const [, col, value] = m;
    return (t) => t[col!] === value!.replace(/''/g, "'");
  }
  m = /^(\w+) IN \((.*)\)$/.exec(text);
  if (m) {
    const values = new Set([...m[2]!.matchAll(/'((?:[^']|'')*)'/g)].map((x) => x[1]!.replace(/''/g, "'")));
    const col = m[1]!;
    return (t) => values.has(t[col] as string);
  }
  m = /^(\w+) (>=|<=|<|>) from_milliseconds\((\d+)\)$/.exec(text);
  if (m) {
    const [, col, op, n] = m;
    const bound = Number(n);
    return (t) => {
      const v = t[col!];
      if (typeof v !== 'number') return false;
      return op === '>=' ? v >= bound : op === '<=' ? v <= bound : op === '<' ? v < bound : v > bound;
    };
  }
  throw new Error(`simulator cannot evaluate predicate: ${text}`);
}

/** Evaluates a select list (`col`, `to_milliseconds(col) AS alias`) on one tuple. */
function project(list: string, t: Tuple): Tuple {
  const out: Tuple = {};
  for (const item of splitList(list)) {
    let m = /^to_milliseconds\((\w+)\) AS (\w+)$/.exec(item);
    if (m) {
      out[m[2]!] = (t[m[1]!] as number | undefined) ?? null;
      continue;
    }
    m = /^(\w+)$/.exec(item);
    if (m) {
      out[m[1]!] = t[m[1]!] ?? null;
      continue;
    }
    throw new Error(`simulator cannot evaluate select item: ${item}`);
  }
  return out;
}

function render(list: string, tuples: Tuple[]): { columns: ColumnInfo[]; rows: Row[] } {
  const projected = tuples.map((t) => project(list, t));
  const names = splitList(list).map((item) => /(\w+)$/.exec(item)![1]!);
  return table(names, projected, (name, item) => (/^to_milliseconds/.test(item) ? 'BIGINT' : COLUMN_TYPES[name] ?? 'VARCHAR'), splitList(list));
}

function aggregate(list: string, groups: Map<string, Tuple[]>): { columns: ColumnInfo[]; rows: Row[] } {
  const items = splitList(list);
  const names: string[] = [];
  const fns: ((rows: Tuple[]) => Cell)[] = [];
  const types: string[] = [];
  for (const item of items) {
    let m: RegExpExecArray | null;
    if ((m = /^(\w+)$/.exec(item))) {
      const col = m[1]!;
      names.push(col);
      types.push('VARCHAR');
      fns.push((rows) => rows[0]![col] ?? null);
    } else if ((m = /^to_milliseconds\((min|max)\((\w+)\)\) AS (\w+)$/.exec(item))) {
      const [, fn, col, alias] = m;
      names.push(alias!);
      types.push('BIGINT');
      fns.push((rows) => reduceNumbers(rows.map((r) => r[col!]), fn as 'min' | 'max'));
    } else if ((m = /^(min|max|sum)\((\w+)\) AS (\w+)$/.exec(item))) {
      const [, fn, col, alias] = m;
      names.push(alias!);
      types.push('DOUBLE');
      fns.push((rows) => reduceNumbers(rows.map((r) => r[col!]), fn as 'min' | 'max' | 'sum'));
    } else if ((m = /^count\(\*\) AS (\w+)$/.exec(item))) {
      names.push(m[1]!);
      types.push('BIGINT');
      fns.push((rows) => rows.length);
    } else if ((m = /^count\((\w+)\) AS (\w+)$/.exec(item))) {
      const [, col, alias] = m;
      names.push(alias!);
      types.push('BIGINT');
      fns.push((rows) => rows.filter((r) => r[col!] !== undefined && r[col!] !== null).length);
    } else {
      throw new Error(`simulator cannot evaluate aggregate: ${item}`);
    }
  }
  const tuples = [...groups.values()].map((rows) => Object.fromEntries(names.map((n, i) => [n, fns[i]!(rows)])));
  return table(names, tuples, (_, __, i) => types[i!]!, items);
}

/** SQL aggregate semantics: NULLs (missing measures) are ignored; no values → NULL. */
function reduceNumbers(values: Cell[], fn: 'min' | 'max' | 'sum'): Cell {
  const numbers = values.filter((v): v is number => typeof v === 'number');
  if (!numbers.length) return null;
  if (fn === 'sum') return numbers.reduce((a, b) => a + b, 0);
  return fn === 'min' ? Math.min(...numbers) : Math.max(...numbers);
}

function table(
  names: string[],
  tuples: Tuple[],
  typeOf: (name: string, item: string, index?: number) => string,
  items: string[],
): { columns: ColumnInfo[]; rows: Row[] } {
  const columns: ColumnInfo[] = names.map((Name, i) => ({ Name, Type: { ScalarType: typeOf(Name, items[i]!, i) as never } }));
  const rows: Row[] = tuples.map((t) => ({
    Data: names.map((n) => (t[n] === null || t[n] === undefined ? { NullValue: true } : { ScalarValue: String(t[n]) })),
  }));
  return { columns, rows };
}

/** Splits a select list on top-level commas. */
function splitList(list: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of list) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}
