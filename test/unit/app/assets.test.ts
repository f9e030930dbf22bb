/**
 * The asset use cases over in-memory ports: who may create, list, change and delete assets, the
 * field checks of a new asset, names unique among siblings, audit entries, and deletes that purge
 * the beliefs of every sensor before the tree goes.
 */
import { describe, it, expect, beforeEach } from '@jest/globals';
import {
  assetAuditLog,
  authorizeAssetCreation,
  checkNewAsset,
  createAsset,
  createAssetFor,
  deleteAsset,
  getAsset,
  listAssets,
  listPublicAssets,
  patchAsset,
  type NewAssetInput,
} from '../../../functions/app/assets.js';
import { DEFAULT_KNOWLEDGE_HORIZON, withAssetDefaults, type AssetFields } from '../../../functions/core/assets/model.js';
import { ForbiddenError, HttpError, NotFoundError, ValidationError } from '../../../functions/core/errors.js';
import type { Ports } from '../../../functions/core/ports/index.js';
import { ADMIN, ACCOUNT_ADMIN, CONSULTANT, type Actor } from '../../../functions/core/permissions.js';
import { InMemoryAssetStore } from '../../fakes/assets.js';
import { fakePorts } from '../../fakes/ports.js';
import { caller, collector, recordingPurger } from './support.js';
import { FakeAccountStore } from '../../fakes/accounts.js';

const NOW = Date.UTC(2026, 0, 1, 12);
let assets: InMemoryAssetStore;
let accounts: FakeAccountStore;
let deps: Ports;

const owner = caller(1, 1, [ACCOUNT_ADMIN]);
const member = caller(2, 1);
const outsider = caller(3, 2, [ACCOUNT_ADMIN]);
const admin = caller(9, 2, [ADMIN]);

const fields = (overrides: Partial<AssetFields> = {}): AssetFields => withAssetDefaults({ name: 'Battery', generic_asset_type_id: 5, account_id: 1, ...overrides });

beforeEach(async () => {
  assets = new InMemoryAssetStore();
  accounts = new FakeAccountStore();
  deps = fakePorts({ assets, accounts, now: NOW });
  await accounts.create({ name: 'Site owner', consultancyAccountId: 3 });
  await accounts.create({ name: 'Other' });
  await accounts.create({ name: 'Consultancy' });
  await assets.ensureDefaultAssetTypes();
});

