/**
 * In-memory fakes of the account ports (AccountStore, UserStore, TokenStore, AuditStore) for
 * use-case tests. They keep the contracts the DynamoDB adapters keep: ids from 1 in creation order,
 * unique account names (case-sensitive), unique e-mail addresses (case-insensitive) and usernames,
 * roles created on first use and ordered by id, a new uniquifier on every password change, audit
 * events oldest first with texts truncated as stored. Entities are copied in and out, so a test
 * cannot change stored state by mutating what it got back.
 *
 *   const store = fakeAccountPorts();
 *   const deps = fakePorts({ ...store });
 */
import { randomBytes } from 'node:crypto';
import {
  DuplicateError,
  MissingEntityError,
  type Account,
  type AccountChanges,
  type AccountStore,
  type AuditEvent,
  type AuditStore,
  type NamedRole,
  type NewAccount,
  type NewAuditEvent,
  type NewUser,
  type TokenRecord,
  type TokenStore,
  type User,
  type UserChanges,
  type UserStore,
} from '../../functions/core/ports/accounts.js';
import { DEFAULT_USER_TIMEZONE } from '../../functions/stores/dynamodb/users.js';
import { truncateEvent } from '../../functions/stores/dynamodb/audit.js';

const copy = <T>(value: T): T => structuredClone(value);
/** A copy of what was found, or null. */
const found = <T>(value: T | undefined): T | null => (value === undefined ? null : copy(value));
/** The fields that are set (an undefined field of a change leaves the stored value as it is). */
const definedOnly = <T extends object>(value: T): Partial<T> => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
const byId = <T extends { id: number }>(a: T, b: T) => a.id - b.id;

/** Named roles by name, created on first use with ids from 1. */
class FakeRoles {
  private readonly roles = new Map<string, NamedRole>();

  ensure(name: string): NamedRole {
    let role = this.roles.get(name);
    if (!role) this.roles.set(name, (role = { id: this.roles.size + 1, name, description: null }));
    return copy(role);
  }

  byIds(ids: readonly number[]): { found: NamedRole[]; missing: number[] } {
    const wanted = new Set(ids);
    const found = this.list().filter((r) => wanted.has(r.id));
    const present = new Set(found.map((r) => r.id));
    return { found, missing: [...wanted].filter((id) => !present.has(id)) };
  }

  list(): NamedRole[] {
    return [...this.roles.values()].map(copy).sort(byId);
  }
}

export class FakeAccountStore implements AccountStore {
  private readonly accounts = new Map<number, Account>();
  private readonly roles = new FakeRoles();
  private nextId = 1;

  async create(input: NewAccount): Promise<Account> {
    this.requireFreeName(input.name, null);
    const account: Account = {
      id: this.nextId++,
      name: input.name,
      primaryColor: input.primaryColor ?? null,
      secondaryColor: input.secondaryColor ?? null,
      logoUrl: input.logoUrl ?? null,
      consultancyAccountId: input.consultancyAccountId ?? null,
      accountRoles: [...new Set(input.accountRoles ?? [])].map((name) => this.roles.ensure(name)).sort(byId),
    };
    this.accounts.set(account.id, account);
    return copy(account);
  }

  async get(id: number): Promise<Account | null> {
    return found(this.accounts.get(id));
  }

  async getByName(name: string): Promise<Account | null> {
    return found([...this.accounts.values()].find((a) => a.name === name));
  }

  async getMany(ids: readonly number[]): Promise<Account[]> {
    const wanted = new Set(ids);
    return (await this.list()).filter((a) => wanted.has(a.id));
  }

  async list(): Promise<Account[]> {
    return [...this.accounts.values()].map(copy).sort(byId);
  }

  async listClients(consultancyAccountId: number): Promise<Account[]> {
    return (await this.list()).filter((a) => a.consultancyAccountId === consultancyAccountId);
  }

  async update(id: number, changes: AccountChanges): Promise<Account> {
    const current = this.accounts.get(id);
    if (!current) throw new MissingEntityError(`Account ${id} not found`);
    if (changes.name !== undefined) this.requireFreeName(changes.name, id);
    const updated: Account = { ...current, ...definedOnly(changes) };
    this.accounts.set(id, updated);
    return copy(updated);
  }

  async listAccountRoles(): Promise<NamedRole[]> {
    return this.roles.list();
  }

  private requireFreeName(name: string, ownId: number | null): void {
    if ([...this.accounts.values()].some((a) => a.name === name && a.id !== ownId)) throw new DuplicateError('name', name);
  }
}

export class FakeUserStore implements UserStore {
  private readonly users = new Map<number, User>();
  private readonly roles = new FakeRoles();
  private nextId = 1;

  /** The user store checks that a new user's account exists, as the real one does. */
  constructor(private readonly accounts: AccountStore) {}

