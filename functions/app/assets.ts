/**
 * Use cases on assets: list, read, create, change and delete them, and read their audit log; and
 * the asset rules the sensor, sensor-data, schedule and chart use cases share: loading (404 in
 * FlexMeasures' shape), the permission view of an owning account, the readable sensors among some
 * ids, asset objects in bulk and asset audit entries. Every function takes its ports explicitly.
 */
import { readableAccounts } from './accounts.js';
import { noSensorMessage, parseAttributes, sensorsToShowIds } from '../core/assets/attributes.js';
import {
  duplicateAssetNameMessage,
  NAME_MAX_LENGTH,
  normaliseInflexibleSensorIds,
  NOT_ALLOWED_FOR_ACCOUNT,
  OWN_PARENT,
  PARENT_CYCLE,
  unknownAccountMessage,
  unknownAssetTypeMessage,
  unknownParentMessage,
} from '../core/assets/assets.js';
import { assetChanges, assetUpdateEvents, createdAssetEvent, deletedAssetEvent, type AssetChanges } from '../core/assets/audit.js';
import { latitudeErrors, longitudeErrors } from '../core/assets/location.js';
import { withAssetDefaults, type Asset, type AssetFields, type AssetType, type Sensor } from '../core/assets/model.js';
import { matchesSearchTerms, pageOf, shellSplit } from '../core/assets/search.js';
import { assetJson, type Named } from '../core/assets/serialize.js';
import { ForbiddenError, HttpError, NOT_FOUND_MESSAGE, NotFoundError, ValidationError, type Json } from '../core/errors.js';
import { canAccount, canAsset, canSensor, hasAdminAccess, type AccountRef, type Actor, type OwnedRef } from '../core/permissions.js';
import type { Account } from '../core/ports/accounts.js';
import { DuplicateNameError } from '../core/ports/assets.js';
import type { Ports } from '../core/ports/index.js';
import { httpDate } from '../core/time/index.js';
import { deleteAssetTreeWithData, type DeletionPorts } from './deletion.js';
import { mapLimit } from '../core/pool.js';

type JsonObject = { [key: string]: Json };

/** Who an audit entry names: the calling user, or null for the admin CLI. */
export type AuditUser = { readonly id: number; readonly username: string } | null;

/** The caller of an API use case: the permission actor and the user audit entries name. */
export interface CallerRef {
  readonly actor: Actor;
  readonly user: { readonly id: number; readonly username: string };
}

/** Collects field errors (the request pipeline's ErrorCollector is one). */
export interface FieldErrorSink {
  add(path: readonly string[], message: string): void;
}

/** Whether the schema accepted a field of the body (so its value has the schema's type). */
export type FieldOk<T> = (field: keyof T & string) => boolean;

// ------------------------------------------------------------------ loading and ownership

/** The asset, or 404 `GenericAsset <id> not found`. */
export async function loadAsset(deps: Pick<Ports, 'assets'>, id: number, read?: Asset | null): Promise<Asset> {
  const asset = read === undefined ? await deps.assets.getAsset(id) : read;
  if (!asset) throw new NotFoundError('GenericAsset', id);
  return asset;
}

function accountRef(account: Account | null, id: number): AccountRef {
  return { id, consultancyAccountId: account?.consultancyAccountId ?? null };
}

/** The permission view of something owned by `accountId` (null: public). */
export async function ownedBy(deps: Pick<Ports, 'accounts'>, accountId: number | null): Promise<OwnedRef> {
  if (accountId === null) return { account: null };
  return { account: accountRef(await deps.accounts.get(accountId), accountId) };
}

/** Permission views for several owners at once (one read per distinct account). */
export async function ownersOf(deps: Pick<Ports, 'accounts'>, accountIds: Iterable<number | null>): Promise<Map<number | null, OwnedRef>> {
  const ids = [...new Set([...accountIds].filter((id): id is number => id !== null))];
  const accounts = new Map((await deps.accounts.getMany(ids)).map((a) => [a.id, a]));
  const out = new Map<number | null, OwnedRef>([[null, { account: null }]]);
  for (const id of ids) out.set(id, { account: accountRef(accounts.get(id) ?? null, id) });
  return out;
}

/** The asset, if the actor may `permission` it: 404 when it does not exist, else 403 naming `what`. */
export async function assetFor(
  deps: Pick<Ports, 'assets' | 'accounts'>,
  actor: Actor,
  id: number,
  permission: 'read' | 'update' | 'delete',
  what = `asset ${id}`,
  read?: Asset | null,
): Promise<Asset> {
  const asset = await loadAsset(deps, id, read);
  if (!canAsset(actor, await ownedBy(deps, asset.accountId), permission)) throw new ForbiddenError(`user ${actor.userId} may not ${permission} ${what}`);
  return asset;
}

