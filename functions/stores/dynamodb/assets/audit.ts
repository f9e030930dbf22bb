/**
 * The asset audit log in the entity table: one item per entry, `ASSETAUDIT#<asset>` /
 * `<epoch ms, 15 digits>#<id>`, so an asset's entries are one partition in time order. Entries
 * outlive their asset, detached (`affected_asset_id` null), as in FlexMeasures.
 */
import type { AssetAuditEntry } from '../../../core/assets/model.js';
import type { NewAuditEntry } from '../../../core/ports/assets.js';
import { nextId } from '../counters.js';
import type { Item } from '../items.js';
import type { DynamoTable } from '../toolkit.js';
import { num, pad } from './shared.js';

const auditPartition = (assetId: number | null) => `ASSETAUDIT#${assetId}`;

function toAuditEntry(item: Item): AssetAuditEntry {
  return {
    id: Number(item.id),
    event: String(item.event),
    event_datetime: Number(item.event_datetime),
    active_user_id: num(item.active_user_id),
    active_user_name: (item.active_user_name as string | null) ?? null,
    affected_asset_id: num(item.affected_asset_id),
  };
}

export class AssetAuditItems {
  constructor(private readonly table: DynamoTable) {}

  async add(entries: readonly NewAuditEntry[]): Promise<AssetAuditEntry[]> {
    const out: AssetAuditEntry[] = [];
    for (const entry of entries) {
      const id = await nextId(this.table, 'audit');
      const record: AssetAuditEntry = {
        id,
        event: entry.event,
        event_datetime: entry.event_datetime,
        active_user_id: entry.active_user_id,
        active_user_name: entry.active_user_name,
        affected_asset_id: entry.affected_asset_id,
      };
      await this.table.put({ pk: auditPartition(entry.affected_asset_id), sk: `${pad(entry.event_datetime, 15)}#${pad(id)}`, ...record });
      out.push(record);
    }
    return out;
  }

  /** The entries of an asset that still exists (those not detached). */
  async list(assetId: number): Promise<AssetAuditEntry[]> {
    return (await this.listOfFormerAsset(assetId)).filter((e) => e.affected_asset_id === assetId);
  }

  /** Every entry written about an asset, detached ones included. */
  async listOfFormerAsset(assetId: number): Promise<AssetAuditEntry[]> {
    return (await this.table.partition(auditPartition(assetId))).map(toAuditEntry);
  }

  /** Keeps an asset's trail after the asset is deleted, detached (FlexMeasures: affected_asset_id set null). */
  async detach(assetId: number): Promise<void> {
    const entries = await this.table.partition(auditPartition(assetId));
    await Promise.all(entries.map((e) => this.table.updateIf({ pk: String(e.pk), sk: String(e.sk) }, { set: { affected_asset_id: null } }, null)));
  }
}
