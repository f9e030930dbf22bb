/**
 * The job queue port's SQS adapter: the same code against SQS in the cloud and against the
 * in-process fauxqs endpoint locally.
 */
import { GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { JobQueue } from '../../core/ports/index.js';

export interface SqsClientOptions {
  /** An SQS-compatible endpoint (fauxqs); undefined on AWS. */
  endpoint?: string;
  /** Default eu-west-1. */
  region?: string;
}

/** An SQS client for an endpoint and region; an endpoint means a local stand-in, which gets local credentials. */
export function createSqsClient(options: SqsClientOptions = {}): SQSClient {
  return new SQSClient({
    endpoint: options.endpoint,
    region: options.region || 'eu-west-1',
    credentials: options.endpoint ? { accessKeyId: 'local', secretAccessKey: 'local' } : undefined,
  });
}

export class SqsJobQueue implements JobQueue {
  constructor(
    private readonly queueUrl: string,
    private readonly client: SQSClient,
  ) {}

  async send(message: Record<string, unknown>): Promise<string> {
    const out = await this.client.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(message) }));
    return out.MessageId ?? '';
  }

  async ping(): Promise<boolean> {
    try {
      await this.client.send(new GetQueueAttributesCommand({ QueueUrl: this.queueUrl, AttributeNames: ['QueueArn'] }));
      return true;
    } catch {
      return false;
    }
  }
}
