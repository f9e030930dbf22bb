/** Ports: what the handlers need from storage and queues, independent of AWS services. */

/** The scheduling job queue (SQS). */
export interface JobQueue {
  /** Sends one message; resolves to the message id. */
  send(message: Record<string, unknown>): Promise<string>;
  /** Readiness. */
  ping(): Promise<boolean>;
}

export * from './accounts.js';
export * from './jobs.js';
