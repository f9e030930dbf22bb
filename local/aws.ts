/**
 * The local stand-ins for AWS, in this process and bound to 127.0.0.1 only: dynalite for DynamoDB
 * (persisted under the data directory, or in memory) and fauxqs for SQS. Tables are created from
 * the same definitions the CDK stack uses.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import dynalite from 'dynalite';
import { buildApp } from 'fauxqs';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { BELIEF_TABLE, ENTITY_TABLE, JOB_TABLE, TABLES, createTableInput } from '../functions/stores/dynamodb/tables.js';
import type { StoreConfig } from '../functions/lambda/config.js';

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
const REGION = 'eu-west-1';

export interface LocalDynamo {
  endpoint: string;
  close(): Promise<void>;
}

type TableNames = StoreConfig['dynamodb']['tables'];

const DEFAULT_TABLES: TableNames = { entities: ENTITY_TABLE.defaultName, beliefs: BELIEF_TABLE.defaultName, jobs: JOB_TABLE.defaultName };

/** The configured name of a table definition. */
export function nameOf(def: (typeof TABLES)[number], tables: TableNames): string {
  return def === ENTITY_TABLE ? tables.entities : def === BELIEF_TABLE ? tables.beliefs : tables.jobs;
}

/**
 * Starts dynalite on 127.0.0.1 (random port) and creates any missing tables (under the given
 * names, default the definitions' own). `dataDir` null = in memory.
 */
export async function startDynamo(dataDir: string | null, tables: TableNames = DEFAULT_TABLES): Promise<LocalDynamo> {
  let path: string | undefined;
  if (dataDir) {
    path = join(dataDir, 'dynamodb');
    mkdirSync(path, { recursive: true });
  }
  const server: Server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new DynamoDBClient({ endpoint, region: REGION, credentials: LOCAL_CREDENTIALS });
  try {
    const existing = new Set((await client.send(new ListTablesCommand({}))).TableNames ?? []);
    for (const def of TABLES) {
      const name = nameOf(def, tables);
      if (!existing.has(name)) await client.send(new CreateTableCommand(createTableInput(def, name)));
    }
  } finally {
    client.destroy();
  }
  return {
    endpoint,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface LocalQueue {
  endpoint: string;
  queueUrl: string;
  deadLetterQueueUrl: string;
  close(): Promise<void>;
}

export interface QueueOptions {
  /** Seconds a received message stays invisible (the solver's "function timeout" × 6 in the cloud). */
  visibilityTimeout?: number;
  /** Receives before a message moves to the dead-letter queue. */
  maxReceiveCount?: number;
}

/** Starts fauxqs on 127.0.0.1 (its own start helper binds 0.0.0.0, so it is not used) with a queue and its DLQ. */
export async function startQueue(options: QueueOptions = {}): Promise<LocalQueue> {
  const app = buildApp({ logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const endpoint = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const sqs = new SQSClient({ endpoint, region: REGION, credentials: LOCAL_CREDENTIALS });
  try {
    const dlq = await sqs.send(new CreateQueueCommand({ QueueName: 'fm-schedule-jobs-dlq' }));
    const dlqArn = (
      await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }))
    ).Attributes?.QueueArn;
    const queue = await sqs.send(
      new CreateQueueCommand({
        QueueName: 'fm-schedule-jobs',
        Attributes: {
          VisibilityTimeout: String(options.visibilityTimeout ?? 30),
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: options.maxReceiveCount ?? 5 }),
        },
      }),
    );
    return {
      endpoint,
      queueUrl: queue.QueueUrl!,
      deadLetterQueueUrl: dlq.QueueUrl!,
      close: async () => {
        await app.close();
      },
    };
  } finally {
    sqs.destroy();
  }
}
