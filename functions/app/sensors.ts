/**
 * Use cases on sensors: list, read, create, change and delete them; and what other use cases
 * share about sensors: loading (404 in FlexMeasures' shape), how entity addresses are built for a
 * request (its host, the clock, the naming authorities of the settings) and sensor objects.
 */
import { loadAccount } from './accounts.js';
import { parseAttributes } from '../core/assets/attributes.js';
import { SENSOR_NAME_MAX_LENGTH, unknownGenericAssetMessage } from '../core/assets/assets.js';
import { createdSensorEvent, deletedSensorEvent, sensorChanges, sensorUpdateEvent, type SensorChanges } from '../core/assets/audit.js';
import { DEFAULT_KNOWLEDGE_HORIZON, type Asset, type Attributes, type Sensor, type SensorFields } from '../core/assets/model.js';
import { checkTimezone, checkUnit, DEFAULT_SENSOR_TIMEZONE, duplicateSensorNameMessage, parseEventResolution } from '../core/assets/sensors.js';
import { sensorJson, type SensorJson } from '../core/assets/serialize.js';
import { buildSensorEntityAddress, type NamingContext } from '../core/entity-address.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../core/errors.js';
import { canAccount, canAsset, canSensor, type Actor } from '../core/permissions.js';
import { DuplicateNameError } from '../core/ports/assets.js';
import type { Ports } from '../core/ports/index.js';
import { ownedBy, recordAssetAudit, type AuditUser, type CallerRef, type FieldErrorSink, type FieldOk } from './assets.js';
import { deleteSensorWithData, type DeletionPorts } from './deletion.js';

/** The sensor, or 404 `Sensor <id> not found`. */
export async function loadSensor(deps: Pick<Ports, 'assets'>, id: number): Promise<Sensor> {
  const sensor = await deps.assets.getSensor(id);
  if (!sensor) throw new NotFoundError('Sensor', id);
  return sensor;
}

/** How entity addresses are built for a request to `host` (now, FLEXMEASURES_HOSTS_AND_AUTH_START). */
export function namingContext(deps: Pick<Ports, 'settings' | 'clock'>, host: string): NamingContext {
  return { host, now: deps.clock(), hostsAndAuthStart: deps.settings.hostsAndAuthStart };
}

/** Sensor objects for a request to `host` (entity addresses from that host). */
export function sensorsJson(deps: Pick<Ports, 'settings' | 'clock'>, host: string, sensors: readonly Sensor[]): SensorJson[] {
  const ctx = namingContext(deps, host);
  return sensors.map((s) => sensorJson(s, buildSensorEntityAddress(s.id, ctx)));
}

/** The sensor, if the actor may `permission` it: 404 when it does not exist, else 403. */
async function sensorFor(deps: Pick<Ports, 'assets' | 'accounts'>, actor: Actor, id: number, permission: 'read' | 'update' | 'delete'): Promise<Sensor> {
  const sensor = await loadSensor(deps, id);
  if (!canSensor(actor, await ownedBy(deps, sensor.accountId), permission)) throw new ForbiddenError(`user ${actor.userId} may not ${permission} sensor ${sensor.id}`);
  return sensor;
}

/** The sensors on the assets of account `accountId` (404; read on the account, 403), not those of public assets. */
export async function listSensors(deps: Pick<Ports, 'assets' | 'accounts' | 'settings' | 'clock'>, actor: Actor, accountId: number, host: string): Promise<SensorJson[]> {
  const account = await loadAccount(deps, accountId);
  if (!canAccount(actor, account, 'read')) throw new ForbiddenError(`user ${actor.userId} may not read account ${accountId}`);
  return sensorsJson(deps, host, await deps.assets.listSensorsByAccount(accountId));
}

/** One sensor object, if the caller may read it (404, then 403). */
export async function getSensor(deps: Pick<Ports, 'assets' | 'accounts' | 'settings' | 'clock'>, actor: Actor, id: number, host: string): Promise<SensorJson> {
  return sensorsJson(deps, host, [await sensorFor(deps, actor, id, 'read')])[0]!;
}

/** A new sensor as a request sends it. */
export interface SensorInput {
  name: string;
  unit: string;
  timezone?: string;
  event_resolution: string;
  generic_asset_id: number;
  attributes?: unknown;
}

/** A new sensor after its field checks: the request, and the values parsed from it. */
export interface CheckedSensor {
  input: SensorInput;
  asset: Asset;
  resolution: number;
  attributes: Attributes;
}

/**
 * The field checks of a new sensor that passed the schema: unit, time zone, resolution (whole
 * minutes), attributes, and the asset (which must exist). Meaningful when no error was added.
 */
export async function checkNewSensor(deps: Pick<Ports, 'assets'>, b: Partial<SensorInput>, errors: FieldErrorSink, ok: FieldOk<SensorInput>): Promise<CheckedSensor> {
  const parsed = checkSensorChanges(b, errors, ok);
  let asset: Asset | null = null;
  if (ok('generic_asset_id')) {
    asset = await deps.assets.getAsset(b.generic_asset_id!);
    if (!asset) errors.add(['generic_asset_id'], unknownGenericAssetMessage(b.generic_asset_id!));
  }
  return { input: b as SensorInput, asset: asset!, resolution: parsed.eventResolution ?? 0, attributes: parsed.attributes ?? {} };
}

