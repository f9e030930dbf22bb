/**
 * Users and user roles on DynamoDB (entity table; key layout in accounts-keys.ts). E-mail
 * addresses (case-insensitively) and usernames are unique through marker items written
 * conditionally; users of an account come from one index partition.
 */
import { MAX_EMAIL_LENGTH } from '../../core/limits.js';
import { randomBytes } from 'node:crypto';
import {
  DuplicateError,
  MissingEntityError,
  type NamedRole,
  type NewUser,
  type User,
  type UserChanges,
  type UserStore,
} from '../../core/ports/accounts.js';
import { nextId } from './counters.js';
import { decode, numberOrNull, type Item, type Key } from './items.js';
import { USER_ROLES, accountKey, emailKey, userKey, userSort, usernameKey, usersOfAccount } from './accounts-keys.js';
import { RoleRegistry, storedRoles } from './roles.js';
import { ENTITY_TABLE } from './tables.js';
import { TableAdapter, type Conditional, type TableOptions } from './toolkit.js';

/** FlexMeasures' default for `fm_user.timezone`. */
export const DEFAULT_USER_TIMEZONE = 'Europe/Amsterdam';

/** A fresh fs_uniquifier (64 hex characters). */
export const newUniquifier = (): string => randomBytes(32).toString('hex');

const toUser = (item: Item): User =>
  decode<User>(item, {
    id: Number, email: String, username: String, accountId: Number, roles: storedRoles, active: (v) => v === true,
    timezone: (v) => String(v ?? DEFAULT_USER_TIMEZONE), lastLoginAt: numberOrNull, lastSeenAt: numberOrNull,
    loginCount: (v) => Number(v ?? 0), passwordHash: (v) => String(v ?? ''), uniquifier: String,
  });

type Marker = { key: (value: string) => Key; field: 'email' | 'username' };
const EMAIL: Marker = { key: emailKey, field: 'email' };
const USERNAME: Marker = { key: usernameKey, field: 'username' };

export class DynamoUserStore extends TableAdapter implements UserStore {
  readonly roleRegistry = new RoleRegistry(this.table, USER_ROLES);

  constructor(options: TableOptions = {}) {
    super(ENTITY_TABLE, options);
  }

  async create(input: NewUser): Promise<User> {
    if (!(await this.table.get(accountKey(input.accountId)))) throw new MissingEntityError(`Account ${input.accountId} not found`);
    const roles = await this.roleRegistry.ensureAll(input.roles ?? []);
    const id = await nextId(this.table, 'user');
    await this.claim(EMAIL, input.email, id);
    try {
      await this.claim(USERNAME, input.username, id);
    } catch (err) {
      await this.release(EMAIL, input.email, id);
      throw err;
    }
    const user: User = {
      id,
      email: input.email,
      username: input.username,
      accountId: input.accountId,
      roles,
      active: input.active ?? true,
      timezone: input.timezone ?? DEFAULT_USER_TIMEZONE,
      lastLoginAt: null,
      lastSeenAt: null,
      loginCount: 0,
      passwordHash: input.passwordHash,
      uniquifier: newUniquifier(),
    };
    try {
      await this.table.put({
        ...userKey(id),
        kind: 'user',
        gsi1pk: usersOfAccount(input.accountId),
        gsi1sk: userSort(id),
        ...user,
        lastLoginAt: undefined,
        lastSeenAt: undefined,
      });
    } catch (err) {
      await this.release(EMAIL, input.email, id);
      await this.release(USERNAME, input.username, id);
      throw err;
    }
    return user;
  }

  async get(id: number): Promise<User | null> {
    return this.table.find(userKey(id), toUser);
  }

  async getByEmail(email: string): Promise<User | null> {
    // No user has a longer address, and a longer key is more than DynamoDB accepts.
    if (email.length > MAX_EMAIL_LENGTH) return null;
    const marker = await this.table.get(emailKey(email));
    if (!marker) return null;
    const user = await this.get(Number(marker.userId));
    return user && user.email.toLowerCase() === email.toLowerCase() ? user : null;
  }

  async listByAccount(accountId: number): Promise<User[]> {
    return (await this.table.partition(usersOfAccount(accountId), { index: 'gsi1' })).map(toUser);
  }

