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
import { BatchWriteCommand, DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ClaimOptions, Job, JobFailure, JobResult, JobStore } from '../../core/ports/jobs.js';
import { documentClient, pingTable } from './client.js';
import { allNumbersFit, isConditionFailed } from './items.js';
import { JOB_TABLE, tableName } from './tables.js';

const SK = 'JOB';
const jobPk = (id: string) => `JOB#${id}`;
const jobKey = (id: string) => ({ pk: jobPk(id), sk: SK });
const requestKey = (hash: string) => ({ pk: `REQ#${hash}`, sk: 'REQ' });
const seconds = (ms: number) => Math.ceil(ms / 1000);

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

export class DynamoJobStore implements JobStore {
  private get table() {
    return tableName(JOB_TABLE);
  }

  private async writeChunks(id: string, part: Part, chunks: readonly string[], expiresAt: number): Promise<void> {
    const items = chunks.map((data, i) => ({
      PutRequest: { Item: { pk: jobPk(id), sk: chunkSk(part, i), data, ttl: seconds(expiresAt + CHUNK_GRACE_MS) } },
    }));
    for (let i = 0; i < items.length; i += 25) {
      let pending: Record<string, unknown>[] | undefined = items.slice(i, i + 25);
      for (let attempt = 0; pending?.length; attempt++) {
        if (attempt > 8) throw new Error(`Could not write the ${part.toLowerCase()} of job ${id}: DynamoDB kept items unprocessed`);
        if (attempt) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
        const out = await documentClient().send(new BatchWriteCommand({ RequestItems: { [this.table]: pending as never } }));
        pending = out.UnprocessedItems?.[this.table] as Record<string, unknown>[] | undefined;
      }
    }
  }

