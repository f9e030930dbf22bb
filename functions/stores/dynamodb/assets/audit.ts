/**
 * The asset audit log in the entity table: one item per entry, `ASSETAUDIT#<asset>` /
 * `<epoch ms, 15 digits>#<id>`, so an asset's entries are one partition in time order. Entries
 * outlive their asset, detached (`affectedAssetId` null), as in FlexMeasures.
 */
import type { AssetAuditEntry } from '../../../core/assets/model.js';
import type { NewAuditEntry } from '../../../core/ports/assets.js';
import { nextId } from '../counters.js';
import { entityOf, fromItem, numberOrNull, stored, stringOrNull, toItem, type Codecs, type Item } from '../items.js';
import type { DynamoTable } from '../toolkit.js';
import { pad } from './shared.js';

const auditPartition = (assetId: number | null) => `ASSETAUDIT#${assetId}`;

/** The attributes of an audit entry item (FlexMeasures' field names: the layout of deployed tables). */
const ENTRY_FIELDS: Codecs<AssetAuditEntry> = {
  id: stored('id', Number),
  event: stored('event', String),
  eventDatetime: stored('event_datetime', Number),
  activeUserId: stored('active_user_id', numberOrNull),
  activeUserName: stored('active_user_name', stringOrNull),
  affectedAssetId: stored('affected_asset_id', numberOrNull),
};
const toAuditEntry = (item: Item): AssetAuditEntry => fromItem(item, ENTRY_FIELDS);

export class AssetAuditItems {
  constructor(private readonly table: DynamoTable) {}

  async add(entries: readonly NewAuditEntry[]): Promise<AssetAuditEntry[]> {
    const out: AssetAuditEntry[] = [];
    for (const entry of entries) {
      const id = await nextId(this.table, 'audit');
      const record = entityOf(id, entry, ENTRY_FIELDS);
      await this.table.put({ pk: auditPartition(entry.affectedAssetId), sk: `${pad(entry.eventDatetime, 15)}#${pad(id)}`, ...toItem(record, ENTRY_FIELDS) });
      out.push(record);
    }
    return out;
  }

  /** The entries of an asset that still exists (those not detached). */
  async list(assetId: number): Promise<AssetAuditEntry[]> {
    return (await this.listOfFormerAsset(assetId)).filter((e) => e.affectedAssetId === assetId);
  }

  /** Every entry written about an asset, detached ones included. */
  async listOfFormerAsset(assetId: number): Promise<AssetAuditEntry[]> {
    return (await this.table.partition(auditPartition(assetId))).map(toAuditEntry);
  }

  /** Keeps an asset's trail after the asset is deleted, detached (FlexMeasures: affected_asset_id set null). */
  async detach(assetId: number): Promise<void> {
    const entries = await this.table.partition(auditPartition(assetId));
    await Promise.all(entries.map((e) => this.table.updateIf({ pk: String(e.pk), sk: String(e.sk) }, { set: { [ENTRY_FIELDS.affectedAssetId.attribute]: null } }, null)));
  }
}
