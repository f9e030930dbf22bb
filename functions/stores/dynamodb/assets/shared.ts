/**
 * What the asset-side aggregates share in the entity table: zero-padded ids, the owner segment
 * of account-scoped keys, attribute codecs, and the unique-name markers of assets and sensors.
 */
import type { Attributes } from '../../../core/assets/model.js';
import { MissingAssetEntityError } from '../../../core/ports/assets.js';
import { entityOf, fromItem, stored, toItem, type Codecs, type FieldCodec, type Item, type Key } from '../items.js';
import type { DynamoTable } from '../toolkit.js';

/** Ids in sort keys are zero-padded so that they sort numerically. */
export const pad = (n: number, width = 12): string => String(n).padStart(width, '0');

/** The owner segment of account-scoped keys: the account id, or PUBLIC. */
export const owner = (accountId: number | null): string => (accountId === null ? 'PUBLIC' : String(accountId));

/** A JSON object stored as text (so that key order survives; DynamoDB maps do not keep it); {} when absent or not an object. */
export function parseJsonObject(text: unknown): Attributes {
  if (typeof text !== 'string' || text === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Attributes) : {};
  } catch {
    return {};
  }
}

/** `attributes`, stored as JSON text so that key order survives (DynamoDB maps do not keep it). */
export const ATTRIBUTES: FieldCodec<Attributes> = stored('attributes', parseJsonObject, (value) => JSON.stringify(value));

/** Only the named fields that are present (so that nothing else is ever written). */
export function pick<T extends object>(changes: T, fields: readonly (keyof T & string)[]): T {
  const out = {} as T;
  for (const f of fields) if (f in changes) out[f] = changes[f];
  return out;
}

/** One kind of entity stored one item per id: reads, and building a new one from the fields given. */
export class EntityItems<T extends { id: number }> {
  constructor(
    protected readonly table: DynamoTable,
    protected readonly key: (id: number) => Key,
    private readonly codecs: Codecs<T>,
  ) {}

  protected readonly decode = (item: Item): T => fromItem(item, this.codecs);

  /** The stored attributes of the fields `entity` has (all of them, or those a PATCH changes). */
  protected readonly encode = (entity: Partial<T>): Item => toItem(entity, this.codecs);

  get(id: number): Promise<T | null> {
    return this.table.find(this.key(id), this.decode);
  }

  getMany(ids: readonly number[]): Promise<Map<number, T>> {
    return this.table.findMany(ids.map(this.key), this.decode);
  }

  /** The entities listed in one index partition. */
  protected async listed(index: 'gsi1' | 'gsi2', partition: string): Promise<T[]> {
    return (await this.table.partition(partition, { index })).map(this.decode);
  }

  /** A new entity of `id` with exactly the entity's fields of `fields`. */
  protected entity(id: number, fields: Omit<T, 'id'>): T {
    return entityOf(id, fields, this.codecs);
  }
}

/** A uniqueness marker whose owner item is still missing after this long was left by an interrupted write. */
const ORPHAN_MARKER_AGE_MS = 5 * 60_000;

/**
 * The unique-name markers of one kind of named entity (assets or sensors): `holder` is the
 * marker attribute naming the entity's id, `itemKey` the key of the entity's own item.
 */
export class NameMarkers {
  constructor(
    private readonly table: DynamoTable,
    private readonly kind: 'asset' | 'sensor',
    private readonly holder: 'assetId' | 'sensorId',
    private readonly itemKey: (id: number) => Key,
  ) {}

  /**
   * Claims a name marker for `id`. A marker left behind by an interrupted create (its owner item
   * never written) is taken over once old; false when the name is really taken.
   */
  claim(key: Key, id: number): Promise<boolean> {
    return this.table.takeMarker(
      key,
      this.holder,
      id,
      // A create in progress writes its item right after the marker: only old orphans are taken over.
      async (marker) =>
        Date.now() - Number(marker.claimedAt ?? 0) < ORPHAN_MARKER_AGE_MS || (await this.table.get(this.itemKey(Number(marker[this.holder])))) !== null,
      { claimedAt: Date.now() },
    );
  }

  /** Drops a name marker, unless another entity holds it by now. */
  async release(key: Key, id: number): Promise<void> {
    await this.table.release(key, this.holder, id);
  }

  /**
   * Creates an entity under its name: claims the name marker (`taken()` is thrown when another
   * entity holds it), then runs `write`. When the write fails nothing stays behind: `undo` runs
   * and the marker is given back. That is best effort: when the store fails there too, the marker
   * is an orphan that `claim` takes over once it is old, so the name is never lost for good.
   */
  async create(key: Key, id: number, taken: () => Error, write: () => Promise<void>, undo?: () => Promise<void>): Promise<void> {
    if (!(await this.claim(key, id))) throw taken();
    try {
      await write();
    } catch (err) {
      try {
        await undo?.();
        await this.release(key, id);
      } catch {
        // The create's own error is what the caller reports; this one adds nothing to it.
      }
      throw err;
    }
  }

  /**
   * Stores PATCHed attributes of an entity (`set`/`remove`; nothing to store is fine), on condition
   * that its item exists. With `rename`, its name marker moves: the new marker is claimed first
   * (`taken()` is thrown when another entity holds it), given back when the write fails, and the
   * old one is released after the write; `beforeWrite` runs once the name is secured.
   */
  async patch(
    id: number,
    change: { set: Record<string, unknown>; remove?: string[] },
    rename: { from: Key; to: Key; taken: () => Error } | null,
    beforeWrite?: () => Promise<void>,
  ): Promise<void> {
    if (rename && !(await this.claim(rename.to, id))) throw rename.taken();
    await beforeWrite?.();
    if (Object.keys(change.set).length || change.remove?.length) {
      let written = false;
      try {
        written = (await this.table.updateIf(this.itemKey(id), change)).written;
      } finally {
        if (rename && !written) await this.table.delete(rename.to);
      }
      if (!written) throw new MissingAssetEntityError(this.kind, id);
    }
    if (rename) await this.release(rename.from, id);
  }
}

/** Assets or sensors: entities with a unique name (per parent, account or asset) and PATCHable fields. */
export class NamedEntityItems<T extends { id: number }> extends EntityItems<T> {
  protected readonly names: NameMarkers;

  constructor(table: DynamoTable, private readonly kind: 'asset' | 'sensor', key: (id: number) => Key, codecs: Codecs<T>) {
    super(table, key, codecs);
    this.names = new NameMarkers(table, kind, kind === 'asset' ? 'assetId' : 'sensorId', key);
  }

  /** The entity as it is, and as a PATCH of `requested` (only its patchable `fields`) makes it; MissingAssetEntityError when it is gone. */
  protected async patchOf<C extends Partial<T>>(id: number, requested: C, fields: readonly (keyof C & string)[]): Promise<{ current: T; next: T; changes: C }> {
    const changes = pick(requested, fields);
    const current = await this.get(id);
    if (!current) throw new MissingAssetEntityError(this.kind, id);
    return { current, next: { ...current, ...changes }, changes };
  }
}