  async create(input: NewUser): Promise<User> {
    if (!(await this.accounts.get(input.accountId))) throw new MissingEntityError(`Account ${input.accountId} not found`);
    this.requireFree(input.email, input.username, null);
    const roles = [...new Set(input.roles ?? [])].map((name) => this.roles.ensure(name)).sort(byId);
    const fresh = { id: this.nextId++, lastLoginAt: null, lastSeenAt: null, loginCount: 0, uniquifier: newUniquifier() };
    return this.put({ ...input, ...fresh, roles, active: input.active ?? true, timezone: input.timezone ?? DEFAULT_USER_TIMEZONE });
  }

  async get(id: number): Promise<User | null> {
    return found(this.users.get(id));
  }

  async getByEmail(email: string): Promise<User | null> {
    return found([...this.users.values()].find((u) => u.email.toLowerCase() === email.toLowerCase()));
  }

  async listByAccount(accountId: number): Promise<User[]> {
    return [...this.users.values()].filter((u) => u.accountId === accountId).map(copy).sort(byId);
  }

  async update(id: number, changes: UserChanges): Promise<User> {
    const current = this.require(id);
    this.requireFree(changes.email, changes.username, id);
    const updated: User = { ...current, ...definedOnly(changes) };
    if (changes.roles) updated.roles = copy(changes.roles).sort(byId);
    return this.put(updated);
  }

  async setPassword(id: number, passwordHash: string): Promise<User> {
    return this.put({ ...this.require(id), passwordHash, uniquifier: newUniquifier() });
  }

  async rotateUniquifier(id: number): Promise<User> {
    return this.put({ ...this.require(id), uniquifier: newUniquifier() });
  }

  async recordLogin(id: number, at: number): Promise<void> {
    const user = this.users.get(id);
    if (user) this.put({ ...user, lastLoginAt: at, loginCount: user.loginCount + 1 });
  }

  async recordSeen(id: number, at: number, minIntervalMs: number): Promise<void> {
    const user = this.users.get(id);
    if (user && (user.lastSeenAt === null || user.lastSeenAt < at - minIntervalMs)) this.put({ ...user, lastSeenAt: at });
  }

  async ensureRole(name: string): Promise<NamedRole> {
    return this.roles.ensure(name);
  }

  async rolesByIds(ids: readonly number[]): Promise<{ found: NamedRole[]; missing: number[] }> {
    return this.roles.byIds(ids);
  }

  async listRoles(): Promise<NamedRole[]> {
    return this.roles.list();
  }

  private require(id: number): User {
    const user = this.users.get(id);
    if (!user) throw new MissingEntityError(`User ${id} not found`);
    return user;
  }

  private put(user: User): User {
    this.users.set(user.id, user);
    return copy(user);
  }

  private requireFree(email: string | undefined, username: string | undefined, ownId: number | null): void {
    const others = [...this.users.values()].filter((u) => u.id !== ownId);
    if (email !== undefined && others.some((u) => u.email.toLowerCase() === email.toLowerCase())) throw new DuplicateError('email', email);
    if (username !== undefined && others.some((u) => u.username === username)) throw new DuplicateError('username', username);
  }
}

const newUniquifier = (): string => randomBytes(32).toString('hex');

export class FakeTokenStore implements TokenStore {
  private readonly tokens = new Map<string, TokenRecord>();

  async put(token: TokenRecord): Promise<void> {
    this.tokens.set(token.hash, copy(token));
  }

  /** Like the real store, an expired token is still returned (expiry is the caller's to check). */
  async get(hash: string): Promise<TokenRecord | null> {
    return found(this.tokens.get(hash));
  }

  /** How many tokens were stored (for tests: e.g. that a refused request issued none). */
  get size(): number {
    return this.tokens.size;
  }
}

export class FakeAuditStore implements AuditStore {
  private readonly events: AuditEvent[] = [];

  async record(input: NewAuditEvent): Promise<AuditEvent> {
    const event: AuditEvent = { ...input, id: this.events.length + 1, event: truncateEvent(input.event) };
    this.events.push(event);
    return copy(event);
  }

  async listForAccount(accountId: number): Promise<AuditEvent[]> {
    return this.oldestFirst((e) => e.affectedAccountId === accountId);
  }

  async listForUser(userId: number): Promise<AuditEvent[]> {
    return this.oldestFirst((e) => e.affectedUserId === userId);
  }

  /** Every recorded event, oldest first (for tests). */
  all(): AuditEvent[] {
    return this.oldestFirst(() => true);
  }

  private oldestFirst(keep: (e: AuditEvent) => boolean): AuditEvent[] {
    return this.events.filter(keep).map(copy).sort((a, b) => a.at - b.at || a.id - b.id);
  }
}

/** The four account ports over one shared state (users check accounts), ready to spread into fakePorts. */
export function fakeAccountPorts(): { accounts: FakeAccountStore; users: FakeUserStore; tokens: FakeTokenStore; audit: FakeAuditStore } {
  const accounts = new FakeAccountStore();
  return { accounts, users: new FakeUserStore(accounts), tokens: new FakeTokenStore(), audit: new FakeAuditStore() };
}
