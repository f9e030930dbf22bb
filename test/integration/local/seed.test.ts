/**
 * First-run seeding: `npm start` on an empty data directory creates "Demo Account" and an admin
 * whose generated password is printed once with a ready curl; requestAuthToken with it and
 * GET /api/v3_0/accounts work. A second start seeds nothing.
 */
import { describe, it, expect, afterAll } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { api, startTestRuntime, stopTestRuntime, stores } from '../../helpers/runtime.js';
import type { SeedContext } from '../../../local/seed.js';

process.env.SCRYPT_LOG_N ??= '4';
const dirs: string[] = [];
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'fm-seed-'));
  dirs.push(dir);
  return dir;
};

afterAll(async () => {
  await stopTestRuntime();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('seedIfEmpty through startRuntime', () => {
  it('seeds once: demo account, admin with a generated password, the standard roles, and registered steps', async () => {
    const dir = freshDir();
    const seen: SeedContext[] = [];
    const step = async (ctx: SeedContext) => {
      seen.push(ctx);
    };
    const runtime = await startTestRuntime({ dataDir: dir, seed: { steps: [step] } });
    const seed = runtime.seed!;
    expect(seed.adminEmail).toBe('admin@example.com');
    expect(seed.generatedPassword).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(seed.account.name).toBe('Demo Account');
    expect(seen).toEqual([{ deps: runtime.ports, account: seed.account, admin: seed.admin }]);
    expect(seen[0]!.deps).toBe(runtime.ports);
    expect((await stores().users.listRoles()).map((r) => r.name)).toEqual(['admin', 'admin-reader', 'account-admin', 'consultant']);

    const login = await api('POST', '/api/requestAuthToken', { body: { email: 'admin@example.com', password: seed.generatedPassword } });
    expect(login).toMatchObject({ status: 200, body: { user_id: seed.admin.id } });
    const accounts = await api('GET', '/api/v3_0/accounts', { token: login.body.auth_token });
    expect(accounts.body).toEqual([
      { account_roles: [], consultancy_account_id: null, id: 1, logo_url: null, name: 'Demo Account', primary_color: null, secondary_color: null },
    ]);
    const me = await api('GET', `/api/v3_0/users/${seed.admin.id}`, { token: login.body.auth_token });
    expect(me.body).toMatchObject({ email: 'admin@example.com', username: 'admin', flexmeasures_roles: [1], active: true });

    await stopTestRuntime();
    const again = await startTestRuntime({ dataDir: dir, seed: true });
    expect(again.seed).toBeNull();
    expect(seen).toHaveLength(1);
    expect((await api('POST', '/api/requestAuthToken', { body: { email: 'admin@example.com', password: seed.generatedPassword } })).status).toBe(200);
    await stopTestRuntime();
  });

  it('takes e-mail and password from SEED_ADMIN_EMAIL and SEED_ADMIN_PASSWORD', async () => {
    process.env.SEED_ADMIN_EMAIL = 'ops@example.org';
    process.env.SEED_ADMIN_PASSWORD = 'correct horse battery';
    try {
      const runtime = await startTestRuntime({ seed: true });
      expect(runtime.seed).toMatchObject({ adminEmail: 'ops@example.org', generatedPassword: undefined });
      const login = await api('POST', '/api/requestAuthToken', { body: { email: 'ops@example.org', password: 'correct horse battery' } });
      expect(login.status).toBe(200);
    } finally {
      delete process.env.SEED_ADMIN_EMAIL;
      delete process.env.SEED_ADMIN_PASSWORD;
      await stopTestRuntime();
    }
  });
});

describe('npm start on an empty data directory', () => {
  it('prints the generated password once with a curl that works, and the token lists the accounts', async () => {
    const dir = freshDir();
    const child = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'local/server.ts'], {
      cwd: join(import.meta.dirname, '../../..'),
      env: { ...process.env, DATA_DIR: dir, PORT: '0', NODE_OPTIONS: '', DYNAMODB_ENDPOINT: '', SEED_ADMIN_PASSWORD: '', SEED_ADMIN_EMAIL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let output = '';
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 20_000);
        child.stdout!.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes("-H 'Authorization: <auth_token>'")) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
      });
      const base = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)![1]!;
      const password = /Admin password \(shown only this once[^\n]*\n\s+(\S+)/.exec(output)![1]!;
      expect(output.split(password)).toHaveLength(3); // once on its own line, once in the curl — nowhere else
      const curl = /curl -s -X POST (\S+) -H 'Content-Type: application\/json' -d "(.*)"/.exec(output)!;
      expect(curl[1]).toBe(`${base}/api/requestAuthToken`);
      const body = JSON.parse(curl[2]!.replace(/\\"/g, '"'));
      expect(body).toEqual({ email: 'admin@example.com', password });
      const login = await fetch(curl[1]!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const token = ((await login.json()) as { auth_token: string }).auth_token;
      const accounts = await fetch(`${base}/api/v3_0/accounts`, { headers: { authorization: token } });
      expect(accounts.status).toBe(200);
      expect(((await accounts.json()) as { name: string }[]).map((a) => a.name)).toEqual(['Demo Account']);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });
});
