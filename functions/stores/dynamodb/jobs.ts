/**
 * Scheduling jobs in DynamoDB (aws.md §2.3): `pk = JOB#<uuid>`, state transitions by conditional
 * updates (so a duplicate SQS delivery cannot run a job twice), trigger de-duplication markers
 * `pk = REQ#<hash>`. Expiry is checked on every read; the TTL attribute only tidies up.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Job, JobFailure, JobResult, JobStore } from '../ports/jobs.js';
import { documentClient, pingTable } from './client.js';
import { JOB_TABLE, tableName } from './tables.js';

const SK = 'JOB';
const jobKey = (id: string) => ({ pk: `JOB#${id}`, sk: SK });
const requestKey = (hash: string) => ({ pk: `REQ#${hash}`, sk: 'REQ' });
const seconds = (ms: number) => Math.ceil(ms / 1000);

function isConditionFailure(err: unknown): boolean {
  return err instanceof ConditionalCheckFailedException || (err as { name?: string })?.name === 'ConditionalCheckFailedException';
}

function toJob(item: Record<string, unknown>): Job {
  const { pk: _pk, sk: _sk, ttl: _ttl, ...rest } = item;
  return rest as unknown as Job;
}

export class DynamoJobStore implements JobStore {
  private get table() {
    return tableName(JOB_TABLE);
  }

  async create(job: Job): Promise<void> {
    await documentClient().send(
      new PutCommand({
        TableName: this.table,
        Item: { ...jobKey(job.id), ...job, ttl: seconds(job.expiresAt) },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async get(id: string, now: number): Promise<Job | null> {
    const out = await documentClient().send(new GetCommand({ TableName: this.table, Key: jobKey(id), ConsistentRead: true }));
    if (!out.Item) return null;
    const job = toJob(out.Item);
    return job.expiresAt > now ? job : null;
  }

  async claim(id: string, now: number): Promise<Job | null> {
    try {
      const out = await documentClient().send(
        new UpdateCommand({
          TableName: this.table,
          Key: jobKey(id),
          UpdateExpression: 'SET #s = :running, startedAt = :now',
          ConditionExpression: '#s = :queued AND expiresAt > :now',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':running': 'running', ':queued': 'queued', ':now': now },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return out.Attributes ? toJob(out.Attributes) : null;
    } catch (err) {
      if (isConditionFailure(err)) return null;
      throw err;
    }
  }

  async finish(id: string, result: JobResult, now: number, keepMs: number): Promise<void> {
    await documentClient().send(
      new UpdateCommand({
        TableName: this.table,
        Key: jobKey(id),
        UpdateExpression: 'SET #s = :done, #r = :result, finishedAt = :now, expiresAt = :exp, #ttl = :ttl',
        ConditionExpression: '#s = :running',
        ExpressionAttributeNames: { '#s': 'status', '#r': 'result', '#ttl': 'ttl' },
        ExpressionAttributeValues: {
          ':done': 'done', ':running': 'running', ':result': result, ':now': now,
          ':exp': now + keepMs, ':ttl': seconds(now + keepMs),
        },
      }),
    );
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
      if (isConditionFailure(err)) return false;
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

  async rememberRequest(requestHash: string, jobId: string, until: number): Promise<void> {
    await documentClient().send(
      new PutCommand({
        TableName: this.table,
        Item: { ...requestKey(requestHash), jobId, until, ttl: seconds(until) },
      }),
    );
  }

  ping(): Promise<boolean> {
    return pingTable(this.table);
  }
}
