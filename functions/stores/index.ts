/**
 * The full set of real ports: `createPorts(config)` gives ports over every store, the queue and
 * the services a configuration names (functions/lambda/config.ts), each adapter built on its first
 * use from the factories of ./factories.ts by `createPortsWith` (./ports.ts). The local runtime,
 * the CLI, the tests and the worker Lambdas use it; a worker Lambda uses `ports()`, the set of its
 * own container's configuration (`process.env`, read once). A route's Lambda does not come here:
 * the request pipeline builds its set from the factories its route's access declares, so that its
 * bundle holds only those adapters and their SDK clients.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { configFromEnv, type Config } from '../lambda/config.js';
import { createPortsWith, type PortsOptions, type PortsWith } from './ports.js';
import {
  beliefAdapters,
  documentClient,
  entityAdapters,
  jobAdapters,
  queueAdapters,
  readinessAdapters,
  secretAdapters,
  sqsClient,
} from './factories.js';

export type { BeliefStoreKind } from '../lambda/config.js';
export { createPortsWith, type PortFactories, type PortsContext, type PortsOptions, type PortsWith } from './ports.js';

/** The SDK clients behind a set of ports (the local runtime and tests reach them, e.g. to inject faults). */
export interface StoreClients {
  readonly dynamodb: DynamoDBDocumentClient;
  readonly sqs: SQSClient;
}

/** Real ports, with what built them. */
export interface RealPorts extends PortsWith {
  readonly clients: StoreClients;
}

/** Ports over the stores, queue and services of `config`, each adapter (and SDK client) made on first use. */
export function createPorts(config: Config, options: PortsOptions = {}): RealPorts {
  const all = { ...entityAdapters, ...beliefAdapters, ...jobAdapters, ...queueAdapters, ...secretAdapters, ...readinessAdapters };
  const ports = createPortsWith(config, all, options);
  const clients = {} as StoreClients;
  Object.defineProperty(clients, 'dynamodb', { enumerable: true, get: () => documentClient(ports.context) });
  Object.defineProperty(clients, 'sqs', { enumerable: true, get: () => sqsClient(ports.context) });
  return Object.defineProperty(ports, 'clients', { enumerable: true, value: clients }) as RealPorts;
}

let containerPorts: RealPorts | undefined;

/** This container's ports: its configuration (`process.env`, read once), adapters made on first use. */
export function ports(): RealPorts {
  return (containerPorts ??= createPorts(configFromEnv()));
}