/** Of the given sensor ids, those that do not exist or that the caller may not read (in order). */
export async function unreadableSensors(deps: Pick<Ports, 'assets' | 'accounts'>, actor: Actor, ids: readonly number[]): Promise<number[]> {
  const readable = await readableSensorMap(deps, actor, ids);
  return ids.filter((id) => !readable.has(id));
}

/** Of the given sensor ids, the sensors that exist and that the caller may read, by id. */
export async function readableSensorMap(deps: Pick<Ports, 'assets' | 'accounts'>, actor: Actor, ids: readonly number[]): Promise<Map<number, Sensor>> {
  if (!ids.length) return new Map();
  const found = await deps.assets.getSensors(ids);
  const owners = await ownersOf(deps, [...found.values()].map((s) => s.accountId));
  return new Map([...found].filter(([, s]) => canSensor(actor, owners.get(s.accountId)!, 'read')));
}

/** Of the given sensor ids, those that do not exist (in order). */
async function missingSensors(deps: Pick<Ports, 'assets'>, ids: readonly number[]): Promise<number[]> {
  if (!ids.length) return [];
  const sensors = await deps.assets.getSensors(ids);
  return ids.filter((id) => !sensors.has(id));
}

// ------------------------------------------------------------------ serialisation and audit

/**
 * Asset objects with their type, owner, direct children and sensors, for a batch of assets: one
 * read for the owners, sensor queries per asset or per account, one children query per asset.
 */
export async function assetsJson(deps: Pick<Ports, 'assets' | 'accounts'>, assets: readonly Asset[]): Promise<JsonObject[]> {
  if (!assets.length) return [];
  const store = deps.assets;
  const accountIds = [...new Set(assets.map((a) => a.accountId))];
  const [types, accounts, sensorLists, children] = await Promise.all([
    store.listAssetTypes(),
    deps.accounts.getMany(accountIds.filter((id): id is number => id !== null)),
    // A few assets: their own sensors; many: all sensors of their accounts (fewer queries).
    assets.length <= 5
      ? Promise.all(assets.map((a) => store.listSensorsByAsset(a.id)))
      : Promise.all(accountIds.map((id) => store.listSensorsByAccount(id))),
    mapLimit(assets, 16, (a) => store.listChildAssets(a.id)),
  ]);
  const typeById = new Map<number, AssetType>(types.map((t) => [t.id, t]));
  const typeOf = (id: number): AssetType => typeById.get(id) ?? { id, name: '', description: null };
  const ownerById = new Map<number, Named>(accounts.map((a) => [a.id, { id: a.id, name: a.name }]));
  const sensorsByAsset = new Map<number, Named[]>();
  for (const sensor of sensorLists.flat()) {
    const list = sensorsByAsset.get(sensor.genericAssetId) ?? [];
    list.push({ id: sensor.id, name: sensor.name });
    sensorsByAsset.set(sensor.genericAssetId, list);
  }
  return assets.map((asset, i) =>
    assetJson(asset, {
      type: typeOf(asset.genericAssetTypeId),
      owner: asset.accountId === null ? null : (ownerById.get(asset.accountId) ?? { id: asset.accountId, name: '' }),
      children: children[i]!.map((child) => ({ asset: child, type: typeOf(child.genericAssetTypeId) })),
      sensors: sensorsByAsset.get(asset.id) ?? [],
    }),
  );
}

/** One asset object. */
export async function oneAssetJson(deps: Pick<Ports, 'assets' | 'accounts'>, asset: Asset): Promise<JsonObject> {
  return (await assetsJson(deps, [asset]))[0]!;
}

/** Records asset audit events by `by` (null: the admin CLI) at the clock's now. */
export async function recordAssetAudit(deps: Pick<Ports, 'assets' | 'clock'>, by: AuditUser, assetId: number, events: readonly string[]): Promise<void> {
  if (!events.length) return;
  const at = deps.clock();
  await deps.assets.addAuditEntries(
    events.map((event) => ({ event, eventDatetime: at, activeUserId: by?.id ?? null, activeUserName: by?.username ?? null, affectedAssetId: assetId })),
  );
}

// ------------------------------------------------------------------ reading

export interface AssetListQuery {
  all_accessible?: boolean;
  page?: number;
  per_page?: number;
  /** Search terms, split shell-style (schema-valid: `shellSplit` accepts it). */
  filter?: string;
}

