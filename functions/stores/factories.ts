/**
 * The real adapters, as factories for `createPortsWith` (./ports.ts), in groups by what they reach:
 * the entity table, the belief store, the job table, the job queue, SSM, and the readiness check.
 * A route's generated contract carries the groups its `access` declares (scripts/compile-validators.ts),
 * so its Lambda bundle holds only those adapters and their SDK clients; `createPorts`
 * (./index.ts) takes them all (never spread them here: a spread is not dropped from a
 * bundle). The clients are shared per set of ports (`ctx.shared`).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Readiness } from '../core/ports/index.js';
import type { PortFactories, PortsContext } from './ports.js';
import { createDocumentClient, pingTable } from './dynamodb/client.js';
import { createSqsClient, SqsJobQueue } from './sqs/job-queue.js';
import { DynamoAccountStore } from './dynamodb/accounts.js';
import { DynamoUserStore } from './dynamodb/users.js';
import { DynamoTokenStore } from './dynamodb/tokens.js';
import { DynamoAuditStore } from './dynamodb/audit.js';
import { DynamoJobStore } from './dynamodb/jobs.js';
import { DynamoAssetStore } from './dynamodb/assets.js';
import { DynamoBeliefStore } from './dynamodb/beliefs.js';
import { LazyTimestreamBeliefStore } from './timestream/lazy.js';
import { DynamoPriceIngestStore } from './dynamodb/price-ingest.js';
import { DynamoLeaseStore } from './dynamodb/leases.js';
import { SsmSecretSource } from './ssm/secrets.js';
import { UnavailabilityReportingBeliefStore } from './unavailable.js';

/** The set's DynamoDB document client. */
export function documentClient(ctx: PortsContext): DynamoDBDocumentClient {
  const { region, dynamodb } = ctx.config.stores;
  return ctx.shared('dynamodb', () => createDocumentClient({ endpoint: dynamodb.endpoint, region }), (c) => c.destroy());
}

/** The set's SQS client. */
export function sqsClient(ctx: PortsContext) {
  const { region, queue } = ctx.config.stores;
  return ctx.shared('sqs', () => createSqsClient({ endpoint: queue.endpoint, region }), (c) => c.destroy());
}

const entityTable = (ctx: PortsContext) => ({ client: documentClient(ctx), table: ctx.config.stores.dynamodb.tables.entities });

/** The stores of the entity table. */
export const entityAdapters = {
  accounts: (ctx) => new DynamoAccountStore(entityTable(ctx)),
  users: (ctx) => new DynamoUserStore(entityTable(ctx)),
  tokens: (ctx) => new DynamoTokenStore(entityTable(ctx)),
  audit: (ctx) => new DynamoAuditStore(entityTable(ctx)),
  assets: (ctx) => new DynamoAssetStore(entityTable(ctx)),
  leases: (ctx) => new DynamoLeaseStore(entityTable(ctx)),
  priceIngest: (ctx) => new DynamoPriceIngestStore(entityTable(ctx)),
} as const satisfies PortFactories;

declare global {
  /**
   * Set only inside a deployed bundle: lib/bundling.ts `bundleDefines` replaces it by the stack's
   * belief store kind. Unbundled (the local runtime, the CLI, the tests) nothing sets it.
   */
  var __FM_BELIEF_STORE__: 'dynamodb' | 'timestream' | undefined;
}

/**
 * The belief store the configuration names, reporting a briefly unavailable service as such. In a
 * deployed bundle `globalThis.__FM_BELIEF_STORE__` is a constant, so the condition folds while
 * esbuild parses and the other store's branch, adapter and SDK clients drop out of the bundle
 * (written twice, not through a local: esbuild folds a local only when it prints, after it has
 * decided which modules to keep). Unbundled it is undefined and the configuration decides; the
 * process environment plays no part.
 */
export const beliefAdapters = {
  beliefs: (ctx) => {
    const { stores } = ctx.config;
    return new UnavailabilityReportingBeliefStore(
      globalThis.__FM_BELIEF_STORE__ === 'timestream' || (globalThis.__FM_BELIEF_STORE__ !== 'dynamodb' && stores.beliefStore === 'timestream')
        ? new LazyTimestreamBeliefStore(stores.timestream)
        : new DynamoBeliefStore({ client: documentClient(ctx), table: stores.dynamodb.tables.beliefs }),
    );
  },
} as const satisfies PortFactories;

/** The job table. */
export const jobAdapters = {
  jobs: (ctx) => new DynamoJobStore({ client: documentClient(ctx), table: ctx.config.stores.dynamodb.tables.jobs }),
} as const satisfies PortFactories;

/** The scheduling job queue (the port throws on first use where no queue is configured). */
export const queueAdapters = {
  queue: (ctx) => {
    const url = ctx.config.stores.queue.url;
    if (!url) throw new Error('JOB_QUEUE_URL is not configured');
    return new SqsJobQueue(url, sqsClient(ctx));
  },
} as const satisfies PortFactories;

/** Secrets in SSM Parameter Store. */
export const secretAdapters = {
  secrets: (ctx) => ctx.shared('ssm', () => new SsmSecretSource(ctx.config.stores.ssm.region), (s) => s.destroy()),
} as const satisfies PortFactories;

/** Readiness: whether the entity table, the belief store and the job queue answer (a set with those three). */
export const readinessAdapters = {
  readiness: (ctx, ports) => async (): Promise<Readiness> => {
    const { stores } = ctx.config;
    const [entity_store, belief_store, job_queue] = await Promise.all([
      pingTable(stores.dynamodb.tables.entities, documentClient(ctx)),
      ports.beliefs.ping(),
      stores.queue.url ? ports.queue.ping() : Promise.resolve(false),
    ]);
    return { entity_store, belief_store, job_queue };
  },
} as const satisfies PortFactories;
