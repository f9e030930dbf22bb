/**
 * The job queue through the real SQS adapter against fauxqs in this process, and the poller that
 * stands in for Lambda's SQS event source mapping: success, retry after the visibility timeout,
 * partial batch failure and redrive to the dead-letter queue.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type { SQSEvent } from 'aws-lambda';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { startQueue, type LocalQueue } from '../../local/aws.js';
import { SqsPoller } from '../../local/poller.js';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { SqsJobQueue, createSqsClient } from '../../functions/stores/sqs/job-queue.js';
import { queueDepth } from '../helpers/queue.js';

let queue: LocalQueue;
let client: SQSClient;

beforeAll(async () => {
  queue = await startQueue({ visibilityTimeout: 1, maxReceiveCount: 2 });
  client = createSqsClient({ endpoint: queue.endpoint });
});
afterAll(async () => {
  client?.destroy();
  await queue?.close();
});

/** Polls until `done()` or the round budget runs out (each round long-polls up to 1 s). */
async function pump(poller: SqsPoller, done: () => boolean, rounds = 10): Promise<void> {
  for (let i = 0; i < rounds && !done(); i++) await poller.pollOnce(1);
}

describe('SQS job queue and poller', () => {
  it('delivers a message once and deletes it after success', async () => {
    const seen: string[] = [];
    const poller = new SqsPoller({
      client,
      queueUrl: queue.queueUrl,
      handler: async (event: SQSEvent) => {
        seen.push(...event.Records.map((r) => JSON.parse(r.body).job));
        return { batchItemFailures: [] };
      },
    });
    const adapter = new SqsJobQueue(queue.queueUrl, client);
    expect(await adapter.ping()).toBe(true);
    await adapter.send({ job: 'a' });
    await pump(poller, () => seen.length > 0);
    expect(seen).toEqual(['a']);
    expect(await queueDepth(client, queue.queueUrl)).toBe(0);
  });

  it('retries a failed message after the visibility timeout, with the receive count', async () => {
    const counts: string[] = [];
    const poller = new SqsPoller({
      client,
      queueUrl: queue.queueUrl,
      handler: async (event: SQSEvent) => {
        const record = event.Records[0]!;
        counts.push(record.attributes.ApproximateReceiveCount);
        if (counts.length === 1) throw new Error('transient');
        return { batchItemFailures: [] };
      },
    });
    await new SqsJobQueue(queue.queueUrl, client).send({ job: 'retry-me' });
    await pump(poller, () => counts.length >= 2);
    expect(counts).toEqual(['1', '2']);
    expect(await queueDepth(client, queue.queueUrl)).toBe(0);
  });

  it('returns only reported batch item failures to the queue, and dead-letters them after maxReceiveCount', async () => {
    const handled: string[] = [];
    const poller = new SqsPoller({
      client,
      queueUrl: queue.queueUrl,
      batchSize: 10,
      handler: async (event: SQSEvent) => {
        const failures = [];
        for (const r of event.Records) {
          const { job } = JSON.parse(r.body);
          handled.push(job);
          if (job === 'bad') failures.push({ itemIdentifier: r.messageId });
        }
        return { batchItemFailures: failures };
      },
    });
    const adapter = new SqsJobQueue(queue.queueUrl, client);
    await Promise.all(['ok-1', 'bad', 'ok-2'].map((job) => adapter.send({ job })));
    await pump(poller, () => handled.filter((j) => j === 'bad').length >= 2 && handled.includes('ok-1') && handled.includes('ok-2'));
    // Two receives of "bad" (maxReceiveCount 2); the next receive moves it to the DLQ instead.
    await poller.pollOnce(2);
    expect(handled.filter((j) => j.startsWith('ok')).sort()).toEqual(['ok-1', 'ok-2']);
    expect(handled.filter((j) => j === 'bad')).toHaveLength(2);
    expect(await queueDepth(client, queue.queueUrl)).toBe(0);
    const dead = await client.send(new ReceiveMessageCommand({ QueueUrl: queue.deadLetterQueueUrl, WaitTimeSeconds: 1 }));
    expect(dead.Messages?.map((m) => JSON.parse(m.Body!).job)).toEqual(['bad']);
  });
});
