/**
 * dynalite in memory for store test files, with ports over it (functions/stores/index.ts
 * `createPorts`). `useDynalite` starts it; `close` stops both. `useDynaliteForFile` does both around
 * a whole test file and hands out what the tests need once it runs. Adapters a test builds itself
 * take `options('entities' | 'beliefs' | 'jobs')`: the ports' client and the table's name.
 */
import { afterAll, beforeAll } from '@jest/globals';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startDynamo, type LocalDynamo } from '../../local/aws.js';
import { configFrom, ENV, type Environment, type StoreConfig } from '../../functions/lambda/config.js';
import { createPorts, type RealPorts } from '../../functions/stores/index.js';
import type { TableOptions } from '../../functions/stores/dynamodb/toolkit.js';

type TableKey = keyof StoreConfig['dynamodb']['tables'];

export interface TestDynamo extends LocalDynamo {
  /** Ports whose DynamoDB adapters use this dynalite (settings from `env`). */
  readonly ports: RealPorts;
  /** The ports' document client. */
  readonly client: DynamoDBDocumentClient;
  /** The tables' names. */
  readonly tables: StoreConfig['dynamodb']['tables'];
  /** Client and table name for an adapter built by the test. */
  options(table: TableKey): TableOptions;
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

/** `useDynalite` for the whole test file: started before its first test, stopped after its last. */
export function useDynaliteForFile(env: Environment = {}): Omit<TestDynamo, 'close' | 'endpoint'> {
  let dynamo: TestDynamo | undefined;
  beforeAll(async () => {
    dynamo = await useDynalite(env);
  });
  afterAll(async () => {
    await dynamo?.close();
  });
  const current = (): TestDynamo => {
    if (!dynamo) throw new Error('dynalite is not running yet (useDynaliteForFile starts it before the first test)');
    return dynamo;
  };
  return {
    get ports() {
      return current().ports;
    },
    get client() {
      return current().client;
    },
    get tables() {
      return current().tables;
    },
    // Resolved at each use, so an adapter can be built before the file's first test.
    options: (table) => ({
      get client() {
        return current().client;
      },
      get table() {
        return current().tables[table];
      },
    }),
  };
}
