/**
 * Starts dynalite in memory for a store test file, with ports over it (functions/stores/index.ts
 * `createPorts`); `close` stops both. Adapters a test builds itself take `dynamo.options('entities')`.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startDynamo, type LocalDynamo } from '../../local/aws.js';
import { configFrom, ENV, type Environment, type StoreConfig } from '../../functions/lambda/config.js';
import { createPorts, type RealPorts } from '../../functions/stores/index.js';
import type { TableOptions } from '../../functions/stores/dynamodb/toolkit.js';

export interface TestDynamo extends LocalDynamo {
  /** Ports whose DynamoDB adapters use this dynalite (settings from `env`). */
  readonly ports: RealPorts;
  /** The ports' document client. */
  readonly client: DynamoDBDocumentClient;
  /** The tables' names. */
  readonly tables: StoreConfig['dynamodb']['tables'];
  /** Client and table name for an adapter built by the test. */
  options(table: keyof StoreConfig['dynamodb']['tables']): TableOptions;
}

export async function useDynalite(env: Environment = {}): Promise<TestDynamo> {
  const dynamo = await startDynamo(null);
  const ports = createPorts(configFrom({ ...env, [ENV.dynamodbEndpoint]: dynamo.endpoint }));
  const tables = ports.config.stores.dynamodb.tables;
  return {
    endpoint: dynamo.endpoint,
    ports,
    get client() {
      return ports.clients.dynamodb;
    },
    tables,
    options: (table) => ({ client: ports.clients.dynamodb, table: tables[table] }),
    close: async () => {
      ports.destroy();
      await dynamo.close();
    },
  };
}
