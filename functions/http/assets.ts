/**
 * What the asset and sensor handlers share: loading (404 in FlexMeasures' shape), the permission
 * view of an asset (its owning account), the accounts a caller may list, building sensor and asset
 * objects in bulk, body validation that reports schema and domain errors together (as marshmallow
 * does), and asset audit entries on behalf of the caller.
 */
import { buildSensorEntityAddress, parseHostsAndAuthStart, type NamingContext } from '../core/entity-address.js';
import { assetJson, sensorJson, type Named, type SensorJson } from '../core/assets/serialize.js';
import { noSensorMessage, parseAttributes, sensorsToShowIds } from '../core/assets/attributes.js';
import { normaliseInflexibleSensorIds, unknownAssetTypeMessage, unknownParentMessage } from '../core/assets/assets.js';
import type { AssetChanges } from '../core/assets/audit.js';
import { latitudeErrors, longitudeErrors } from '../core/assets/location.js';
import type { Asset, AssetType, Sensor } from '../core/assets/model.js';
import { canAsset, canSensor, CONSULTANT, hasAdminAccess, type AccountRef, type Actor, type OwnedRef } from '../core/permissions.js';
import { accountStore, assetStore } from '../stores/index.js';
import type { Account } from '../core/ports/accounts.js';
import type { Caller } from './auth.js';
import { now } from '../lambda/clock.js';
import { ForbiddenError, NotFoundError, ValidationError, type FieldErrors, type Json } from '../core/errors.js';
import type { Request } from './request.js';
import { ErrorCollector, validate, type RequestValidator } from './validation.js';

/** The asset, or 404 `GenericAsset <id> not found`. */
export async function loadAsset(id: number): Promise<Asset> {
  const asset = await assetStore().getAsset(id);
  if (!asset) throw new NotFoundError('GenericAsset', id);
  return asset;
}

/** The sensor, or 404 `Sensor <id> not found`. */
export async function loadSensor(id: number): Promise<Sensor> {
  const sensor = await assetStore().getSensor(id);
  if (!sensor) throw new NotFoundError('Sensor', id);
  return sensor;
}

function accountRef(account: Account | null, id: number): AccountRef {
  return { id, consultancyAccountId: account?.consultancyAccountId ?? null };
}

/** The permission view of something owned by `accountId` (null: public). */
export async function ownedBy(accountId: number | null): Promise<OwnedRef> {
  if (accountId === null) return { account: null };
  return { account: accountRef(await accountStore().get(accountId), accountId) };
}

/** Permission views for several owners at once (one read per distinct account). */
export async function ownersOf(accountIds: Iterable<number | null>): Promise<Map<number | null, OwnedRef>> {
  const ids = [...new Set([...accountIds].filter((id): id is number => id !== null))];
  const accounts = new Map((await accountStore().getMany(ids)).map((a) => [a.id, a]));
  const out = new Map<number | null, OwnedRef>([[null, { account: null }]]);
  for (const id of ids) out.set(id, { account: accountRef(accounts.get(id) ?? null, id) });
  return out;
}

/**
 * The accounts whose assets a caller may list (docs/contract/api.md §7.6 `all_accessible`): every account for admins
 * and admin-readers; otherwise the own account plus, for consultants, their client accounts.
 */
export async function readableAccounts(actor: Actor): Promise<Account[]> {
  if (hasAdminAccess(actor, 'read')) return accountStore().list();
  const own = await accountStore().get(actor.accountId);
  const clients = actor.roles.includes(CONSULTANT) ? await accountStore().listClients(actor.accountId) : [];
  return [...(own ? [own] : []), ...clients.filter((c) => c.id !== actor.accountId)];
}

/** Of the given sensor ids, those that do not exist or that the caller may not read (in order). */
export async function unreadableSensors(actor: Actor, ids: readonly number[]): Promise<number[]> {
  if (!ids.length) return [];
  const sensors = await assetStore().getSensors(ids);
  const owners = await ownersOf([...sensors.values()].map((s) => s.account_id));
  return ids.filter((id) => {
    const sensor = sensors.get(id);
    return !sensor || !canSensor(actor, owners.get(sensor.account_id)!, 'read');
  });
}

/** Of the given sensor ids, those that do not exist (in order). */
async function missingSensors(ids: readonly number[]): Promise<number[]> {
  if (!ids.length) return [];
  const sensors = await assetStore().getSensors(ids);
  return ids.filter((id) => !sensors.has(id));
}

let hostsAndAuthStart: { raw: string | undefined; parsed: Record<string, string> } | undefined;

/** How entity addresses are built for this request (host, now, FLEXMEASURES_HOSTS_AND_AUTH_START). */
export function namingContext(req: Request): NamingContext {
  const raw = process.env.FLEXMEASURES_HOSTS_AND_AUTH_START;
  if (!hostsAndAuthStart || hostsAndAuthStart.raw !== raw) hostsAndAuthStart = { raw, parsed: parseHostsAndAuthStart(raw) };
  return { host: req.host, now: now(), hostsAndAuthStart: hostsAndAuthStart.parsed };
}

