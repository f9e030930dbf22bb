/**
 * Ports for tenants and identities (docs/contract/api.md §9.3, §9.4, §9.6): accounts with their account roles,
 * users with their roles, authentication tokens and the account/user audit log.
 *
 * Instants are UTC epoch milliseconds. Roles (user roles and account roles) are small, immutable
 * name ↔ id pairs; users and accounts carry them embedded so that one read answers a permission
 * question.
 */

/** A named role with an integer id (table `role` and `account_role` in FlexMeasures). */
export interface NamedRole {
  id: number;
  name: string;
  description: string | null;
}

export interface Account {
  id: number;
  /** Unique (case-sensitive, as the Postgres constraint), at most 100 characters. */
  name: string;
  primaryColor: string | null;
  secondaryColor: string | null;
  logoUrl: string | null;
  /** The account whose consultants may read this account (docs/contract/api.md §4.2). */
  consultancyAccountId: number | null;
  /** Account roles, ordered by id. */
  accountRoles: NamedRole[];
}

export interface NewAccount {
  name: string;
  /** Account role names; missing roles are created. */
  accountRoles?: string[];
  consultancyAccountId?: number | null;
  primaryColor?: string | null;
  secondaryColor?: string | null;
  logoUrl?: string | null;
}

/** Fields of an account that can change after creation. */
export interface AccountChanges {
  name?: string;
  primaryColor?: string | null;
  secondaryColor?: string | null;
  logoUrl?: string | null;
  consultancyAccountId?: number | null;
}

export interface User {
  id: number;
  /** Unique, compared case-insensitively. */
  email: string;
  /** Unique (case-sensitive). */
  username: string;
  accountId: number;
  /** User roles, ordered by id. */
  roles: NamedRole[];
  active: boolean;
  /** IANA time zone name. */
  timezone: string;
  lastLoginAt: number | null;
  lastSeenAt: number | null;
  loginCount: number;
  /** `scrypt$…` hash (functions/core/auth/passwords.ts); never leaves the server. */
  passwordHash: string;
  /**
   * Flask-Security's `fs_uniquifier`: tokens are bound to it; replacing it (password reset,
   * deactivation) revokes every token of the user at once.
   */
  uniquifier: string;
}

export interface NewUser {
  email: string;
  username: string;
  accountId: number;
  passwordHash: string;
  /** Role names; missing roles are created. */
  roles?: string[];
  active?: boolean;
  /** Default "Europe/Amsterdam" (FlexMeasures' column default). */
  timezone?: string;
}

/** Fields of a user that can change after creation (password and uniquifier have their own operations). */
export interface UserChanges {
  email?: string;
  username?: string;
  active?: boolean;
  timezone?: string;
  /** Replaces the roles (ids must exist, see `UserStore.rolesByIds`). */
  roles?: NamedRole[];
}

/** A stored authentication token: only its SHA-256 hash is kept. */
export interface TokenRecord {
  /** Hex SHA-256 of the token. */
  hash: string;
  userId: number;
  /** The user's uniquifier when the token was issued. */
  uniquifier: string;
  issuedAt: number;
  expiresAt: number;
}

/** One account/user audit log entry (AuditLog, docs/contract/api.md §9.6). */
export interface AuditEvent {
  id: number;
  at: number;
  event: string;
  activeUserId: number | null;
  activeUserName: string | null;
  affectedUserId: number | null;
  affectedAccountId: number | null;
}

export type NewAuditEvent = Omit<AuditEvent, 'id'>;

/** Raised when a unique value (account name, user email or username) is taken. */
export class DuplicateError extends Error {
  override readonly name = 'DuplicateError';
  constructor(
    readonly field: 'name' | 'email' | 'username',
    readonly value: string,
  ) {
    super(`Key (${field})=(${value}) already exists.`);
  }
}

/** Raised when an entity a write refers to does not exist (any more). */
export class MissingEntityError extends Error {
  override readonly name = 'MissingEntityError';
}

export interface AccountStore {
  /** Creates an account; DuplicateError('name') when the name is taken. */
  create(account: NewAccount): Promise<Account>;
  get(id: number): Promise<Account | null>;
  getByName(name: string): Promise<Account | null>;
  /** Several accounts by id (missing ids are left out), in id order. */
  getMany(ids: readonly number[]): Promise<Account[]>;
  /** Every account, in id order (one index partition, no scan). */
  list(): Promise<Account[]>;
  /** The accounts whose consultancy account is `consultancyAccountId`, in id order. */
  listClients(consultancyAccountId: number): Promise<Account[]>;
  /** Applies changes; DuplicateError('name') on a taken name, MissingEntityError when the account is gone. */
  update(id: number, changes: AccountChanges): Promise<Account>;
  /** Every account role, in id order. */
  listAccountRoles(): Promise<NamedRole[]>;
}

export interface UserStore {
  /** Creates a user; DuplicateError('email' | 'username') when taken; the account must exist. */
  create(user: NewUser): Promise<User>;
  /** One user, read consistently (this is the revocation check on every authenticated request). */
  get(id: number): Promise<User | null>;
  /** Case-insensitive look-up by e-mail address. */
  getByEmail(email: string): Promise<User | null>;
  /** The users of an account, in id order. */
  listByAccount(accountId: number): Promise<User[]>;
  /** Applies changes; DuplicateError on a taken email/username, MissingEntityError when the user is gone. */
  update(id: number, changes: UserChanges): Promise<User>;
  /** Sets a new password hash and a new uniquifier (revokes all tokens). */
  setPassword(id: number, passwordHash: string): Promise<User>;
  /** Replaces the uniquifier only (revokes all tokens; used on deactivation). */
  rotateUniquifier(id: number): Promise<User>;
  /** Records a successful log-in (token request). */
  recordLogin(id: number, at: number): Promise<void>;
  /** Records activity, at most once per `minIntervalMs` (a conditional write). */
  recordSeen(id: number, at: number, minIntervalMs: number): Promise<void>;
  /** Role by name, created when missing. */
  ensureRole(name: string): Promise<NamedRole>;
  /** Roles by id; ids that do not exist are returned separately. */
  rolesByIds(ids: readonly number[]): Promise<{ found: NamedRole[]; missing: number[] }>;
  /** Every user role, in id order. */
  listRoles(): Promise<NamedRole[]>;
}

export interface TokenStore {
  put(token: TokenRecord): Promise<void>;
  /** The token with this hash, or null; expiry is the caller's to check (TTL deletion is best-effort). */
  get(hash: string): Promise<TokenRecord | null>;
}

export interface AuditStore {
  record(event: NewAuditEvent): Promise<AuditEvent>;
  /** Events whose affected account is `accountId`, oldest first. */
  listForAccount(accountId: number): Promise<AuditEvent[]>;
  /** Events whose affected user is `userId`, oldest first. */
  listForUser(userId: number): Promise<AuditEvent[]>;
}
