/** Ports: what the handlers need from storage and queues, independent of AWS services. */

/** The scheduling job queue (SQS). */
export interface JobQueue {
  /** Sends one message; resolves to the message id. */
  send(message: Record<string, unknown>): Promise<string>;
  /** Readiness. */
  ping(): Promise<boolean>;
}

export * from './accounts.js';
export * from './jobs.js';

export * from './assets.js';
export * from './beliefs.js';
export * from './leases.js';
export * from './price-ingest.js';
export * from './secrets.js';

import type { AccountStore, AuditStore, TokenStore, UserStore } from './accounts.js';
import type { AssetStore } from './assets.js';
import type { BeliefStore } from './beliefs.js';
import type { JobStore } from './jobs.js';
import type { LeaseStore } from './leases.js';
import type { PriceIngestStore } from './price-ingest.js';
import type { SecretSource } from './secrets.js';
import type { Settings } from '../settings.js';

/** The current instant, epoch ms (tests and the local runtime move it). */
export type Clock = () => number;

/** Structured logging as the use cases need it (Powertools' Logger satisfies it). */
export interface Log {
  debug(message: string, ...extra: unknown[]): void;
  info(message: string, ...extra: unknown[]): void;
  warn(message: string, ...extra: unknown[]): void;
  error(message: string, ...extra: unknown[]): void;
}

/**
 * Everything a use case may reach outside pure code, passed in explicitly: the stores, the job
 * queue, secrets, the deployment's settings, the clock and the log. functions/stores/index.ts builds the real ones (each
 * adapter on first use); tests pass fakes (test/fakes/).
 */
export interface Ports {
  readonly accounts: AccountStore;
  readonly users: UserStore;
  readonly tokens: TokenStore;
  readonly audit: AuditStore;
  readonly assets: AssetStore;
  readonly beliefs: BeliefStore;
  readonly jobs: JobStore;
  readonly queue: JobQueue;
  readonly leases: LeaseStore;
  readonly priceIngest: PriceIngestStore;
  readonly secrets: SecretSource;
  readonly settings: Settings;
  readonly clock: Clock;
  readonly log: Log;
}
