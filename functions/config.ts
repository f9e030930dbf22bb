/**
 * Reads the deployment's settings from the environment, once per container: a Lambda reads
 * `process.env` at its first request; the local runtime and the tests pass an environment of their
 * own. Values are parsed on first use (a getter each), so a malformed variable fails only what
 * reads it, and says which variable is wrong.
 */
import { defaultScryptCost } from './core/auth/passwords.js';
import { tokenMaxAgeMs } from './core/auth/tokens.js';
import { parseHostsAndAuthStart } from './core/entity-address.js';
import { DEFAULT_PLANNING_HORIZON_MS } from './core/jobs.js';
import { readIngestEnvironment } from './core/prices/ingest-settings.js';
import { DEFAULT_MAX_RECEIVE_COUNT, type Settings } from './core/settings.js';
import type { SolveOptions } from './core/scheduling/index.js';
import { parseFixedDuration } from './core/time/index.js';

export type Environment = Readonly<Record<string, string | undefined>>;

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
  lazy(settings, 'planningHorizonMs', () => planningHorizonMs(env.FLEXMEASURES_PLANNING_HORIZON));
  lazy(settings, 'maxPlanningHorizon', () => maxPlanningHorizon(env.FLEXMEASURES_MAX_PLANNING_HORIZON));
  lazy(settings, 'hostsAndAuthStart', () => parseHostsAndAuthStart(env.FLEXMEASURES_HOSTS_AND_AUTH_START));
  lazy(settings, 'allowDataOverwrite', () => ['true', '1', 'yes'].includes((env.FLEXMEASURES_ALLOW_DATA_OVERWRITE ?? '').trim().toLowerCase()));
  lazy(settings, 'sunset', () => ({ sunsetDate: env.FLEXMEASURES_API_SUNSET_DATE, sunsetLink: env.FLEXMEASURES_API_SUNSET_LINK }));
  lazy(settings, 'tokenMaxAgeMs', () => tokenMaxAgeMs(env));
  lazy(settings, 'scryptCost', () => defaultScryptCost(env));
  lazy(settings, 'jobMaxReceiveCount', () => {
    const n = Number(env.JOB_MAX_RECEIVE_COUNT);
    return Number.isInteger(n) && n > 0 ? n : DEFAULT_MAX_RECEIVE_COUNT;
  });
  lazy(settings, 'jobLeaseMs', () => positive(env.JOB_LEASE_SECONDS, DEFAULT_LEASE_SECONDS) * 1000);
  lazy(settings, 'solve', () => solveOptions(env));
  lazy(settings, 'priceIngest', () => readIngestEnvironment(env));
  return settings as Settings;
}