export const DEFAULT_PER_PAGE = 10;

/**
 * The assets of `account`, or with `all_accessible` those of every account the caller may list
 * plus the public ones; each filter term must match the asset or account name; ordered by id. With
 * `page`: the paginated object `{data, num-records, filtered-records}` (404 past the last page).
 */
export async function listAssets(deps: Pick<Ports, 'assets' | 'accounts'>, actor: Actor, account: Account, query: AssetListQuery): Promise<Json> {
  let assets: Asset[];
  const accountNames = new Map<number, string>([[account.id, account.name]]);
  if (query.all_accessible) {
    const accounts = await readableAccounts(deps, actor, { missingOwn: 'skip' });
    for (const a of accounts) accountNames.set(a.id, a.name);
    const lists = await Promise.all([...accounts.map((a) => deps.assets.listAssetsByAccount(a.id)), deps.assets.listAssetsByAccount(null)]);
    assets = lists.flat();
  } else {
    if (!canAccount(actor, account, 'read')) throw new ForbiddenError(`user ${actor.userId} may not read account ${account.id}`);
    assets = await deps.assets.listAssetsByAccount(account.id);
  }
  assets.sort((a, b) => a.id - b.id);
  const terms = query.filter === undefined ? [] : shellSplit(query.filter);
  const filtered = terms.length
    ? assets.filter((a) => matchesSearchTerms(terms, a.name, a.accountId === null ? null : (accountNames.get(a.accountId) ?? null)))
    : assets;
  if (query.page === undefined) return assetsJson(deps, filtered);
  const page = pageOf(filtered, query.page, query.per_page ?? DEFAULT_PER_PAGE);
  if (!page) throw new HttpError(404, NOT_FOUND_MESSAGE);
  return { data: await assetsJson(deps, page.items), 'filtered-records': filtered.length, 'num-records': assets.length };
}

/** All public assets, by id. */
export async function listPublicAssets(deps: Pick<Ports, 'assets' | 'accounts'>): Promise<JsonObject[]> {
  const assets = await deps.assets.listAssetsByAccount(null);
  return assetsJson(deps, assets.sort((a, b) => a.id - b.id));
}

/** One asset object, if the caller may read it (404, then 403). */
export async function getAsset(deps: Pick<Ports, 'assets' | 'accounts'>, actor: Actor, id: number): Promise<JsonObject> {
  return oneAssetJson(deps, await assetFor(deps, actor, id, 'read'));
}

/** The asset's audit log, oldest first, if the caller may read the asset (404, then 403). */
export async function assetAuditLog(deps: Pick<Ports, 'assets' | 'accounts'>, actor: Actor, id: number): Promise<JsonObject[]> {
  const asset = await assetFor(deps, actor, id, 'read', `the audit log of asset ${id}`);
  const entries = await deps.assets.listAuditEntries(asset.id);
  return entries.map((e) => ({
    active_user_id: e.activeUserId,
    active_user_name: e.activeUserName,
    event: e.event,
    event_datetime: httpDate(e.eventDatetime),
  }));
}

// ------------------------------------------------------------------ field checks

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
 * Domain checks of the writable asset fields that passed the schema, shared by POST and PATCH;
 * returns the checked values. Coordinates: ranges and decimals. The asset type must exist, and
 * the `sensors_to_show` sensors must be sensors the caller can read (or, on PATCH, sensors the
 * asset already shows: `keptSensorIds`). The parent must be an asset the caller can read, and the
 * price and inflexible sensors sensors the caller can read (otherwise they are reported as not
 * existing: a caller learns nothing about other accounts, and the scheduler never reads a sensor
 * for a caller who could not read it).
 */
