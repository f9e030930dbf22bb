/**
 * First-run seed of the local runtime: on a data directory without any account, create the
 * standard user roles, the account "Demo Account" and an admin user whose e-mail and password come
 * from SEED_ADMIN_EMAIL (default admin@example.com) and SEED_ADMIN_PASSWORD (default: generated).
 *
 * The generated password is returned, never logged here: local/server.ts prints it exactly once,
 * with a ready curl command for requestAuthToken.
 *
 * Demo data of other modules runs after the account and admin exist, on the first run only:
 * `seedAssets` (local/seed-assets.ts: demo battery, day-ahead market), `seedDemoPrices`
 * (local/seed-prices.ts: 9 days of hourly prices around today, by the clock of
 * functions/lambda/clock.ts), then the `steps` of its options before the runtime
 * starts.
 */
import { ADMIN, ADMIN_READER, ACCOUNT_ADMIN, CONSULTANT } from '../functions/core/permissions.js';
import { generatePassword, hashPassword } from '../functions/core/auth/passwords.js';
import type { Account, User } from '../functions/core/ports/accounts.js';
import type { Ports } from '../functions/core/ports/index.js';
import { seedAssets } from './seed-assets.js';
import { seedDemoPrices } from './seed-prices.js';

export const DEMO_ACCOUNT_NAME = 'Demo Account';
export const DEFAULT_SEED_ADMIN_EMAIL = 'admin@example.com';

export interface SeedOptions {
  /** Default: admin@example.com (the local runtime passes its SEED_ADMIN_EMAIL). */
  adminEmail?: string;
  /** Default: a generated one (the local runtime passes its SEED_ADMIN_PASSWORD). */
  adminPassword?: string;
  /** Steps that run after the demo account, admin, assets and prices were created (first run only). */
  steps?: readonly SeedStep[];
}

/** What a seed step gets to work with. */
export interface SeedContext {
  /** The ports of the runtime being seeded. */
  deps: Ports;
  account: Account;
  admin: User;
}

export type SeedStep = (ctx: SeedContext) => Promise<unknown>;

export interface SeedResult {
  account: Account;
  admin: User;
  adminEmail: string;
  /** Set when the password was generated (print it once); undefined when it came from the environment/options. */
  generatedPassword?: string;
  /** The seeded price sensor and the local days (`yyyy-MM-dd`, Europe/Amsterdam, oldest first) it has prices for. */
  demoPrices: { sensorId: number; days: string[] };
}

/** Whether the entity store has no account at all (a fresh data directory). */
export async function isEmpty(deps: Ports): Promise<boolean> {
  return (await deps.accounts.list()).length === 0;
}

/** Seeds when there is no account yet; returns null when the store already had data. */
export async function seedIfEmpty(deps: Ports, options: SeedOptions = {}): Promise<SeedResult | null> {
  if (!(await isEmpty(deps))) return null;
  const adminEmail = options.adminEmail || DEFAULT_SEED_ADMIN_EMAIL;
  const given = options.adminPassword || undefined;
  const password = given ?? generatePassword();

  for (const role of [ADMIN, ADMIN_READER, ACCOUNT_ADMIN, CONSULTANT]) await deps.users.ensureRole(role);
  const account = await deps.accounts.create({ name: DEMO_ACCOUNT_NAME });
  const admin = await deps.users.create({
    email: adminEmail,
    username: adminEmail.split('@')[0] || 'admin',
    accountId: account.id,
    roles: [ADMIN],
    passwordHash: await hashPassword(password, deps.settings.scryptCost),
  });
  const ctx: SeedContext = { deps, account, admin };
  const assets = await seedAssets(ctx);
  const prices = await seedDemoPrices(deps, assets.prices);
  for (const step of options.steps ?? []) await step(ctx);
  return {
    account,
    admin,
    adminEmail,
    generatedPassword: given === undefined ? password : undefined,
    demoPrices: { sensorId: assets.prices.id, days: prices.days },
  };
}
