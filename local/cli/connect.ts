/**
 * Where the admin CLI finds the entity table:
 *   1. `DYNAMODB_ENDPOINT` set → that DynamoDB-compatible endpoint;
 *   2. `ENTITY_TABLE` set, AWS credentials in the environment, no `DATA_DIR` → the deployed table
 *      (region from AWS_REGION, credentials from the SDK's default chain);
 *   3. otherwise the local data directory (`DATA_DIR`, default ./.data, as `npm start` uses it):
 *      through the running server's dynalite when `npm start` holds the directory
 *      (`<dataDir>/runtime.json`), else by opening the directory with dynalite itself.
 */
import { resolve } from 'node:path';
import { startDynamo, type LocalDynamo } from '../aws.js';
import { readRuntimeFile } from '../runtime.js';
import { resetDocumentClient } from '../../functions/stores/dynamodb/client.js';
import { ENTITY_TABLE, tableName } from '../../functions/stores/dynamodb/tables.js';
import { resetStores } from '../../functions/stores/index.js';
import { CliError } from './io.js';

export interface Connection {
  /** Human-readable target, e.g. "data directory /x/.data". */
  target: string;
  close(): Promise<void>;
}

function hasAwsCredentials(env: NodeJS.ProcessEnv): boolean {
  return Boolean(
    env.AWS_ACCESS_KEY_ID || env.AWS_PROFILE || env.AWS_WEB_IDENTITY_TOKEN_FILE || env.AWS_CONTAINER_CREDENTIALS_FULL_URI || env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI,
  );
}

export async function connect(env: NodeJS.ProcessEnv = process.env): Promise<Connection> {
  const reset = () => {
    resetDocumentClient();
    resetStores();
  };
  if (env.DYNAMODB_ENDPOINT) {
    reset();
    return { target: `DynamoDB at ${env.DYNAMODB_ENDPOINT} (table ${tableName(ENTITY_TABLE)})`, close: async () => reset() };
  }
  if (!env.DATA_DIR && env.ENTITY_TABLE && hasAwsCredentials(env)) {
    reset();
    return { target: `table ${env.ENTITY_TABLE} in ${env.AWS_REGION ?? 'the default region'}`, close: async () => reset() };
  }
  const setting = env.DATA_DIR ?? './.data';
  if (setting === ':memory:') throw new CliError('DATA_DIR=:memory: keeps no data; point DATA_DIR at the data directory of the server.');
  const dataDir = resolve(setting);
  const running = readRuntimeFile(dataDir);
  let dynamo: LocalDynamo | null = null;
  if (running) {
    env.DYNAMODB_ENDPOINT = running.dynamodbEndpoint;
  } else {
    dynamo = await startDynamo(dataDir);
    env.DYNAMODB_ENDPOINT = dynamo.endpoint;
  }
  reset();
  return {
    target: running ? `data directory ${dataDir} (through the running server, pid ${running.pid})` : `data directory ${dataDir}`,
    close: async () => {
      delete env.DYNAMODB_ENDPOINT;
      reset();
      await dynamo?.close();
    },
  };
}
