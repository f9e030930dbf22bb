/**
 * Consumer of the scheduling queue's dead-letter queue. A message lands there after
 * maxReceiveCount deliveries that all ended without an answer (the solver timed out or crashed each
 * time, so its last-delivery catch could not run): its job is marked failed, so clients polling
 * GET …/schedules/<uuid> get the reason instead of waiting forever. Jobs that are already finished
 * or failed are left as they are.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { PLANNING_TTL_MS } from './core/jobs.js';
import { now } from './lambda/clock.js';
import { logger } from './lambda/logger.js';
import { jobIdOf } from './jobs/messages.js';
import { jobStore } from './stores/index.js';

/** The failure recorded for a dead-lettered job (after `attempts` deliveries: the queue's maxReceiveCount). */
export function deadLetterFailure(attempts: number) {
  return {
    type: 'JobTimeoutException',
    message: `The job did not finish in ${attempts} attempts: each run timed out or crashed before it could report`,
  };
}

const attempts = () => {
  const n = Number(process.env.JOB_MAX_RECEIVE_COUNT);
  return Number.isInteger(n) && n > 0 ? n : 5;
};

async function handleRecord(record: SQSRecord): Promise<void> {
  const jobId = jobIdOf(record.body);
  if (!jobId) {
    logger.error('Dead-lettered message without a job id', { messageId: record.messageId });
    return;
  }
  const failed = await jobStore().fail(jobId, deadLetterFailure(attempts()), now(), PLANNING_TTL_MS);
  logger.warn('Dead-lettered scheduling job', { jobId, markedFailed: failed });
}

/** SQS batch handler for the dead-letter queue. */
export async function handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  return processPartialResponse(event, handleRecord, new BatchProcessor(EventType.SQS), { context });
}
