/**
 * The base of the Lambdas that are not API routes — the solver, its dead-letter consumer and the
 * price ingestion: middy with Powertools' logger context per invocation (request id and function
 * name on every line, keys reset between invocations), one log line for an invocation that fails,
 * and the ports (functions/stores/index.ts `ports()`) handed to the function; `withPorts` gives the
 * same handler over other ports (the local runtime's). An SQS consumer is a function of one record:
 * Powertools' batch processor reports the records that failed (ReportBatchItemFailures), so only
 * those are delivered again.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Ports } from '../core/ports/index.js';
import { ports as realPorts } from '../stores/index.js';
import { logger } from './logger.js';

/** What a worker Lambda does with one event; the context is absent when a test or script calls it directly. */
export type WorkerFn<E, R> = (event: E, context: Context | undefined, deps: Ports) => Promise<R>;

/** A worker Lambda's handler, which the local runtime and the tests can also run against ports of their own. */
export type WorkerHandler<E, R> = ((event: E, context?: Context) => Promise<R>) & { withPorts(ports: Ports): (event: E, context?: Context) => Promise<R> };

/** A Lambda handler around `fn`: logger context per invocation, failures logged (and rethrown). */
export function workerHandler<E, R>(fn: WorkerFn<E, R>): WorkerHandler<E, R> {
  const lambda = (deps: () => Ports) => {
    const wrapped = middy(async (event: E, context: Context) => fn(event, context, deps()))
      .use(injectLambdaContext(logger, { resetKeys: true }))
      .onError(async (request) => {
        logger.error('Invocation failed', request.error as Error);
      });
    // Without a context (a direct call) there is no invocation to describe.
    return (event: E, context?: Context) => (context ? wrapped(event, context) : fn(event, undefined, deps()));
  };
  return Object.assign(lambda(realPorts), { withPorts: (p: Ports) => lambda(() => p) });
}

/** An SQS event source's handler: Lambda always passes a context. */
export type SqsHandler = ((event: SQSEvent, context: Context) => Promise<SQSBatchResponse>) & {
  withPorts(ports: Ports): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;
};

/** An SQS consumer (batch handler with partial batch failures) running `onRecord` for each record. */
export function sqsRecordHandler(onRecord: (record: SQSRecord, deps: Ports) => Promise<unknown>): SqsHandler {
  return workerHandler((event: SQSEvent, context, deps) =>
    // One processor per invocation: it keeps per-batch state.
    processPartialResponse(event, (record: SQSRecord) => onRecord(record, deps), new BatchProcessor(EventType.SQS), context ? { context } : undefined),
  );
}
