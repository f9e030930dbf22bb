/**
 * Port of short write leases: a named, expiring claim that serialises writers of one thing (the
 * beliefs of one sensor and source). The adapter is `stores/dynamodb/leases.ts` (entity table),
 * used whichever belief store is configured.
 *
 * A lease is held until released or until it expires, so a crashed holder blocks others for at
 * most its duration. A holder must finish its work well within the duration: past its expiry the
 * lease can be taken by another writer.
 */

/** A lease that is held: release it when done (releasing twice, or after expiry, is harmless). */
export interface Lease {
  readonly name: string;
  /** Epoch ms until which the lease is held. */
  readonly until: number;
  release(): Promise<void>;
}

export interface LeaseStore {
  /**
   * Takes the lease `name` for `durationMs` (from `now`), or resolves to null when another holder
   * has it and it has not expired.
   */
  tryAcquire(name: string, durationMs: number, now?: number): Promise<Lease | null>;
}
