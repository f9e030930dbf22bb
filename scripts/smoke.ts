/**
 * `npm run smoke -- --url <ApiUrl> --email <e-mail> --password <password>`: a client's flow against a
 * running API (a deployment, or `npm start`), one line per step: get a token, list assets and
 * sensors, create a battery asset and its power sensor, post and read sensor data, trigger a
 * schedule and fetch it once solved, then delete what it created. It needs a user who may create
 * assets in their own account (an account admin). The exit code is 0 only when every step passed.
 * Nothing it prints carries the token or the password.
 */
import { pathToFileURL } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { DEFAULT_ASSET_TYPES } from '../functions/core/assets/asset-types.js';
import { formatDatetime } from '../functions/core/time/index.js';

export interface SmokeOptions {
  url: string;
  email: string;
  password: string;
  /** Give up waiting for the schedule after this many seconds (default 120). */
  scheduleTimeoutSeconds?: number;
  /** Receives one line per step. */
  log?: (line: string) => void;
}

export interface SmokeStep {
  step: string;
  ok: boolean;
  detail: string;
}

class StepFailed extends Error {}

interface Reply {
  status: number;
  body: any;
}

const QUARTER_HOUR_MS = 15 * 60_000;
/** The schedule's window: 4 hours of quarter hours. */
const SCHEDULE_DURATION = 'PT4H';
const SCHEDULE_STEPS = 16;

