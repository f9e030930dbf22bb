/**
 * Write leases in the entity table: `pk = LEASE#<name>`, `sk = LEASE`, with the holder's random
 * token and `leaseUntil` (epoch ms). Taking a lease is the toolkit's expiring claim (no item, or an
 * expired one); releasing is a DeleteItem conditional on the token, so a holder that outlived its
 * lease never removes the next holder's. `expiresAt` (epoch seconds) lets DynamoDB's TTL remove
 * leftovers of crashed holders; expiry itself is decided by `leaseUntil`, never by the TTL.
 */
import { randomUUID } from 'node:crypto';
import type { Lease, LeaseStore } from '../../core/ports/leases.js';
import { ENTITY_TABLE } from './tables.js';
import { TableAdapter, type TableOptions } from './toolkit.js';

const leaseKey = (name: string) => ({ pk: `LEASE#${name}`, sk: 'LEASE' });

/** Client and table of the lease store (default: the shared client and ENTITY_TABLE). */
export type DynamoLeaseStoreOptions = TableOptions;

export class DynamoLeaseStore extends TableAdapter implements LeaseStore {
  constructor(options: DynamoLeaseStoreOptions = {}) {
    super(ENTITY_TABLE, options);
  }

  async tryAcquire(name: string, durationMs: number, now = Date.now()): Promise<Lease | null> {
    const token = randomUUID();
    const until = now + durationMs;
    const item = { ...leaseKey(name), token, leaseUntil: until, expiresAt: Math.ceil(until / 1000) + 3600 };
    if (!(await this.table.claimExpiring(item, 'leaseUntil', now))) return null;
    let released = false;
    return {
      name,
      until,
      release: async () => {
        if (released) return;
        released = true;
        // Refused when it expired and another writer took it meanwhile: theirs now, nothing to release.
        await this.table.release(leaseKey(name), 'token', token);
      },
    };
  }
}
