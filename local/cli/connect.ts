/**
 * Where the admin CLI finds the entity table:
 *   1. `DYNAMODB_ENDPOINT` set → that DynamoDB-compatible endpoint;
 *   2. `ENTITY_TABLE` set, AWS credentials in the environment, no `DATA_DIR` → the deployed table
 *      (region from AWS_REGION, credentials from the SDK's default chain);
 *   3. otherwise the local data directory (`DATA_DIR`, default ./.data, as `npm start` uses it):
 *      through the running server's dynalite when `npm start` holds the directory
 *      (`<dataDir>/runtime.json`), else by opening the directory with dynalite itself.
 * The connection carries the ports the commands use, built from the CLI's environment (plus the
 * endpoint found) by functions/stores/index.ts `createPorts`.
 */
import { resolve } from 'node:path';
import { startDynamo, type LocalDynamo } from '../aws.js';
import { readRuntimeFile } from '../runtime.js';
import { configFrom, ENV, type Environment } from '../../functions/lambda/config.js';
import { createPorts, type RealPorts } from '../../functions/stores/index.js';
import { CliError } from './io.js';

export interface Connection {
  /** Human-readable target, e.g. "data directory /x/.data". */
  target: string;
  /** The stores the commands work on. */
  ports: RealPorts;
  close(): Promise<void>;
}

function hasAwsCredentials(env: Environment): boolean {
  return Boolean(
    env.AWS_ACCESS_KEY_ID || env.AWS_PROFILE || env.AWS_WEB_IDENTITY_TOKEN_FILE || env.AWS_CONTAINER_CREDENTIALS_FULL_URI || env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI,
  );
}

function connection(target: string, env: Environment, dynamo: LocalDynamo | null = null): Connection {
  const ports = createPorts(configFrom(env));
  return {
    target,
    ports,
    close: async () => {
      ports.destroy();
      await dynamo?.close();
    },
  };
}

export async function connect(env: Environment = { ...process.env }): Promise<Connection> {
  const entityTable = configFrom(env).stores.dynamodb.tables.entities;
  if (env.DYNAMODB_ENDPOINT) return connection(`DynamoDB at ${env.DYNAMODB_ENDPOINT} (table ${entityTable})`, env);
  if (!env.DATA_DIR && env.ENTITY_TABLE && hasAwsCredentials(env)) {
    return connection(`table ${env.ENTITY_TABLE} in ${env.AWS_REGION ?? 'the default region'}`, env);
  }
  const setting = env.DATA_DIR ?? './.data';
  if (setting === ':memory:') throw new CliError('DATA_DIR=:memory: keeps no data; point DATA_DIR at the data directory of the server.');
  const dataDir = resolve(setting);
  const running = readRuntimeFile(dataDir);
  const dynamo = running ? null : await startDynamo(dataDir, configFrom(env).stores.dynamodb.tables);
  const endpoint = running ? running.dynamodbEndpoint : dynamo!.endpoint;
  return connection(
    running ? `data directory ${dataDir} (through the running server, pid ${running.pid})` : `data directory ${dataDir}`,
    { ...env, [ENV.dynamodbEndpoint]: endpoint },
    dynamo,
  );
}
