/**
 * The solver Lambda: consumes the scheduling job queue (SQS event source mapping with batch size 1
 * and ReportBatchItemFailures; locally the poller of local/poller.ts does the same) and runs each
 * job (functions/app/schedule-jobs.ts). A message is retried only when its job hit an unexpected
 * error; on the message's last delivery (ApproximateReceiveCount ≥ the queue's maxReceiveCount,
 * `JOB_MAX_RECEIVE_COUNT`) the job is failed instead, so it never stays "running". Duplicate
 * deliveries are acknowledged without a second schedule.
 *
 * Settings (functions/lambda/config.ts): JOB_MAX_RECEIVE_COUNT, JOB_LEASE_SECONDS (a job claimed longer
 * ago by a run that died may be taken over; the stack sets the function timeout),
 * SCHEDULER_TIME_LIMIT_SECONDS, SCHEDULER_MIP_GAP.
 */
import { runScheduleMessage, type RunOptions } from './app/schedule-jobs.js';
import { sqsRecordHandler } from './lambda/base.js';

/** The solver's handler; `onClaimed` only for the local runtime's test hold (local/solver-worker.ts). */
export function solverHandler(options: Pick<RunOptions, 'onClaimed'> = {}) {
  return sqsRecordHandler((record, deps) =>
    runScheduleMessage(
      deps,
      { messageId: record.messageId, body: record.body, receiveCount: Number(record.attributes.ApproximateReceiveCount) || 1 },
      options,
    ),
  );
}

export const handler = solverHandler();
