/**
 * The one factory handlers get their stores from. It reads the environment once per container:
 * table names (`ENTITY_TABLE`, `BELIEF_TABLE`, `JOB_TABLE`), the queue (`JOB_QUEUE_URL`) and the
 * belief store kind (`BELIEF_STORE=dynamodb|timestream`). A Lambda bundle keeps only the adapters
 * its handler asks for (package.json `"sideEffects": false`), and so only their SDK clients.
 */
import { pingTable } from './dynamodb/client.js';
import { ENTITY_TABLE, tableName } from './dynamodb/tables.js';
import { SqsJobQueue } from './sqs/job-queue.js';
import type { JobQueue, Ports } from '../core/ports/index.js';
import { now } from '../lambda/clock.js';
import { logger } from '../lambda/logger.js';
import { settingsFrom } from '../config.js';
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
import { UnavailabilityReportingBeliefStore } from './unavailable.js';
import type { PriceIngestStore } from '../core/ports/price-ingest.js';
import { DynamoPriceIngestStore } from './dynamodb/price-ingest.js';
import type { SecretSource } from '../core/ports/secrets.js';
import type { LeaseStore } from '../core/ports/leases.js';
import { DynamoLeaseStore } from './dynamodb/leases.js';
import { SsmSecretSource } from './ssm/secrets.js';

export type BeliefStoreKind = 'dynamodb' | 'timestream';

export function beliefStoreKind(): BeliefStoreKind {
  return process.env.BELIEF_STORE === 'timestream' ? 'timestream' : 'dynamodb';
}

let queue: JobQueue | undefined;

export function jobQueue(): JobQueue {
  const url = process.env.JOB_QUEUE_URL;
  if (!url) throw new Error('JOB_QUEUE_URL is not configured');
  return (queue ??= new SqsJobQueue(url));
}

let accounts: AccountStore | undefined;
let users: UserStore | undefined;
let tokens: TokenStore | undefined;
let audit: AuditStore | undefined;

/** Accounts and account roles. */
export function accountStore(): AccountStore {
  return (accounts ??= new DynamoAccountStore());
}

/** Users and user roles. */
export function userStore(): UserStore {
  return (users ??= new DynamoUserStore());
}

/** Authentication tokens (hashes only). */
export function tokenStore(): TokenStore {
  return (tokens ??= new DynamoTokenStore());
}

/** The account/user audit log. */
export function auditStore(): AuditStore {
  return (audit ??= new DynamoAuditStore());
}

let jobs: JobStore | undefined;

/** Scheduling jobs and trigger de-duplication markers. */
export function jobStore(): JobStore {
  return (jobs ??= new DynamoJobStore());
}

let assets: AssetStore | undefined;

/** Asset types, assets, sensors, data sources and the asset audit log. */
export function assetStore(): AssetStore {
  return (assets ??= new DynamoAssetStore());
}

let beliefs: BeliefStore | undefined;

/**
 * The belief store chosen by `BELIEF_STORE`: DynamoDB (default; the local runtime) or Timestream
 * for LiveAnalytics (loaded on first use).
 */
export function beliefStore(): BeliefStore {
  // `process.env.BELIEF_STORE` spelled out: the stack's bundles replace it by the deployment's store
  // (lib/bundling.ts `bundleDefines`), and the other store's branch and SDK clients drop out.
  return (beliefs ??= new UnavailabilityReportingBeliefStore(process.env.BELIEF_STORE === 'timestream' ? new LazyTimestreamBeliefStore() : new DynamoBeliefStore()));
}

/**
 * Deletes the beliefs of a sensor before the sensor is deleted (DELETE /sensors/<id>, and every
 * sensor of a deleted asset tree): the belief store's own delete. On Timestream, which cannot
 * delete, the beliefs stay, unreachable because sensor ids are never reused (README).
 */
export function sensorDataPurger(): SensorDataPurger {
  return beliefStore();
}

let priceIngest: PriceIngestStore | undefined;

/** The price ingestion's "done for delivery day D" markers (entity table). */
export function priceIngestStore(): PriceIngestStore {
  return (priceIngest ??= new DynamoPriceIngestStore());
}

let leases: LeaseStore | undefined;

/** Short write leases (entity table), e.g. one writer at a time per sensor and data source. */
export function leaseStore(): LeaseStore {
  return (leases ??= new DynamoLeaseStore());
}

let secrets: SsmSecretSource | undefined;

/** Operator-managed secrets (SSM Parameter Store SecureStrings), such as the ENTSO-E token. */
export function secretSource(): SecretSource {
  return (secrets ??= new SsmSecretSource());
}

/**
 * The real ports of this container, each adapter built on first use (a handler that never touches
 * the belief store never constructs it).
 */
export function ports(): Ports {
  return PORTS;
}

let settings: ReturnType<typeof settingsFrom> | undefined;

const PORTS: Ports = {
  get accounts() { return accountStore(); },
  get users() { return userStore(); },
  get tokens() { return tokenStore(); },
  get audit() { return auditStore(); },
  get assets() { return assetStore(); },
  get beliefs() { return beliefStore(); },
  get jobs() { return jobStore(); },
  get queue() { return jobQueue(); },
  get leases() { return leaseStore(); },
  get priceIngest() { return priceIngestStore(); },
  get secrets() { return secretSource(); },
  // Read at first use, after the local runtime or a test has set the environment.
  get settings() { return (settings ??= settingsFrom(process.env)); },
  clock: now,
  log: logger,
};

/** Forgets memoised adapters (after the local runtime or a test changes the environment). */
export function resetStores(): void {
  settings = undefined;
  queue = undefined;
  beliefs = undefined;
  assets = undefined;
  jobs = undefined;
  accounts = undefined;
  users = undefined;
  tokens = undefined;
  audit = undefined;
  priceIngest = undefined;
  leases = undefined;
  secrets?.destroy();
  secrets = undefined;
}

/** Readiness of each component, as reported by GET /api/v3_0/health/ready. */
export interface Readiness {
  entity_store: boolean;
  belief_store: boolean;
  job_queue: boolean;
}

export async function readiness(): Promise<Readiness> {
  const queuePing = process.env.JOB_QUEUE_URL ? jobQueue().ping() : Promise.resolve(false);
  const [entity_store, belief_store, job_queue] = await Promise.all([
    pingTable(tableName(ENTITY_TABLE)),
    beliefStore().ping(),
    queuePing,
  ]);
  return { entity_store, belief_store, job_queue };
}
