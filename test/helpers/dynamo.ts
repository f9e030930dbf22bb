/**
 * Starts dynalite in memory for a store test file, with ports over it (functions/stores/index.ts
 * `createPorts`); `close` stops both.
 */
import { startDynamo, type LocalDynamo } from '../../local/aws.js';
import { configFrom, ENV, type Environment } from '../../functions/config.js';
import { createPorts, resetStores, type RealPorts } from '../../functions/stores/index.js';

export interface TestDynamo extends LocalDynamo {
  /** Ports whose DynamoDB adapters use this dynalite (settings from `env`). */
  readonly ports: RealPorts;
}

export async function useDynalite(env: Environment = {}): Promise<TestDynamo> {
  const dynamo = await startDynamo(null);
  const savedEndpoint = process.env.DYNAMODB_ENDPOINT;
  process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
  resetStores();
  const ports = createPorts(configFrom({ ...env, [ENV.dynamodbEndpoint]: dynamo.endpoint }));
  return {
    endpoint: dynamo.endpoint,
    ports,
    close: async () => {
      ports.destroy();
      resetStores();
      await dynamo.close();
      if (savedEndpoint === undefined) delete process.env.DYNAMODB_ENDPOINT;
      else process.env.DYNAMODB_ENDPOINT = savedEndpoint;
    },
  };
}
