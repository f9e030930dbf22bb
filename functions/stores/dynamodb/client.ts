/**
 * DynamoDB document clients: `createDocumentClient` makes one for an endpoint and region (the
 * store factory, functions/stores/index.ts, makes one per set of ports, from the configuration); an
 * endpoint means a local stand-in (dynalite), which gets local credentials. In Lambda the SDK's
 * defaults apply.
 */
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface DocumentClientOptions {
  /** A DynamoDB-compatible endpoint (dynalite); undefined on AWS. */
  endpoint?: string;
  /** Default eu-west-1. */
  region?: string;
}

export function createDocumentClient(options: DocumentClientOptions = {}): DynamoDBDocumentClient {
  const base = new DynamoDBClient({
    endpoint: options.endpoint,
    region: options.region || 'eu-west-1',
    credentials: options.endpoint ? { accessKeyId: 'local', secretAccessKey: 'local' } : undefined,
    maxAttempts: 5,
  });
  return DynamoDBDocumentClient.from(base, { marshallOptions: { removeUndefinedValues: true } });
}

/** Readiness: the table exists and answers. */
export async function pingTable(name: string, client: DynamoDBDocumentClient): Promise<boolean> {
  try {
    const out = await client.send(new DescribeTableCommand({ TableName: name }));
    return out.Table?.TableStatus === 'ACTIVE';
  } catch {
    return false;
  }
}
