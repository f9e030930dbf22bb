/**
 * The solver Lambda: consumes the scheduling job queue (SQS event source mapping with batch size 1
 * and ReportBatchItemFailures; locally the poller of local/poller.ts does the same) and runs each
 * job (functions/jobs/run.ts). A message is retried only when its job hit an unexpected error; on
 * the message's last delivery (ApproximateReceiveCount ≥ JOB_MAX_RECEIVE_COUNT, the queue's
 * maxReceiveCount) the job is failed instead, so it never stays "running". Duplicate deliveries are
 * acknowledged without a second schedule.
 *
 * Environment: JOB_MAX_RECEIVE_COUNT (default 5), JOB_LEASE_SECONDS (default 300: a job claimed longer
 * ago by a run that died may be taken over; the stack sets the function timeout),
 * SCHEDULER_TIME_LIMIT_SECONDS, SCHEDULER_MIP_GAP.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger } from './lambda/logger.js';
import { jobIdOf } from './jobs/messages.js';
import { runScheduleJob, solveOptionsFrom } from './jobs/run.js';

/** The queue's maxReceiveCount (the stack's redrive policy uses the same default). */
export const DEFAULT_MAX_RECEIVE_COUNT = 5;
const DEFAULT_LEASE_SECONDS = 300;

const positive = (raw: string | undefined, fallback: number) => {
  const n = Number(raw);
  return raw && Number.isFinite(n) && n > 0 ? n : fallback;
};

async function handleRecord(record: SQSRecord): Promise<void> {
  const jobId = jobIdOf(record.body);
  if (!jobId) {
    logger.error('Scheduling message without a job id; dropped', { messageId: record.messageId, body: record.body.slice(0, 200) });
    return;
  }
  const receiveCount = Number(record.attributes.ApproximateReceiveCount) || 1;
  await runScheduleJob(jobId, {
    lastAttempt: receiveCount >= positive(process.env.JOB_MAX_RECEIVE_COUNT, DEFAULT_MAX_RECEIVE_COUNT),
    leaseMs: positive(process.env.JOB_LEASE_SECONDS, DEFAULT_LEASE_SECONDS) * 1000,
    solve: solveOptionsFrom(process.env),
  });
}

/** SQS batch handler with partial batch failures (Powertools batch). */
export async function handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  // One processor per invocation: it keeps per-batch state.
  return processPartialResponse(event, handleRecord, new BatchProcessor(EventType.SQS), { context });
}
