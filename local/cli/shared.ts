/** Helpers shared by the CLI commands: finding accounts and users, choosing passwords. */
import { generatePassword } from '../../functions/core/auth/passwords.js';
import type { Ports } from '../../functions/core/ports/index.js';
import type { Account, User } from '../../functions/core/ports/accounts.js';
import { CliError, type CliIo } from './io.js';

/** An account by id ("3") or by exact name. */
export async function findAccount(deps: Pick<Ports, 'accounts'>, ref: string): Promise<Account> {
  const account = /^\d+$/.test(ref) ? await deps.accounts.get(Number(ref)) : await deps.accounts.getByName(ref);
  if (!account) throw new CliError(`No account ${/^\d+$/.test(ref) ? `with id ${ref}` : `named '${ref}'`}.`);
  return account;
}

/** A user by id ("5") or e-mail address. */
export async function findUser(deps: Pick<Ports, 'users'>, ref: string): Promise<User> {
  const user = /^\d+$/.test(ref) ? await deps.users.get(Number(ref)) : await deps.users.getByEmail(ref);
  if (!user) throw new CliError(`No user ${/^\d+$/.test(ref) ? `with id ${ref}` : `with e-mail ${ref}`}.`);
  return user;
}

/** Comma-separated names → trimmed, non-empty, unique. */
export function names(list: string | undefined): string[] {
  return [...new Set((list ?? '').split(',').map((s) => s.trim()).filter(Boolean))];
}

export const MIN_PASSWORD_LENGTH = 8;

export interface PasswordChoice {
  password: string;
  /** True when the CLI made it up (print it). */
  generated: boolean;
}

/**
 * The password for a new user or a reset: `--password`, or `--generate-password`, or a prompt
 * (twice, hidden) on a terminal, or — without a terminal — a generated one.
 */
export async function choosePassword(io: CliIo, options: { password?: string; generatePassword?: boolean }): Promise<PasswordChoice> {
  if (options.password !== undefined && options.generatePassword) throw new CliError('Give either --password or --generate-password, not both.');
  let password: string;
  if (options.password !== undefined) password = options.password;
  else if (options.generatePassword || !io.interactive) return { password: generatePassword(), generated: true };
  else {
    password = await io.readSecret('Password: ');
    if ((await io.readSecret('Repeat password: ')) !== password) throw new CliError('The passwords do not match.');
  }
  if (password.length < MIN_PASSWORD_LENGTH) throw new CliError(`A password needs at least ${MIN_PASSWORD_LENGTH} characters.`);
  return { password, generated: false };
}
