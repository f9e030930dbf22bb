/**
 * Consumer of the scheduling queue's dead-letter queue: each message's job is marked failed
 * (functions/app/schedule-jobs.ts `failDeadLetteredJob`), so clients polling GET …/schedules/<uuid>
 * get the reason instead of waiting forever.
 */
import { failDeadLetteredJob } from './app/schedule-jobs.js';
import { sqsRecordHandler } from './lambda/base.js';

export const handler = sqsRecordHandler((record, deps) => failDeadLetteredJob(deps, record));