export async function checkAssetFields(
  deps: Pick<Ports, 'assets' | 'accounts'>,
  actor: Actor,
  b: Partial<AssetInput>,
  errors: FieldErrorSink,
  ok: FieldOk<AssetInput>,
  keptSensorIds: readonly number[] = [],
): Promise<AssetChanges> {
  const out: AssetChanges = {};
  const store = deps.assets;
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
    if (type) out.genericAssetTypeId = type.id;
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
        ...(await missingSensors(deps, ids.value.filter((id) => kept.has(id)))),
        ...(await unreadableSensors(deps, actor, ids.value.filter((id) => !kept.has(id)))),
      ].sort((a, b) => ids.value.indexOf(a) - ids.value.indexOf(b));
      if (missing.length) errors.add(['attributes'], noSensorMessage(missing[0]!));
      else if (parsed.ok) out.attributes = parsed.value;
    }
  }
  if (ok('parent_asset_id')) {
    const parentId = b.parent_asset_id!;
    if (parentId === null) out.parentAssetId = null;
    else {
      const parent = await store.getAsset(parentId);
      if (parent && canAsset(actor, await ownedBy(deps, parent.accountId), 'read')) out.parentAssetId = parentId;
      else errors.add(['parent_asset_id'], unknownParentMessage(parentId));
    }
  }
  for (const [field, domainField] of [
    ['consumption_price_sensor_id', 'consumptionPriceSensorId'],
    ['production_price_sensor_id', 'productionPriceSensorId'],
  ] as const) {
    if (!ok(field)) continue;
    const id = b[field]!;
    if (id === null) out[domainField] = null;
    else if ((await unreadableSensors(deps, actor, [id])).length) errors.add([field], noSensorMessage(id));
    else out[domainField] = id;
  }
  if (ok('inflexible_device_sensor_ids')) {
    const ids = normaliseInflexibleSensorIds(b.inflexible_device_sensor_ids!);
    const bad = await unreadableSensors(deps, actor, ids);
    if (bad.length) errors.add(['inflexible_device_sensor_ids'], noSensorMessage(bad[0]!));
    else out.inflexibleDeviceSensorIds = ids;
  }
  return out;
}

/** 403 unless the caller may place an asset under `parentId` (create-children on the parent; 404 if it is gone). */
export async function requireParentAccess(deps: Pick<Ports, 'assets' | 'accounts'>, actor: Actor, parentId: number | null | undefined): Promise<void> {
  if (parentId === null || parentId === undefined) return;
  const parent = await loadAsset(deps, parentId);
  if (!canAsset(actor, await ownedBy(deps, parent.accountId), 'create-children')) {
    throw new ForbiddenError(`user ${actor.userId} may not add assets under asset ${parentId}`);
  }
}

// ------------------------------------------------------------------ creating

/**
 * 403 unless the caller may create assets at all (create-children on their own account: account
 * admins and admins); makes sure the default asset types exist before the body's type is checked.
 */
export async function authorizeAssetCreation(deps: Pick<Ports, 'assets' | 'accounts'>, actor: Actor): Promise<void> {
  const own = await deps.accounts.get(actor.accountId);
  if (!canAccount(actor, own ?? { id: actor.accountId, consultancyAccountId: null }, 'create-children')) {
    throw new ForbiddenError(`user ${actor.userId} may not create assets`);
  }
  await deps.assets.ensureDefaultAssetTypes();
}

export type NewAssetInput = AssetInput & { account_id?: number | null };

/**
 * The field checks of a new asset (`checkAssetFields`, then `account_id`): admins may name any
 * existing account, or null for a public asset; others only their own account. When omitted,
 * admins create a public asset (as FlexMeasures) and everybody else an asset of their own account
 * (FlexMeasures made it public whoever asked; that is not copied). Returns the complete fields
 * (meaningful when no error was added).
 */
export async function checkNewAsset(
  deps: Pick<Ports, 'assets' | 'accounts'>,
  actor: Actor,
  b: Partial<NewAssetInput>,
  errors: FieldErrorSink,
  ok: FieldOk<NewAssetInput>,
): Promise<AssetFields> {
  const checked = await checkAssetFields(deps, actor, b, errors, ok);
  const isAdmin = hasAdminAccess(actor, 'update');
  let accountId: number | null = isAdmin ? null : actor.accountId;
  if (ok('account_id')) {
    const requested = b.account_id!;
    if (requested === null && isAdmin) accountId = null;
    else if (requested === null || !(await deps.accounts.get(requested))) errors.add(['account_id'], unknownAccountMessage(requested ?? ('None' as unknown as number)));
    else if (!isAdmin && requested !== actor.accountId) errors.add(['account_id'], NOT_ALLOWED_FOR_ACCOUNT);
    else accountId = requested;
  }
  return withAssetDefaults({ name: b.name!, genericAssetTypeId: b.generic_asset_type_id!, accountId: accountId, ...checked });
}

/**
 * Creates an asset and its audit entry `Created asset '<name>': <id>` (by `by`; null: the admin
 * CLI). A name over 80 characters, or taken under the same parent (at the top level: in the same
 * account), is a 422 on `name`; nothing is written then. The API and the CLI both create through here.
 */
