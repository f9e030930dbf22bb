/**
 * Asset types in the entity table: `ASSETTYPE#<id>` (listed in gsi1 partition `ASSETTYPES`), a
 * name marker `ASSETTYPENAME#<name>` carrying the id, and the seed marker `ASSETTYPE#SEED` of the
 * default types (sort key: a hash of their names, so a new default list seeds again).
 */
import { createHash } from 'node:crypto';
import { DEFAULT_ASSET_TYPES } from '../../../core/assets/asset-types.js';
import type { AssetType } from '../../../core/assets/model.js';
import { DuplicateNameError } from '../../../core/ports/assets.js';
import { nextId, raiseCounter } from '../counters.js';
import { stored, stringOrNull, type Codecs, type Item } from '../items.js';
import type { DynamoTable } from '../toolkit.js';
import { EntityItems, pad } from './shared.js';

const typeKey = (id: number) => ({ pk: `ASSETTYPE#${id}`, sk: 'ASSETTYPE' });
const typeNameKey = (name: string) => ({ pk: `ASSETTYPENAME#${name}`, sk: 'ASSETTYPENAME' });

const SEED_VERSION = createHash('sha256')
  .update(DEFAULT_ASSET_TYPES.map((t) => t.name).join('\n'))
  .digest('hex')
  .slice(0, 16);

const TYPE_FIELDS: Codecs<AssetType> = { id: stored('id', Number), name: stored('name', String), description: stored('description', stringOrNull) };

function assetTypeItem(type: AssetType): Item {
  return { ...typeKey(type.id), gsi1pk: 'ASSETTYPES', gsi1sk: `ASSETTYPE#${pad(type.id)}`, ...type };
}

export class AssetTypeItems extends EntityItems<AssetType> {
  private seeded: Promise<void> | undefined;

  constructor(table: DynamoTable) {
    super(table, typeKey, TYPE_FIELDS);
  }

  /** Seeds the default asset types once per table (ids 1…n in order); concurrent callers share the work. */
  ensureDefaults(): Promise<void> {
    this.seeded ??= this.seed().catch((err) => {
      this.seeded = undefined;
      throw err;
    });
    return this.seeded;
  }

  private async seed(): Promise<void> {
    const marker = { pk: 'ASSETTYPE#SEED', sk: SEED_VERSION };
    if (await this.table.get(marker)) return;
    // The default types get ids 1…n in order (the same everywhere); later types count on from there.
    await raiseCounter(this.table, 'asset-type', DEFAULT_ASSET_TYPES.length);
    for (const [index, seed] of DEFAULT_ASSET_TYPES.entries()) {
      if (await this.getByName(seed.name)) continue;
      try {
        await this.insert(seed, index + 1);
      } catch (err) {
        if (!(err instanceof DuplicateNameError)) throw err; // seeded concurrently
      }
    }
    await this.table.putIf({ ...marker, seededAt: Date.now() });
  }

  list(): Promise<AssetType[]> {
    return this.listed('gsi1', 'ASSETTYPES');
  }

  async getByName(name: string): Promise<AssetType | null> {
    const marker = await this.table.get(typeNameKey(name));
    if (!marker) return null;
    const id = Number(marker.id);
    const existing = await this.get(id);
    if (existing) return existing;
    // The marker was written but the type item not (interrupted create): complete it.
    const type: AssetType = { id, name, description: (marker.description as string | null) ?? null };
    await this.table.putIf(assetTypeItem(type));
    return type;
  }

  create(fields: { name: string; description: string | null }): Promise<AssetType> {
    return this.insert(fields);
  }

  /** Claims the name, then writes the type under `preferredId` if free, else under a fresh id. */
  private async insert(fields: { name: string; description: string | null }, preferredId?: number): Promise<AssetType> {
    let id = preferredId ?? (await nextId(this.table, 'asset-type'));
    const nameKey = typeNameKey(fields.name);
    if (!(await this.table.putIf({ ...nameKey, id, description: fields.description })).written) {
      throw new DuplicateNameError('asset-type', fields.name, null);
    }
    while (!(await this.table.putIf(assetTypeItem({ id, name: fields.name, description: fields.description }))).written) {
      // The id belongs to a type created before the defaults were seeded: move to a fresh id (we own the name marker).
      id = await nextId(this.table, 'asset-type');
      await this.table.put({ ...nameKey, id, description: fields.description });
    }
    return { id, name: fields.name, description: fields.description };
  }
}
