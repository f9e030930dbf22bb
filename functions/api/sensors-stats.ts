/**
 * GET /api/v3_0/sensors/<id>/stats — per data source (keyed by its name) the earliest and latest
 * event start (HTTP dates), min / max / mean / sum over the non-NaN values and the count of stored
 * values, NaN included (docs/contract/api.md §6.7). Order: 401 → 404 → read (403). A sensor without data
 * answers `{"status": 200}`; sources sharing a name are reported together.
 */
import { canSensor } from '../core/permissions.js';
import { httpDate } from '../core/time/index.js';
import { ownedBy } from '../app/assets.js';
import { loadSensor } from '../app/sensors.js';
import { authenticate } from '../http/auth.js';
import { ForbiddenError, type Json } from '../core/errors.js';
import { endpoint, reply } from '../http/handler.js';
import { assetStore, beliefStore, ports } from '../stores/index.js';
import { poolStats, type SourceBeliefStats } from '../core/ports/beliefs.js';

export const handler = endpoint(async (req) => {
  const { actor } = await authenticate(req);
  const sensor = await loadSensor(ports(), req.pathInt('id'));
  if (!canSensor(actor, await ownedBy(ports(), sensor.accountId), 'read')) {
    throw new ForbiddenError(`user ${actor.userId} may not read sensor ${sensor.id}`);
  }
  const perSource = await beliefStore().stats(sensor.id);
  const sources = await assetStore().getDataSources(perSource.map((s) => s.sourceId));
  const byName = new Map<string, SourceBeliefStats[]>();
  for (const s of perSource) {
    const name = sources.get(s.sourceId)?.name ?? `source ${s.sourceId}`;
    byName.set(name, [...(byName.get(name) ?? []), s]);
  }
  const body: { [name: string]: Json } = {};
  for (const [name, parts] of byName) {
    const s = poolStats(parts);
    body[name] = {
      count_values: s.countValues,
      max_event_start: httpDate(s.maxEventStart),
      max_value: s.maxValue,
      mean_value: s.countNumbers ? s.sumValues / s.countNumbers : null,
      min_event_start: httpDate(s.minEventStart),
      min_value: s.minValue,
      sum_values: s.countNumbers ? s.sumValues : null,
    };
  }
  return reply(body);
});
