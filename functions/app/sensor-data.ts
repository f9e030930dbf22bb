/**
 * Sensor data use cases: store a posted time series as beliefs of the caller's data source, read one
 * value per event on a regular grid, and per-source statistics of a sensor. The HTTP handlers
 * (functions/api/sensors-data-*.ts, sensors-stats.ts) have validated the request's shape and found
 * its sensor first; what follows — the whole-request checks, the permission check, the reads and
 * writes — happens here, in FlexMeasures' order.
 *
 * Storing goes through the check-then-insert of functions/app/belief-writes.ts under the lease of the
 * sensor and the caller's source, so concurrent writers of that source take turns and a retried
 * request stores nothing twice. A lease that stays taken, or the belief store becoming unavailable
 * while writing, is a 503 with Retry-After; the retry completes the request.
 */
import type { Sensor } from '../core/assets/model.js';
import { BeliefValidationError, beliefsFromPostedSeries, bySourceName, sensorDataForGet, type WriteStatus } from '../core/beliefs/index.js';
import { EntityAddressError, parseSensorEntityAddress, schemeAndNamingAuthority, unknownSensorAddressMessage } from '../core/entity-address.js';
import { ForbiddenError, ValidationError, type Json, type Location } from '../core/errors.js';
import { canSensor, type Actor } from '../core/permissions.js';
import type { User } from '../core/ports/accounts.js';
import { assertStorable, poolStats, UnstorableBeliefError, type SourceBeliefStats } from '../core/ports/beliefs.js';
import type { Ports } from '../core/ports/index.js';
import {
  planSensorDataGet,
  postedSeries,
  sensorDataGetError,
  sensorDataGetResponse,
  sensorDataPostError,
  timingOf,
  withinHorizonBound,
  type GetSensorDataArgs,
  type PostSensorDataArgs,
} from '../core/sensor-data.js';
import { httpDate } from '../core/time/index.js';
import { ownedBy } from './assets.js';
import { writeBeliefs } from './belief-writes.js';
import { namingContext } from './sensors.js';

/** Who posts: the user (whose data source the beliefs get) and their permission actor. */
export interface Poster {
  user: Pick<User, 'id' | 'username' | 'accountId'>;
  actor: Actor;
}

/** Throws 403 unless the actor may do `action` on the sensor. */
async function requireSensor(deps: Pick<Ports, 'accounts'>, actor: Actor, sensor: Sensor, action: 'read' | 'create-children', what: string): Promise<void> {
  if (!canSensor(actor, await ownedBy(deps, sensor.account_id), action)) {
    throw new ForbiddenError(`user ${actor.userId} may not ${what} sensor ${sensor.id}`);
  }
}

/**
 * The sensor an entity address names, as seen from the request's host: FlexMeasures' message
 * (reported under `sensor`) when the address is malformed (including one without any `:`) or names
 * no sensor.
 */
export async function sensorByAddress(
  deps: Pick<Ports, 'assets' | 'settings' | 'clock'>,
  host: string,
  address: string,
): Promise<{ sensor: Sensor } | { error: string }> {
  let id: number;
  try {
    id = parseSensorEntityAddress(address, schemeAndNamingAuthority(namingContext(deps, host)));
  } catch (err) {
    if (!(err instanceof EntityAddressError)) throw err;
    return { error: err.message };
  }
  const sensor = await deps.assets.getSensor(id);
  return sensor ? { sensor } : { error: unknownSensorAddressMessage(address) };
}

/** FlexMeasures' message for a `source` that names no data source, or null when it exists. */
export async function unknownSourceError(deps: Pick<Ports, 'assets'>, id: number): Promise<string | null> {
  return (await deps.assets.getDataSource(id)) ? null : `No data source found with id ${id}.`;
}

/**
 * Runs a domain step and reports its validation failures as a 422 at `location`: a core
 * `BeliefValidationError` under its field, a belief no store can hold under `_schema`.
 */
