/**
 * POST /api/v3_0/sensors/data — store a time series as beliefs of the caller's data source
 * (docs/contract/api.md §7.1, docs/contract/beliefs-model.md §4, §7). Order: 401 → 422 (body fields incl. the sensor's existence,
 * then the whole-request checks: type vs. unit, size, unit vs. sensor, resolution, overlapping
 * instantaneous values, conversion, type vs. horizons) → create-children on the sensor (403) →
 * store. Answers PROCESSED, ALREADY_RECEIVED_AND_SUCCESSFULLY_PROCESSED (200) or
 * INVALID_REPLACEMENT (403), with FlexMeasures' plural `results` key (decision 0002); no numeric
 * status injection (no @as_json).
 *
 * Storing (stores/belief-writes.ts, shared with the CLI's import-beliefs) happens under the lease of
 * the sensor and the caller's source, so concurrent writers of that source take turns: the source's
 * stored beliefs about the posted events are read and classified by the core (new / unchanged /
 * replacement), a replacement rejects the whole request before anything is written, and the new
 * beliefs are written, so a retried request stores nothing twice. A lease that stays taken answers
 * 503 with Retry-After (nothing written); so does a store failure while writing (the retry
 * completes the request).
 */
import type { Sensor } from '../core/assets/model.js';
import { beliefsFromPostedSeries, type WriteStatus } from '../core/beliefs/index.js';
import { canSensor } from '../core/permissions.js';
import { postedSeries, sensorDataPostError, type PostSensorDataArgs } from '../core/sensor-data.js';
import { ownedBy } from '../app/assets.js';
import { validateBody } from '../http/validation.js';
import { authenticate } from '../http/auth.js';
import { now } from '../lambda/clock.js';
import { ForbiddenError, ServiceUnavailableError, usef, ValidationError } from '../core/errors.js';
import { endpoint, reply, type Reply } from '../http/handler.js';
import { asValidation, sensorFromAddress, timingOf } from '../http/sensor-data.js';
import { BeliefWriteBusyError, BeliefWriteInterruptedError, writeBeliefs } from '../stores/belief-writes.js';
import { assetStore, beliefStore, leaseStore, ports } from '../stores/index.js';
import { assertStorable } from '../core/ports/beliefs.js';
import { postSensorDataBody } from '../../schemas/generated/validators.js';

/** The body as the schema lets it through: the sensor's entity address and the POST's fields. */
type PostSensorData = PostSensorDataArgs & { sensor: string };

const PROCESSED = 'Request has been processed.';
const ALREADY_RECEIVED = 'Some of the data has already been received and successfully processed.';
const INVALID_REPLACEMENT =
  'Some of the data represents a replacement, which is reserved for servers in play mode. Enable play mode or update the prior in your request.';

/** The USEF answer for a write status (docs/contract/api.md §3.5). */
function answer(status: WriteStatus): Reply {
  if (status === 'INVALID_REPLACEMENT') return reply(usef(status, INVALID_REPLACEMENT, 'results', 'Rejected'), 403);
  if (status === 'ALREADY_RECEIVED_AND_SUCCESSFULLY_PROCESSED') return reply(usef(status, ALREADY_RECEIVED, 'results', 'PROCESSED'));
  return reply({ message: PROCESSED, status });
}

/** FLEXMEASURES_ALLOW_DATA_OVERWRITE (default false): replacements overwrite instead of being rejected. */
function allowOverwrite(): boolean {
  return ['true', '1', 'yes'].includes((process.env.FLEXMEASURES_ALLOW_DATA_OVERWRITE ?? '').trim().toLowerCase());
}

export const handler = endpoint(
  async (req) => {
    const caller = await authenticate(req);
    const found: { sensor?: Sensor } = {};
    const body = await validateBody<PostSensorData>(req, postSensorDataBody, async (b, errors, ok) => {
      if (ok('sensor')) found.sensor = await sensorFromAddress(req, b.sensor!, errors);
    });
    const sensor = found.sensor!;
    const timing = timingOf(sensor);

    const posted = postedSeries(body, timing, now());
    // Whole-request checks (`_schema`), in v0.23's order.
    const requestError = sensorDataPostError(posted, timing);
    if (requestError) throw ValidationError.field('json', '_schema', requestError);
    const prepared = await asValidation('json', () => {
      const series = beliefsFromPostedSeries(posted, { id: sensor.id, unit: sensor.unit, timing });
      assertStorable(series.beliefs);
      return series;
    });

    if (!canSensor(caller.actor, await ownedBy(ports(), sensor.accountId), 'create-children')) {
      throw new ForbiddenError(`user ${caller.user.id} may not post data to sensor ${sensor.id}`);
    }
    const source = await assetStore().getOrCreateUserSource({
      id: caller.user.id,
      username: caller.user.username,
      accountId: caller.user.accountId,
    });
    const beliefs = prepared.beliefs.map((b) => ({ ...b, sourceId: source.id }));
    try {
      return answer(await asValidation('json', () => writeBeliefs(beliefStore(), beliefs, timing, allowOverwrite(), { leases: leaseStore() })));
    } catch (err) {
      // Both are safe to retry: a busy lease wrote nothing; an interrupted write is completed by the retry.
      if (err instanceof BeliefWriteBusyError) throw new ServiceUnavailableError(err.message, err.retryAfterSeconds);
      if (err instanceof BeliefWriteInterruptedError) throw new ServiceUnavailableError(err.message, 1);
      throw err;
    }
  },
  { injectStatus: false },
);
