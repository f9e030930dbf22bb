/**
 * Scheduling jobs in DynamoDB (docs/contract/aws-services.md §2.3): `pk = JOB#<uuid>`, state transitions by conditional
 * updates (so a duplicate SQS delivery cannot run a job twice), trigger de-duplication markers
 * `pk = REQ#<hash>`. Expiry is checked on every read; the TTL attribute only tidies up.
 *
 * Large requests and results (a flex-model with long time series, a 2520-step schedule) are kept in
 * chunk items next to the job item (`sk = REQUEST#<n>` / `RESULT#<n>`, JSON text of at most
 * 90,000 characters each, i.e. under 400 KB in any encoding), written before the job item refers
 * to them; reads put them back together, so callers never see the difference.
 */
import type { ClaimOptions, Job, JobFailure, JobResult, JobStore } from '../../core/ports/jobs.js';
import { allNumbersFit, type Item } from './items.js';
import { JOB_TABLE } from './tables.js';
import { TableAdapter, isHeld, type TableOptions } from './toolkit.js';

const SK = 'JOB';
const jobPk = (id: string) => `JOB#${id}`;
const jobKey = (id: string) => ({ pk: jobPk(id), sk: SK });
const requestKey = (hash: string) => ({ pk: `REQ#${hash}`, sk: 'REQ' });
const seconds = (ms: number) => Math.ceil(ms / 1000);
/** The placeholder of the job's `status` (a reserved word) in conditions. */
const STATUS = { '#s': 'status' };

/** Requests and results whose JSON is longer than this (UTF-16 units) go to chunk items. */
export const INLINE_LIMIT_CHARS = 100_000;
/** Characters per chunk item (≤ 360 KB even if every character took 4 bytes in UTF-8). */
export const CHUNK_CHARS = 90_000;
/** Chunk items outlive their job item by this much (they are never read without it). */
const CHUNK_GRACE_MS = 2 * 86_400_000;

type Part = 'REQUEST' | 'RESULT';

/**
 * JSON text of a value split into chunks, or null when it fits in the job item: short enough, and
 * every number one DynamoDB can hold (JSON text keeps any double exactly, e.g. a `1e-133` in a flex-model).
 */
function chunksOf(value: unknown): string[] | null {
  const text = JSON.stringify(value);
  if (text.length <= INLINE_LIMIT_CHARS && allNumbersFit(value)) return null;
  const out: string[] = [];
  for (let i = 0; i < text.length; i += CHUNK_CHARS) out.push(text.slice(i, i + CHUNK_CHARS));
  return out;
}

const chunkSk = (part: Part, index: number) => `${part}#${String(index).padStart(4, '0')}`;

export class DynamoJobStore extends TableAdapter implements JobStore {
  constructor(options: TableOptions = {}) {
    super(JOB_TABLE, options);
  }

  private async writeChunks(id: string, part: Part, chunks: readonly string[], expiresAt: number): Promise<void> {
    await this.table.putAll(chunks.map((data, i) => ({ pk: jobPk(id), sk: chunkSk(part, i), data, ttl: seconds(expiresAt + CHUNK_GRACE_MS) })));
  }

  /** Puts chunked parts back into a job item read from the table. */
  private async assemble(item: Item): Promise<Job> {
    const { pk, sk: _sk, ttl: _ttl, requestChunks, resultChunks, ...rest } = item;
    const job = rest as unknown as Job;
    if (requestChunks || resultChunks) {
      const texts: Record<Part, string[]> = { REQUEST: [], RESULT: [] };
      for (const chunk of await this.table.partition(String(pk), { sortAfter: SK })) {
        const [part, index] = String(chunk.sk).split('#') as [Part, string];
        if (part in texts) texts[part][Number(index)] = String(chunk.data);
      }
      const join = (part: Part, count: unknown) => {
        const list = texts[part];
        if (list.length !== count || list.some((t) => t === undefined)) {
          throw new Error(`Job ${job.id}: ${list.filter(Boolean).length} of ${String(count)} ${part.toLowerCase()} chunks found`);
        }
        return JSON.parse(list.join('')) as unknown;
      };
      if (requestChunks) job.request = join('REQUEST', requestChunks) as Job['request'];
      if (resultChunks) job.result = join('RESULT', resultChunks) as Job['result'];
    }
    return job;
  }

  async create(job: Job): Promise<void> {
    const chunks = chunksOf(job.request);
    if (chunks) await this.writeChunks(job.id, 'REQUEST', chunks, job.expiresAt);
    const { request, ...rest } = job;
    const outcome = await this.table.putIf({
      ...jobKey(job.id),
      ...rest,
      ...(chunks ? { requestChunks: chunks.length } : { request }),
      ttl: seconds(job.expiresAt),
    });
    if (!outcome.written) throw new Error(`Job ${job.id} exists already`);
  }

