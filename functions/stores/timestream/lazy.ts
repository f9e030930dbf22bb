/**
 * The Timestream belief store as the factory hands it out: configured from the environment and
 * constructed on first use, so that a missing configuration surfaces as an error of the first call
 * (not at import) and handlers that never touch beliefs never create its SDK clients.
 *
 * The store module is imported statically on purpose. A Lambda is one esbuild bundle without code
 * splitting, where `import('./beliefs.js')` would defer nothing (esbuild hoists the external
 * `@aws-sdk/*` imports of the target to the top of the bundle) but would wrap the target and
 * everything it reaches in lazy `__esm` initialisers, which switches off `sideEffects: false`
 * tree shaking for that whole graph: the belief port reaches the units module, and every handler
 * built on the store factory then bundled all of mathjs (~0.6 MB) instead of its Unit class.
 * test/unit/units/bundle.test.ts guards this on a handler entry.
 *
 * Environment: `TIMESTREAM_DATABASE`, `TIMESTREAM_TABLE` (set by the CDK stack), and optionally
 * `TIMESTREAM_MAX_BELIEF_LEAD` / `TIMESTREAM_MAX_BELIEF_LAG` (see `./beliefs.ts`). Options given to
 * the constructor take the place of the environment (whatever is left out is still read from it).
 */
import type { Belief, BeliefQuery, BeliefStore, InsertOutcome, SourceBeliefStats } from '../../core/ports/beliefs.js';
import { TimestreamBeliefStore, timestreamWindowFromEnv, type TimestreamBeliefStoreOptions } from './beliefs.js';

export class LazyTimestreamBeliefStore implements BeliefStore {
  readonly kind = 'timestream' as const;
  readonly canDelete = false;
  private loaded?: BeliefStore;

  constructor(private readonly options: Partial<TimestreamBeliefStoreOptions> = {}) {}

  /** The configured store; throws (and caches nothing, so the next call tries again) without configuration. */
  private store(): BeliefStore {
    if (this.loaded) return this.loaded;
    const database = this.options.database ?? process.env.TIMESTREAM_DATABASE;
    const table = this.options.table ?? process.env.TIMESTREAM_TABLE;
    if (!database || !table) throw new Error('BELIEF_STORE=timestream needs TIMESTREAM_DATABASE and TIMESTREAM_TABLE');
    const window = this.options.maxLeadMs === undefined ? timestreamWindowFromEnv() : {};
    return (this.loaded = new TimestreamBeliefStore({ ...window, ...this.options, database, table }));
  }

  async query(query: BeliefQuery): Promise<Belief[]> {
    return this.store().query(query);
  }
  async insert(beliefs: readonly Belief[]): Promise<InsertOutcome> {
    return this.store().insert(beliefs);
  }
  async put(beliefs: readonly Belief[]): Promise<void> {
    return this.store().put(beliefs);
  }
  async stats(sensorId: number): Promise<SourceBeliefStats[]> {
    return this.store().stats(sensorId);
  }
  async deleteSensorData(sensorId: number): Promise<void> {
    return this.store().deleteSensorData(sensorId);
  }
  async ping(): Promise<boolean> {
    try {
      return await this.store().ping();
    } catch {
      return false;
    }
  }
}