describe('creating an asset', () => {
  it('writes the asset and its audit entry by the caller', async () => {
    const asset = await createAsset(deps, owner.user, fields());
    expect(await assets.getAsset(asset.id)).toEqual(asset);
    expect(await assets.listAuditEntries(asset.id)).toEqual([
      { id: 1, event: `Created asset 'Battery': ${asset.id}`, event_datetime: NOW, active_user_id: 1, active_user_name: 'user1', affected_asset_id: asset.id },
    ]);
  });

  it('refuses a name taken among its siblings, or too long, and writes nothing', async () => {
    const first = await createAsset(deps, null, fields());
    const duplicate = createAsset(deps, null, fields());
    await expect(duplicate).rejects.toBeInstanceOf(ValidationError);
    await expect(duplicate).rejects.toMatchObject({ errors: { name: ["An asset with the name 'Battery' already exists under parent asset with id=None."] } });
    await expect(createAsset(deps, null, fields({ name: 'x'.repeat(81) }))).rejects.toMatchObject({ errors: { name: ['Longer than maximum length 80.'] } });
    // The same name is free under a parent, and in another account.
    await createAsset(deps, null, fields({ parent_asset_id: first.id }));
    await createAsset(deps, null, fields({ account_id: 2 }));
    expect((await assets.listAssetsByAccount(1)).map((a) => a.name)).toEqual(['Battery', 'Battery']);
    expect(assets.audit).toHaveLength(3);
  });

  it('lets account admins and admins create, nobody else', async () => {
    await expect(authorizeAssetCreation(deps, member.actor)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(authorizeAssetCreation(deps, owner.actor)).resolves.toBeUndefined();
    await expect(authorizeAssetCreation(deps, admin.actor)).resolves.toBeUndefined();
  });

  it('checks the fields: type, coordinates, parent, account', async () => {
    const other = await createAsset(deps, null, fields({ name: 'Theirs', account_id: 2 }));
    const errors = collector();
    const body: Partial<NewAssetInput> = { name: 'New', generic_asset_type_id: 99, latitude: 91, parent_asset_id: other.id, account_id: 2 };
    await checkNewAsset(deps, owner.actor, body, errors, (f) => f in body);
    expect(errors.errors).toEqual({
      generic_asset_type_id: ["GenericAssetType with id 99 doesn't exist."],
      latitude: ['Latitude 91.0 exceeds the maximum latitude of 90 degrees.'],
      parent_asset_id: [`Parent GenericAsset with id ${other.id} doesn't exist.`],
      account_id: ['User is not allowed to create assets for this account.'],
    });
  });

  it('gives an admin’s asset without account_id no owner, and anybody else’s their own account', async () => {
    const body: Partial<NewAssetInput> = { name: 'New', generic_asset_type_id: 5 };
    const ok = (f: string) => f in body;
    expect((await checkNewAsset(deps, admin.actor, body, collector(), ok)).account_id).toBeNull();
    expect((await checkNewAsset(deps, owner.actor, body, collector(), ok)).account_id).toBe(1);
  });

  it('needs create-children on the parent', async () => {
    const theirs = await createAsset(deps, null, fields({ name: 'Theirs', account_id: 2 }));
    await expect(createAssetFor(deps, owner, fields({ parent_asset_id: theirs.id }))).rejects.toBeInstanceOf(ForbiddenError);
    const created = await createAssetFor(deps, outsider, fields({ account_id: 2, parent_asset_id: theirs.id }));
    expect(created).toMatchObject({ name: 'Battery', account_id: 2, parent_asset_id: theirs.id, generic_asset_type: { id: 5, name: 'battery' } });
  });
});

describe('reading assets', () => {
  beforeEach(async () => {
    await createAsset(deps, null, fields({ name: 'Site A' }));
    await createAsset(deps, null, fields({ name: 'Site B' }));
    await createAsset(deps, null, fields({ name: 'Elsewhere', account_id: 2 }));
    await createAsset(deps, null, fields({ name: 'Market', account_id: null }));
  });

  const account = async (id: number) => (await accounts.get(id))!;

  it('lists an account’s assets to its members only', async () => {
    const listed = (await listAssets(deps, member.actor, await account(1), {})) as { name: string }[];
    expect(listed.map((a) => a.name)).toEqual(['Site A', 'Site B']);
    await expect(listAssets(deps, outsider.actor, await account(1), {})).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('lists every accessible asset: own, clients’ (consultants) and public ones; filtered and paged', async () => {
    const consultant: Actor = { userId: 5, accountId: 3, roles: [CONSULTANT] };
    const all = (await listAssets(deps, consultant, await account(3), { all_accessible: true })) as { name: string }[];
    expect(all.map((a) => a.name)).toEqual(['Site A', 'Site B', 'Market']);
    const page = await listAssets(deps, consultant, await account(3), { all_accessible: true, filter: '"Site owner"', page: 2, per_page: 1 });
    expect(page).toMatchObject({ data: [{ name: 'Site B' }], 'filtered-records': 2, 'num-records': 3 });
    await expect(listAssets(deps, consultant, await account(3), { all_accessible: true, page: 4, per_page: 1 })).rejects.toBeInstanceOf(HttpError);
  });

  it('shows public assets to everybody, and one asset to who may read it', async () => {
    expect((await listPublicAssets(deps)).map((a) => a.name)).toEqual(['Market']);
    expect(await getAsset(deps, member.actor, 1)).toMatchObject({ id: 1, name: 'Site A', owner: { id: 1, name: 'Site owner' } });
    await expect(getAsset(deps, outsider.actor, 1)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getAsset(deps, member.actor, 99)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('changing and deleting assets', () => {
  it('changes only what differs, one audit entry per change, and refuses cycles', async () => {
    const root = await createAsset(deps, null, fields({ name: 'Root' }));
    const child = await createAsset(deps, null, fields({ name: 'Child', parent_asset_id: root.id }));
    await patchAsset(deps, member, child.id, { name: 'Child', latitude: 52 });
    const log = await assetAuditLog(deps, member.actor, child.id);
    expect(log.map((e) => e.event)).toEqual([`Created asset 'Child': ${child.id}`, expect.stringContaining('latitude')]);
    expect(log[1]).toMatchObject({ active_user_id: 2, active_user_name: 'user2', event_datetime: 'Thu, 01 Jan 2026 12:00:00 GMT' });
    await expect(patchAsset(deps, member, root.id, { parent_asset_id: child.id })).rejects.toMatchObject({
      errors: { parent_asset_id: ['An asset cannot be placed under one of its own descendants.'] },
    });
    await expect(patchAsset(deps, outsider, root.id, { latitude: 1 })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('maps a name taken by a sibling to a 422', async () => {
    await createAsset(deps, null, fields({ name: 'A' }));
    const b = await createAsset(deps, null, fields({ name: 'B' }));
    await expect(patchAsset(deps, member, b.id, { name: 'A' })).rejects.toMatchObject({
      errors: { name: ["An asset with the name 'A' already exists under parent asset with id=None."] },
    });
  });

  it('deletes the tree after purging every sensor’s beliefs; the audit trail stays, detached', async () => {
    const root = await createAsset(deps, owner.user, fields({ name: 'Root' }));
    const child = await createAsset(deps, null, fields({ name: 'Child', parent_asset_id: root.id }));
    const sensor = await assets.createSensor({
      name: 'power',
      unit: 'MW',
      timezone: 'UTC',
      event_resolution: 900_000,
      knowledge_horizon: DEFAULT_KNOWLEDGE_HORIZON,
      generic_asset_id: child.id,
      account_id: 1,
      attributes: {},
    });
    const beliefs = recordingPurger(assets);
    const withPurge = { assets, accounts, beliefs, clock: () => NOW };
    await expect(deleteAsset(withPurge, member, root.id)).rejects.toBeInstanceOf(ForbiddenError);
    await deleteAsset(withPurge, owner, root.id);
    expect(beliefs.purged).toEqual([sensor.id]);
    expect(await assets.getAsset(root.id)).toBeNull();
    expect(await assets.getAsset(child.id)).toBeNull();
    expect((await assets.listAuditEntriesOfFormerAsset(root.id)).map((e) => [e.event, e.affected_asset_id])).toEqual([
      [`Created asset 'Root': ${root.id}`, null],
      [`Deleted asset 'Root': ${root.id}`, null],
    ]);
  });
});
