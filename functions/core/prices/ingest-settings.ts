/**
 * What the price ingestion reads from its environment (set by lib/stack.ts from CDK context; read
 * once per container into the settings by functions/lambda/config.ts) and from its invocation event
 * (EventBridge Scheduler's input, or a manual `aws lambda invoke`).
 */
import { deliveryDayWindow } from './delivery-day.js';
import { parseIngestTargets, type PriceIngestTarget } from './targets.js';
import { TimeFormatError, parseAwareDatetime } from '../time/index.js';

/** The production ENTSO-E API. Other base URLs (`ENTSOE_BASE_URL`) are for tests only. */
export const DEFAULT_ENTSOE_BASE_URL = 'https://web-api.tp.entsoe.eu/api';

export interface IngestEnvironment {
  /** `ENTSOE_TARGETS`: JSON, bidding zone → price sensor id(s) (core/prices/targets.ts). */
  targets: PriceIngestTarget[];
  /** `ENTSOE_TOKEN_PARAMETER`: name of the SSM SecureString holding the ENTSO-E token. */
  tokenParameter: string;
  /** `ENTSOE_BASE_URL`: for tests only; default the production API. */
  baseUrl: string;
}

/** Reads the environment. @throws Error naming the variable that is wrong. */
export function readIngestEnvironment(env: Readonly<Record<string, string | undefined>>): IngestEnvironment {
  let targets: PriceIngestTarget[];
  try {
    targets = parseIngestTargets(env.ENTSOE_TARGETS);
  } catch (e) {
    throw new Error(`ENTSOE_TARGETS: ${(e as Error).message}`);
  }
  const baseUrl = env.ENTSOE_BASE_URL?.trim() || DEFAULT_ENTSOE_BASE_URL;
  let protocol: string;
  try {
    protocol = new URL(baseUrl).protocol;
  } catch {
    protocol = '';
  }
  if (protocol !== 'https:' && protocol !== 'http:') throw new Error(`ENTSOE_BASE_URL: '${baseUrl}' is not an http(s) URL.`);
  return { targets, tokenParameter: env.ENTSOE_TOKEN_PARAMETER?.trim() ?? '', baseUrl };
}

/** What an invocation asks for. */
export interface IngestRequest {
  /** A delivery day (`yyyy-MM-dd`) to ingest instead of the next one (manual back-fill). */
  day?: string;
  /** The instant the run is for: the schedule's `scheduledTime`, so a retried invocation picks the same day. */
  at?: number;
}

/**
 * Reads the invocation event: `{}` (or nothing), `{"scheduledTime": "<aware ISO datetime>"}` as
 * the schedule sends it, and/or `{"day": "yyyy-MM-dd"}` for a manual run.
 * @throws Error for a malformed day or time (a typo in a manual invocation must not pass silently).
 */
export function readIngestEvent(event: unknown): IngestRequest {
  if (event === null || event === undefined) return {};
  if (typeof event !== 'object' || Array.isArray(event)) throw new Error('The invocation event must be a JSON object.');
  const { day, scheduledTime } = event as { day?: unknown; scheduledTime?: unknown };
  const request: IngestRequest = {};
  if (day !== undefined) {
    if (typeof day !== 'string') throw new Error(`Event field 'day' must be a yyyy-MM-dd string.`);
    deliveryDayWindow(day, 'UTC'); // validates the date
    request.day = day;
  }
  if (scheduledTime !== undefined) {
    try {
      request.at = parseAwareDatetime(scheduledTime).ms;
    } catch (e) {
      if (e instanceof TimeFormatError) throw new Error(`Event field 'scheduledTime' must be an ISO 8601 datetime with offset.`);
      throw e;
    }
  }
  return request;
}
