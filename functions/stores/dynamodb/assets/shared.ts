/**
 * What the asset-side aggregates share in the entity table: zero-padded ids, the owner segment
 * of account-scoped keys, attribute codecs, and the unique-name markers of assets and sensors.
 */
import type { Attributes } from '../../../core/assets/model.js';
import { MissingAssetEntityError } from '../../../core/ports/assets.js';
import type { Key } from '../items.js';
import type { DynamoTable } from '../toolkit.js';

/** Ids in sort keys are zero-padded so that they sort numerically. */
export const pad = (n: number, width = 12): string => String(n).padStart(width, '0');

/** The owner segment of account-scoped keys: the account id, or PUBLIC. */
export const owner = (accountId: number | null): string => (accountId === null ? 'PUBLIC' : String(accountId));

export const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

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

/** PATCHed fields as stored: `attributes` as JSON text, the rest as they are. */
export function storedChanges(changes: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(changes).map(([field, value]) => [field, field === 'attributes' ? JSON.stringify(value) : value]));
}

/** Only the named fields that are present (so that nothing else is ever written). */
export function pick<T extends object>(changes: T, fields: readonly (keyof T & string)[]): T {
  const out = {} as T;
  for (const f of fields) if (f in changes) out[f] = changes[f];
  return out;
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
   * Undoes the first steps of a create whose item could not be written: releases its name marker
   * (and runs `more`). Best effort: when the store fails here too, the marker is an orphan that
   * `claim` takes over once it is old, so the name is never lost for good.
   */
  async undoCreate(key: Key, id: number, more?: () => Promise<void>): Promise<void> {
    try {
      await more?.();
      await this.release(key, id);
    } catch {
      // The create's own error is what the caller reports; this one adds nothing to it.
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

