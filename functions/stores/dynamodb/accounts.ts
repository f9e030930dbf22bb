/**
 * Accounts and account roles on DynamoDB (entity table; key layout in accounts-keys.ts).
 * Names are unique through marker items written conditionally; no transactions, no scans.
 */
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  DuplicateError,
  MissingEntityError,
  type Account,
  type AccountChanges,
  type AccountStore,
  type NamedRole,
  type NewAccount,
} from '../../core/ports/accounts.js';
import { documentClient } from './client.js';
import { nextId } from './counters.js';
import { batchGetAll, isConditionFailed, queryAll, updateExpression, type Item } from './items.js';
import {
  ALL_ACCOUNTS,
  ALL_ACCOUNT_ROLES,
  accountKey,
  accountNameKey,
  accountRoleKey,
  accountRoleNameKey,
  accountRoleSort,
  accountSort,
  consultancyPartition,
} from './accounts-keys.js';
import { RoleRegistry } from './roles.js';
import { ENTITY_TABLE, tableName } from './tables.js';

const table = () => tableName(ENTITY_TABLE);

function toAccount(item: Item): Account {
  return {
    id: Number(item.id),
    name: String(item.name),
    primaryColor: (item.primaryColor as string | null | undefined) ?? null,
    secondaryColor: (item.secondaryColor as string | null | undefined) ?? null,
    logoUrl: (item.logoUrl as string | null | undefined) ?? null,
    consultancyAccountId: item.consultancyAccountId == null ? null : Number(item.consultancyAccountId),
    accountRoles: ((item.accountRoles as NamedRole[] | undefined) ?? [])
      .map((r) => ({ id: Number(r.id), name: String(r.name), description: r.description ?? null }))
      .sort((a, b) => a.id - b.id),
  };
}

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

export class DynamoAccountStore implements AccountStore {
  readonly accountRoles = new RoleRegistry(table, {
    counter: 'account-role',
    byId: accountRoleKey,
    byName: accountRoleNameKey,
    allPartition: ALL_ACCOUNT_ROLES,
    sort: accountRoleSort,
  });

  async create(input: NewAccount): Promise<Account> {
    const roles: NamedRole[] = [];
    for (const name of new Set(input.accountRoles ?? [])) roles.push(await this.accountRoles.ensure(name));
    const id = await nextId('account');
    await this.claimName(input.name, id);
    const account: Account = {
      id,
      name: input.name,
      primaryColor: input.primaryColor ?? null,
      secondaryColor: input.secondaryColor ?? null,
      logoUrl: input.logoUrl ?? null,
      consultancyAccountId: input.consultancyAccountId ?? null,
      accountRoles: roles.sort((a, b) => a.id - b.id),
    };
    try {
      await documentClient().send(new PutCommand({ TableName: table(), Item: toItem(account) }));
    } catch (err) {
      await this.releaseName(input.name, id);
      throw err;
    }
    return account;
  }

  async get(id: number): Promise<Account | null> {
    const out = await documentClient().send(new GetCommand({ TableName: table(), Key: accountKey(id), ConsistentRead: true }));
    return out.Item ? toAccount(out.Item) : null;
  }

  async getByName(name: string): Promise<Account | null> {
    const marker = await documentClient().send(
      new GetCommand({ TableName: table(), Key: accountNameKey(name), ConsistentRead: true }),
    );
    if (!marker.Item) return null;
    const account = await this.get(Number(marker.Item.accountId));
    return account && account.name === name ? account : null;
  }

  async getMany(ids: readonly number[]): Promise<Account[]> {
    const items = await batchGetAll(table(), ids.map(accountKey), true);
    return items.map(toAccount).sort((a, b) => a.id - b.id);
  }

  async list(): Promise<Account[]> {
    return (await queryAll(table(), { index: 'gsi1', keyName: 'gsi1pk', value: ALL_ACCOUNTS })).map(toAccount);
  }

  async listClients(consultancyAccountId: number): Promise<Account[]> {
    const items = await queryAll(table(), { index: 'gsi2', keyName: 'gsi2pk', value: consultancyPartition(consultancyAccountId) });
    return items.map(toAccount);
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
    let updated: Account;
    try {
      const out = await documentClient().send(
        new UpdateCommand({
          TableName: table(),
          Key: accountKey(id),
          ...updateExpression(set, remove),
          ConditionExpression: 'attribute_exists(pk)',
          ReturnValues: 'ALL_NEW',
        }),
      );
      updated = toAccount(out.Attributes as Item);
    } catch (err) {
      if (renamed) await this.releaseName(changes.name!, id);
      if (isConditionFailed(err)) throw new MissingEntityError(`Account ${id} not found`);
      throw err;
    }
    if (renamed) await this.releaseName(current.name, id);
    return updated;
  }

  listAccountRoles(): Promise<NamedRole[]> {
    return this.accountRoles.list();
  }

  /**
   * Takes the name marker for account `id`. A marker left behind by a crashed write (its account
   * does not exist or no longer carries the name) is taken over.
   */
  private async claimName(name: string, id: number): Promise<void> {
    try {
      await documentClient().send(
        new PutCommand({
          TableName: table(),
          Item: { ...accountNameKey(name), accountId: id },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return;
    } catch (err) {
      if (!isConditionFailed(err)) throw err;
    }
    const marker = await documentClient().send(new GetCommand({ TableName: table(), Key: accountNameKey(name), ConsistentRead: true }));
    const holderId = Number(marker.Item?.accountId);
    const holder = marker.Item ? await this.get(holderId) : null;
    if (holder && holder.name === name && holder.id !== id) throw new DuplicateError('name', name);
    try {
      await documentClient().send(
        new PutCommand({
          TableName: table(),
          Item: { ...accountNameKey(name), accountId: id },
          ConditionExpression: 'attribute_not_exists(pk) OR accountId = :stale',
          ExpressionAttributeValues: { ':stale': holderId },
        }),
      );
    } catch (err) {
      if (isConditionFailed(err)) throw new DuplicateError('name', name);
      throw err;
    }
  }

  private async releaseName(name: string, id: number): Promise<void> {
    try {
      await documentClient().send(
        new DeleteCommand({
          TableName: table(),
          Key: accountNameKey(name),
          ConditionExpression: 'accountId = :id',
          ExpressionAttributeValues: { ':id': id },
        }),
      );
    } catch (err) {
      if (!isConditionFailed(err)) throw err;
    }
  }
}
