/** CLI commands on accounts: add-account, list-accounts. */
import type { Command } from 'commander';
import { accountCreatedEvent } from '../../functions/core/accounts/events.js';
import { recordAudit } from '../../functions/http/accounts.js';
import { accountStore } from '../../functions/stores/index.js';
import { DuplicateError, type Account } from '../../functions/core/ports/accounts.js';
import { CliError, type CliIo } from './io.js';
import { findAccount, names } from './shared.js';
import type { Run } from './program.js';

const describeAccount = (a: Account) =>
  [
    String(a.id).padStart(4),
    a.name,
    a.accountRoles.length ? `roles: ${a.accountRoles.map((r) => r.name).join(', ')}` : '',
    a.consultancyAccountId !== null ? `consultancy: ${a.consultancyAccountId}` : '',
  ]
    .filter(Boolean)
    .join('  ');

export function registerAccountCommands(program: Command, run: Run): void {
  program
    .command('add-account')
    .description('create an account')
    .requiredOption('--name <name>', 'account name (unique, at most 100 characters)')
    .option('--roles <names>', 'account roles, comma-separated (e.g. Prosumer,Supplier)')
    .option('--consultancy <account>', 'id or name of the consultancy account whose consultants may read this account')
    .action((options: { name: string; roles?: string; consultancy?: string }) =>
      run(async (io: CliIo) => {
        const name = options.name.trim();
        if (!name || name.length > 100) throw new CliError('An account name needs 1 to 100 characters.');
        const consultancy = options.consultancy ? await findAccount(options.consultancy) : null;
        let account: Account;
        try {
          account = await accountStore().create({ name, accountRoles: names(options.roles), consultancyAccountId: consultancy?.id ?? null });
        } catch (err) {
          if (err instanceof DuplicateError) throw new CliError(`An account named '${name}' already exists.`);
          throw err;
        }
        await recordAudit(null, accountCreatedEvent(account.name), { accountId: account.id });
        io.out(`Created account ${account.id}: ${account.name}` +
          (account.accountRoles.length ? ` with roles ${account.accountRoles.map((r) => r.name).join(', ')}` : '') +
          (consultancy ? ` (consultancy: ${consultancy.id} ${consultancy.name})` : ''));
      }),
    );

  program
    .command('list-accounts')
    .description('list all accounts')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) =>
      run(async (io: CliIo) => {
        const accounts = await accountStore().list();
        if (options.json) io.out(JSON.stringify(accounts, null, 2));
        else if (!accounts.length) io.out('No accounts.');
        else for (const account of accounts) io.out(describeAccount(account));
      }),
    );
}
