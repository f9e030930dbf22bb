/** CLI commands on accounts: add-account, list-accounts. */
import type { Command } from 'commander';
import { createAccount } from '../../functions/app/accounts.js';
import type { Ports } from '../../functions/core/ports/index.js';
import type { Account } from '../../functions/core/ports/accounts.js';
import type { CliIo } from './io.js';
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
      run(async (io: CliIo, deps: Ports) => {
        const consultancy = options.consultancy ? await findAccount(deps, options.consultancy) : null;
        const account = await createAccount(deps, { name: options.name, roles: names(options.roles), consultancyAccountId: consultancy?.id ?? null });
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
      run(async (io: CliIo, deps: Ports) => {
        const accounts = await deps.accounts.list();
        if (options.json) io.out(JSON.stringify(accounts, null, 2));
        else if (!accounts.length) io.out('No accounts.');
        else for (const account of accounts) io.out(describeAccount(account));
      }),
    );
}
