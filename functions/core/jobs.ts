/**
 * Scheduling jobs in FlexMeasures' terms: the de-duplication key of a trigger request (§7.3) and
 * the answer of GET /sensors/<id>/schedules/<uuid> for each job state (§7.4, decisions 5, 11, 15).
 * Pure: no I/O.
 */
import { createHash } from 'node:crypto';

export const JOB_CACHE_TTL_MS = 3600_000;
export const PLANNING_TTL_MS = 7 * 24 * 3600_000;
export const JOB_TTL_MS = 24 * 3600_000;

/** Canonical JSON (sorted keys) so that equal requests hash equally whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** Identity of a trigger request: same sensor, start, end, resolution, prior, flex-model and flex-context. */
export function triggerRequestHash(request: {
  sensorId: number;
  start: number;
  end: number;
  resolutionMs: number;
  prior: number | null;
  flexModel: unknown;
  flexContext: unknown;
}): string {
  return createHash('sha256').update(canonical(request)).digest('hex');
}

export interface JobView {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  scheduler: string;
  error?: { type: string; message: string };
}

export type PendingAnswer = { http: 400; status: 'UNRECOGNIZED_UDI_EVENT' | 'UNKNOWN_SCHEDULE'; message: string };

const NO_SCHEDULE = 'No known schedule for this time period.';

/** The 400 answer for a job id that is unknown or expired. */
export function unknownJob(id: string): PendingAnswer {
  return { http: 400, status: 'UNRECOGNIZED_UDI_EVENT', message: `The requested UDI event (id = ${id}, type = job) is not known.` };
}

/** The 400 answer for a job that has no schedule to serve (queued, running, failed); null when done. */
export function pendingJob(job: JobView): PendingAnswer | null {
  const used = `${job.scheduler} was used.`;
  switch (job.status) {
    case 'queued':
      return { http: 400, status: 'UNKNOWN_SCHEDULE', message: `${NO_SCHEDULE} Scheduling job waiting to be processed. ${used}` };
    case 'running':
      return { http: 400, status: 'UNKNOWN_SCHEDULE', message: `${NO_SCHEDULE} Scheduling job in progress. ${used}` };
    case 'failed': {
      const type = job.error?.type ?? 'Exception';
      const text =
        job.error?.message ??
        'The job does not state why it failed. The worker may be missing an exception handler, or its exception handler is not storing the exception as job meta data.';
      return { http: 400, status: 'UNKNOWN_SCHEDULE', message: `${NO_SCHEDULE} Scheduling job failed with ${type}: ${text}. ${used}` };
    }
    case 'done':
      return null;
  }
}

/** The 400 answer for a finished job whose schedule is not in the store. */
export function missingSchedule(job: JobView): PendingAnswer {
  return {
    http: 400,
    status: 'UNKNOWN_SCHEDULE',
    message: `${NO_SCHEDULE} A scheduling job has been processed with your job ID, but the schedule was not found in the database. ${job.scheduler} was used.`,
  };
}
