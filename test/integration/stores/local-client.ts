/**
 * dynalite for one store test file, with a document client of the file's own on it: the adapters
 * under test get that client and a table name explicitly, so nothing goes through the environment.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { startDynamo } from '../../../local/aws.js';

export interface LocalClient {
  endpoint: string;
  client: DynamoDBDocumentClient;
  close(): Promise<void>;
}

export async function startLocalClient(): Promise<LocalClient> {
  const dynamo = await startDynamo(null);
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'eu-west-1', credentials }), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return {
    endpoint: dynamo.endpoint,
    client,
    close: async () => {
      client.destroy();
      await dynamo.close();
    },
  };
}

/**
 * A document client of its own with a mock on it, for staging DynamoDB's answers (mocking the class
 * would also mock the dynalite client of the same file).
 */
export function mockedDocumentClient() {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }));
  return { client, mock: mockClient(client) };
}
