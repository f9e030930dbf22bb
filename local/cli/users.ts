/** CLI commands on users: add-user, list-users, reset-password, deactivate-user, activate-user. */
import type { Command } from 'commander';
import { createUser, newUserFields, setPassword, setUserActive } from '../../functions/app/users.js';
import type { Ports } from '../../functions/core/ports/index.js';
import type { User } from '../../functions/core/ports/accounts.js';
import { DEFAULT_USER_TIMEZONE } from '../../functions/stores/dynamodb/users.js';
import type { CliIo } from './io.js';
import { choosePassword, findAccount, findUser, names } from './shared.js';
import type { Run } from './program.js';

const describeUser = (u: User) =>
  [
    String(u.id).padStart(4),
    u.email,
    `"${u.username}"`,
    `account ${u.accountId}`,
    u.roles.length ? `roles: ${u.roles.map((r) => r.name).join(', ')}` : '',
    u.active ? '' : 'INACTIVE',
  ]
    .filter(Boolean)
    .join('  ');

interface PasswordOptions {
  password?: string;
  generatePassword?: boolean;
}

export function registerUserCommands(program: Command, run: Run): void {
  program
    .command('add-user')
    .description('create a user in an account')
    .requiredOption('--email <email>', 'e-mail address (unique, also the log-in name)')
    .requiredOption('--account <account>', 'id or name of the account')
    .option('--username <name>', 'display name (unique); default: the part of the e-mail before @')
    .option('--roles <names>', 'user roles, comma-separated (admin, admin-reader, account-admin, consultant, …)')
    .option('--timezone <tz>', 'IANA time zone', DEFAULT_USER_TIMEZONE)
    .option('--password <password>', 'the password (visible in your shell history: prefer the prompt)')
    .option('--generate-password', 'generate a password and print it')
    .action((options: { email: string; account: string; username?: string; roles?: string; timezone: string } & PasswordOptions) =>
      run(async (io: CliIo, deps: Ports) => {
        // Checked before the account is looked up and a password asked for.
        const fields = newUserFields(options);
        const account = await findAccount(deps, options.account);
        const choice = await choosePassword(io, options);
        const user = await createUser(deps, { ...fields, accountId: account.id, roles: names(options.roles), password: choice.password });
        io.out(`Created user ${user.id}: ${user.email} ("${user.username}") in account ${account.id} (${account.name})` +
          (user.roles.length ? ` with roles ${user.roles.map((r) => r.name).join(', ')}` : ''));
        if (choice.generated) io.out(`Password: ${choice.password}`);
      }),
    );

  program
    .command('list-users')
    .description('list users (all accounts, inactive users included)')
    .option('--account <account>', 'only this account (id or name)')
    .option('--json', 'print JSON (without password hashes)')
    .action((options: { account?: string; json?: boolean }) =>
      run(async (io: CliIo, deps: Ports) => {
        const accounts = options.account ? [await findAccount(deps, options.account)] : await deps.accounts.list();
        const users = (await Promise.all(accounts.map((a) => deps.users.listByAccount(a.id)))).flat();
        if (options.json) {
          io.out(JSON.stringify(users.map(({ passwordHash: _hash, uniquifier: _uniquifier, ...rest }) => rest), null, 2));
        } else if (!users.length) io.out('No users.');
        else for (const user of users) io.out(describeUser(user));
      }),
    );

  program
    .command('reset-password')
    .description("set a new password (revokes the user's tokens)")
    .requiredOption('--email <email>', 'the user (e-mail address or id)')
    .option('--password <password>', 'the new password (visible in your shell history: prefer the prompt)')
    .option('--generate-password', 'generate a password and print it')
    .action((options: { email: string } & PasswordOptions) =>
      run(async (io: CliIo, deps: Ports) => {
        const user = await findUser(deps, options.email);
        const choice = await choosePassword(io, options);
        await setPassword(deps, null, user, choice.password);
        io.out(`New password set for ${user.email}; existing tokens no longer work.`);
        if (choice.generated) io.out(`Password: ${choice.password}`);
      }),
    );

  for (const active of [false, true]) {
    program
      .command(active ? 'activate-user' : 'deactivate-user')
      .description(active ? 'let a deactivated user log in again' : 'stop a user from logging in (revokes their tokens)')
      .requiredOption('--email <email>', 'the user (e-mail address or id)')
      .action((options: { email: string }) =>
        run(async (io: CliIo, deps: Ports) => {
          const user = await findUser(deps, options.email);
          await setUserActive(deps, null, user, active);
          io.out(`${active ? 'Activated' : 'Deactivated'} ${user.email}.`);
        }),
      );
  }
}
