/**
 * What the asset and sensor use-case tests share: callers, a purge that records, and an error sink
 * like the pipeline's. Accounts come from the account fake (test/fakes/accounts.ts).
 */
import type { CallerRef } from '../../../functions/app/assets.js';
import type { AssetStore, SensorDataPurger } from '../../../functions/core/ports/assets.js';
import type { FieldErrors } from '../../../functions/core/errors.js';

/** A caller `user<id>` of an account with the given roles. */
export const caller = (userId: number, accountId: number, roles: string[] = []): CallerRef => ({
  actor: { userId, accountId, roles },
  user: { id: userId, username: `user${userId}` },
});

/** A purge of sensor data that records the sensors and throws unless each still exists when purged. */
export function recordingPurger(assets: AssetStore): SensorDataPurger & { purged: number[] } {
  const purged: number[] = [];
  return {
    purged,
    async deleteSensorData(id) {
      if (!(await assets.getSensor(id))) throw new Error(`sensor ${id} was deleted before its data`);
      purged.push(id);
    },
  };
}

/** Collects field errors (keyed by their dotted path) as the request pipeline does. */
export function collector(): { errors: FieldErrors; add(path: readonly string[], message: string): void } {
  const errors: FieldErrors = {};
  return {
    errors,
    add(path, message) {
      ((errors[path.join('.')] ??= []) as string[]).push(message);
    },
  };
}