async function asValidation<T>(location: Location, step: () => T | Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    if (err instanceof BeliefValidationError) throw ValidationError.field(location, err.field, err.message);
    if (err instanceof UnstorableBeliefError) throw ValidationError.field(location, '_schema', err.message);
    throw err;
  }
}

/**
 * POST /sensors/data after the body's fields are valid: the whole-request checks (type vs. unit,
 * size, unit vs. sensor, resolution, overlapping instantaneous values, conversion, type vs.
 * horizons; 422) → create-children on the sensor (403) → store as beliefs of the poster's data
 * source (created on first use). Returns the write status to answer with.
 */
export async function postSensorData(
  deps: Pick<Ports, 'accounts' | 'assets' | 'beliefs' | 'leases' | 'settings' | 'clock'>,
  poster: Poster,
  sensor: Sensor,
  args: PostSensorDataArgs,
): Promise<WriteStatus> {
  const timing = timingOf(sensor);
  const posted = postedSeries(args, timing, deps.clock());
  const requestError = sensorDataPostError(posted, timing);
  if (requestError) throw ValidationError.field('json', '_schema', requestError);
  const prepared = await asValidation('json', () => {
    const series = beliefsFromPostedSeries(posted, { id: sensor.id, unit: sensor.unit, timing });
    assertStorable(series.beliefs);
    return series;
  });

  await requireSensor(deps, poster.actor, sensor, 'create-children', 'post data to');
  const { user } = poster;
  const source = await deps.assets.getOrCreateUserSource({ id: user.id, username: user.username, account_id: user.accountId });
  const beliefs = prepared.beliefs.map((b) => ({ ...b, sourceId: source.id }));
  return asValidation('json', () => writeBeliefs(deps.beliefs, beliefs, timing, deps.settings.allowDataOverwrite, { leases: deps.leases }));
}

/**
 * GET /sensors/data after the query's fields are valid: the whole-request checks (type vs. unit,
 * size, unit vs. sensor, resolution, conversion; 422, before the permission check) → read on the
 * sensor (403) → the values on the requested grid. Returns the response body.
 */
export async function getSensorData(deps: Pick<Ports, 'accounts' | 'assets' | 'beliefs'>, actor: Actor, sensor: Sensor, args: GetSensorDataArgs) {
  const timing = timingOf(sensor);
  const plan = planSensorDataGet(args, timing);
  const requestError = sensorDataGetError(args.type, plan, timing);
  if (requestError) throw ValidationError.field('query', '_schema', requestError);
  // Unit, resolution and conversion problems show without any data: check them on none.
  await asValidation('query', () => sensorDataForGet([], { unit: sensor.unit, timing }, plan.query));

  await requireSensor(deps, actor, sensor, 'read', 'read');
  const read = await deps.beliefs.query({ sensorId: sensor.id, ...plan.read });
  const beliefs = withinHorizonBound(read, plan, timing);
  // When several sources know an event, the first by name wins (timely-beliefs' source order).
  const sourceIds = [...new Set(beliefs.map((b) => b.sourceId))];
  const sources = sourceIds.length > 1 ? await deps.assets.getDataSources(sourceIds) : new Map();
  const names = new Map([...sources.values()].map((s) => [s.id, s.name]));
  const result = await asValidation('query', () => sensorDataForGet(beliefs, { unit: sensor.unit, timing }, plan.query, bySourceName(names)));
  return sensorDataGetResponse(plan, result);
}

/**
 * GET /sensors/<id>/stats after the sensor is found: read on it (403) → per data source, keyed by
 * its name, the earliest and latest event start (HTTP dates), min / max / mean / sum over the
 * non-NaN values and the count of stored values, NaN included. Sources sharing a name are reported
 * together; a sensor without data gives an empty object.
 */
export async function sensorStats(deps: Pick<Ports, 'accounts' | 'assets' | 'beliefs'>, actor: Actor, sensor: Sensor): Promise<{ [name: string]: Json }> {
  await requireSensor(deps, actor, sensor, 'read', 'read');
  const perSource = await deps.beliefs.stats(sensor.id);
  const sources = await deps.assets.getDataSources(perSource.map((s) => s.sourceId));
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
  return body;
}
