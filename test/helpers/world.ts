/**
 * The fixture world of FlexMeasures' own API tests (docs/contract/api.md §12.0): seven accounts, eleven users
 * with password "testtest", plus the two inactive users of the Prosumer account — created directly
 * through the stores of the running test runtime (call after useRuntime()'s beforeAll), or of the
 * ports given.
 *
 *   const rt = useRuntime();
 *   let world: World;
 *   beforeAll(async () => { world = await buildWorld(); });
 *   const res = await api('GET', `/api/v3_0/accounts/${world.accounts.prosumer.id}`, { token: await world.token('prosumer2') });
 *
 * Ids are deterministic on a fresh runtime: accounts 1–7 in the order of ACCOUNT_NAMES (so Prosumer
 * is 1 and Supplier is 2, as in the scenarios), account role "Prosumer" is 1.
 */
import { ADMIN, ADMIN_READER, ACCOUNT_ADMIN, CONSULTANT } from '../../functions/core/permissions.js';
import { hashPassword } from '../../functions/core/auth/passwords.js';
import { issueToken } from '../../functions/app/auth.js';
import type { Account, User } from '../../functions/core/ports/accounts.js';
import type { Ports } from '../../functions/core/ports/index.js';
import type { ApiOptions, ApiResponse } from './runtime.js';

export const PASSWORD = 'testtest';

export const ACCOUNT_NAMES = {
  prosumer: 'Test Prosumer Account',
  supplier: 'Test Supplier Account',
  dummy: 'Test Dummy Account',
  empty: 'Test Empty Account',
  multiRole: 'Multi Role Account',
  consultancy: 'Test Consultancy Account',
  consultancyClient: 'Test ConsultancyClient Account',
} as const;

export type AccountKey = keyof typeof ACCOUNT_NAMES;

interface UserSpec {
  email: string;
  username: string;
  account: AccountKey;
  roles: string[];
  active?: boolean;
}

export const USERS = {
  prosumer: { email: 'test_prosumer_user@seita.nl', username: 'Test Prosumer User', account: 'prosumer', roles: [] },
  prosumer2: { email: 'test_prosumer_user_2@seita.nl', username: 'Test Prosumer User 2', account: 'prosumer', roles: [ACCOUNT_ADMIN] },
  prosumer3: { email: 'test_prosumer_user_3@seita.nl', username: 'Test Prosumer User 3', account: 'prosumer', roles: [] },
  dummy3: { email: 'test_dummy_user_3@seita.nl', username: 'Test Dummy User 3', account: 'dummy', roles: [] },
  dummyAdmin: { email: 'test_dummy_account_admin@seita.nl', username: 'Test Dummy Account Admin', account: 'dummy', roles: [ACCOUNT_ADMIN] },
  supplier4: { email: 'test_supplier_user_4@seita.nl', username: 'Test Supplier User', account: 'supplier', roles: [] },
  admin: { email: 'test_admin_user@seita.nl', username: 'Test Admin User', account: 'dummy', roles: [ADMIN] },
  adminReader: { email: 'test_admin_reader_user@seita.nl', username: 'Test Admin Reader User', account: 'dummy', roles: [ADMIN_READER] },
  consultant: { email: 'test_consultant@seita.nl', username: 'Test Consultant User', account: 'consultancy', roles: [CONSULTANT] },
  consultancyNoRole: {
    email: 'test_consultancy_user_without_consultant_access@seita.nl',
    username: 'Test Consultancy User without consultant access',
    account: 'consultancy',
    roles: [],
  },
  consultantClient: { email: 'test_consultant_client@seita.nl', username: 'Test Consultant Client', account: 'consultancyClient', roles: [] },
  inactive: { email: 'inactive_user@seita.nl', username: 'inactive test user', account: 'prosumer', roles: [], active: false },
  inactiveAdmin: { email: 'inactive_admin@seita.nl', username: 'inactive test admin', account: 'prosumer', roles: [ADMIN], active: false },
} as const satisfies Record<string, UserSpec>;

