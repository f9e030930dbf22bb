/**
 * Stack configuration from CDK context (`cdk deploy -c key=value` or cdk.json), with defaults.
 * Every key is documented in the README.
 */
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { parseIngestTargets, type PriceIngestTarget } from '../functions/core/prices/targets.js';
import type { BeliefStoreKind } from '../functions/lambda/config.js';

export interface StackConfig {
  stage: string;
  beliefStore: BeliefStoreKind;
  corsOrigins: string[];
  tokenMaxAgeSeconds: number;
  planningHorizon: string;
  /** Solver Lambda timeout (s, ≤ 900); GLPK gets half of it, the queue's visibility timeout is 6×. */
  solverTimeoutSeconds: number;
  /** At most this many solver Lambdas run at once (the SQS event source's maxConcurrency, 2–1000). */
  solverMaxConcurrency: number;
  /** Stage throttle of every route: steady requests per second and burst. */
  apiThrottle: { rateLimit: number; burstLimit: number };
  /** Stage throttle of the routes that check passwords (route table `throttle: 'credentials'`). */
  authThrottle: { rateLimit: number; burstLimit: number };
  retainData: boolean;
  logRetention: RetentionDays;
  timestreamMemoryRetentionHours: number;
  timestreamMagneticRetentionDays: number;
  /** Day-ahead price ingestion: bidding zone → price sensors (`entsoeTargets`); none = no schedule. */
  entsoeTargets: PriceIngestTarget[];
  /** Name of the SSM SecureString holding the ENTSO-E token (created by the operator). */
  entsoeTokenParameter: string;
  /** ARN of the customer managed KMS key of that parameter; null for the AWS managed key aws/ssm. */
  entsoeTokenKmsKeyArn: string | null;
}

type ContextReader = (key: string) => unknown;

function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string' && value.trim()) return value.split(',').map((s) => s.trim()).filter(Boolean);
  return [];
}

function num(value: unknown, fallback: number): number {
  if (value === undefined || value === null || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`Expected a positive number in CDK context, got ${String(value)}`);
  return n;
}

function bool(value: unknown, fallback: boolean): boolean {
  if (value === undefined || value === null || value === '') return fallback;
  return value === true || value === 'true';
}

const RETENTIONS: Record<number, RetentionDays> = {
  7: RetentionDays.ONE_WEEK,
  14: RetentionDays.TWO_WEEKS,
  30: RetentionDays.ONE_MONTH,
  90: RetentionDays.THREE_MONTHS,
  180: RetentionDays.SIX_MONTHS,
  365: RetentionDays.ONE_YEAR,
};

const SSM_PARAMETER_NAME = /^\/?[A-Za-z0-9_.\-/]{1,1011}$/;

function priceIngestion(context: ContextReader, stage: string) {
  let entsoeTargets: PriceIngestTarget[];
  try {
    entsoeTargets = parseIngestTargets(context('entsoeTargets'));
  } catch (e) {
    throw new Error(`Context entsoeTargets: ${(e as Error).message}`);
  }
  const entsoeTokenParameter = String(context('entsoeTokenParameter') ?? `/flexmeasures/${stage}/entsoe-token`);
  if (!SSM_PARAMETER_NAME.test(entsoeTokenParameter) || entsoeTokenParameter.startsWith('arn:')) {
    throw new Error(`Context entsoeTokenParameter must be an SSM parameter name such as /flexmeasures/${stage}/entsoe-token, got "${entsoeTokenParameter}"`);
  }
  const kms = context('entsoeTokenKmsKeyArn');
  const entsoeTokenKmsKeyArn = kms === undefined || kms === null || kms === '' ? null : String(kms);
  if (entsoeTokenKmsKeyArn !== null && !/^arn:aws[\w-]*:kms:[\w-]+:\d{12}:key\/[\w-]+$/.test(entsoeTokenKmsKeyArn)) {
    throw new Error(`Context entsoeTokenKmsKeyArn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), got "${entsoeTokenKmsKeyArn}"`);
  }
  return { entsoeTargets, entsoeTokenParameter, entsoeTokenKmsKeyArn };
}

/** An integer context value within [min, max]. */
function int(context: ContextReader, key: string, fallback: number, min: number, max: number): number {
  const n = num(context(key), fallback);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`Context ${key} must be an integer from ${min} to ${max}, got ${n}`);
  return n;
}

/**
 * There is no default belief store: Timestream for LiveAnalytics is closed to accounts that did
 * not use it before 2025-06-20, so a default of Timestream would fail most new accounts' deploys
 * minutes into CloudFormation, and a default of DynamoDB would silently move existing ones.
 */
export const BELIEF_STORE_CHOICE = [
  'Choose the belief store: add -c beliefStore=dynamodb or -c beliefStore=timestream.',
  '  dynamodb   works in every AWS account.',
  '  timestream Timestream for LiveAnalytics; only for accounts that used it before 2025-06-20',
  '             (it is closed to new customers, and a deploy elsewhere fails after minutes).',
].join('\n');

export class ConfigError extends Error {}

export function readConfig(context: ContextReader): StackConfig {
  const chosen = context('beliefStore');
  if (chosen === undefined || chosen === null || chosen === '') throw new ConfigError(BELIEF_STORE_CHOICE);
  const beliefStore = String(chosen);
  if (beliefStore !== 'timestream' && beliefStore !== 'dynamodb') {
    throw new ConfigError(`Context beliefStore must be "timestream" or "dynamodb", got "${beliefStore}".\n${BELIEF_STORE_CHOICE}`);
  }
  const logDays = num(context('logRetentionDays'), 30);
  const logRetention = RETENTIONS[logDays];
  if (!logRetention) throw new Error(`Context logRetentionDays must be one of ${Object.keys(RETENTIONS).join(', ')}`);
  return {
    stage: String(context('stage') ?? 'dev'),
    beliefStore,
    corsOrigins: list(context('corsOrigins')),
    tokenMaxAgeSeconds: num(context('tokenMaxAgeSeconds'), 21600),
    planningHorizon: String(context('planningHorizon') ?? 'P2D'),
    solverTimeoutSeconds: int(context, 'solverTimeoutSeconds', 300, 10, 900),
    solverMaxConcurrency: int(context, 'solverMaxConcurrency', 5, 2, 1000),
    apiThrottle: { rateLimit: num(context('apiThrottleRate'), 500), burstLimit: int(context, 'apiThrottleBurst', 1000, 1, 5000) },
    authThrottle: { rateLimit: num(context('authThrottleRate'), 5), burstLimit: int(context, 'authThrottleBurst', 10, 1, 5000) },
    retainData: bool(context('retainData'), true),
    logRetention,
    timestreamMemoryRetentionHours: num(context('timestreamMemoryRetentionHours'), 24),
    timestreamMagneticRetentionDays: num(context('timestreamMagneticRetentionDays'), 3650),
    ...priceIngestion(context, String(context('stage') ?? 'dev')),
  };
}
