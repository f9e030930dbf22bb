/**
 * Telling a store that is briefly unavailable apart from every other failure: the AWS errors that
 * mean "not now" (throttling, capacity, a server-side fault the SDK's own retries did not get
 * past), and the belief store as the use cases get it, which throws `StoreUnavailableError` for
 * those instead of the service's own error.
 */
import { StoreUnavailableError } from '../core/errors.js';
import type { Belief, BeliefQuery, BeliefStore, InsertOutcome, SourceBeliefStats } from '../core/ports/beliefs.js';

/**
 * Whether an error is an AWS service saying "not now": throttling, capacity, or a server-side fault
 * that the SDK's own retries did not get past. A retry of the same request is safe and likely to succeed.
 */
export function isTransientServiceError(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { name?: string; $fault?: string; $retryable?: { throttling?: boolean }; $metadata?: { httpStatusCode?: number } };
  if (e.$retryable?.throttling) return true;
  if (e.name && TRANSIENT_ERROR_NAMES.has(e.name)) return true;
  const status = e.$metadata?.httpStatusCode;
  return e.$fault === 'server' && (status === undefined || status >= 500);
}

const TRANSIENT_ERROR_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'LimitExceededException',
  'InternalServerError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalFailure',
  'KMSThrottlingException',
  'RequestThrottled',
]);

/** Runs a store call, turning a transient service error into `StoreUnavailableError`. */
async function guarded<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw isTransientServiceError(err) ? new StoreUnavailableError(err) : err;
  }
}

/** A belief store adapter whose transient service errors surface as `StoreUnavailableError`. */
export class UnavailabilityReportingBeliefStore implements BeliefStore {
  readonly writeNew?: (beliefs: readonly Belief[]) => Promise<void>;

  constructor(private readonly inner: BeliefStore) {
    if (inner.writeNew) this.writeNew = (beliefs) => guarded(() => inner.writeNew!(beliefs));
  }

  get kind(): BeliefStore['kind'] {
    return this.inner.kind;
  }
  get canDelete(): boolean {
    return this.inner.canDelete;
  }
  query(query: BeliefQuery): Promise<Belief[]> {
    return guarded(() => this.inner.query(query));
  }
  insert(beliefs: readonly Belief[]): Promise<InsertOutcome> {
    return guarded(() => this.inner.insert(beliefs));
  }
  put(beliefs: readonly Belief[]): Promise<void> {
    return guarded(() => this.inner.put(beliefs));
  }
  stats(sensorId: number): Promise<SourceBeliefStats[]> {
    return guarded(() => this.inner.stats(sensorId));
  }
  deleteSensorData(sensorId: number): Promise<void> {
    return guarded(() => this.inner.deleteSensorData(sensorId));
  }
  ping(): Promise<boolean> {
    return this.inner.ping();
  }
}
