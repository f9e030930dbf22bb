/**
 * The one place that builds the real adapters: `createPorts(config)` gives a set of ports over the
 * stores, queue and services a configuration names (functions/lambda/config.ts), each adapter built on its
 * first use (a handler that never touches the belief store never constructs it, nor its SDK
 * clients). A Lambda uses `ports()`, the set of its own container's configuration (`process.env`,
 * read once); the local runtime and the tests build their own sets, so two of them can live in one
 * process. A Lambda bundle keeps only the adapters its handler reaches (package.json
 * `"sideEffects": false`), and so only their SDK clients.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { createDocumentClient, pingTable } from './dynamodb/client.js';
import { createSqsClient, SqsJobQueue } from './sqs/job-queue.js';
import type { Clock, JobQueue, Log, Ports, Readiness } from '../core/ports/index.js';
import { now } from '../lambda/clock.js';
import { logger } from '../lambda/logger.js';
import { configFromEnv, resetConfig, type Config, type StoreConfig } from '../lambda/config.js';
import type { AccountStore, AuditStore, TokenStore, UserStore } from '../core/ports/accounts.js';
import { DynamoAccountStore } from './dynamodb/accounts.js';
import { DynamoUserStore } from './dynamodb/users.js';
import { DynamoTokenStore } from './dynamodb/tokens.js';
import { DynamoAuditStore } from './dynamodb/audit.js';
import type { JobStore } from '../core/ports/jobs.js';
import { DynamoJobStore } from './dynamodb/jobs.js';
import type { AssetStore, SensorDataPurger } from '../core/ports/assets.js';
import { DynamoAssetStore } from './dynamodb/assets.js';
import type { BeliefStore } from '../core/ports/beliefs.js';
import { DynamoBeliefStore } from './dynamodb/beliefs.js';
import { LazyTimestreamBeliefStore } from './timestream/lazy.js';
import type { PriceIngestStore } from '../core/ports/price-ingest.js';
import { DynamoPriceIngestStore } from './dynamodb/price-ingest.js';
import type { SecretSource } from '../core/ports/secrets.js';
import type { LeaseStore } from '../core/ports/leases.js';
import { DynamoLeaseStore } from './dynamodb/leases.js';
import { SsmSecretSource } from './ssm/secrets.js';

export type { BeliefStoreKind } from '../lambda/config.js';

/** The SDK clients behind a set of ports (the local runtime and tests reach them, e.g. to inject faults). */
export interface StoreClients {
  readonly dynamodb: DynamoDBDocumentClient;
  readonly sqs: SQSClient;
}

/** Real ports, with what built them. */
export interface RealPorts extends Ports {
  readonly config: Config;
  readonly clients: StoreClients;
  /** Closes the SDK clients this set made (adapters made later make new ones). */
  destroy(): void;
}

export interface PortsOptions {
  /** Default: the process's clock (functions/lambda/clock.ts). */
  clock?: Clock;
  /** Default: the Powertools logger. */
  log?: Log;
}

/** Defines `key` as a getter that builds its value on first read. */
function once<T extends object, K extends keyof T>(target: T, key: K, build: () => T[K]): void {
  let value: { v: T[K] } | undefined;
  Object.defineProperty(target, key, { enumerable: true, get: () => (value ??= { v: build() }).v });
}

/**
 * The belief store a configuration names. `process.env.BELIEF_STORE` stays spelled out: a
 * deployment's bundles replace it by the stack's store kind (lib/bundling.ts `bundleDefines`), so
 * both tests below fold to constants and the other store's branch, adapter and SDK clients drop out
 * of the bundle. Unbundled (the local runtime, the tests) it is normally unset and the configuration decides.
 */
function beliefStoreOf(stores: StoreConfig, dynamo: () => DynamoDBDocumentClient): BeliefStore {
  const bundled = process.env.BELIEF_STORE;
  if (bundled === 'timestream' || (bundled !== 'dynamodb' && stores.beliefStore === 'timestream')) {
    return new LazyTimestreamBeliefStore(stores.timestream);
  }
  return new DynamoBeliefStore({ client: dynamo(), table: stores.dynamodb.tables.beliefs });
}

