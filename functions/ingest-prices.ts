/**
 * The scheduled day-ahead price ingestion Lambda (EventBridge Scheduler, every 30 minutes from
 * 13:00 Europe/Amsterdam): ENTSO-E prices of each configured bidding zone onto its price sensors
 * (functions/app/price-ingest.ts `ingestDayAheadPrices`). This module connects it to the ENTSO-E
 * client (stores/entsoe) with the token from the secret source (an SSM SecureString) and the
 * invocation's deadline.
 *
 * The invocation fails (throws) when any zone failed, after every zone was tried: Lambda's
 * asynchronous retries run it again (zones already done are skipped by their markers), and the
 * dead-letter queue receives the event once the retries are spent. "No data yet" is not a failure.
 */
import { secretTokenProvider } from './app/entsoe-token.js';
import { ingestDayAheadPrices } from './app/price-ingest.js';
import { readIngestEvent } from './core/prices/index.js';
import { workerHandler } from './lambda/base.js';
import { entsoeDayFetcher } from './stores/entsoe/client.js';

export { PriceIngestionFailedError, type IngestReport } from './app/price-ingest.js';

/** Time kept back from the Lambda's deadline for writing results and logs. */
const DEADLINE_MARGIN_MS = 10_000;

export const handler = workerHandler(async (event: unknown, context, deps) => {
  const request = readIngestEvent(event);
  const startedAt = deps.clock();
  return ingestDayAheadPrices(deps, request, (settings) =>
    entsoeDayFetcher({
      token: secretTokenProvider(settings.tokenParameter, deps.secrets),
      baseUrl: settings.baseUrl,
      now: deps.clock,
      deadline: context ? startedAt + context.getRemainingTimeInMillis() - DEADLINE_MARGIN_MS : undefined,
      onRetry: (retry) => deps.log.warn('Retrying an ENTSO-E request', { ...retry }),
    }),
  );
});
