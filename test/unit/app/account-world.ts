/**
 * A small world of accounts and users over the in-memory account fakes, for the use-case tests of
 * accounts, users and authentication: a client account C whose consultancy is account K, another
 * account O, and users with the roles the permission rules distinguish.
 */
import { beforeEach } from '@jest/globals';
import { actorOf, type Caller } from '../../../functions/app/auth.js';
import { hashPassword } from '../../../functions/core/auth/passwords.js';
import { ACCOUNT_ADMIN, ADMIN, ADMIN_READER, CONSULTANT } from '../../../functions/core/permissions.js';
import type { Account, User } from '../../../functions/core/ports/accounts.js';
import type { Ports } from '../../../functions/core/ports/index.js';
import { fakeAccountPorts } from '../../fakes/accounts.js';
import { fakePorts } from '../../fakes/ports.js';

export const NOW = Date.UTC(2026, 0, 15, 9, 0, 0);
export const PASSWORD = 'testtest';
/** Cheap password hashing, and a one-hour token lifetime. */
export const ENV = { SCRYPT_LOG_N: '4', TOKEN_MAX_AGE_SECONDS: '3600' };

export interface AccountWorld {
  deps: Ports;
  stores: ReturnType<typeof fakeAccountPorts>;
  accounts: { client: Account; consultancy: Account; other: Account };
  users: Record<'member' | 'accountAdmin' | 'consultant' | 'otherMember' | 'adminReader' | 'admin' | 'inactive', User>;
  /** The caller a user is once authenticated. */
  as(user: User): Caller;
  /** Moves the ports' clock. */
  setNow(at: number): void;
}

export async function accountWorld(): Promise<AccountWorld> {
  const stores = fakeAccountPorts();
  let now = NOW;
  const deps = fakePorts({ ...stores, env: ENV, clock: () => now });
  const consultancy = await stores.accounts.create({ name: 'Consultancy', accountRoles: ['Consultancy'] });
  const client = await stores.accounts.create({ name: 'Client', accountRoles: ['Prosumer'], consultancyAccountId: consultancy.id });
  const other = await stores.accounts.create({ name: 'Other' });
  const passwordHash = await hashPassword(PASSWORD, { logN: 4, r: 8, p: 1 });
  const user = (email: string, account: Account, roles: string[] = [], active = true) =>
    stores.users.create({ email, username: email.split('@')[0]!, accountId: account.id, roles, active, passwordHash });
  const users = {
    member: await user('member@example.com', client),
    accountAdmin: await user('account-admin@example.com', client, [ACCOUNT_ADMIN]),
    consultant: await user('consultant@example.com', consultancy, [CONSULTANT]),
    otherMember: await user('other@example.com', other),
    adminReader: await user('admin-reader@example.com', other, [ADMIN_READER]),
    admin: await user('admin@example.com', other, [ADMIN]),
    inactive: await user('inactive@example.com', client, [], false),
  };
  return {
    deps,
    stores,
    accounts: { client, consultancy, other },
    users,
    as: (u) => ({ user: u, actor: actorOf(u) }),
    setNow: (at) => {
      now = at;
    },
  };
}

/** A fresh world before each test of the file; the returned object always shows the current one. */
export function useAccountWorld(): AccountWorld {
  let current: AccountWorld | undefined;
  beforeEach(async () => {
    current = await accountWorld();
  });
  return new Proxy({} as AccountWorld, { get: (_target, key) => current![key as keyof AccountWorld] });
}
