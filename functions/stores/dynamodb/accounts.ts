/**
 * Accounts and account roles on DynamoDB (entity table; key layout in accounts-keys.ts).
 * Names are unique through marker items written conditionally; no transactions, no scans.
 */
import {
  DuplicateError,
  MissingEntityError,
  type Account,
  type AccountChanges,
  type AccountStore,
  type NamedRole,
  type NewAccount,
} from '../../core/ports/accounts.js';
import { nextId } from './counters.js';
import { decode, numberOrNull, stringOrNull, type Item } from './items.js';
import { ACCOUNT_ROLES, ALL_ACCOUNTS, accountKey, accountNameKey, accountSort, consultancyPartition } from './accounts-keys.js';
import { RoleRegistry, storedRoles } from './roles.js';
import { ENTITY_TABLE } from './tables.js';
import { TableAdapter, type Conditional, type TableOptions } from './toolkit.js';

const toAccount = (item: Item): Account =>
  decode<Account>(item, {
    id: Number, name: String, primaryColor: stringOrNull, secondaryColor: stringOrNull, logoUrl: stringOrNull,
    consultancyAccountId: numberOrNull, accountRoles: storedRoles,
  });

function toItem(account: Account): Item {
  return {
    ...accountKey(account.id),
    kind: 'account',
    gsi1pk: ALL_ACCOUNTS,
    gsi1sk: accountSort(account.id),
    ...(account.consultancyAccountId !== null
      ? { gsi2pk: consultancyPartition(account.consultancyAccountId), gsi2sk: accountSort(account.id) }
      : {}),
    ...account,
  };
}

export class DynamoAccountStore extends TableAdapter implements AccountStore {
  readonly accountRoles = new RoleRegistry(this.table, ACCOUNT_ROLES);

  constructor(options: TableOptions = {}) {
    super(ENTITY_TABLE, options);
  }

  async create(input: NewAccount): Promise<Account> {
    const roles = await this.accountRoles.ensureAll(input.accountRoles ?? []);
    const id = await nextId(this.table, 'account');
    await this.claimName(input.name, id);
    const account: Account = {
      id,
      name: input.name,
      primaryColor: input.primaryColor ?? null,
      secondaryColor: input.secondaryColor ?? null,
      logoUrl: input.logoUrl ?? null,
      consultancyAccountId: input.consultancyAccountId ?? null,
      accountRoles: roles,
    };
    try {
      await this.table.put(toItem(account));
    } catch (err) {
      await this.releaseName(input.name, id);
      throw err;
    }
    return account;
  }

  async get(id: number): Promise<Account | null> {
    return this.table.find(accountKey(id), toAccount);
  }

  async getByName(name: string): Promise<Account | null> {
    const marker = await this.table.get(accountNameKey(name));
    if (!marker) return null;
    const account = await this.get(Number(marker.accountId));
    return account && account.name === name ? account : null;
  }

  async getMany(ids: readonly number[]): Promise<Account[]> {
    const items = await this.table.batchGet(ids.map(accountKey));
    return items.map(toAccount).sort((a, b) => a.id - b.id);
  }

  async list(): Promise<Account[]> {
    return (await this.table.partition(ALL_ACCOUNTS, { index: 'gsi1' })).map(toAccount);
  }

  async listClients(consultancyAccountId: number): Promise<Account[]> {
    return (await this.table.partition(consultancyPartition(consultancyAccountId), { index: 'gsi2' })).map(toAccount);
  }

  async update(id: number, changes: AccountChanges): Promise<Account> {
    const current = await this.get(id);
    if (!current) throw new MissingEntityError(`Account ${id} not found`);
    const fields = Object.entries(changes).filter(([, v]) => v !== undefined) as [keyof AccountChanges, unknown][];
    if (!fields.length) return current;
    const renamed = changes.name !== undefined && changes.name !== current.name;
    if (renamed) await this.claimName(changes.name!, id);
    const set: Record<string, unknown> = Object.fromEntries(fields);
    const remove: string[] = [];
    if ('consultancyAccountId' in changes && changes.consultancyAccountId !== undefined) {
      if (changes.consultancyAccountId === null) remove.push('gsi2pk', 'gsi2sk');
      else {
        set.gsi2pk = consultancyPartition(changes.consultancyAccountId);
        set.gsi2sk = accountSort(id);
      }
    }
    let outcome: Conditional | undefined;
    try {
      outcome = await this.table.updateIf(accountKey(id), { set, remove });
    } finally {
      // Not written (gone, or the store failed): the new name is given back.
      if (renamed && !outcome?.written) await this.releaseName(changes.name!, id);
    }
    if (!outcome.written) throw new MissingEntityError(`Account ${id} not found`);
    if (renamed) await this.releaseName(current.name, id);
    return toAccount(outcome.item!);
  }

  listAccountRoles(): Promise<NamedRole[]> {
    return this.accountRoles.list();
  }

  /**
   * Takes the name marker for account `id`. A marker left behind by a crashed write (its account
   * does not exist or no longer carries the name) is taken over.
   */
  private async claimName(name: string, id: number): Promise<void> {
    const taken = await this.table.takeMarker(accountNameKey(name), 'accountId', id, async (marker) => {
      const holder = await this.get(Number(marker.accountId));
      return holder !== null && holder.name === name;
    });
    if (!taken) throw new DuplicateError('name', name);
  }

  private async releaseName(name: string, id: number): Promise<void> {
    await this.table.release(accountNameKey(name), 'accountId', id);
  }
}
