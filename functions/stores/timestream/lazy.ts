/**
 * The Timestream belief store as the factory hands it out: configured from the environment and
 * loaded on first use, so that handlers of a DynamoDB deployment (and every handler that never
 * touches beliefs) do not load the Timestream SDK clients at cold start.
 *
 * Environment: `TIMESTREAM_DATABASE`, `TIMESTREAM_TABLE` (set by the CDK stack), and optionally
 * `TIMESTREAM_MAX_BELIEF_LEAD` / `TIMESTREAM_MAX_BELIEF_LAG` (see `./beliefs.ts`).
 */
import type { Belief, BeliefQuery, BeliefStore, InsertOutcome, SourceBeliefStats } from '../ports/beliefs.js';

export class LazyTimestreamBeliefStore implements BeliefStore {
  readonly kind = 'timestream' as const;
  readonly canDelete = false;
  private loaded?: Promise<BeliefStore>;

  private store(): Promise<BeliefStore> {
    this.loaded ??= import('./beliefs.js').then((m) => {
      const database = process.env.TIMESTREAM_DATABASE;
      const table = process.env.TIMESTREAM_TABLE;
      if (!database || !table) throw new Error('BELIEF_STORE=timestream needs TIMESTREAM_DATABASE and TIMESTREAM_TABLE');
      return new m.TimestreamBeliefStore({ database, table, ...m.timestreamWindowFromEnv() });
    });
    // A configuration error is not cached: the next call tries again.
    this.loaded.catch(() => (this.loaded = undefined));
    return this.loaded;
  }

  async query(query: BeliefQuery): Promise<Belief[]> {
    return (await this.store()).query(query);
  }
  async insert(beliefs: readonly Belief[]): Promise<InsertOutcome> {
    return (await this.store()).insert(beliefs);
  }
  async put(beliefs: readonly Belief[]): Promise<void> {
    return (await this.store()).put(beliefs);
  }
  async stats(sensorId: number): Promise<SourceBeliefStats[]> {
    return (await this.store()).stats(sensorId);
  }
  async deleteSensorData(sensorId: number): Promise<void> {
    return (await this.store()).deleteSensorData(sensorId);
  }
  async ping(): Promise<boolean> {
    try {
      return await (await this.store()).ping();
    } catch {
      return false;
    }
  }
}
