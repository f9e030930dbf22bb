import { describe, it, expect } from '@jest/globals';
import { missingSchedule, pendingJob, triggerRequestHash, unknownJob } from '../../../functions/core/jobs.js';

const base = { sensorId: 1, start: 0, end: 86_400_000, resolutionMs: 900_000, prior: null };

describe('trigger de-duplication key', () => {
  it('ignores key order but not values', () => {
    const a = triggerRequestHash({ ...base, flexModel: { 'soc-at-start': 1, 'soc-max': 4 }, flexContext: {} });
    const b = triggerRequestHash({ ...base, flexModel: { 'soc-max': 4, 'soc-at-start': 1 }, flexContext: {} });
    const c = triggerRequestHash({ ...base, flexModel: { 'soc-max': 5, 'soc-at-start': 1 }, flexContext: {} });
    const d = triggerRequestHash({ ...base, prior: 1, flexModel: { 'soc-max': 4, 'soc-at-start': 1 }, flexContext: {} });
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(a).not.toBe(d);
  });
});

describe('schedule GET answers per job state (§7.4)', () => {
  const job = { id: 'x', scheduler: 'StorageScheduler' };
  it('names the state and the scheduler, with single spaces', () => {
    expect(pendingJob({ ...job, status: 'queued' })!.message).toBe(
      'No known schedule for this time period. Scheduling job waiting to be processed. StorageScheduler was used.',
    );
    expect(pendingJob({ ...job, status: 'running' })!.message).toBe(
      'No known schedule for this time period. Scheduling job in progress. StorageScheduler was used.',
    );
    expect(pendingJob({ ...job, status: 'failed', error: { type: 'UnknownPricesException', message: 'Prices unknown for planning window. (sensor 5)' } })).toEqual({
      http: 400,
      status: 'UNKNOWN_SCHEDULE',
      message: 'No known schedule for this time period. Scheduling job failed with UnknownPricesException: Prices unknown for planning window. (sensor 5). StorageScheduler was used.',
    });
    expect(pendingJob({ ...job, status: 'done' })).toBeNull();
    expect(missingSchedule({ ...job, status: 'done' }).message).toBe(
      'No known schedule for this time period. A scheduling job has been processed with your job ID, but the schedule was not found in the database. StorageScheduler was used.',
    );
  });

  it('keeps the polling cues the Python client relies on', () => {
    expect(pendingJob({ ...job, status: 'queued' })!.message).toContain('Scheduling job waiting');
    expect(pendingJob({ ...job, status: 'running' })!.message).toContain('Scheduling job in progress');
  });

  it('explains failures without a stored exception', () => {
    expect(pendingJob({ ...job, status: 'failed' })!.message).toContain('failed with Exception: The job does not state why it failed.');
  });

  it('answers unknown ids with UNRECOGNIZED_UDI_EVENT', () => {
    expect(unknownJob('abc')).toEqual({ http: 400, status: 'UNRECOGNIZED_UDI_EVENT', message: 'The requested UDI event (id = abc, type = job) is not known.' });
  });
});
