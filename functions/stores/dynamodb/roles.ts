/**
 * Named roles (user roles and account roles) in the entity table: an item per id for look-ups by
 * id, and a name item (the uniqueness marker, also listed in an index partition) per name.
 */
import type { NamedRole } from '../../core/ports/accounts.js';
import { nextId, type CounterKind } from './counters.js';
import { decode, stringOrNull, type Item, type Key } from './items.js';
import type { DynamoTable } from './toolkit.js';

export interface RoleKind {
  counter: CounterKind;
  byId(id: number): Key;
  byName(name: string): Key;
  allPartition: string;
  sort(id: number): string;
}

const toRole = (item: Item): NamedRole => decode<NamedRole>(item, { id: Number, name: String, description: stringOrNull });

/** The roles stored in an account or user item, ordered by id. */
export const storedRoles = (value: unknown): NamedRole[] => ((value as Item[] | undefined) ?? []).map(toRole).sort((a, b) => a.id - b.id);

export class RoleRegistry {
  constructor(
    private readonly table: DynamoTable,
    private readonly kind: RoleKind,
  ) {}

  /** The role with this name, created (id from the counter) when missing; safe under concurrency. */
  async ensure(name: string, description: string | null = null): Promise<NamedRole> {
    const existing = await this.getByName(name);
    if (existing) return existing;
    const id = await nextId(this.table, this.kind.counter);
    const role: NamedRole = { id, name, description };
    const outcome = await this.table.putIf({ ...this.kind.byName(name), gsi1pk: this.kind.allPartition, gsi1sk: this.kind.sort(id), ...role });
    if (!outcome.written) {
      // Someone else created it first: theirs wins (our counter value stays unused).
      const winner = await this.getByName(name);
      if (winner) return winner;
      throw new Error(`Role ${name} could be neither created nor found`);
    }
    await this.table.put({ ...this.kind.byId(id), ...role });
    return role;
  }

  /** The roles with these names (each created when missing), ordered by id. */
  async ensureAll(names: Iterable<string>): Promise<NamedRole[]> {
    const roles: NamedRole[] = [];
    for (const name of new Set(names)) roles.push(await this.ensure(name));
    return roles.sort((a, b) => a.id - b.id);
  }

  async getByName(name: string): Promise<NamedRole | null> {
    return this.table.find(this.kind.byName(name), toRole);
  }

  async byIds(ids: readonly number[]): Promise<{ found: NamedRole[]; missing: number[] }> {
    const items = await this.table.batchGet(ids.map((id) => this.kind.byId(id)));
    const found = items.map(toRole).sort((a, b) => a.id - b.id);
    const present = new Set(found.map((r) => r.id));
    return { found, missing: [...new Set(ids)].filter((id) => !present.has(id)) };
  }

  async list(): Promise<NamedRole[]> {
    return (await this.table.partition(this.kind.allPartition, { index: 'gsi1' })).map(toRole);
  }
}