  /** Puts chunked parts back into a job item read from the table. */
  private async assemble(item: Record<string, unknown>): Promise<Job> {
    const { pk, sk: _sk, ttl: _ttl, requestChunks, resultChunks, ...rest } = item;
    const job = rest as unknown as Job;
    if (requestChunks || resultChunks) {
      const texts: Record<Part, string[]> = { REQUEST: [], RESULT: [] };
      let startKey: Record<string, unknown> | undefined;
      do {
        const out = await documentClient().send(
          new QueryCommand({
            TableName: this.table,
            KeyConditionExpression: 'pk = :pk AND sk > :after',
            ExpressionAttributeValues: { ':pk': pk, ':after': SK },
            ConsistentRead: true,
            ExclusiveStartKey: startKey,
          }),
        );
        for (const chunk of out.Items ?? []) {
          const [part, index] = String(chunk.sk).split('#') as [Part, string];
          if (part in texts) texts[part][Number(index)] = String(chunk.data);
        }
        startKey = out.LastEvaluatedKey;
      } while (startKey);
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
    await documentClient().send(
      new PutCommand({
        TableName: this.table,
        Item: { ...jobKey(job.id), ...rest, ...(chunks ? { requestChunks: chunks.length } : { request }), ttl: seconds(job.expiresAt) },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async get(id: string, now: number): Promise<Job | null> {
    const out = await documentClient().send(new GetCommand({ TableName: this.table, Key: jobKey(id), ConsistentRead: true }));
    if (!out.Item || !((out.Item.expiresAt as number) > now)) return null;
    return this.assemble(out.Item);
  }

  async claim(id: string, now: number, options: ClaimOptions = {}): Promise<Job | null> {
    const stale = options.leaseMs === undefined ? undefined : now - options.leaseMs;
    try {
      const out = await documentClient().send(
        new UpdateCommand({
          TableName: this.table,
          Key: jobKey(id),
          UpdateExpression:
            'SET #s = :running, startedAt = :now, firstStartedAt = if_not_exists(firstStartedAt, :now), runId = :run ADD attempts :one',
          ConditionExpression:
            stale === undefined
              ? '#s = :queued AND expiresAt > :now'
              : '(#s = :queued OR (#s = :running AND startedAt <= :stale)) AND expiresAt > :now',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: {
            ':running': 'running',
            ':queued': 'queued',
            ':now': now,
            ':run': options.runId ?? `run-${now}`,
            ':one': 1,
            ...(stale === undefined ? {} : { ':stale': stale }),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return out.Attributes ? this.assemble(out.Attributes) : null;
    } catch (err) {
      if (isConditionFailed(err)) return null;
      throw err;
    }
  }

  async release(id: string, runId: string): Promise<boolean> {
    try {
      await documentClient().send(
        new UpdateCommand({
          TableName: this.table,
          Key: jobKey(id),
          UpdateExpression: 'SET #s = :queued REMOVE runId',
          ConditionExpression: '#s = :running AND runId = :run',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':queued': 'queued', ':running': 'running', ':run': runId },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailed(err)) return false;
      throw err;
    }
  }

  async finish(id: string, result: JobResult, now: number, keepMs: number, runId?: string): Promise<boolean> {
    const chunks = chunksOf(result);
    if (chunks) await this.writeChunks(id, 'RESULT', chunks, now + keepMs);
    try {
      await documentClient().send(
        new UpdateCommand({
          TableName: this.table,
          Key: jobKey(id),
          UpdateExpression: chunks
            ? 'SET #s = :done, resultChunks = :chunks, finishedAt = :now, expiresAt = :exp, #ttl = :ttl'
            : 'SET #s = :done, #r = :result, finishedAt = :now, expiresAt = :exp, #ttl = :ttl',
          ConditionExpression: runId === undefined ? '#s = :running' : '#s = :running AND runId = :run',
          ExpressionAttributeNames: { '#s': 'status', '#ttl': 'ttl', ...(chunks ? {} : { '#r': 'result' }) },
          ExpressionAttributeValues: {
            ':done': 'done',
            ':running': 'running',
            ':now': now,
            ':exp': now + keepMs,
            ':ttl': seconds(now + keepMs),
            ...(chunks ? { ':chunks': chunks.length } : { ':result': result }),
            ...(runId === undefined ? {} : { ':run': runId }),
          },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailed(err)) return false;
      throw err;
    }
  }

  async fail(id: string, error: JobFailure, now: number, keepMs: number): Promise<boolean> {
    try {
      await documentClient().send(
        new UpdateCommand({
          TableName: this.table,
          Key: jobKey(id),
          UpdateExpression: 'SET #s = :failed, #e = :error, finishedAt = :now, expiresAt = :exp, #ttl = :ttl',
          ConditionExpression: '#s IN (:queued, :running)',
          ExpressionAttributeNames: { '#s': 'status', '#e': 'error', '#ttl': 'ttl' },
          ExpressionAttributeValues: {
            ':failed': 'failed', ':queued': 'queued', ':running': 'running', ':error': error, ':now': now,
            ':exp': now + keepMs, ':ttl': seconds(now + keepMs),
          },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailed(err)) return false;
      throw err;
    }
  }

  async findDuplicate(requestHash: string, now: number): Promise<string | null> {
    const out = await documentClient().send(
      new GetCommand({ TableName: this.table, Key: requestKey(requestHash), ConsistentRead: true }),
    );
    const item = out.Item as { jobId?: string; until?: number } | undefined;
    return item?.jobId && (item.until ?? 0) > now ? item.jobId : null;
  }

  async claimRequest(requestHash: string, jobId: string, now: number, until: number, replace = false): Promise<string> {
    const item = { ...requestKey(requestHash), jobId, until, ttl: seconds(until) };
    for (let attempt = 0; ; attempt++) {
      try {
        await documentClient().send(
          new PutCommand({
            TableName: this.table,
            Item: item,
            ...(replace
              ? {}
              : {
                  // Free, or held by a request whose hour is over.
                  ConditionExpression: 'attribute_not_exists(pk) OR #until <= :now',
                  ExpressionAttributeNames: { '#until': 'until' },
                  ExpressionAttributeValues: { ':now': now },
                }),
          }),
        );
        return jobId;
      } catch (err) {
        if (!isConditionFailed(err)) throw err;
      }
      const holder = await this.findDuplicate(requestHash, now);
      if (holder) return holder;
      // The holder let go in between (its job could not be queued): try again, but not for ever.
      if (attempt >= 3) throw new Error(`Trigger request ${requestHash} could be neither claimed nor found`);
    }
  }

  async releaseRequest(requestHash: string, jobId: string): Promise<void> {
    try {
      await documentClient().send(
        new DeleteCommand({
          TableName: this.table,
          Key: requestKey(requestHash),
          ConditionExpression: 'jobId = :id',
          ExpressionAttributeValues: { ':id': jobId },
        }),
      );
    } catch (err) {
      if (!isConditionFailed(err)) throw err;
    }
  }

  async discard(id: string): Promise<void> {
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await documentClient().send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': jobPk(id) },
          ProjectionExpression: 'pk, sk',
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const key of out.Items ?? []) {
        await documentClient().send(new DeleteCommand({ TableName: this.table, Key: { pk: key.pk, sk: key.sk } }));
      }
      startKey = out.LastEvaluatedKey;
    } while (startKey);
  }

  ping(): Promise<boolean> {
    return pingTable(this.table);
  }
}