/**
 * Creates a sensor and its asset audit entry `Created sensor '<name>': <id>` (by `by`; null: the
 * admin CLI). A name over 120 characters, or one the asset has already, is a 422 on `name`;
 * nothing is written then. The API and the CLI both create through here.
 */
export async function createSensor(deps: Pick<Ports, 'assets' | 'clock'>, by: AuditUser, fields: SensorFields): Promise<Sensor> {
  if (fields.name.length > SENSOR_NAME_MAX_LENGTH) throw ValidationError.field('json', 'name', `Longer than maximum length ${SENSOR_NAME_MAX_LENGTH}.`);
  let sensor: Sensor;
  try {
    sensor = await deps.assets.createSensor(fields);
  } catch (err) {
    if (err instanceof DuplicateNameError) throw ValidationError.field('json', 'name', duplicateSensorNameMessage(fields.name, fields.genericAssetId));
    throw err;
  }
  await recordAssetAudit(deps, by, fields.genericAssetId, [createdSensorEvent(sensor.name, sensor.id)]);
  return sensor;
}

/** POST /sensors after its field checks: create-children on the asset (403), then the sensor object. */
export async function createSensorFor(deps: Pick<Ports, 'assets' | 'accounts' | 'settings' | 'clock'>, caller: CallerRef, checked: CheckedSensor, host: string): Promise<SensorJson> {
  const { asset, input } = checked;
  if (!canAsset(caller.actor, await ownedBy(deps, asset.accountId), 'create-children')) {
    throw new ForbiddenError(`user ${caller.user.id} may not add sensors to asset ${asset.id}`);
  }
  const sensor = await createSensor(deps, caller.user, {
    name: input.name,
    unit: input.unit,
    timezone: input.timezone ?? DEFAULT_SENSOR_TIMEZONE,
    eventResolution: checked.resolution,
    knowledgeHorizon: DEFAULT_KNOWLEDGE_HORIZON,
    genericAssetId: asset.id,
    accountId: asset.accountId,
    attributes: checked.attributes,
  });
  return sensorsJson(deps, host, [sensor])[0]!;
}

/** A sensor change as a request sends it. */
export interface SensorChangeInput {
  name?: string;
  unit?: string;
  timezone?: string;
  event_resolution?: string;
  attributes?: unknown;
}

/** Field checks of a sensor change that passed the schema; returns the parsed values. */
export function checkSensorChanges(b: Partial<SensorChangeInput>, errors: FieldErrorSink, ok: FieldOk<SensorChangeInput>): SensorChanges {
  const requested: SensorChanges = {};
  if (ok('name')) requested.name = b.name!;
  if (ok('unit')) {
    const unit = checkUnit(b.unit!);
    if (unit.ok) requested.unit = unit.value;
    else errors.add(['unit'], unit.message);
  }
  if (ok('timezone')) {
    const tz = checkTimezone(b.timezone!);
    if (tz.ok) requested.timezone = tz.value;
    else errors.add(['timezone'], tz.message);
  }
  if (ok('event_resolution')) {
    const r = parseEventResolution(b.event_resolution);
    if (r.ok) requested.eventResolution = r.value;
    else errors.add(['event_resolution'], r.message);
  }
  if ('attributes' in b) {
    const a = parseAttributes(b.attributes);
    if (a.ok) requested.attributes = a.value;
    else errors.add(['attributes'], a.message);
  }
  return requested;
}

/**
 * Changes the fields of sensor `id` that differ (404; update on the owner, 403). One asset audit
 * entry lists the changed fields; a name the asset has already is a 422. Existing data is not converted.
 */
export async function patchSensor(deps: Pick<Ports, 'assets' | 'accounts' | 'settings' | 'clock'>, caller: CallerRef, id: number, requested: SensorChanges, host: string): Promise<SensorJson> {
  const sensor = await sensorFor(deps, caller.actor, id, 'update');
  const changes = sensorChanges(sensor, requested);
  let updated = sensor;
  if (Object.keys(changes).length) {
    try {
      updated = await deps.assets.updateSensor(sensor.id, changes);
    } catch (err) {
      if (err instanceof DuplicateNameError) throw ValidationError.field('json', 'name', duplicateSensorNameMessage(requested.name ?? '', sensor.genericAssetId));
      throw err;
    }
  }
  await recordAssetAudit(deps, caller.user, sensor.genericAssetId, [sensorUpdateEvent(sensor, changes)]);
  return sensorsJson(deps, host, [updated])[0]!;
}

/** Deletes sensor `id` and all its beliefs (404; delete on the owner, 403); asset audit entry `Deleted sensor '<name>': <id>`. */
export async function deleteSensor(deps: Pick<Ports, 'assets' | 'accounts' | 'clock'> & DeletionPorts, caller: CallerRef, id: number): Promise<void> {
  const sensor = await sensorFor(deps, caller.actor, id, 'delete');
  await deleteSensorWithData(deps, sensor);
  await recordAssetAudit(deps, caller.user, sensor.genericAssetId, [deletedSensorEvent(sensor.name, sensor.id)]);
}
