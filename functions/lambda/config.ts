/**
 * The one typed configuration of a container, read from an environment once: a Lambda reads
 * `process.env` at its first use (`configFromEnv()`); the local runtime and the tests build theirs
 * from an environment object of their own (`configFrom(env)`). It holds the deployment's settings
 * (what the use cases see as `Ports.settings`) and the store configuration (where the adapters find
 * their tables, queue and services; functions/stores/index.ts builds them from it). Settings are
 * parsed on first use (a getter each), so a malformed variable fails only what reads it, and says
 * which variable is wrong. The variable names are exported (`ENV`): lib/stack.ts sets a function's
 * environment with the same constants.
 */
import { defaultScryptCost } from '../core/auth/passwords.js';
import { tokenMaxAgeMs } from '../core/auth/tokens.js';
import { parseHostsAndAuthStart } from '../core/entity-address.js';
import { DEFAULT_PLANNING_HORIZON_MS } from '../core/jobs.js';
import { readIngestEnvironment } from '../core/prices/ingest-settings.js';
import { DEFAULT_MAX_RECEIVE_COUNT, type Settings } from '../core/settings.js';
import type { SolveOptions } from '../core/scheduling/index.js';
import { parseFixedDuration } from '../core/time/index.js';
import { BELIEF_TABLE, ENTITY_TABLE, JOB_TABLE } from '../stores/dynamodb/tables.js';

export type Environment = Readonly<Record<string, string | undefined>>;

/** The environment variables the stack sets and the functions read, each name written once. */
export const ENV = {
  /** AWS region of the SDK clients (Lambda sets it). */
  region: 'AWS_REGION',
  /** A DynamoDB-compatible endpoint (dynalite locally); unset on AWS. */
  dynamodbEndpoint: 'DYNAMODB_ENDPOINT',
  /** Physical table names (the stack's tables; locally the definitions' default names). */
  entityTable: ENTITY_TABLE.envVar,
  beliefTable: BELIEF_TABLE.envVar,
  jobTable: JOB_TABLE.envVar,
  /** The scheduling job queue, and an SQS-compatible endpoint (fauxqs locally; unset on AWS). */
  jobQueueUrl: 'JOB_QUEUE_URL',
  sqsEndpoint: 'SQS_ENDPOINT',
  /** `dynamodb` (default) or `timestream`. */
  beliefStore: 'BELIEF_STORE',
  timestreamDatabase: 'TIMESTREAM_DATABASE',
  timestreamTable: 'TIMESTREAM_TABLE',
  /** ISO 8601 durations bounding Timestream queries on belief time (see stores/timestream/beliefs.ts). */
  timestreamMaxBeliefLead: 'TIMESTREAM_MAX_BELIEF_LEAD',
  timestreamMaxBeliefLag: 'TIMESTREAM_MAX_BELIEF_LAG',
  /** Settings the stack sets (the others keep their defaults on AWS unless an operator sets them). */
  tokenMaxAgeSeconds: 'TOKEN_MAX_AGE_SECONDS',
  planningHorizon: 'FLEXMEASURES_PLANNING_HORIZON',
  jobLeaseSeconds: 'JOB_LEASE_SECONDS',
  jobMaxReceiveCount: 'JOB_MAX_RECEIVE_COUNT',
  /** The day-ahead price ingestion: bidding zone → price sensors, and the SSM parameter holding the ENTSO-E token. */
  entsoeTargets: 'ENTSOE_TARGETS',
  entsoeTokenParameter: 'ENTSOE_TOKEN_PARAMETER',
  /** Node's options (source maps in the bundles). */
  nodeOptions: 'NODE_OPTIONS',
  /** Powertools' logger. */
  serviceName: 'POWERTOOLS_SERVICE_NAME',
  logLevel: 'LOG_LEVEL',
} as const;

export type BeliefStoreKind = 'dynamodb' | 'timestream';

/** Where the adapters find their tables, queue and services. */
export interface StoreConfig {
  /** AWS region of the SDK clients; undefined: the SDK's default (DynamoDB and SQS fall back to eu-west-1). */
  readonly region: string | undefined;
  readonly dynamodb: {
    /** A DynamoDB-compatible endpoint (dynalite); undefined on AWS. Local credentials go with it. */
    readonly endpoint: string | undefined;
    readonly tables: { readonly entities: string; readonly beliefs: string; readonly jobs: string };
  };
  readonly queue: {
    /** The job queue; undefined where no queue is configured (the job queue port then throws on use). */
    readonly url: string | undefined;
    /** An SQS-compatible endpoint (fauxqs); undefined on AWS. */
    readonly endpoint: string | undefined;
  };
  readonly beliefStore: BeliefStoreKind;
  readonly timestream: {
    readonly database: string | undefined;
    readonly table: string | undefined;
    /** Raw durations, parsed when the Timestream store is first used. */
    readonly maxBeliefLead: string | undefined;
    readonly maxBeliefLag: string | undefined;
  };
  /** SSM Parameter Store (secrets such as the ENTSO-E token). */
  readonly ssm: { readonly region: string | undefined };
}

export interface Config {
  readonly settings: Settings;
  readonly stores: StoreConfig;
}

const given = (raw: string | undefined) => raw?.trim() || undefined;

