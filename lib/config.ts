/**
 * Stack configuration from CDK context (`cdk deploy -c key=value` or cdk.json), with defaults.
 * Every key is documented in the README.
 */
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

export interface StackConfig {
  stage: string;
  beliefStore: 'timestream' | 'dynamodb';
  corsOrigins: string[];
  tokenMaxAgeSeconds: number;
  planningHorizon: string;
  solverTimeoutSeconds: number;
  retainData: boolean;
  logRetention: RetentionDays;
  timestreamMemoryRetentionHours: number;
  timestreamMagneticRetentionDays: number;
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

export function readConfig(context: ContextReader): StackConfig {
  const beliefStore = (context('beliefStore') ?? 'timestream') as string;
  if (beliefStore !== 'timestream' && beliefStore !== 'dynamodb') {
    throw new Error(`Context beliefStore must be "timestream" or "dynamodb", got "${beliefStore}"`);
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
    solverTimeoutSeconds: num(context('solverTimeoutSeconds'), 300),
    retainData: bool(context('retainData'), true),
    logRetention,
    timestreamMemoryRetentionHours: num(context('timestreamMemoryRetentionHours'), 24),
    timestreamMagneticRetentionDays: num(context('timestreamMagneticRetentionDays'), 3650),
  };
}