/** Sensor objects for this request (entity addresses from its host). */
export function sensorsJson(req: Request, sensors: readonly Sensor[]): SensorJson[] {
  const ctx = namingContext(req);
  return sensors.map((s) => sensorJson(s, buildSensorEntityAddress(s.id, ctx)));
}

/** Runs `fn` over `items` with at most `limit` calls in flight. */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

/**
 * Asset objects with their type, owner, direct children and sensors, for a batch of assets: one
 * read for the owners, sensor queries per asset or per account, one children query per asset.
 */
export async function assetsJson(assets: readonly Asset[]): Promise<{ [key: string]: Json }[]> {
  if (!assets.length) return [];
  const store = assetStore();
  const accountIds = [...new Set(assets.map((a) => a.account_id))];
  const [types, accounts, sensorLists, children] = await Promise.all([
    store.listAssetTypes(),
    accountStore().getMany(accountIds.filter((id): id is number => id !== null)),
    // A few assets: their own sensors; many: all sensors of their accounts (fewer queries).
    assets.length <= 5
      ? Promise.all(assets.map((a) => store.listSensorsByAsset(a.id)))
      : Promise.all(accountIds.map((id) => store.listSensorsByAccount(id))),
    mapLimited(assets, 16, (a) => store.listChildAssets(a.id)),
  ]);
  const typeById = new Map<number, AssetType>(types.map((t) => [t.id, t]));
  const typeOf = (id: number): AssetType => typeById.get(id) ?? { id, name: '', description: null };
  const ownerById = new Map<number, Named>(accounts.map((a) => [a.id, { id: a.id, name: a.name }]));
  const sensorsByAsset = new Map<number, Named[]>();
  for (const sensor of sensorLists.flat()) {
    const list = sensorsByAsset.get(sensor.generic_asset_id) ?? [];
    list.push({ id: sensor.id, name: sensor.name });
    sensorsByAsset.set(sensor.generic_asset_id, list);
  }
  return assets.map((asset, i) =>
    assetJson(asset, {
      type: typeOf(asset.generic_asset_type_id),
      owner: asset.account_id === null ? null : (ownerById.get(asset.account_id) ?? { id: asset.account_id, name: '' }),
      children: children[i]!.map((child) => ({ asset: child, type: typeOf(child.generic_asset_type_id) })),
      sensors: sensorsByAsset.get(asset.id) ?? [],
    }),
  );
}

/** One asset object. */
export async function oneAssetJson(asset: Asset): Promise<{ [key: string]: Json }> {
  return (await assetsJson([asset]))[0]!;
}

function mergeInto(collector: ErrorCollector, errors: FieldErrors, path: string[] = []): void {
  for (const [field, value] of Object.entries(errors)) {
    if (Array.isArray(value)) for (const message of value) collector.add([...path, field], message);
    else mergeInto(collector, value, [...path, field]);
  }
}

/**
 * Validates a JSON body against its schema and then runs domain checks on the fields that passed
 * the schema, reporting all errors together under `json` (marshmallow reports a missing field and
 * a bad coordinate in one answer). A body that is not an object fails on the schema alone.
 */
export async function validateBody<T extends object>(
  req: Request,
  validator: RequestValidator,
  check: (body: Partial<T>, errors: ErrorCollector, fieldOk: (field: keyof T & string) => boolean) => Promise<void>,
): Promise<T> {
  const data = req.json();
  let schemaErrors: FieldErrors = {};
  try {
    validate<T>(validator, data);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    schemaErrors = err.errors;
    if (!data || typeof data !== 'object' || Array.isArray(data)) throw err;
  }
  const collector = new ErrorCollector();
  mergeInto(collector, schemaErrors);
  const body = data as Partial<T>;
  await check(body, collector, (field) => field in body && !(field in schemaErrors));
  collector.throwIfAny('json');
  return body as T;
}

/**
 * Marshmallow's Boolean accepts more spellings than `true`/`false` in query strings; normalise
 * them so the schema (ajv coercion) sees `true`/`false`. Anything else is left for the schema to reject.
 */
export function normaliseBooleanQuery(req: Request, name: string): void {
  const raw = req.query[name];
  if (raw === undefined) return;
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 't', 'yes', 'y', 'on'].includes(v)) req.query[name] = 'true';
  else if (['0', 'false', 'f', 'no', 'n', 'off'].includes(v)) req.query[name] = 'false';
}

/** Records asset audit events by the caller at `now()`. */
export async function recordAssetAudit(caller: Caller, assetId: number, events: readonly string[]): Promise<void> {
  if (!events.length) return;
  const at = now();
  await assetStore().addAuditEntries(
    events.map((event) => ({
      event,
      event_datetime: at,
      active_user_id: caller.user.id,
      active_user_name: caller.user.username,
      affected_asset_id: assetId,
    })),
  );
}