/** The store configuration of an environment. */
export function storeConfigFrom(env: Environment): StoreConfig {
  const region = given(env[ENV.region]);
  return {
    region,
    dynamodb: {
      endpoint: given(env[ENV.dynamodbEndpoint]),
      tables: {
        entities: given(env[ENV.entityTable]) ?? ENTITY_TABLE.defaultName,
        beliefs: given(env[ENV.beliefTable]) ?? BELIEF_TABLE.defaultName,
        jobs: given(env[ENV.jobTable]) ?? JOB_TABLE.defaultName,
      },
    },
    queue: { url: given(env[ENV.jobQueueUrl]), endpoint: given(env[ENV.sqsEndpoint]) },
    beliefStore: env[ENV.beliefStore] === 'timestream' ? 'timestream' : 'dynamodb',
    timestream: {
      database: given(env[ENV.timestreamDatabase]),
      table: given(env[ENV.timestreamTable]),
      maxBeliefLead: given(env[ENV.timestreamMaxBeliefLead]),
      maxBeliefLag: given(env[ENV.timestreamMaxBeliefLag]),
    },
    ssm: { region },
  };
}

/** The configuration of an environment object (the local runtime, the tests, the solver's worker thread). */
export function configFrom(env: Environment): Config {
  return { settings: settingsFrom(env), stores: storeConfigFrom(env) };
}

let fromProcess: Config | undefined;

/** This container's configuration: `process.env`, read at the first call and never again. */
export function configFromEnv(): Config {
  return (fromProcess ??= configFrom({ ...process.env }));
}

const DEFAULT_VERSION = '0.23.0';
const DEFAULT_LEASE_SECONDS = 300;

const positive = (raw: string | undefined, fallback: number) => {
  const n = Number(raw);
  return raw && Number.isFinite(n) && n > 0 ? n : fallback;
};

function planningHorizonMs(raw: string | undefined): number {
  if (!raw) return DEFAULT_PLANNING_HORIZON_MS;
  const ms = parseFixedDuration(raw);
  if (!(ms > 0)) throw new Error(`FLEXMEASURES_PLANNING_HORIZON must be a positive duration, got ${raw}`);
  return ms;
}

function maxPlanningHorizon(value: string | undefined): Settings['maxPlanningHorizon'] {
  const raw = value?.trim();
  if (!raw) return undefined;
  if (raw === 'null' || raw === 'none') return null;
  if (/^\d+$/.test(raw)) return Number(raw);
  return { ms: parseFixedDuration(raw) };
}

function solveOptions(env: Environment): SolveOptions {
  const options: SolveOptions = {};
  const limit = Number(env.SCHEDULER_TIME_LIMIT_SECONDS);
  if (env.SCHEDULER_TIME_LIMIT_SECONDS && limit > 0) options.timeLimitSeconds = limit;
  const gap = Number(env.SCHEDULER_MIP_GAP);
  if (env.SCHEDULER_MIP_GAP && gap >= 0) options.mipGap = gap;
  return options;
}

/** Defines `key` on `target` as a getter that computes its value once. */
function lazy<T extends object, K extends keyof T>(target: Partial<T>, key: K, compute: () => T[K]): void {
  let value: { v: T[K] } | undefined;
  Object.defineProperty(target, key, { enumerable: true, get: () => (value ??= { v: compute() }).v });
}

/** The settings of an environment (parsed on first read of each). */
export function settingsFrom(env: Environment): Settings {
  const settings: Partial<Settings> = {};
  lazy(settings, 'version', () => env.FLEXMEASURES_VERSION || DEFAULT_VERSION);
  lazy(settings, 'planningHorizonMs', () => planningHorizonMs(env[ENV.planningHorizon]));
  lazy(settings, 'maxPlanningHorizon', () => maxPlanningHorizon(env.FLEXMEASURES_MAX_PLANNING_HORIZON));
  lazy(settings, 'hostsAndAuthStart', () => parseHostsAndAuthStart(env.FLEXMEASURES_HOSTS_AND_AUTH_START));
  lazy(settings, 'allowDataOverwrite', () => ['true', '1', 'yes'].includes((env.FLEXMEASURES_ALLOW_DATA_OVERWRITE ?? '').trim().toLowerCase()));
  lazy(settings, 'sunset', () => ({ sunsetDate: env.FLEXMEASURES_API_SUNSET_DATE, sunsetLink: env.FLEXMEASURES_API_SUNSET_LINK }));
  lazy(settings, 'tokenMaxAgeMs', () => tokenMaxAgeMs(env));
  lazy(settings, 'scryptCost', () => defaultScryptCost(env));
  lazy(settings, 'jobMaxReceiveCount', () => {
    const n = Number(env[ENV.jobMaxReceiveCount]);
    return Number.isInteger(n) && n > 0 ? n : DEFAULT_MAX_RECEIVE_COUNT;
  });
  lazy(settings, 'jobLeaseMs', () => positive(env[ENV.jobLeaseSeconds], DEFAULT_LEASE_SECONDS) * 1000);
  lazy(settings, 'solve', () => solveOptions(env));
  lazy(settings, 'priceIngest', () => readIngestEnvironment(env));
  return settings as Settings;
}
