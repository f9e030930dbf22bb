/**
 * The job queue port's SQS adapter: the same code against SQS in the cloud and against the
 * in-process fauxqs endpoint locally (`SQS_ENDPOINT`).
 */
import { GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { JobQueue } from '../../core/ports/index.js';

let client: SQSClient | undefined;

export function sqsClient(): SQSClient {
  if (!client) {
    const local = Boolean(process.env.SQS_ENDPOINT);
    client = new SQSClient({
      endpoint: process.env.SQS_ENDPOINT || undefined,
      region: process.env.AWS_REGION || 'eu-west-1',
      credentials: local ? { accessKeyId: 'local', secretAccessKey: 'local' } : undefined,
    });
  }
  return client;
}

export function resetSqsClient(): void {
  client?.destroy();
  client = undefined;
}

export class SqsJobQueue implements JobQueue {
  constructor(private readonly queueUrl: string) {}

  async send(message: Record<string, unknown>): Promise<string> {
    const out = await sqsClient().send(
      new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(message) }),
    );
    return out.MessageId ?? '';
  }

  async ping(): Promise<boolean> {
    try {
      await sqsClient().send(
        new GetQueueAttributesCommand({ QueueUrl: this.queueUrl, AttributeNames: ['QueueArn'] }),
      );
      return true;
    } catch {
      return false;
    }
  }
}
