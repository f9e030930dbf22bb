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
 * Configuration (functions/lambda/config.ts `StoreConfig.timestream`): database and table (set by the CDK
 * stack), and optionally the belief-time window's lead and lag (see `./beliefs.ts`).
 */
import type { Belief, BeliefQuery, BeliefStore, InsertOutcome, SourceBeliefStats } from '../../core/ports/beliefs.js';
import { TimestreamBeliefStore, timestreamWindowFromEnv, type TimestreamBeliefStoreOptions } from './beliefs.js';
import { ENV, type StoreConfig } from '../../lambda/config.js';

export class LazyTimestreamBeliefStore implements BeliefStore {
  readonly kind = 'timestream' as const;
  readonly canDelete = false;
  private loaded?: BeliefStore;

  /** `options`: what else the store takes (SDK clients, clock, limits), for tests. */
  constructor(
    private readonly config: StoreConfig['timestream'],
    private readonly options: Partial<Omit<TimestreamBeliefStoreOptions, 'database' | 'table'>> = {},
  ) {}

  /** The configured store; throws (and caches nothing, so the next call tries again) without configuration. */
  private store(): BeliefStore {
    if (this.loaded) return this.loaded;
    const { database, table, maxBeliefLead, maxBeliefLag } = this.config;
    if (!database || !table) throw new Error(`${ENV.beliefStore}=timestream needs ${ENV.timestreamDatabase} and ${ENV.timestreamTable}`);
    const window = timestreamWindowFromEnv({ [ENV.timestreamMaxBeliefLead]: maxBeliefLead, [ENV.timestreamMaxBeliefLag]: maxBeliefLag });
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
