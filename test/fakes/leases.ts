/**
 * In-memory write leases, faithful to the port (functions/core/ports/leases.ts): a lease is taken
 * when nobody holds it or the holder's has expired; releasing removes only the holder's own lease,
 * so a holder that outlived its lease never frees the next holder's.
 */
import type { Lease, LeaseStore } from '../../functions/core/ports/leases.js';

export class InMemoryLeaseStore implements LeaseStore {
  private readonly held = new Map<string, { token: number; until: number }>();
  private tokens = 0;

  /** Whether `name` is held at `now`. */
  isHeld(name: string, now = Date.now()): boolean {
    const h = this.held.get(name);
    return h !== undefined && h.until >= now;
  }

  async tryAcquire(name: string, durationMs: number, now = Date.now()): Promise<Lease | null> {
    const current = this.held.get(name);
    if (current && current.until >= now) return null;
    const token = ++this.tokens;
    const until = now + durationMs;
    this.held.set(name, { token, until });
    return {
      name,
      until,
      release: async () => {
        if (this.held.get(name)?.token === token) this.held.delete(name);
      },
    };
  }
}
