/**
 * Runs fuzzed requests through the local runtime and checks, for each answer:
 * - never a 5xx;
 * - every error (4xx) is JSON in FlexMeasures' (or API Gateway's) shape: an object with `message`
 *   or `errors`;
 * - a rejected request changes nothing: every item a rejected request wrote to DynamoDB is compared
 *   before and after (a recorder on the document client reads each item before its first write),
 *   and it sent nothing to the queue. Bookkeeping that any authenticated call may do (a user's
 *   last-seen time, id counters) is not state in this sense.
 */
import fc from 'fast-check';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Route } from '../../functions/routes.js';
import { runtime, stores } from '../helpers/runtime.js';
import type { World } from '../helpers/world.js';
import { requestsFor, type FuzzRequest } from './requests.js';

const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand']);
/** Attributes any authenticated request may touch. */
const BOOKKEEPING = new Set(['lastSeenAt', 'lastLoginAt', 'loginCount']);

type Key = { pk: unknown; sk: unknown };

function keysOf(commandName: string, input: Record<string, any>): { table: string; key: Key }[] {
  if (commandName === 'BatchWriteItemCommand') {
    return Object.entries(input.RequestItems as Record<string, any[]>).flatMap(([table, requests]) =>
      requests.map((r) => {
        const k = r.PutRequest?.Item ?? r.DeleteRequest?.Key;
        return { table, key: { pk: k.pk, sk: k.sk } };
      }),
    );
  }
  const k = input.Key ?? input.Item;
  return [{ table: input.TableName as string, key: { pk: k.pk, sk: k.sk } }];
}

function comparable(item: Record<string, unknown> | undefined): string {
  if (!item) return 'null';
  const kept = Object.entries(item).filter(([k]) => !BOOKKEEPING.has(k)).sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify(kept);
}

/** Records every DynamoDB item written and every queue message sent while armed. */
export class WriteRecorder {
  private readonly before = new Map<string, { table: string; key: Key; item: string }>();
  private armed = false;
  sent = 0;
  private undo: (() => void)[] = [];

  install(): void {
    const dynamo = stores().clients.dynamodb.middlewareStack as any;
    dynamo.add(
      (next: (args: any) => Promise<any>, context: { commandName?: string }) => async (args: { input: Record<string, any> }) => {
        const name = context.commandName ?? '';
        if (this.armed && WRITES.has(name)) {
          for (const { table, key } of keysOf(name, args.input)) {
            if (key.pk === 'COUNTER') continue;
            const id = `${table}|${String(key.pk)}|${String(key.sk)}`;
            if (!this.before.has(id)) this.before.set(id, { table, key, item: await this.read(table, key) });
          }
        }
        return next(args);
      },
      { step: 'initialize', name: 'fuzzWriteRecorder', priority: 'high' },
    );
    const sqs = stores().clients.sqs.middlewareStack as any;
    sqs.add(
      (next: (args: any) => Promise<any>, context: { commandName?: string }) => async (args: unknown) => {
        if (this.armed && context.commandName === 'SendMessageCommand') this.sent++;
        return next(args);
      },
      { step: 'initialize', name: 'fuzzQueueRecorder', priority: 'high' },
    );
    this.undo = [() => dynamo.remove('fuzzWriteRecorder'), () => sqs.remove('fuzzQueueRecorder')];
  }

  uninstall(): void {
    for (const u of this.undo) u();
    this.undo = [];
  }

  private async read(table: string, key: Key): Promise<string> {
    const armed = this.armed;
    this.armed = false;
    try {
      const out = await stores().clients.dynamodb.send(new GetCommand({ TableName: table, Key: key as Record<string, unknown>, ConsistentRead: true }));
      return comparable(out.Item);
    } finally {
      this.armed = armed;
    }
  }

  arm(): void {
    this.before.clear();
    this.sent = 0;
    this.armed = true;
  }

  disarm(): void {
    this.armed = false;
  }

  /** The items that differ from before the request (`table pk sk`), and the messages sent. */
  async changes(): Promise<string[]> {
    const out: string[] = [];
    for (const { table, key, item } of this.before.values()) {
      if ((await this.read(table, key)) !== item) out.push(`${table} ${String(key.pk)} ${String(key.sk)}`);
    }
    if (this.sent) out.push(`${this.sent} queue message(s)`);
    return out;
  }
}

export interface RouteStats {
  route: string;
  runs: number;
  statuses: Map<number, number>;
  serverErrors: number;
  nonJsonErrors: number;
  changedByRejected: number;
  /** The first failing cases, described. */
  failures: string[];
}

