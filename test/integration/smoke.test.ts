/**
 * `npm run smoke` against the local runtime (in this process, 127.0.0.1, a random port) with the
 * seeded admin: every step passes, and the flow leaves nothing behind. A wrong password stops it at
 * the first step, creating nothing.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { startRuntime, type Runtime } from '../../local/runtime.js';
import { runSmoke } from '../../scripts/smoke.js';

process.env.SCRYPT_LOG_N ??= '4';
const EMAIL = 'smoke-admin@example.com';
const PASSWORD = 'smoke-test-password-1';

let rt: Runtime;
beforeAll(async () => {
  rt = await startRuntime({ port: 0, dataDir: null, seed: { adminEmail: EMAIL, adminPassword: PASSWORD } });
});
afterAll(async () => {
  await rt?.close();
});

async function assetNames(): Promise<string[]> {
  const login = await fetch(`${rt.url}/api/requestAuthToken`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: EMAIL, password: PASSWORD }) });
  const { auth_token } = (await login.json()) as { auth_token: string };
  const res = await fetch(`${rt.url}/api/v3_0/assets`, { headers: { authorization: auth_token } });
  return ((await res.json()) as { name: string }[]).map((a) => a.name).sort();
}

describe('npm run smoke', () => {
  it("runs a client's whole flow against npm start's runtime, one line per step, and cleans up", async () => {
    const before = await assetNames();
    const lines: string[] = [];
    const steps = await runSmoke({ url: rt.url, email: EMAIL, password: PASSWORD, log: (l) => lines.push(l), scheduleTimeoutSeconds: 60 });
    expect(steps.map((s) => [s.step, s.ok, s.ok ? '' : s.detail])).toEqual(
      ['token', 'list', 'create sensor', 'post data', 'read data', 'trigger schedule', 'fetch schedule', 'clean up'].map((s) => [s, true, '']),
    );
    expect(lines).toHaveLength(steps.length);
    expect(steps.find((s) => s.step === 'fetch schedule')!.detail).toMatch(/^16 values/);
    expect(lines.join('\n')).not.toContain(PASSWORD);
    expect(await assetNames()).toEqual(before);
  }, 90_000);

  it('stops at the token with a wrong password and creates nothing', async () => {
    const before = await assetNames();
    const lines: string[] = [];
    const steps = await runSmoke({ url: rt.url, email: EMAIL, password: 'not-the-password', log: (l) => lines.push(l) });
    expect(steps).toEqual([{ step: 'token', ok: false, detail: expect.stringMatching(/^POST \/api\/requestAuthToken: expected 200, got 401/) }]);
    expect(lines).toEqual([expect.stringMatching(/^FAIL {2}token/)]);
    expect(await assetNames()).toEqual(before);
  });
});