/** The writable asset fields as a request sends them (POST adds `account_id`). */
export interface AssetInput {
  name: string;
  latitude: number | null;
  longitude: number | null;
  generic_asset_type_id: number;
  attributes: unknown;
  parent_asset_id: number | null;
  consumption_price_sensor_id: number | null;
  production_price_sensor_id: number | null;
  inflexible_device_sensor_ids: number[];
}

/**
 * Domain checks of the writable asset fields that passed the schema (docs/contract/api.md §7.5), shared by POST and
 * PATCH; returns the checked values. Coordinates: ranges and decimals. The asset type must exist,
 * and the `sensors_to_show` sensors must be sensors the caller can read (or, on PATCH, sensors the
 * asset already shows: `keptSensorIds`). The parent must be an asset the caller can read, and the
 * price and inflexible sensors sensors the caller can read (otherwise they are reported as not
 * existing: a caller learns nothing about other accounts, and the scheduler never reads a sensor
 * for a caller who could not read it).
 */
export async function checkAssetFields(
  actor: Actor,
  b: Partial<AssetInput>,
  errors: ErrorCollector,
  ok: (field: keyof AssetInput & string) => boolean,
  keptSensorIds: readonly number[] = [],
): Promise<AssetChanges> {
  const out: AssetChanges = {};
  const store = assetStore();
  if (ok('name')) out.name = b.name!;
  for (const [field, check] of [
    ['latitude', latitudeErrors],
    ['longitude', longitudeErrors],
  ] as const) {
    if (!ok(field)) continue;
    const value = b[field]!;
    const messages = value === null ? [] : check(value);
    for (const m of messages) errors.add([field], m);
    if (!messages.length) out[field] = value;
  }
  if (ok('generic_asset_type_id')) {
    const type = await store.getAssetType(b.generic_asset_type_id!);
    if (type) out.generic_asset_type_id = type.id;
    else errors.add(['generic_asset_type_id'], unknownAssetTypeMessage(b.generic_asset_type_id!));
  }
  if ('attributes' in b) {
    const parsed = parseAttributes(b.attributes);
    const ids = parsed.ok ? sensorsToShowIds(parsed.value) : parsed;
    if (!ids.ok) errors.add(['attributes'], ids.message);
    else {
      // Sensors the caller cannot read are reported exactly like unknown ones; references the
      // asset holds already (a PATCH sending its attributes back) are only checked to exist.
      const kept = new Set(keptSensorIds);
      const missing = [
        ...(await missingSensors(ids.value.filter((id) => kept.has(id)))),
        ...(await unreadableSensors(actor, ids.value.filter((id) => !kept.has(id)))),
      ].sort((a, b) => ids.value.indexOf(a) - ids.value.indexOf(b));
      if (missing.length) errors.add(['attributes'], noSensorMessage(missing[0]!));
      else if (parsed.ok) out.attributes = parsed.value;
    }
  }
  if (ok('parent_asset_id')) {
    const parentId = b.parent_asset_id!;
    if (parentId === null) out.parent_asset_id = null;
    else {
      const parent = await store.getAsset(parentId);
      if (parent && canAsset(actor, await ownedBy(parent.account_id), 'read')) out.parent_asset_id = parentId;
      else errors.add(['parent_asset_id'], unknownParentMessage(parentId));
    }
  }
  for (const field of ['consumption_price_sensor_id', 'production_price_sensor_id'] as const) {
    if (!ok(field)) continue;
    const id = b[field]!;
    if (id === null) out[field] = null;
    else if ((await unreadableSensors(actor, [id])).length) errors.add([field], noSensorMessage(id));
    else out[field] = id;
  }
  if (ok('inflexible_device_sensor_ids')) {
    const ids = normaliseInflexibleSensorIds(b.inflexible_device_sensor_ids!);
    const bad = await unreadableSensors(actor, ids);
    if (bad.length) errors.add(['inflexible_device_sensor_ids'], noSensorMessage(bad[0]!));
    else out.inflexible_device_sensor_ids = ids;
  }
  return out;
}

/** 403 unless the caller may place an asset under `parentId` (create-children on the parent). */
export async function requireParentAccess(actor: Actor, parentId: number | null | undefined): Promise<void> {
  if (parentId === null || parentId === undefined) return;
  const parent = await loadAsset(parentId);
  if (!canAsset(actor, await ownedBy(parent.account_id), 'create-children')) {
    throw new ForbiddenError(`user ${actor.userId} may not add assets under asset ${parentId}`);
  }
}

/**
 * A free-text query value as Flask reads it: form-decoded from the raw query string, so a `+`
 * (how Python's requests and browsers encode a space) is a space. API Gateway's
 * `queryStringParameters` keep a `+` as is.
 */
export function formDecodeQuery(req: Request, name: string): void {
  const raw = req.event.rawQueryString;
  if (!raw) return;
  const value = new URLSearchParams(raw).get(name);
  if (value !== null) req.query[name] = value;
}
