/** Scheduling jobs: created by the trigger endpoint, claimed and finished by the solver. */

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

/** What the trigger endpoint fixed: everything the solver needs to run the job again from scratch. */
export interface JobRequest {
  sensorId: number;
  /** Epoch ms. */
  start: number;
  end: number;
  resolutionMs: number;
  /** Belief time for the inputs and the stored schedule; null = the job's run time. */
  prior: number | null;
  flexModel: Record<string, unknown>;
  flexContext: Record<string, unknown>;
}

/** A finished schedule: power per step in the sensor's unit, consumption positive. */
export interface JobResult {
  start: number;
  resolutionMs: number;
  unit: string;
  values: number[];
  /** Belief time the schedule was stored with (beliefs of the power sensor). */
  beliefTime: number;
  /** The scheduler data source the beliefs were stored under. */
  sourceId: number;
  /** Solver facts: status, MIP gap, expected cost, … */
  info: Record<string, unknown>;
}

export interface JobFailure {
  /** Exception type name as FlexMeasures reports it, e.g. `InfeasibleProblemException`. */
  type: string;
  message: string;
}

export interface Job {
  id: string;
  status: JobStatus;
  /** Scheduler class name, known from trigger time on (decision 11). */
  scheduler: string;
  request: JobRequest;
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  result?: JobResult;
  error?: JobFailure;
  /** Epoch ms after which the job is gone (checked on read; TTL deletion is only best effort). */
  expiresAt: number;
}

export interface JobStore {
  /** Creates a queued job; fails if the id exists. */
  create(job: Job): Promise<void>;
  /** The job, or null when it never existed or has expired. */
  get(id: string, now: number): Promise<Job | null>;
  /** queued → running. Null when the job is not queued (a duplicate delivery, or gone). */
  claim(id: string, now: number): Promise<Job | null>;
  /** running → done, with the result; keeps the job for `keepMs` more. */
  finish(id: string, result: JobResult, now: number, keepMs: number): Promise<void>;
  /** queued|running → failed; keeps the job for `keepMs` more. Returns false when the job was already done or failed. */
  fail(id: string, error: JobFailure, now: number, keepMs: number): Promise<boolean>;
  /** The job id remembered for an identical trigger request, if still within its window. */
  findDuplicate(requestHash: string, now: number): Promise<string | null>;
  /** Remembers a trigger request → job id until `until` (epoch ms). */
  rememberRequest(requestHash: string, jobId: string, until: number): Promise<void>;
  ping(): Promise<boolean>;
}