  async update(id: number, changes: UserChanges): Promise<User> {
    const current = await this.get(id);
    if (!current) throw new MissingEntityError(`User ${id} not found`);
    const emailChanged = changes.email !== undefined && changes.email.toLowerCase() !== current.email.toLowerCase();
    const usernameChanged = changes.username !== undefined && changes.username !== current.username;
    if (emailChanged) await this.claim(EMAIL, changes.email!, id);
    if (usernameChanged) {
      try {
        await this.claim(USERNAME, changes.username!, id);
      } catch (err) {
        if (emailChanged) await this.release(EMAIL, changes.email!, id);
        throw err;
      }
    }
    const set: Record<string, unknown> = {};
    if (changes.email !== undefined) set.email = changes.email;
    if (changes.username !== undefined) set.username = changes.username;
    if (changes.active !== undefined) set.active = changes.active;
    if (changes.timezone !== undefined) set.timezone = changes.timezone;
    if (changes.roles !== undefined) {
      set.roles = [...changes.roles].sort((a, b) => a.id - b.id).map((r) => ({ id: r.id, name: r.name, description: r.description }));
    }
    let updated: User;
    try {
      updated = await this.set(id, set);
    } catch (err) {
      if (emailChanged) await this.release(EMAIL, changes.email!, id);
      if (usernameChanged) await this.release(USERNAME, changes.username!, id);
      throw err;
    }
    if (emailChanged) await this.release(EMAIL, current.email, id);
    if (usernameChanged) await this.release(USERNAME, current.username, id);
    return updated;
  }

  setPassword(id: number, passwordHash: string): Promise<User> {
    return this.set(id, { passwordHash, uniquifier: newUniquifier() });
  }

  rotateUniquifier(id: number): Promise<User> {
    return this.set(id, { uniquifier: newUniquifier() });
  }

  async recordLogin(id: number, at: number): Promise<void> {
    // A user deleted meanwhile has nothing to record.
    await this.table.updateIf(userKey(id), {
      UpdateExpression: 'SET lastLoginAt = :at ADD loginCount :one',
      ExpressionAttributeValues: { ':at': at, ':one': 1 },
    });
  }

  async recordSeen(id: number, at: number, minIntervalMs: number): Promise<void> {
    // Refused when the user is gone or was seen less than `minIntervalMs` ago.
    await this.table.updateIf(
      userKey(id),
      { set: { lastSeenAt: at } },
      {
        expression: 'attribute_exists(pk) AND (attribute_not_exists(#seen) OR #seen < :before)',
        names: { '#seen': 'lastSeenAt' },
        values: { ':before': at - minIntervalMs },
      },
    );
  }

  ensureRole(name: string): Promise<NamedRole> {
    return this.roleRegistry.ensure(name);
  }

  rolesByIds(ids: readonly number[]): Promise<{ found: NamedRole[]; missing: number[] }> {
    return this.roleRegistry.byIds(ids);
  }

  listRoles(): Promise<NamedRole[]> {
    return this.roleRegistry.list();
  }

  /** SETs attributes of an existing user and returns the new state. */
  private async set(id: number, attributes: Record<string, unknown>): Promise<User> {
    const outcome: Conditional | null = Object.keys(attributes).length ? await this.table.updateIf(userKey(id), { set: attributes }) : null;
    const user = outcome ? outcome.written && toUser(outcome.item!) : await this.get(id);
    if (!user) throw new MissingEntityError(`User ${id} not found`);
    return user;
  }

  /** Takes a uniqueness marker for user `id`; a marker whose holder no longer carries the value is taken over. */
  private async claim(marker: Marker, value: string, id: number): Promise<void> {
    const holds = (u: User) => (marker.field === 'email' ? u.email.toLowerCase() === value.toLowerCase() : u.username === value);
    const taken = await this.table.takeMarker(marker.key(value), 'userId', id, async (item) => {
      const holder = await this.get(Number(item.userId));
      return holder !== null && holds(holder);
    });
    if (!taken) throw new DuplicateError(marker.field, value);
  }

  private async release(marker: Marker, value: string, id: number): Promise<void> {
    await this.table.release(marker.key(value), 'userId', id);
  }
}
