/**
 * dynalite in memory for store test files. `useDynalite` starts it and points the adapters at it;
 * `close` stops it and gives DYNAMODB_ENDPOINT its earlier value back. `useDynaliteForFile` does
 * both around a whole test file.
 */
import { afterAll, beforeAll } from '@jest/globals';
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
