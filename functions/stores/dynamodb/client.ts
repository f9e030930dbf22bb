/**
 * One DynamoDB document client per container. `DYNAMODB_ENDPOINT` points it at dynalite locally;
 * in Lambda the SDK's defaults apply.
 */
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

let client: DynamoDBDocumentClient | undefined;

function localCredentials() {
  return process.env.DYNAMODB_ENDPOINT ? { accessKeyId: 'local', secretAccessKey: 'local' } : undefined;
}

export function documentClient(): DynamoDBDocumentClient {
  if (!client) {
    const base = new DynamoDBClient({
      endpoint: process.env.DYNAMODB_ENDPOINT || undefined,
      region: process.env.AWS_REGION || 'eu-west-1',
      credentials: localCredentials(),
      maxAttempts: 5,
    });
    client = DynamoDBDocumentClient.from(base, { marshallOptions: { removeUndefinedValues: true } });
  }
  return client;
}

/** Forgets the memoised client (the local runtime and tests call it after changing the endpoint). */
export function resetDocumentClient(): void {
  client?.destroy();
  client = undefined;
}

/** Readiness: the table exists and answers. */
export async function pingTable(name: string, client: DynamoDBDocumentClient = documentClient()): Promise<boolean> {
  try {
    const out = await client.send(new DescribeTableCommand({ TableName: name }));
    return out.Table?.TableStatus === 'ACTIVE';
  } catch {
    return false;
  }
}
