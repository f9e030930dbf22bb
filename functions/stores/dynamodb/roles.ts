/**
 * Named roles (user roles and account roles) in the entity table: an item per id for look-ups by
 * id, and a name item (the uniqueness marker, also listed in an index partition) per name.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { NamedRole } from '../../core/ports/accounts.js';
import { documentClient } from './client.js';
import { nextId, type CounterKind } from './counters.js';
import { batchGetAll, isConditionFailed, queryAll, type Item, type Key } from './items.js';

export interface RoleKind {
  counter: CounterKind;
  byId(id: number): Key;
  byName(name: string): Key;
  allPartition: string;
  sort(id: number): string;
}

const toRole = (item: Item): NamedRole => ({
  id: Number(item.id),
  name: String(item.name),
  description: (item.description as string | null | undefined) ?? null,
});

export class RoleRegistry {
  constructor(
    private readonly table: () => string,
    private readonly kind: RoleKind,
  ) {}

  /** The role with this name, created (id from the counter) when missing; safe under concurrency. */
  async ensure(name: string, description: string | null = null): Promise<NamedRole> {
    const existing = await this.getByName(name);
    if (existing) return existing;
    const id = await nextId(this.kind.counter);
    const role: NamedRole = { id, name, description };
    try {
      await documentClient().send(
        new PutCommand({
          TableName: this.table(),
          Item: { ...this.kind.byName(name), gsi1pk: this.kind.allPartition, gsi1sk: this.kind.sort(id), ...role },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (err) {
      if (!isConditionFailed(err)) throw err;
      // Someone else created it first: theirs wins (our counter value stays unused).
      const winner = await this.getByName(name);
      if (winner) return winner;
      throw err;
    }
    await documentClient().send(new PutCommand({ TableName: this.table(), Item: { ...this.kind.byId(id), ...role } }));
    return role;
  }

  async getByName(name: string): Promise<NamedRole | null> {
    const out = await documentClient().send(
      new GetCommand({ TableName: this.table(), Key: this.kind.byName(name), ConsistentRead: true }),
    );
    return out.Item ? toRole(out.Item) : null;
  }

  async byIds(ids: readonly number[]): Promise<{ found: NamedRole[]; missing: number[] }> {
    const items = await batchGetAll(this.table(), ids.map((id) => this.kind.byId(id)), true);
    const found = items.map(toRole).sort((a, b) => a.id - b.id);
    const present = new Set(found.map((r) => r.id));
    return { found, missing: [...new Set(ids)].filter((id) => !present.has(id)) };
  }

  async list(): Promise<NamedRole[]> {
    const items = await queryAll(this.table(), { index: 'gsi1', keyName: 'gsi1pk', value: this.kind.allPartition });
    return items.map(toRole);
  }
}
