/**
 * dynalite in memory for store test files. `useDynalite` starts it and points the adapters at it;
 * `close` stops it and gives DYNAMODB_ENDPOINT its earlier value back. `useDynaliteForFile` does
 * both around a whole test file; `useDynaliteClient` gives a file a dynalite and a document client
 * of its own, for adapters that are handed a client.
 */
import { afterAll, beforeAll } from '@jest/globals';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, type TranslateConfig } from '@aws-sdk/lib-dynamodb';
import { startDynamo, type LocalDynamo } from '../../local/aws.js';
import { resetDocumentClient } from '../../functions/stores/dynamodb/client.js';
import { resetStores } from '../../functions/stores/index.js';

export async function useDynalite(): Promise<LocalDynamo> {
  const dynamo = await startDynamo(null);
  const savedEndpoint = process.env.DYNAMODB_ENDPOINT;
  process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
  resetDocumentClient();
  resetStores();
  return {
    endpoint: dynamo.endpoint,
    close: async () => {
      resetDocumentClient();
      resetStores();
      await dynamo.close();
      if (savedEndpoint === undefined) delete process.env.DYNAMODB_ENDPOINT;
      else process.env.DYNAMODB_ENDPOINT = savedEndpoint;
    },
  };
}

/** `useDynalite` for the whole test file: started before its first test, stopped after its last. */
export function useDynaliteForFile(): void {
  let dynamo: LocalDynamo | undefined;
  beforeAll(async () => {
    dynamo = await useDynalite();
  });
  afterAll(async () => {
    await dynamo?.close();
  });
}

/** A dynalite of the test file's own with a document client on it, for adapters given a client directly. */
export interface DynaliteClient {
  /** Valid from the file's `beforeAll` on. */
  readonly client: DynamoDBDocumentClient;
  readonly endpoint: string;
}

/** Starts dynalite before the file's first test, with a document client (`translate`: its marshalling options); stops both after the last. */
export function useDynaliteClient(translate?: TranslateConfig): DynaliteClient {
  let dynamo: LocalDynamo | undefined;
  let client: DynamoDBDocumentClient | undefined;
  beforeAll(async () => {
    dynamo = await startDynamo(null);
    client = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
      translate,
    );
  });
  afterAll(async () => {
    client?.destroy();
    await dynamo?.close();
  });
  return {
    get client() {
      if (!client) throw new Error('dynalite is not started yet (use the client inside tests or hooks)');
      return client;
    },
    get endpoint() {
      if (!dynamo) throw new Error('dynalite is not started yet (use the endpoint inside tests or hooks)');
      return dynamo.endpoint;
    },
  };
}
