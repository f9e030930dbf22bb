/**
 * In-memory fake of the secret source: named values; `reads` counts reads (to see caching), and a
 * name mapped to an Error rejects with it (an unreadable secret).
 */
import type { SecretSource } from '../../functions/core/ports/secrets.js';

export class FakeSecretSource implements SecretSource {
  readonly reads: string[] = [];

  constructor(private readonly values: Record<string, string | Error | undefined> = {}) {}

  async read(name: string): Promise<string | undefined> {
    this.reads.push(name);
    const value = this.values[name];
    if (value instanceof Error) throw value;
    return value;
  }
}