  async get(id: string, now: number): Promise<Job | null> {
    const item = await this.table.get(jobKey(id));
    if (!item || !((item.expiresAt as number) > now)) return null;
    return this.assemble(item);
  }

  async claim(id: string, now: number, options: ClaimOptions = {}): Promise<Job | null> {
    const stale = options.leaseMs === undefined ? undefined : now - options.leaseMs;
    const outcome = await this.table.updateIf(
      jobKey(id),
      {
        UpdateExpression:
          'SET #s = :running, startedAt = :now, firstStartedAt = if_not_exists(firstStartedAt, :now), runId = :run ADD attempts :one',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':running': 'running', ':now': now, ':run': options.runId ?? `run-${now}`, ':one': 1 },
      },
      {
        expression:
          stale === undefined
            ? '#s = :queued AND expiresAt > :now'
            : '(#s = :queued OR (#s = :running AND startedAt <= :stale)) AND expiresAt > :now',
        values: { ':queued': 'queued', ...(stale === undefined ? {} : { ':stale': stale }) },
      },
    );
    return outcome.written && outcome.item ? this.assemble(outcome.item) : null;
  }

  async release(id: string, runId: string): Promise<boolean> {
    const outcome = await this.table.updateIf(
      jobKey(id),
      { UpdateExpression: 'SET #s = :queued REMOVE runId', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':queued': 'queued' } },
      { expression: '#s = :running AND runId = :run', values: { ':running': 'running', ':run': runId } },
    );
    return outcome.written;
  }

  async finish(id: string, result: JobResult, now: number, keepMs: number, runId?: string): Promise<boolean> {
    const chunks = chunksOf(result);
    if (chunks) await this.writeChunks(id, 'RESULT', chunks, now + keepMs);
    const outcome = await this.table.updateIf(
      jobKey(id),
      this.ending('done', chunks ? { resultChunks: chunks.length } : { result }, now, keepMs),
      runId === undefined
        ? { expression: '#s = :running', names: STATUS, values: { ':running': 'running' } }
        : { expression: '#s = :running AND runId = :run', names: STATUS, values: { ':running': 'running', ':run': runId } },
    );
    return outcome.written;
  }

  async fail(id: string, error: JobFailure, now: number, keepMs: number): Promise<boolean> {
    const outcome = await this.table.updateIf(jobKey(id), this.ending('failed', { error }, now, keepMs), {
      expression: '#s IN (:queued, :running)',
      names: STATUS,
      values: { ':queued': 'queued', ':running': 'running' },
    });
    return outcome.written;
  }

  /** The attributes a job ends with: its final status and outcome, when it ended, and kept for `keepMs` from then. */
  private ending(status: 'done' | 'failed', outcome: Record<string, unknown>, now: number, keepMs: number) {
    return { set: { status, ...outcome, finishedAt: now, expiresAt: now + keepMs, ttl: seconds(now + keepMs) } };
  }

  async findDuplicate(requestHash: string, now: number): Promise<string | null> {
    const item = (await this.table.get(requestKey(requestHash))) as { jobId?: string; until?: number } | null;
    return item?.jobId && isHeld(item.until, now) ? item.jobId : null;
  }

  async claimRequest(requestHash: string, jobId: string, now: number, until: number, replace = false): Promise<string> {
    const item = { ...requestKey(requestHash), jobId, until, ttl: seconds(until) };
    for (let attempt = 0; ; attempt++) {
      // Free, or held by a request whose hour is over.
      if (replace) {
        await this.table.put(item);
        return jobId;
      }
      if (await this.table.claimExpiring(item, 'until', now)) return jobId;
      const holder = await this.findDuplicate(requestHash, now);
      if (holder) return holder;
      // The holder let go in between (its job could not be queued): try again, but not for ever.
      if (attempt >= 3) throw new Error(`Trigger request ${requestHash} could be neither claimed nor found`);
    }
  }

  async releaseRequest(requestHash: string, jobId: string): Promise<void> {
    await this.table.release(requestKey(requestHash), 'jobId', jobId);
  }

  async discard(id: string): Promise<void> {
    const keys = await this.table.partition(jobPk(id), { projection: ['pk', 'sk'] });
    await this.table.deleteAll(keys as { pk: string; sk: string }[]);
  }

  ping(): Promise<boolean> {
    return this.table.ping();
  }
}
