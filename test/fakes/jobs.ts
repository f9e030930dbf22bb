/**
 * In-memory fakes of the job store and the job queue, faithful to the ports: conditional state
 * transitions as the DynamoDB adapter makes them (queued → running → done | failed, leases, run ids),
 * expiry checked on read, trigger-request markers held until their hour is over. Values are copied
 * in and out, as a real store would, so a test cannot change a stored job by accident.
 */
import type { ClaimOptions, Job, JobFailure, JobQueue, JobResult, JobStore } from '../../functions/core/ports/index.js';

export class FakeJobStore implements JobStore {
  readonly jobs = new Map<string, Job>();
  readonly requests = new Map<string, { jobId: string; until: number }>();

  async create(job: Job): Promise<void> {
    if (this.jobs.has(job.id)) throw new Error(`job ${job.id} exists`);
    this.jobs.set(job.id, structuredClone(job));
  }

  async get(id: string, now: number): Promise<Job | null> {
    const job = this.jobs.get(id);
    return job && job.expiresAt > now ? structuredClone(job) : null;
  }

  async claim(id: string, now: number, options: ClaimOptions = {}): Promise<Job | null> {
    const job = this.jobs.get(id);
    if (!job || !(job.expiresAt > now)) return null;
    const stale = options.leaseMs !== undefined && job.status === 'running' && (job.startedAt ?? 0) <= now - options.leaseMs;
    if (job.status !== 'queued' && !stale) return null;
    Object.assign(job, {
      status: 'running',
      startedAt: now,
      firstStartedAt: job.firstStartedAt ?? now,
      runId: options.runId ?? `run-${now}`,
      attempts: (job.attempts ?? 0) + 1,
    });
    return structuredClone(job);
  }

  async release(id: string, runId: string): Promise<boolean> {
    const job = this.jobs.get(id);
    if (!job || job.status !== 'running' || job.runId !== runId) return false;
    job.status = 'queued';
    delete job.runId;
    return true;
  }

  async finish(id: string, result: JobResult, now: number, keepMs: number, runId?: string): Promise<boolean> {
    const job = this.jobs.get(id);
    if (!job || job.status !== 'running' || (runId !== undefined && job.runId !== runId)) return false;
    Object.assign(job, { status: 'done', result: structuredClone(result), finishedAt: now, expiresAt: now + keepMs });
    return true;
  }

  async fail(id: string, error: JobFailure, now: number, keepMs: number): Promise<boolean> {
    const job = this.jobs.get(id);
    if (!job || (job.status !== 'queued' && job.status !== 'running')) return false;
    Object.assign(job, { status: 'failed', error: { ...error }, finishedAt: now, expiresAt: now + keepMs });
    return true;
  }

  async findDuplicate(requestHash: string, now: number): Promise<string | null> {
    const held = this.requests.get(requestHash);
    return held && held.until > now ? held.jobId : null;
  }

  async claimRequest(requestHash: string, jobId: string, now: number, until: number, replace = false): Promise<string> {
    const held = this.requests.get(requestHash);
    if (!replace && held && held.until > now) return held.jobId;
    this.requests.set(requestHash, { jobId, until });
    return jobId;
  }

  async releaseRequest(requestHash: string, jobId: string): Promise<void> {
    if (this.requests.get(requestHash)?.jobId === jobId) this.requests.delete(requestHash);
  }

  async discard(id: string): Promise<void> {
    this.jobs.delete(id);
  }

  async ping(): Promise<boolean> {
    return true;
  }
}

/** The job queue: messages in order of sending; `failing` makes `send` reject (an unavailable queue). */
export class FakeJobQueue implements JobQueue {
  readonly messages: Record<string, unknown>[] = [];
  failing: Error | null = null;

  async send(message: Record<string, unknown>): Promise<string> {
    if (this.failing) throw this.failing;
    this.messages.push(structuredClone(message));
    return `message-${this.messages.length}`;
  }

  async ping(): Promise<boolean> {
    return this.failing === null;
  }
}
