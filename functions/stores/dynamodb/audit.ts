/**
 * The account/user audit log on DynamoDB: one item per event, listed per affected user (gsi1) and
 * per affected account (gsi2), oldest first. Event texts are capped at 255 characters the way
 * FlexMeasures truncates them (ellipsis in the middle).
 */
import type { AuditEvent, AuditStore, NewAuditEvent } from '../../core/ports/accounts.js';
import { nextId } from './counters.js';
import type { Item } from './items.js';
import { auditKey, auditOfAccount, auditOfUser, auditSort } from './accounts-keys.js';
import { ENTITY_TABLE } from './tables.js';
import { TableAdapter, type TableOptions } from './toolkit.js';

/** FlexMeasures' `truncate_string`: longer texts keep their head and tail around " ... ". */
export function truncateEvent(value: string, maxLength = 255): string {
  if (value.length <= maxLength) return value;
  const half = Math.floor((maxLength - 5) / 2);
  return `${value.slice(0, half)} ... ${value.slice(value.length - half)}`;
}

function toEvent(item: Item): AuditEvent {
  const num = (v: unknown) => (v == null ? null : Number(v));
  return {
    id: Number(item.id),
    at: Number(item.at),
    event: String(item.event),
    activeUserId: num(item.activeUserId),
    activeUserName: (item.activeUserName as string | null | undefined) ?? null,
    affectedUserId: num(item.affectedUserId),
    affectedAccountId: num(item.affectedAccountId),
  };
}

export class DynamoAuditStore extends TableAdapter implements AuditStore {
  constructor(options: TableOptions = {}) {
    super(ENTITY_TABLE, options);
  }

  async record(input: NewAuditEvent): Promise<AuditEvent> {
    const id = await nextId(this.table, 'audit');
    const event: AuditEvent = { ...input, id, event: truncateEvent(input.event) };
    const sort = auditSort(event.at, id);
    await this.table.put({
      ...auditKey(id),
      kind: 'audit',
      ...(event.affectedUserId !== null ? { gsi1pk: auditOfUser(event.affectedUserId), gsi1sk: sort } : {}),
      ...(event.affectedAccountId !== null ? { gsi2pk: auditOfAccount(event.affectedAccountId), gsi2sk: sort } : {}),
      ...event,
    });
    return event;
  }

  async listForAccount(accountId: number): Promise<AuditEvent[]> {
    return (await this.table.partition(auditOfAccount(accountId), { index: 'gsi2' })).map(toEvent);
  }

  async listForUser(userId: number): Promise<AuditEvent[]> {
    return (await this.table.partition(auditOfUser(userId), { index: 'gsi1' })).map(toEvent);
  }
}
