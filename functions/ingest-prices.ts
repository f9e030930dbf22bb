/**
 * The scheduled day-ahead price ingestion Lambda (EventBridge Scheduler, every 30 minutes from
 * 13:00 Europe/Amsterdam): ENTSO-E prices of each configured bidding zone onto its price sensors.
 * The work is done by functions/ingest/prices.ts; this module wires it to the environment, the
 * stores, the token (an SSM SecureString) and the logger.
 *
 * The invocation fails (throws) when any zone failed, after every zone was tried: Lambda's
 * asynchronous retries run it again (zones already done are skipped by their markers), and the
 * dead-letter queue receives the event once the retries are spent. "No data yet" is not a failure.
 */
import type { Context } from 'aws-lambda';
import { now } from './lambda/clock.js';
import { logger } from './lambda/logger.js';
import { readIngestEnvironment, readIngestEvent } from './ingest/environment.js';
import { DEFAULT_ENTSOE_BASE_URL } from './ingest/entsoe-client.js';
import { describeResult, entsoeDayFetcher, runPriceIngestion, type IngestRunSummary } from './ingest/prices.js';
import { secretTokenProvider } from './ingest/token.js';
import { assetStore, beliefStore, priceIngestStore } from './stores/index.js';

/** Time kept back from the Lambda's deadline for writing results and logs. */
const DEADLINE_MARGIN_MS = 10_000;

/** The invocation's result: one entry per zone, day and sensor. */
export interface IngestReport {
  results: { zone: string; eic: string; day: string; sensorId: number; outcome: string; summary: string }[];
}

/** Some zones failed; the message lists them (never the token). */
export class PriceIngestionFailedError extends Error {
  override readonly name = 'PriceIngestionFailedError';
  constructor(summary: IngestRunSummary) {
    super(
      `Day-ahead price ingestion failed for ${summary.failed.length} of ${summary.results.length} target(s): ` +
        summary.failed.map(describeResult).join('; '),
    );
  }
}

export async function handler(event: unknown, context?: Context): Promise<IngestReport> {
  if (context) logger.addContext(context);
  const env = readIngestEnvironment();
  const request = readIngestEvent(event);
  if (env.targets.length === 0) {
    logger.warn('No price ingestion targets configured (ENTSOE_TARGETS); nothing to do.');
    return { results: [] };
  }
  if (env.baseUrl !== DEFAULT_ENTSOE_BASE_URL) logger.warn('ENTSOE_BASE_URL overrides the ENTSO-E API (meant for tests only)', { baseUrl: env.baseUrl });

  const startedAt = now();
  const summary = await runPriceIngestion(
    env.targets,
    {
      assets: assetStore(),
      beliefs: beliefStore(),
      markers: priceIngestStore(),
      fetchDocument: entsoeDayFetcher({
        token: secretTokenProvider(env.tokenParameter),
        baseUrl: env.baseUrl,
        now,
        deadline: context ? startedAt + context.getRemainingTimeInMillis() - DEADLINE_MARGIN_MS : undefined,
        onRetry: (retry) => logger.warn('Retrying an ENTSO-E request', { ...retry }),
      }),
      now,
      log: logger,
    },
    request,
  );
  if (summary.failed.length) throw new PriceIngestionFailedError(summary);
  return {
    results: summary.results.map((r) => ({
      zone: r.zone.code,
      eic: r.zone.eic,
      day: r.day,
      sensorId: r.sensorId,
      outcome: r.result.outcome,
      summary: describeResult(r),
    })),
  };
}