export async function createAsset(deps: Pick<Ports, 'assets' | 'clock'>, by: AuditUser, fields: AssetFields): Promise<Asset> {
  if (fields.name.length > NAME_MAX_LENGTH) throw ValidationError.field('json', 'name', `Longer than maximum length ${NAME_MAX_LENGTH}.`);
  let asset: Asset;
  try {
    asset = await deps.assets.createAsset(fields);
  } catch (err) {
    if (err instanceof DuplicateNameError) throw ValidationError.field('json', 'name', duplicateAssetNameMessage(fields.name, fields.parentAssetId));
    throw err;
  }
  await recordAssetAudit(deps, by, asset.id, [createdAssetEvent(asset.name, asset.id)]);
  return asset;
}

/** POST /assets after its field checks: create-children on the parent (403), then the asset object. */
export async function createAssetFor(deps: Pick<Ports, 'assets' | 'accounts' | 'clock'>, caller: CallerRef, fields: AssetFields): Promise<JsonObject> {
  await requireParentAccess(deps, caller.actor, fields.parentAssetId);
  return oneAssetJson(deps, await createAsset(deps, caller.user, fields));
}

// ------------------------------------------------------------------ changing and deleting

/** The asset a PATCH path names, for its body check: null for an invalid id or no such asset. */
export async function assetIfAny(deps: Pick<Ports, 'assets'>, id: number | undefined): Promise<Asset | null> {
  return id === undefined ? null : deps.assets.getAsset(id);
}

/** The sensors an asset shows already (none when there is no such asset). */
export function shownSensorIds(asset: Asset | null): number[] {
  const ids = asset ? sensorsToShowIds(asset.attributes ?? {}) : null;
  return ids?.ok ? ids.value : [];
}

/** Whether `candidate` is `assetId` or lies below it (walking up from the candidate). */
async function isSelfOrDescendant(deps: Pick<Ports, 'assets'>, assetId: number, candidate: number): Promise<boolean> {
  const seen = new Set<number>();
  for (let id: number | null = candidate; id !== null && !seen.has(id); ) {
    if (id === assetId) return true;
    seen.add(id);
    id = (await deps.assets.getAsset(id))?.parentAssetId ?? null;
  }
  return false;
}

/**
 * Changes the checked fields of asset `id` that differ (404; update on the owner, 403; a new
 * parent: no cycles, 422, and create-children on it, 403). One audit entry per changed field and
 * per changed attribute key; a name taken among its siblings is a 422. `read`: the asset as the
 * body check already read it in this request (undefined: read it here).
 */
export async function patchAsset(
  deps: Pick<Ports, 'assets' | 'accounts' | 'clock'>,
  caller: CallerRef,
  id: number,
  requested: AssetChanges,
  read?: Asset | null,
): Promise<JsonObject> {
  const asset = await assetFor(deps, caller.actor, id, 'update', undefined, read);
  const changes = assetChanges(asset, requested);
  if (changes.parentAssetId !== undefined && changes.parentAssetId !== null) {
    if (changes.parentAssetId === asset.id) throw ValidationError.field('json', 'parent_asset_id', OWN_PARENT);
    if (await isSelfOrDescendant(deps, asset.id, changes.parentAssetId)) throw ValidationError.field('json', 'parent_asset_id', PARENT_CYCLE);
    await requireParentAccess(deps, caller.actor, changes.parentAssetId);
  }
  if (!Object.keys(changes).length) return oneAssetJson(deps, asset);
  let updated: Asset;
  try {
    updated = await deps.assets.updateAsset(asset.id, changes);
  } catch (err) {
    if (!(err instanceof DuplicateNameError)) throw err;
    throw ValidationError.field('json', 'name', duplicateAssetNameMessage(err.entityName, err.scope));
  }
  await recordAssetAudit(deps, caller.user, asset.id, assetUpdateEvents(asset, changes));
  return oneAssetJson(deps, updated);
}

/**
 * Deletes asset `id` with its sensors (and their beliefs) and all its descendants (404; delete on
 * the owner, 403). The audit entry `Deleted asset '<name>': <id>` is written first and stays,
 * detached, like the asset's earlier entries.
 */
export async function deleteAsset(deps: Pick<Ports, 'assets' | 'accounts' | 'clock'> & DeletionPorts, caller: CallerRef, id: number): Promise<void> {
  const asset = await assetFor(deps, caller.actor, id, 'delete');
  const tree = await deps.assets.collectAssetTree(asset.id);
  if (!tree) throw new NotFoundError('GenericAsset', asset.id);
  await recordAssetAudit(deps, caller.user, asset.id, [deletedAssetEvent(asset.name, asset.id)]);
  await deleteAssetTreeWithData(deps, tree);
}
