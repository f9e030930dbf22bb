/**
 * What Lambda's SQS event source mapping does, for the local runtime: long-poll the queue, hand
 * batches to a handler as SQS events, delete what succeeded, and leave reported batch item
 * failures (or the whole batch, if the handler throws) to reappear after the visibility timeout.
 * Redrive to the dead-letter queue is the queue's own business, as in SQS.
 */
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import { solverContext } from './lambda-context.js';

export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void>;

export interface PollerOptions {
  /** The SQS client of the runtime the queue belongs to. */
  client: SQSClient;
  queueUrl: string;
  queueArn?: string;
  handler: SqsHandler;
  batchSize?: number;
  /** Long-poll wait per receive (seconds); short so that stopping is quick. */
  waitSeconds?: number;
  onError?: (err: unknown) => void;
}

function toRecord(m: Message, queueArn: string): SQSRecord {
  const a = m.Attributes ?? {};
  return {
    messageId: m.MessageId!,
    receiptHandle: m.ReceiptHandle!,
    body: m.Body ?? '',
    attributes: {
      ApproximateReceiveCount: a.ApproximateReceiveCount ?? '1',
      SentTimestamp: a.SentTimestamp ?? String(Date.now()),
      SenderId: a.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp: a.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: m.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: 'local',
  };
}

export class SqsPoller {
  private running = false;
  private loop: Promise<void> | undefined;
  /** Aborts the long poll in flight when stopping (a batch being handled is always finished). */
  private receiving: AbortController | undefined;

  constructor(private readonly options: PollerOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops at once when waiting for messages, or after the batch in hand is finished (nothing is left half-processed). */
  async stop(): Promise<void> {
    this.running = false;
    this.receiving?.abort();
    await this.loop;
  }

  /** One receive-and-dispatch round; resolves to the number of messages handled. Used by tests to step deterministically. */
  async pollOnce(waitSeconds = this.options.waitSeconds ?? 1): Promise<number> {
    const { client, queueUrl, handler, batchSize = 1 } = this.options;
    const receiving = (this.receiving = new AbortController());
    let out;
    try {
      out = await client.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: batchSize,
          WaitTimeSeconds: waitSeconds,
          MessageSystemAttributeNames: ['All'],
        }),
        { abortSignal: receiving.signal },
      );
    } catch (err) {
      if (receiving.signal.aborted) return 0;
      throw err;
    } finally {
      if (this.receiving === receiving) this.receiving = undefined;
    }
    const messages = out.Messages ?? [];
    if (!messages.length) return 0;
    const records = messages.map((m) => toRecord(m, this.options.queueArn ?? 'arn:aws:sqs:local:000000000000:local'));
    let failed: Set<string>;
    try {
      const response = await handler({ Records: records }, solverContext(crypto.randomUUID()));
      failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch (err) {
      this.options.onError?.(err);
      return messages.length; // the whole batch returns to the queue
    }
    const done = records.filter((r) => !failed.has(r.messageId));
    if (done.length) {
      await client.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: done.map((r, i) => ({ Id: String(i), ReceiptHandle: r.receiptHandle })),
        }),
      );
    }
    return messages.length;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        await this.pollOnce();
      } catch (err) {
        if (!this.running) break;
        this.options.onError?.(err);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }
}