export type UserKey = keyof typeof USERS;

export interface World {
  /** The ports the world was built in (the test runtime's). */
  deps: Ports;
  accounts: Record<AccountKey, Account>;
  users: Record<UserKey, User>;
  /** A fresh token for a user (by key or e-mail), issued directly through the token store at the runtime's time. */
  token(who: UserKey | string): Promise<string>;
  /** The user by key or e-mail, re-read from the store (after PATCHes, password resets, …). */
  reload(who: UserKey | string): Promise<User>;
  /** A request through the test runtime as a user with a fresh token, or anonymously (null). */
  as(who: UserKey | string | null, method: string, path: string, options?: Omit<ApiOptions, 'token'>): Promise<ApiResponse>;
}

/** FlexMeasures' 401 body (docs/contract/api.md §3). */
export const FM_401 = { message: 'You could not be properly authenticated for this content or functionality.', status: 'UNAUTHORIZED' };
/** FlexMeasures' 403 body (docs/contract/api.md §3). */
export const FM_403 = { message: 'You cannot be authorized for this content or functionality.', result: 'Rejected', status: 'INVALID_SENDER' };

const ACCOUNT_ROLES: Record<AccountKey, string[]> = {
  prosumer: ['Prosumer'],
  supplier: ['Supplier'],
  dummy: ['Dummy'],
  empty: [],
  multiRole: ['Prosumer', 'Supplier', 'Dummy'],
  consultancy: ['Consultancy'],
  consultancyClient: ['ConsultancyClient'],
};

/** Builds the docs/contract/api.md §12.0 world of accounts and users in the current test runtime (or in `ports`). */
export async function buildWorld(ports?: Ports): Promise<World> {
  // Loaded on use: the runtime helper needs jest, and benches build worlds outside it.
  const deps = ports ?? (await import('./runtime.js')).stores();
  const accountStore = () => deps.accounts;
  const userStore = () => deps.users;
  const accounts = {} as Record<AccountKey, Account>;
  for (const key of Object.keys(ACCOUNT_NAMES) as AccountKey[]) {
    accounts[key] = await accountStore().create({
      name: ACCOUNT_NAMES[key],
      accountRoles: ACCOUNT_ROLES[key],
      consultancyAccountId: key === 'consultancyClient' ? accounts.consultancy.id : null,
    });
  }
  for (const role of [ADMIN, ADMIN_READER, ACCOUNT_ADMIN, CONSULTANT]) await userStore().ensureRole(role);
  const users = {} as Record<UserKey, User>;
  const entries = Object.entries(USERS) as [UserKey, UserSpec][];
  const hashes = await Promise.all(entries.map(() => hashPassword(PASSWORD, deps.settings.scryptCost)));
  for (const [i, [key, spec]] of entries.entries()) {
    users[key] = await userStore().create({
      email: spec.email,
      username: spec.username,
      accountId: accounts[spec.account].id,
      roles: spec.roles,
      active: spec.active ?? true,
      passwordHash: hashes[i]!,
    });
  }
  const find = (who: UserKey | string): User => {
    const user = who in users ? users[who as UserKey] : Object.values(users).find((u) => u.email === who);
    if (!user) throw new Error(`No such world user: ${who}`);
    return user;
  };
  const token = async (who: UserKey | string) => {
    const user = await userStore().get(find(who).id);
    if (!user) throw new Error(`World user ${who} is gone`);
    return issueToken(deps, user, deps.clock());
  };
  return {
    deps,
    accounts,
    users,
    token,
    async as(who, method, path, options = {}) {
      // Loaded on use: the runtime helper needs jest, and benches build worlds outside it.
      const { api } = await import('./runtime.js');
      return api(method, path, { ...options, token: who === null ? undefined : await token(who) });
    },
    async reload(who) {
      const user = await userStore().get(find(who).id);
      if (!user) throw new Error(`World user ${who} is gone`);
      return user;
    },
  };
}