/** Ports over the stores, queue and services of `config`, each adapter (and SDK client) made on first use. */
export function createPorts(config: Config, options: PortsOptions = {}): RealPorts {
  const { stores } = config;
  const made: { dynamodb?: DynamoDBDocumentClient; sqs?: SQSClient; secrets?: SsmSecretSource } = {};
  const dynamo = () => (made.dynamodb ??= createDocumentClient({ endpoint: stores.dynamodb.endpoint, region: stores.region }));
  const entities = () => ({ client: dynamo(), table: stores.dynamodb.tables.entities });
  const sqs = () => (made.sqs ??= createSqsClient({ endpoint: stores.queue.endpoint, region: stores.region }));
  const clients = {} as StoreClients;
  once(clients, 'dynamodb', dynamo);
  once(clients, 'sqs', sqs);
  const ports = {
    config,
    clients,
    settings: config.settings,
    clock: options.clock ?? now,
    log: options.log ?? logger,
    async readiness(): Promise<Readiness> {
      const [entity_store, belief_store, job_queue] = await Promise.all([
        pingTable(stores.dynamodb.tables.entities, dynamo()),
        ports.beliefs.ping(),
        stores.queue.url ? ports.queue.ping() : Promise.resolve(false),
      ]);
      return { entity_store, belief_store, job_queue };
    },
    destroy(): void {
      made.dynamodb?.destroy();
      made.sqs?.destroy();
      made.secrets?.destroy();
      made.dynamodb = made.sqs = made.secrets = undefined;
    },
  } as RealPorts;
  once(ports, 'accounts', (): AccountStore => new DynamoAccountStore(entities()));
  once(ports, 'users', (): UserStore => new DynamoUserStore(entities()));
  once(ports, 'tokens', (): TokenStore => new DynamoTokenStore(entities()));
  once(ports, 'audit', (): AuditStore => new DynamoAuditStore(entities()));
  once(ports, 'assets', (): AssetStore => new DynamoAssetStore(entities()));
  once(ports, 'beliefs', (): BeliefStore => beliefStoreOf(stores, dynamo));
  once(ports, 'jobs', (): JobStore => new DynamoJobStore({ client: dynamo(), table: stores.dynamodb.tables.jobs }));
  once(ports, 'leases', (): LeaseStore => new DynamoLeaseStore(entities()));
  once(ports, 'priceIngest', (): PriceIngestStore => new DynamoPriceIngestStore(entities()));
  once(ports, 'secrets', (): SecretSource => (made.secrets = new SsmSecretSource(stores.ssm.region)));
  once(ports, 'queue', (): JobQueue => {
    const url = stores.queue.url;
    if (!url) throw new Error('JOB_QUEUE_URL is not configured');
    return new SqsJobQueue(url, sqs());
  });
  return ports;
}

let containerPorts: RealPorts | undefined;

/** This container's ports: its configuration (`process.env`, read once), adapters made on first use. */
export function ports(): RealPorts {
  return (containerPorts ??= createPorts(configFromEnv()));
}

// ---------------------------------------------------------------------------------------------
// Global locators, kept until the last handlers that call them take their ports as an argument.

export function jobQueue(): JobQueue {
  return ports().queue;
}
export function accountStore(): AccountStore {
  return ports().accounts;
}
export function userStore(): UserStore {
  return ports().users;
}
export function tokenStore(): TokenStore {
  return ports().tokens;
}
export function auditStore(): AuditStore {
  return ports().audit;
}
export function jobStore(): JobStore {
  return ports().jobs;
}
export function assetStore(): AssetStore {
  return ports().assets;
}
export function beliefStore(): BeliefStore {
  return ports().beliefs;
}
/**
 * Deletes the beliefs of a sensor before the sensor is deleted (DELETE /sensors/<id>, and every
 * sensor of a deleted asset tree): the belief store's own delete. On Timestream, which cannot
 * delete, the beliefs stay, unreachable because sensor ids are never reused (README).
 */
export function sensorDataPurger(): SensorDataPurger {
  return ports().beliefs;
}
export function priceIngestStore(): PriceIngestStore {
  return ports().priceIngest;
}
export function leaseStore(): LeaseStore {
  return ports().leases;
}
export function secretSource(): SecretSource {
  return ports().secrets;
}
export function readiness(): Promise<Readiness> {
  return ports().readiness();
}

/** Forgets this container's ports (after the local runtime or a test changes the environment). */
export function resetStores(): void {
  containerPorts?.destroy();
  containerPorts = undefined;
  resetConfig();
}
