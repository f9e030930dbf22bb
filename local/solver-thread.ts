/**
 * Runs the solver handler on a worker thread (local/solver-worker.ts) for the local runtime: the
 * poller (local/poller.ts) stays on the main thread and hands each SQS batch over, so a long solve
 * does not stall the HTTP server. On AWS the solver is its own Lambda; this gives `npm start` the
 * same separation. Claims, retries and the dead-letter queue are unchanged: the handler is the
 * same, and a handler error (or a crashed worker) fails the batch, which returns to the queue.
 *
 * The worker loads TypeScript with tsx, as `npm start` does: its entry is a plain ES module
 * (local/solver-worker.mjs) that registers tsx's loader in the worker and then imports
 * local/solver-worker.ts; that works under `tsx` and under jest alike.
 */
import { Worker } from 'node:worker_threads';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { Environment } from '../functions/lambda/config.js';
import type { SqsHandler } from './poller.js';

export interface SolverRequest {
  id: number;
  requestId: string;
  event: SQSEvent;
  /** The runtime's `now() − Date.now()`: a clock moved there by a test moves in the worker too. */
  clockOffsetMs: number;
}

/** What the worker starts with. */
export interface SolverWorkerData {
  env: Environment;
  slowSolveGate?: SharedArrayBuffer;
}

export type SolverReply =
  | { id: number; ok: true; response: SQSBatchResponse | void }
  | { id: number; ok: false; error: { name: string; message: string } };

export interface SolverThreadOptions {
  /** The runtime's environment: the worker reads its configuration from it and builds its own ports. */
  env: Environment;
  /** The runtime's clock offset (`now() − Date.now()`), sent with every batch. */
  clockOffsetMs: () => number;
  /** Tests only: see `RuntimeOptions.slowSolveGate`. */
  slowSolveGate?: SharedArrayBuffer;
}

export class SolverThread {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { worker: Worker; resolve: (r: SQSBatchResponse | void) => void; reject: (e: Error) => void }>();
  private closed = false;

  constructor(private readonly options: SolverThreadOptions) {}

  /** Starts the worker now (it loads its modules while the runtime finishes starting). */
  start(): void {
    this.ensureWorker();
  }

  /** The poller's handler: the batch is solved on the worker. */
  readonly handler: SqsHandler = (event: SQSEvent, context: Context) => {
    if (this.closed) return Promise.reject(new Error('solver thread closed'));
    const worker = this.ensureWorker();
    const id = this.nextId++;
    const request: SolverRequest = { id, requestId: context.awsRequestId, event, clockOffsetMs: this.options.clockOffsetMs() };
    return new Promise<SQSBatchResponse | void>((resolve, reject) => {
      this.pending.set(id, { worker, resolve, reject });
      worker.postMessage(request);
    });
  };

  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    if (worker) {
      this.failPending(worker, new Error('solver thread closed'));
      await worker.terminate();
    }
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./solver-worker.mjs', import.meta.url), {
      workerData: { env: this.options.env, slowSolveGate: this.options.slowSolveGate } satisfies SolverWorkerData,
    });
    worker.on('message', (reply: SolverReply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (reply.ok) waiting.resolve(reply.response);
      else waiting.reject(Object.assign(new Error(reply.error.message), { name: reply.error.name }));
    });
    // A worker that dies fails what it had in hand (those batches return to the queue); the next
    // batch starts a fresh one.
    const lost = (err: Error) => {
      if (this.worker === worker) this.worker = null;
      this.failPending(worker, err);
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`solver worker exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }

  private failPending(worker: Worker, err: Error): void {
    for (const [id, waiting] of this.pending) {
      if (waiting.worker !== worker) continue;
      this.pending.delete(id);
      waiting.reject(err);
    }
  }
}