function isErrorShape(body: unknown): boolean {
  return Boolean(body) && typeof body === 'object' && !Array.isArray(body) && ('message' in (body as object) || 'errors' in (body as object));
}

/** Tokens of fixture users, issued once (again after a 401, e.g. when a password reset revoked them). */
const tokens = new Map<string, string>();

/** The request's headers; a fixture user's token is issued here, before the recorder is armed. */
async function headersOf(world: World, req: FuzzRequest): Promise<Record<string, string>> {
  const headers: Record<string, string> = {};
  if (req.contentType) headers['content-type'] = req.contentType;
  if (req.caller && 'user' in req.caller) {
    let token = tokens.get(req.caller.user);
    if (!token) tokens.set(req.caller.user, (token = await world.token(req.caller.user)));
    headers.authorization = token;
  }
  // Header values travel as bytes: non-Latin-1 text goes as its UTF-8 bytes.
  else if (req.caller && req.caller.raw) headers.authorization = Buffer.from(req.caller.raw, 'utf8').toString('latin1');
  return headers;
}

async function send(route: Route, req: FuzzRequest, headers: Record<string, string>): Promise<{ status: number; contentType: string; text: string }> {
  const path = route.path.replace(/<([^>+]+)(\+?)>/g, (_, name: string) => req.params[name] ?? '1');
  const url = `${runtime().url}${path}${req.query ? `?${req.query}` : ''}`;
  const withBody = req.body !== undefined && req.method !== 'GET' && req.method !== 'HEAD';
  const res = await fetch(url, { method: req.method, headers, body: withBody ? req.body : undefined, redirect: 'manual' });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text() };
}

/** Sends `runs` fuzzed requests (seeded) for one route and checks every answer. */
export async function fuzzRoute(world: World, recorder: WriteRecorder, route: Route, runs: number, seed: number): Promise<RouteStats> {
  const stats: RouteStats = { route: `${route.method} ${route.path}`, runs: 0, statuses: new Map(), serverErrors: 0, nonJsonErrors: 0, changedByRejected: 0, failures: [] };
  const samples = fc.sample(requestsFor(route), { numRuns: runs, seed });
  for (const req of samples) {
    const headers = await headersOf(world, req);
    recorder.arm();
    let answer: Awaited<ReturnType<typeof send>>;
    try {
      answer = await send(route, req, headers);
    } finally {
      recorder.disarm();
    }
    stats.runs++;
    if (answer.status === 401 && req.caller && 'user' in req.caller) tokens.delete(req.caller.user);
    stats.statuses.set(answer.status, (stats.statuses.get(answer.status) ?? 0) + 1);
    const problems: string[] = [];
    if (answer.status >= 500) {
      stats.serverErrors++;
      problems.push(`status ${answer.status}`);
    }
    if (answer.status >= 400 && req.method !== 'HEAD') {
      let body: unknown;
      try {
        body = JSON.parse(answer.text);
      } catch {
        body = undefined;
      }
      if (!answer.contentType.startsWith('application/json') || !isErrorShape(body)) {
        stats.nonJsonErrors++;
        problems.push(`error body is not FlexMeasures JSON (${answer.contentType}): ${answer.text.slice(0, 120)}`);
      }
    }
    if (answer.status >= 400) {
      const changed = await recorder.changes();
      if (changed.length) {
        stats.changedByRejected++;
        problems.push(`a rejected request changed ${changed.slice(0, 5).join(', ')}`);
      }
    }
    if (problems.length && stats.failures.length < 5) {
      stats.failures.push(`${req.method} ${stats.route} [${req.mutations.join('; ') || 'unchanged'}] → ${answer.status} ${answer.text.slice(0, 200)}: ${problems.join('; ')}`);
    }
  }
  return stats;
}

/** One line per route: runs, answers by status class, and the three properties' violations. */
export function formatTable(all: readonly RouteStats[]): string {
  const rows = all.map((s) => {
    const count = (lo: number, hi: number) => [...s.statuses].filter(([c]) => c >= lo && c < hi).reduce((n, [, k]) => n + k, 0);
    return [s.route, String(s.runs), String(count(200, 400)), String(count(400, 500)), String(s.serverErrors), String(s.nonJsonErrors), String(s.changedByRejected)];
  });
  const total = ['TOTAL', ...[1, 2, 3, 4, 5, 6].map((i) => String(rows.reduce((n, r) => n + Number(r[i]), 0)))];
  const header = ['route', 'runs', '2xx/3xx', '4xx', '5xx', 'non-JSON errors', 'rejected & changed'];
  const table = [header, ...rows, total];
  const widths = header.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  return table.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')).join('\n');
}