/** Runs the flow; resolves with every step's outcome (it stops at the first failure, but always cleans up). */
export async function runSmoke(options: SmokeOptions): Promise<SmokeStep[]> {
  const base = options.url.replace(/\/+$/, '');
  const log = options.log ?? ((line: string) => console.log(line));
  const steps: SmokeStep[] = [];
  let token = '';

  async function call(method: string, path: string, body?: unknown): Promise<Reply> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = token;
    const res = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: kept as text for the message
    }
    return { status: res.status, body: parsed };
  }

  /** `reply` must have `status`; otherwise the step fails with what the API said. */
  function expectStatus(reply: Reply, status: number, what: string): void {
    if (reply.status !== status) {
      const said = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      throw new StepFailed(`${what}: expected ${status}, got ${reply.status} ${said?.slice(0, 300) ?? ''}`);
    }
  }

  async function step(name: string, run: () => Promise<string>): Promise<boolean> {
    const started = performance.now();
    try {
      const detail = await run();
      steps.push({ step: name, ok: true, detail });
      log(`ok    ${name.padEnd(16)} ${detail} (${Math.round(performance.now() - started)} ms)`);
      return true;
    } catch (e) {
      const detail = e instanceof StepFailed ? e.message : `${(e as Error).name}: ${(e as Error).message}`;
      steps.push({ step: name, ok: false, detail });
      log(`FAIL  ${name.padEnd(16)} ${detail}`);
      return false;
    }
  }

  let accountId: number | null = null;
  let batteryTypeId = DEFAULT_ASSET_TYPES.findIndex((t) => t.name === 'battery') + 1;
  let assetId: number | null = null;
  let sensorId: number | null = null;
  let jobId = '';
  const stamp = Date.now().toString(36);
  const start = Math.ceil(Date.now() / QUARTER_HOUR_MS) * QUARTER_HOUR_MS;
  const posted = [1.5, -0.5, 0.25, 0];

  const flow: [string, () => Promise<string>][] = [
    ['token', async () => {
      const r = await call('POST', '/api/requestAuthToken', { email: options.email, password: options.password });
      expectStatus(r, 200, 'POST /api/requestAuthToken');
      token = String(r.body.auth_token ?? '');
      if (!token) throw new StepFailed('POST /api/requestAuthToken answered without auth_token');
      return 'got a token';
    }],
    ['list', async () => {
      const users = await call('GET', '/api/v3_0/users');
      expectStatus(users, 200, 'GET /api/v3_0/users');
      const me = (users.body as { email: string; account_id: number }[]).find((u) => u.email.toLowerCase() === options.email.toLowerCase());
      if (!me) throw new StepFailed(`GET /api/v3_0/users does not list ${options.email}`);
      accountId = me.account_id;
      const assets = await call('GET', '/api/v3_0/assets');
      expectStatus(assets, 200, 'GET /api/v3_0/assets');
      const battery = (assets.body as { generic_asset_type?: { id: number; name: string } }[]).find((a) => a.generic_asset_type?.name === 'battery');
      if (battery) batteryTypeId = battery.generic_asset_type!.id;
      const sensors = await call('GET', '/api/v3_0/sensors');
      expectStatus(sensors, 200, 'GET /api/v3_0/sensors');
      return `account ${accountId}: ${assets.body.length} assets, ${sensors.body.length} sensors`;
    }],
    ['create sensor', async () => {
      const asset = await call('POST', '/api/v3_0/assets', {
        name: `smoke test ${stamp}`,
        account_id: accountId,
        generic_asset_type_id: batteryTypeId,
        latitude: 52.37,
        longitude: 4.89,
      });
      expectStatus(asset, 201, 'POST /api/v3_0/assets');
      assetId = asset.body.id;
      const sensor = await call('POST', '/api/v3_0/sensors', {
        name: 'power',
        unit: 'MW',
        event_resolution: 'PT15M',
        timezone: 'Europe/Amsterdam',
        generic_asset_id: assetId,
      });
      expectStatus(sensor, 201, 'POST /api/v3_0/sensors');
      sensorId = sensor.body.id;
      return `asset ${assetId}, sensor ${sensorId}`;
    }],
    ['post data', async () => {
      const r = await call('POST', '/api/v3_0/sensors/data', {
        sensor: `ea1.2021-01.io.flexmeasures:fm1.${sensorId}`,
        values: posted,
        start: formatDatetime(start - posted.length * QUARTER_HOUR_MS),
        duration: 'PT1H',
        unit: 'MW',
      });
      expectStatus(r, 200, 'POST /api/v3_0/sensors/data');
      return `${posted.length} values`;
    }],
    ['read data', async () => {
      const query = new URLSearchParams({
        sensor: `ea1.2021-01.io.flexmeasures:fm1.${sensorId}`,
        start: formatDatetime(start - posted.length * QUARTER_HOUR_MS),
        duration: 'PT1H',
        unit: 'MW',
      });
      const r = await call('GET', `/api/v3_0/sensors/data?${query}`);
      expectStatus(r, 200, 'GET /api/v3_0/sensors/data');
      const values = r.body.values as (number | null)[];
      if (JSON.stringify(values) !== JSON.stringify(posted)) throw new StepFailed(`read ${JSON.stringify(values)}, posted ${JSON.stringify(posted)}`);
      return `read back ${values.length} values`;
    }],
    ['trigger schedule', async () => {
      const r = await call('POST', `/api/v3_0/sensors/${sensorId}/schedules/trigger`, {
        start: formatDatetime(start),
        duration: SCHEDULE_DURATION,
        'flex-model': { 'soc-at-start': '1 MWh', 'soc-min': '0 MWh', 'soc-max': '2 MWh', 'power-capacity': '1 MW' },
        'flex-context': { 'consumption-price': '100 EUR/MWh', 'production-price': '100 EUR/MWh' },
      });
      expectStatus(r, 200, `POST …/sensors/${sensorId}/schedules/trigger`);
      jobId = String(r.body.schedule ?? '');
      if (!jobId) throw new StepFailed('the trigger answered without a schedule id');
      return `job ${jobId}`;
    }],
    ['fetch schedule', async () => {
      const deadline = Date.now() + (options.scheduleTimeoutSeconds ?? 120) * 1000;
      for (;;) {
        const r = await call('GET', `/api/v3_0/sensors/${sensorId}/schedules/${jobId}?duration=${SCHEDULE_DURATION}`);
        if (r.status === 200) {
          const values = r.body.values as number[];
          if (values.length !== SCHEDULE_STEPS) throw new StepFailed(`expected ${SCHEDULE_STEPS} values, got ${values.length}`);
          return `${values.length} values, ${r.body.scheduler_info?.solver?.status ?? 'solved'}`;
        }
        // Queued or running: FlexMeasures answers 400 UNKNOWN_SCHEDULE with a "waiting"/"in progress" message.
        const pending = r.status === 400 && r.body?.status === 'UNKNOWN_SCHEDULE' && /waiting|in progress/.test(String(r.body.message));
        if (!pending) expectStatus(r, 200, `GET …/schedules/${jobId}`);
        if (Date.now() > deadline) throw new StepFailed(`no schedule after ${options.scheduleTimeoutSeconds ?? 120} s: ${r.body.message}`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }],
  ];

  for (const [name, run] of flow) if (!(await step(name, run))) break;

  // Clean up whatever was created, whether or not the flow got through.
  if (assetId !== null) {
    await step('clean up', async () => {
      if (sensorId !== null) expectStatus(await call('DELETE', `/api/v3_0/sensors/${sensorId}`), 204, `DELETE /api/v3_0/sensors/${sensorId}`);
      expectStatus(await call('DELETE', `/api/v3_0/assets/${assetId}`), 204, `DELETE /api/v3_0/assets/${assetId}`);
      return sensorId !== null ? `deleted sensor ${sensorId} and asset ${assetId}` : `deleted asset ${assetId}`;
    });
  }
  return steps;
}

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number of seconds');
  return n;
}

async function main(): Promise<void> {
  const program = new Command('smoke')
    .description("Runs a client's flow against a FlexMeasures API (token, list, create a sensor, post and read data, trigger and fetch a schedule, clean up)")
    .requiredOption('--url <url>', 'the API base URL, e.g. the ApiUrl stack output or http://127.0.0.1:5000')
    .requiredOption('--email <email>', "a user who may create assets in their account")
    .option('--password <password>', 'their password (default: $SMOKE_PASSWORD)')
    .option('--schedule-timeout <seconds>', 'how long to wait for the schedule', positive, 120)
    .parse();
  const opts = program.opts<{ url: string; email: string; password?: string; scheduleTimeout: number }>();
  const password = opts.password ?? process.env.SMOKE_PASSWORD;
  if (!password) program.error('error: give --password or set SMOKE_PASSWORD');
  const steps = await runSmoke({ url: opts.url, email: opts.email, password: password!, scheduleTimeoutSeconds: opts.scheduleTimeout });
  const failed = steps.filter((s) => !s.ok).length;
  console.log(failed === 0 ? `smoke test passed (${steps.length} steps)` : `smoke test FAILED (${failed} of ${steps.length} steps)`);
  process.exitCode = failed === 0 ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
