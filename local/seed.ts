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
 * functions/lambda/clock.ts), then any step registered with `registerSeedStep` before the runtime
 * starts.
 */
import { ADMIN, ADMIN_READER, ACCOUNT_ADMIN, CONSULTANT } from '../functions/core/permissions.js';
import { generatePassword, hashPassword } from '../functions/core/auth/passwords.js';
import { accountStore, userStore } from '../functions/stores/index.js';
import type { Account, User } from '../functions/core/ports/accounts.js';
import { seedAssets } from './seed-assets.js';
import { seedDemoPrices } from './seed-prices.js';

export const DEMO_ACCOUNT_NAME = 'Demo Account';
export const DEFAULT_SEED_ADMIN_EMAIL = 'admin@example.com';

export interface SeedOptions {
  /** Default: SEED_ADMIN_EMAIL or admin@example.com. */
  adminEmail?: string;
  /** Default: SEED_ADMIN_PASSWORD or a generated one. */
  adminPassword?: string;
}

/** What a seed step gets to work with. */
export interface SeedContext {
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

const steps: SeedStep[] = [];

/** Adds a step that runs after the demo account and admin user were created (first run only). */
export function registerSeedStep(step: SeedStep): void {
  steps.push(step);
}

/** Whether the entity store has no account at all (a fresh data directory). */
export async function isEmpty(): Promise<boolean> {
  return (await accountStore().list()).length === 0;
}

/** Seeds when there is no account yet; returns null when the store already had data. */
export async function seedIfEmpty(options: SeedOptions = {}): Promise<SeedResult | null> {
  if (!(await isEmpty())) return null;
  const adminEmail = options.adminEmail ?? (process.env.SEED_ADMIN_EMAIL || DEFAULT_SEED_ADMIN_EMAIL);
  const given = options.adminPassword ?? (process.env.SEED_ADMIN_PASSWORD || undefined);
  const password = given ?? generatePassword();

  for (const role of [ADMIN, ADMIN_READER, ACCOUNT_ADMIN, CONSULTANT]) await userStore().ensureRole(role);
  const account = await accountStore().create({ name: DEMO_ACCOUNT_NAME });
  const admin = await userStore().create({
    email: adminEmail,
    username: adminEmail.split('@')[0] || 'admin',
    accountId: account.id,
    roles: [ADMIN],
    passwordHash: await hashPassword(password),
  });
  const ctx: SeedContext = { account, admin };
  const assets = await seedAssets(ctx);
  const prices = await seedDemoPrices(assets.prices);
  for (const step of steps) await step(ctx);
  return {
    account,
    admin,
    adminEmail,
    generatedPassword: given === undefined ? password : undefined,
    demoPrices: { sensorId: assets.prices.id, days: prices.days },
  };
}
