/** Starts dynalite in memory for a store test file and points the adapters at it. */
import { startDynamo, type LocalDynamo } from '../../local/aws.js';
import { resetDocumentClient } from '../../functions/stores/dynamodb/client.js';
import { resetStores } from '../../functions/stores/index.js';

export async function useDynalite(): Promise<LocalDynamo> {
  const dynamo = await startDynamo(null);
  process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
  resetDocumentClient();
  resetStores();
  return {
    endpoint: dynamo.endpoint,
    close: async () => {
      resetDocumentClient();
      resetStores();
      await dynamo.close();
    },
  };
}
