/**
 * GET /api/v3_0/sensors/data — one value per event on a regular grid (docs/contract/api.md §7.2,
 * docs/contract/beliefs-model.md §6, §9). Order: 401 → 422 (query fields incl. the sensor's and the source's existence,
 * then the whole-request checks: type vs. unit, size, unit vs. sensor, resolution, conversion) →
 * read on the sensor (403). The answer echoes `start` (with its offset), `duration` and `unit`, and
 * reports the resolution the values are laid on (decision 0013); no numeric status injection.
 */
import type { Sensor } from '../core/assets/model.js';
import { bySourceName, sensorDataForGet } from '../core/beliefs/index.js';
import { canSensor } from '../core/permissions.js';
import {
  planSensorDataGet,
  sensorDataGetError,
  sensorDataGetResponse,
  withinHorizonBound,
  type GetSensorDataArgs,
} from '../core/sensor-data.js';
import { ownedBy } from '../app/assets.js';
import { authenticate } from '../http/auth.js';
import { ForbiddenError, ValidationError } from '../core/errors.js';
import { endpoint, reply } from '../http/handler.js';
import { asValidation, sensorFromAddress, timingOf, validateQuery } from '../http/sensor-data.js';
import { assetStore, beliefStore, ports } from '../stores/index.js';
import { getSensorDataQuery } from '../../schemas/generated/validators.js';

/** The query as the schema lets it through: the sensor's entity address and the GET's fields. */
type GetSensorData = GetSensorDataArgs & { sensor: string };

const noSourceMessage = (id: number) => `No data source found with id ${id}.`;

export const handler = endpoint(
  async (req) => {
    const { actor } = await authenticate(req);
    const found: { sensor?: Sensor } = {};
    const args = await validateQuery<GetSensorData>(req, getSensorDataQuery, async (a, errors, ok) => {
      if (ok('sensor')) found.sensor = await sensorFromAddress(req, a.sensor!, errors);
      if (ok('source') && !(await assetStore().getDataSource(a.source!))) errors.add(['source'], noSourceMessage(a.source!));
    });
    const sensor = found.sensor!;
    const timing = timingOf(sensor);
    const plan = planSensorDataGet(args, timing);

    // Whole-request checks (`_schema`), before the permission check as in v0.23.
    const requestError = sensorDataGetError(args.type, plan, timing);
    if (requestError) throw ValidationError.field('query', '_schema', requestError);
    // Unit, resolution and conversion problems show without any data: check them on none.
    await asValidation('query', () => sensorDataForGet([], { unit: sensor.unit, timing }, plan.query));

    if (!canSensor(actor, await ownedBy(ports(), sensor.accountId), 'read')) {
      throw new ForbiddenError(`user ${actor.userId} may not read sensor ${sensor.id}`);
    }

    const read = await beliefStore().query({ sensorId: sensor.id, ...plan.read });
    const beliefs = withinHorizonBound(read, plan, timing);
    // When several sources know an event, the first by name wins (timely-beliefs' source order).
    const sourceIds = [...new Set(beliefs.map((b) => b.sourceId))];
    const sources = sourceIds.length > 1 ? await assetStore().getDataSources(sourceIds) : new Map();
    const names = new Map([...sources.values()].map((s) => [s.id, s.name]));
    const result = await asValidation('query', () => sensorDataForGet(beliefs, { unit: sensor.unit, timing }, plan.query, bySourceName(names)));
    return reply(sensorDataGetResponse(plan, result));
  },
  { injectStatus: false },
);
