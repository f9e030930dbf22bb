/**
 * The admin CLI against a local data directory: creating a second account and a user who can log
 * in, both with the server stopped (the CLI opens the directory) and running (the CLI goes through
 * the server's dynalite), plus password resets, deactivation and operator errors.
 */
import { describe, it, expect } from '@jest/globals';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runCli, useCliDataDir } from '../../helpers/cli.js';
import { api, startTestRuntime } from '../../helpers/runtime.js';

process.env.SCRYPT_LOG_N ??= '4';

const { dataDir } = useCliDataDir('fm-cli-');

/** Runs one CLI command in-process with captured output (prompts answered from `answers`). */
const cli = (args: string[], answers: string[] = [], interactive = false) => runCli(args, { answers, interactive });

const login = (email: string, password: string) => api('POST', '/api/requestAuthToken', { body: { email, password } });

describe('with the server stopped', () => {
  it('creates a second account and a user (prompted password) who can then log in', async () => {
    const account = await cli(['add-account', '--name', 'Second Account', '--roles', 'Prosumer, Supplier']);
    expect(account).toEqual({ out: ['Created account 1: Second Account with roles Prosumer, Supplier'], err: [], failed: false });
    const user = await cli(['add-user', '--email', 'second@example.com', '--account', 'Second Account', '--roles', 'account-admin'], ['s3cret-pass', 's3cret-pass'], true);
    expect(user).toEqual({
      out: ['Created user 1: second@example.com ("second") in account 1 (Second Account) with roles account-admin'],
      err: [],
      failed: false,
    });
    const generated = await cli(['add-user', '--email', 'third@example.com', '--account', '1', '--username', 'Third']);
    expect(generated.out[1]).toMatch(/^Password: [A-Za-z0-9]{20}$/);
    const listed = await cli(['list-users']);
    expect(listed.out).toEqual([
      '   1  second@example.com  "second"  account 1  roles: account-admin',
      '   2  third@example.com  "Third"  account 1',
    ]);
    expect((await cli(['list-accounts'])).out).toEqual(['   1  Second Account  roles: Prosumer, Supplier']);

    await startTestRuntime({ dataDir, seed: true });
    const token = await login('second@example.com', 's3cret-pass');
    expect(token).toMatchObject({ status: 200, body: { user_id: 1 } });
    const accounts = await api('GET', '/api/v3_0/accounts', { token: token.body.auth_token });
    expect(accounts.body.map((a: { name: string }) => a.name)).toEqual(['Second Account']);
    expect((await login('third@example.com', generated.out[1]!.slice('Password: '.length))).status).toBe(200);
    // Not an empty data directory: nothing was seeded.
    expect((await api('GET', '/api/v3_0/accounts', { token: token.body.auth_token })).body).toHaveLength(1);
  });
});

describe('with the server running', () => {
  it('goes through the running server: new users log in at once', async () => {
    const added = await cli(['add-user', '--email', 'fourth@example.com', '--account', 'Second Account', '--password', 'fourth-pass']);
    expect(added.failed).toBe(false);
    expect((await login('fourth@example.com', 'fourth-pass')).status).toBe(200);
  });

  it('reset-password and deactivate-user revoke tokens; activate-user lets the user log in again', async () => {
    const token = (await login('fourth@example.com', 'fourth-pass')).body.auth_token as string;
    const reset = await cli(['reset-password', '--email', 'fourth@example.com', '--generate-password']);
    expect(reset.out[0]).toBe('New password set for fourth@example.com; existing tokens no longer work.');
    const password = reset.out[1]!.replace('Password: ', '');
    expect((await api('GET', '/api/v3_0/accounts', { token })).status).toBe(401);
    expect((await login('fourth@example.com', 'fourth-pass')).status).toBe(401);
    const fresh = (await login('fourth@example.com', password)).body.auth_token as string;

    expect((await cli(['deactivate-user', '--email', 'fourth@example.com'])).out).toEqual(['Deactivated fourth@example.com.']);
    expect((await api('GET', '/api/v3_0/accounts', { token: fresh })).status).toBe(401);
    expect(await login('fourth@example.com', password)).toMatchObject({ status: 401, body: { errors: ['Account is disabled.'] } });
    expect((await cli(['activate-user', '--email', '3'])).out).toEqual(['Activated fourth@example.com.']);
    expect((await api('GET', '/api/v3_0/accounts', { token: fresh })).status).toBe(401);
    expect((await login('fourth@example.com', password)).status).toBe(200);

    const admin = (await login('second@example.com', 's3cret-pass')).body.auth_token as string;
    const log = await api('GET', '/api/v3_0/users/3/auditlog', { token: admin });
    expect(log.body.map((e: { event: string; active_user_id: number | null }) => [e.event, e.active_user_id])).toEqual([
      ['User fourth created', null],
      ['Password reset for user fourth', null],
      ["Active status set to 'False' for user fourth", null],
      ["Active status set to 'True' for user fourth", null],
    ]);
  });

  it('reports operator errors clearly and writes nothing', async () => {
    const cases: [string[], string][] = [
      [['add-account', '--name', 'Second Account'], "error: An account named 'Second Account' already exists."],
      [['add-account', '--name', 'Client', '--consultancy', 'Nope'], "error: No account named 'Nope'."],
      [['add-user', '--email', 'not-an-email', '--account', '1', '--password', 'long-enough'], 'error: Not a valid e-mail address: not-an-email'],
      [['add-user', '--email', 'x@example.com', '--account', '99', '--password', 'long-enough'], 'error: No account with id 99.'],
      [['add-user', '--email', 'SECOND@example.com', '--account', '1', '--username', 'other', '--password', 'long-enough'], "error: A user with email 'SECOND@example.com' already exists."],
      [['add-user', '--email', 'x@example.com', '--account', '1', '--password', 'short'], 'error: A password needs at least 8 characters.'],
      [['add-user', '--email', 'x@example.com', '--account', '1', '--timezone', 'Mars/Olympus', '--password', 'long-enough'], "error: Timezone Mars/Olympus doesn't exist."],
      [['add-user', '--email', 'x@example.com', '--account', '1', '--password', 'long-enough', '--generate-password'], 'error: Give either --password or --generate-password, not both.'],
      [['reset-password', '--email', 'nobody@example.com', '--password', 'long-enough'], 'error: No user with e-mail nobody@example.com.'],
      [['deactivate-user', '--email', '42'], 'error: No user with id 42.'],
    ];
    for (const [args, message] of cases) {
      const outcome = await cli(args);
      expect({ args, ...outcome }).toEqual({ args, out: [], err: [message], failed: true });
    }
    const mismatch = await cli(['add-user', '--email', 'y@example.com', '--account', '1'], ['one-password', 'another-one'], true);
    expect(mismatch.err).toEqual(['error: The passwords do not match.']);
    expect((await cli(['list-users', '--account', 'Second Account'])).out).toHaveLength(3);
    expect((await cli(['list-accounts'])).out).toHaveLength(1);
  });
});

describe('the entry point', () => {
  it('`npm run cli` runs as a separate process on the data directory of the running server', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'local/cli.ts', 'list-accounts', '--json'], {
      cwd: join(import.meta.dirname, '../../..'),
      env: { ...process.env, DATA_DIR: dataDir, DYNAMODB_ENDPOINT: '', NODE_OPTIONS: '' },
    });
    expect(JSON.parse(stdout).map((a: { name: string }) => a.name)).toEqual(['Second Account']);
  });
});
