/**
 * POST /api/v3_0/sensors/data — store a time series as beliefs of the caller's data source
 * (docs/contract/api.md §7.1, docs/contract/beliefs-model.md §4, §7). Order: 401 → 422 (body fields incl. the sensor's existence,
 * then the whole-request checks: type vs. unit, size, unit vs. sensor, resolution, overlapping
 * instantaneous values, conversion, type vs. horizons) → create-children on the sensor (403) →
 * store (functions/app/sensor-data.ts). Answers PROCESSED, ALREADY_RECEIVED_AND_SUCCESSFULLY_PROCESSED (200) or
 * INVALID_REPLACEMENT (403), with FlexMeasures' plural `results` key (decision 0002); no numeric
 * status injection (no @as_json). A busy lease or the store failing while writing is a 503 with
 * Retry-After (the retry completes the request).
 */
import type { Sensor } from '../core/assets/model.js';
import type { WriteStatus } from '../core/beliefs/index.js';
import type { PostSensorDataArgs } from '../core/sensor-data.js';
import { postSensorData, sensorByAddress } from '../app/sensor-data.js';
import { usef } from '../core/errors.js';
import { reply, routeHandler, type Reply } from '../http/handler.js';
import { contract } from '../../schemas/generated/routes/sensors-data-post.js';

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

export const handler = routeHandler<typeof contract, { args: PostSensorDataArgs; sensor: Sensor }, object, undefined, PostSensorData>(contract, {
  injectStatus: false,
  // The sensor's existence is a field check, reported with the schema's errors.
  checkBodyFields: async (body, errors, ok, { req, deps }) => {
    if (!ok('sensor')) return;
    const found = await sensorByAddress(deps, req.host, body.sensor!);
    if ('error' in found) errors.add(['sensor'], found.error);
    else return { args: body as PostSensorData, sensor: found.sensor };
  },
  handle: async ({ body }, caller, deps) => answer(await postSensorData(deps, caller, body.sensor, body.args)),
});
