/** Scheduling jobs: created by the trigger endpoint, claimed and finished by the solver. */
import type { StorageFlexConfig } from '../flex/index.js';
import type { ProcessFlexConfig } from '../process/index.js';

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

/** What the trigger endpoint fixed: everything the solver needs to run the job again from scratch. */
export interface JobRequest {
  sensorId: number;
  /** Epoch ms. */
  start: number;
  /** `start + duration` as requested (the flex config may extend it to the latest SoC target). */
  end: number;
  resolutionMs: number;
  /** Belief time for the inputs and the stored schedule; null = the job's run time. */
  prior: number | null;
  /** The trigger's `flex-model` and `flex-context` as sent (for the record and de-duplication). */
  flexModel: Record<string, unknown>;
  flexContext: Record<string, unknown>;
  /**
   * The validated flex configuration (defaults filled in, window possibly extended) the solver runs
   * with: a storage configuration, or a process one (`kind: 'process'`).
   */
  flexConfig: StorageFlexConfig | ProcessFlexConfig;
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
  /** Scheduler class name, known from trigger time on (decision 0011). */
  scheduler: string;
  request: JobRequest;
  /** The de-duplication key of the trigger request that created the job (core/jobs.ts `triggerRequestHash`). */
  requestHash?: string;
  createdAt: number;
  /** When the current (or last) run claimed the job. */
  startedAt?: number;
  /** When the first run claimed the job: the belief time of the schedule when the request has no prior. */
  firstStartedAt?: number;
  /** The run holding the claim; only it may finish or release the job. */
  runId?: string;
  /** How many runs claimed the job. */
  attempts?: number;
  finishedAt?: number;
  result?: JobResult;
  error?: JobFailure;
  /** Epoch ms after which the job is gone (checked on read; TTL deletion is only best effort). */
  expiresAt: number;
}

/** How a run claims a job. */
export interface ClaimOptions {
  /** Identifies the run; `finish` and `release` act only for the run holding the claim. */
  runId?: string;
  /**
   * A job still `running` whose claim is at least this old (ms) may be claimed again: its run died
   * without releasing it (Lambda timeout, crash). Must exceed the longest possible run. Default: never.
   */
  leaseMs?: number;
}

export interface JobStore {
  /** Creates a queued job; fails if the id exists. */
  create(job: Job): Promise<void>;
  /** The job, or null when it never existed or has expired. */
  get(id: string, now: number): Promise<Job | null>;
  /**
   * queued → running (or a stale `running` → running, see `ClaimOptions.leaseMs`). Null when the job
   * cannot be claimed: a duplicate delivery while another run holds it, a finished or failed job, or gone.
   */
  claim(id: string, now: number, options?: ClaimOptions): Promise<Job | null>;
  /** running → queued, for the run holding the claim (a transient failure; the message comes back). False when it no longer holds it. */
  release(id: string, runId: string): Promise<boolean>;
  /**
   * running → done, with the result; keeps the job for `keepMs` more. With `runId`, only for the run
   * holding the claim. False (nothing written to the job) when the job is not running (under that run).
   */
  finish(id: string, result: JobResult, now: number, keepMs: number, runId?: string): Promise<boolean>;
  /** queued|running → failed; keeps the job for `keepMs` more. Returns false when the job was already done or failed. */
  fail(id: string, error: JobFailure, now: number, keepMs: number): Promise<boolean>;
  /** The job id remembered for an identical trigger request, if still within its window. */
  findDuplicate(requestHash: string, now: number): Promise<string | null>;
  /**
   * Claims a trigger request for `jobId` until `until` (epoch ms), atomically: of identical requests
   * racing, one wins. Returns the job id that holds the request now: `jobId` when it won (or with
   * `replace`, which takes the request over whoever holds it), else the winner's.
   */
  claimRequest(requestHash: string, jobId: string, now: number, until: number, replace?: boolean): Promise<string>;
  /** Lets go of a trigger request claimed for `jobId` (nothing happens when another job holds it). */
  releaseRequest(requestHash: string, jobId: string): Promise<void>;
  /** Deletes a job that was never queued (it lost the race for its request), with its chunk items. */
  discard(id: string): Promise<void>;
  ping(): Promise<boolean>;
}
