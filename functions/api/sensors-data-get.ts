/**
 * GET /api/v3_0/sensors/data — one value per event on a regular grid (api-v3.md §7.2,
 * beliefs.md §6, §9). Order: 401 → 422 (query fields incl. the sensor's and the source's existence,
 * then the whole-request checks: type vs. unit, size, unit vs. sensor, resolution, conversion) →
 * read on the sensor (403). The answer echoes `start` (with its offset), `duration` and `unit`, and
 * reports the resolution the values are laid on (decision 13); no numeric status injection.
 */
import type { Sensor } from '../core/assets/model.js';
import {
  beliefHorizon,
  bySourceName,
  chooseResolution,
  sensorDataForGet,
  type Belief,
  type SensorDataQuery,
} from '../core/beliefs/index.js';
import { canSensor } from '../core/permissions.js';
import { getHorizonBounds, getTypeUnitError, gridSizeError } from '../core/sensor-data.js';
import {
  addDuration,
  formatDatetime,
  formatDurationHours,
  parseAwareDatetimeFromQuery,
  parseDuration,
} from '../core/time/index.js';
import { ownedBy } from '../http/assets.js';
import { authenticate } from '../http/auth.js';
import { ForbiddenError, ValidationError } from '../http/errors.js';
import { endpoint, reply } from '../http/handler.js';
import { asValidation, sensorFromAddress, timingOf, validateQuery } from '../http/sensor-data.js';
import { assetStore, beliefStore } from '../stores/index.js';
import { getSensorDataQuery } from '../../schemas/generated/validators.js';

interface GetSensorData {
  sensor: string;
  start: string;
  duration: string;
  unit: string;
  resolution?: string;
  horizon?: string;
  prior?: string;
  source?: number;
  type?: string;
}

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
    const start = parseAwareDatetimeFromQuery(args.start);
    // Nominal durations (P1M) are grounded on the start in the sensor's time zone.
    const grounded = (text: string) => addDuration(start.ms, parseDuration(text), timing.timezone) - start.ms;
    const end = start.ms + grounded(args.duration);
    const bounds = getHorizonBounds(args.type, args.horizon === undefined ? undefined : grounded(args.horizon));
    const query: SensorDataQuery = {
      start: start.ms,
      end,
      unit: args.unit,
      resolutionMs: args.resolution === undefined ? undefined : grounded(args.resolution),
      prior: args.prior === undefined ? undefined : parseAwareDatetimeFromQuery(args.prior).ms,
      horizonMs: bounds.atLeastMs,
      sourceIds: args.source === undefined ? undefined : [args.source],
    };

    // Whole-request checks (`_schema`), before the permission check as in v0.23.
    const typeError = getTypeUnitError(args.type, args.unit);
    if (typeError) throw ValidationError.field('query', '_schema', typeError);
    if (query.resolutionMs === undefined || query.resolutionMs > 0) {
      const step = chooseResolution({ requestedMs: query.resolutionMs, sensorResolutionMs: timing.eventResolutionMs, windowMs: end - start.ms });
      const sizeError = gridSizeError(end - start.ms, step);
      if (sizeError) throw ValidationError.field('query', '_schema', sizeError);
    }
    // Unit, resolution and conversion problems show without any data: check them on none.
    await asValidation('query', () => sensorDataForGet([], { unit: sensor.unit, timing }, query));

    if (!canSensor(actor, await ownedBy(sensor.account_id), 'read')) {
      throw new ForbiddenError(`user ${actor.userId} may not read sensor ${sensor.id}`);
    }

    let beliefs: Belief[] = await beliefStore().query({
      sensorId: sensor.id,
      from: start.ms,
      // Instantaneous events at the very end still end "at or before" it (§6).
      to: timing.eventResolutionMs === 0 ? end + 1 : end,
      beliefTimeAtMost: query.prior,
      sourceIds: query.sourceIds,
      latestOnly: bounds.atLeastMs === undefined && bounds.atMostMs === undefined,
    });
    if (bounds.atMostMs !== undefined) {
      const atMost = bounds.atMostMs;
      beliefs = beliefs.filter((b) => beliefHorizon(b.eventStart, b.beliefTime, timing) <= atMost);
    }
    // When several sources know an event, the first by name wins (timely-beliefs' source order).
    const sourceIds = [...new Set(beliefs.map((b) => b.sourceId))];
    const sources = sourceIds.length > 1 ? await assetStore().getDataSources(sourceIds) : new Map();
    const names = new Map([...sources.values()].map((s) => [s.id, s.name]));
    const result = await asValidation('query', () => sensorDataForGet(beliefs, { unit: sensor.unit, timing }, query, bySourceName(names)));

    return reply({
      duration: formatDurationHours(end - start.ms),
      message: 'Request has been processed.',
      resolution: formatDurationHours(result.resolutionMs),
      start: formatDatetime(start.ms, start.offsetMinutes),
      status: 'PROCESSED',
      unit: args.unit,
      values: result.values.map((v) => (v === null || !Number.isFinite(v) ? null : v)),
    });
  },
  { injectStatus: false },
);
