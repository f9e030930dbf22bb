/**
 * The deployment's settings as the use cases see them (read once per container from the
 * environment by functions/lambda/config.ts; lib/stack.ts sets the same variables). Each value is parsed
 * when first read, so a malformed setting fails only what uses it, with the variable's name.
 */
import type { FlexConfigOptions } from './flex/index.js';
import type { ScryptCost } from './auth/passwords.js';
import type { SolveOptions } from './scheduling/index.js';
import type { IngestEnvironment } from './prices/ingest-settings.js';

export interface Settings {
  /** FLEXMEASURES_VERSION: the version GET /api/ reports. */
  readonly version: string;
  /** FLEXMEASURES_PLANNING_HORIZON (ISO 8601 duration, default P2D): default trigger duration and cap of the GET window. */
  readonly planningHorizonMs: number;
  /** FLEXMEASURES_MAX_PLANNING_HORIZON: steps, a duration, or null for no cap (undefined: the default). */
  readonly maxPlanningHorizon: FlexConfigOptions['maxPlanningHorizon'];
  /** FLEXMEASURES_HOSTS_AND_AUTH_START: host → `yyyy-MM` naming authority start, for entity addresses. */
  readonly hostsAndAuthStart: Readonly<Record<string, string>>;
  /** FLEXMEASURES_ALLOW_DATA_OVERWRITE (default false): replacements overwrite instead of being rejected. */
  readonly allowDataOverwrite: boolean;
  /** FLEXMEASURES_API_SUNSET_DATE and FLEXMEASURES_API_SUNSET_LINK for the sunset answers of API v1/v2. */
  readonly sunset: { readonly sunsetDate: string | undefined; readonly sunsetLink: string | undefined };
  /** TOKEN_MAX_AGE_SECONDS (default 6 h), in ms. */
  readonly tokenMaxAgeMs: number;
  /** SCRYPT_LOG_N: the cost new password hashes get. */
  readonly scryptCost: ScryptCost;
  /** JOB_MAX_RECEIVE_COUNT: the queue's maxReceiveCount (deliveries before a message is dead-lettered). */
  readonly jobMaxReceiveCount: number;
  /** JOB_LEASE_SECONDS (default 300), in ms: a job claimed longer ago by a run that died may be taken over. */
  readonly jobLeaseMs: number;
  /** SCHEDULER_TIME_LIMIT_SECONDS and SCHEDULER_MIP_GAP. */
  readonly solve: SolveOptions;
  /** ENTSOE_TARGETS, ENTSOE_TOKEN_PARAMETER and ENTSOE_BASE_URL: what the day-ahead price ingestion does. */
  readonly priceIngest: IngestEnvironment;
}

/** The queue's maxReceiveCount unless JOB_MAX_RECEIVE_COUNT says otherwise (the stack uses the same). */
export const DEFAULT_MAX_RECEIVE_COUNT = 5;
