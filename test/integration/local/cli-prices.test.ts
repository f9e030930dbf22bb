/**
 * The `ingest-prices` command against a local data directory: fixture documents from files, and a
 * fetched delivery day from a fake ENTSO-E served in this process on 127.0.0.1 (ENTSOE_BASE_URL);
 * then what GET /api/v3_0/sensors/data shows.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setClock } from '../../../functions/lambda/clock.js';
import { fixture } from '../../unit/prices/fixtures.js';
import { runCli, useCliDataDir } from '../../helpers/cli.js';
import { api, startTestRuntime } from '../../helpers/runtime.js';

process.env.SCRYPT_LOG_N ??= '4';
const { dataDir } = useCliDataDir('fm-cli-prices-', { restoreEnv: ['ENTSOE_TOKEN', 'ENTSOE_BASE_URL'] });
const FIXTURES = fileURLToPath(new URL('../../fixtures/entsoe/', import.meta.url));
const cli = (...args: string[]) => runCli(args);

/** A fake ENTSO-E: the NL document of 2025-10-02 for the right token, 401 otherwise. */
const requests: string[] = [];
let entsoe: Server;

beforeAll(async () => {
  entsoe = createServer((req, res) => {
    const q = new URL(req.url!, 'http://x').searchParams;
    requests.push(`${q.get('in_Domain')} ${q.get('periodStart')}-${q.get('periodEnd')}`);
    if (q.get('securityToken') !== 'cli-token') return void res.writeHead(401).end('Unauthorized');
    const body = q.get('periodStart') === '202510012200' ? fixture('nl-2025-10-02-pt15m-a03.xml') : fixture('acknowledgement-no-matching-data.xml');
    res.writeHead(200, { 'content-type': 'text/xml' }).end(body);
  });
  await new Promise<void>((resolve) => entsoe.listen(0, '127.0.0.1', resolve));
  process.env.ENTSOE_BASE_URL = `http://127.0.0.1:${(entsoe.address() as AddressInfo).port}/api`;
});

afterAll(async () => {
  setClock();
  await new Promise<void>((resolve) => entsoe.close(() => resolve()));
});

describe('ingest-prices', () => {
  it('stores a fixture document on a price sensor once, resampled and converted to the sensor', async () => {
    await cli('add-asset', '--name', 'Market', '--type', 'market', '--public');
    expect((await cli('add-sensor', '--name', 'DA prices', '--asset', '1', '--unit', 'EUR/kWh', '--resolution', 'PT1H', '--timezone', 'Europe/Amsterdam')).out).toEqual([
      'Created sensor 1: DA prices (EUR/kWh, PT1H) on asset 1 (Market)',
    ]);
    await cli('add-sensor', '--name', 'DA quarters', '--asset', '1', '--unit', 'EUR/MWh', '--resolution', 'PT15M');

    const first = await cli('ingest-prices', '--file', join(FIXTURES, 'nl-2025-10-02-pt15m-a03.xml'), '--sensor', '1');
    expect(first).toEqual({
      out: [
        'NL prices for 2025-10-01T22:00:00+00:00 to 2025-10-02T22:00:00+00:00 on sensor 1 (DA prices, EUR/kWh, PT1H): ' +
          '24 prices (from PT15M), 24 stored, 0 already known; source ENTSO-E, belief time 2025-10-01T11:05:00+00:00.',
      ],
      err: [],
      failed: false,
    });
    const again = await cli('ingest-prices', '--file', join(FIXTURES, 'nl-2025-10-02-pt15m-a03.xml'), '--sensor', '1', '--zone', 'NL');
    expect(again.out[0]).toMatch(/24 prices \(from PT15M\), 0 stored, 24 already known/);

    const twoDays = await cli('ingest-prices', '--file', join(FIXTURES, 'nl-2025-09-15-16-two-periods.xml'), '--sensor', '2', '--date', '2025-09-16');
    expect(twoDays.out[0]).toMatch(/^NL prices for 2025-09-15T22:00:00\+00:00 to 2025-09-16T22:00:00\+00:00 on sensor 2 \(DA quarters, EUR\/MWh, PT15M\): 96 prices \(from PT1H\), 96 stored/);
  });

  it('reports the acknowledgement as no data, and refuses bad documents and input without storing anything', async () => {
    expect(await cli('ingest-prices', '--file', join(FIXTURES, 'acknowledgement-no-matching-data.xml'), '--sensor', '2', '--zone', '10YNL----------L')).toEqual({
      out: [expect.stringMatching(/^No prices stored: No matching data found for Data item ENERGY_PRICES/)],
      err: [],
      failed: false,
    });
    const cases: [string[], RegExp][] = [
      [['--file', join(FIXTURES, 'malformed-truncated.xml'), '--sensor', '2'], /^error: ENTSO-E document malformed: document: not well-formed XML/],
      [['--file', join(FIXTURES, 'de-lu-2022-08-20-pt60m-pt15m.xml'), '--sensor', '2'], /^error: ENTSO-E document ambiguous: /],
      [['--file', join(FIXTURES, 'nl-2025-09-15-pt60m-a01.xml'), '--sensor', '2', '--zone', 'BE'], /^error: ENTSO-E document unexpected: TimeSeries #1: <in_Domain.mRID> 10YNL----------L; expected the requested zone 10YBE----------2$/],
      [['--file', join(FIXTURES, 'acknowledgement-no-matching-data.xml'), '--sensor', '2'], /^error: Cannot tell the bidding zone from the document; give it with --zone\.$/],
      [['--file', join(FIXTURES, 'missing.xml'), '--sensor', '2'], /^error: Cannot read .*missing\.xml: ENOENT$/],
      [['--file', join(FIXTURES, 'nl-2025-09-15-pt60m-a01.xml'), '--sensor', '9'], /^error: No sensor with id 9\.$/],
      [['--file', join(FIXTURES, 'nl-2025-09-15-pt60m-a01.xml'), '--sensor', '2', '--zone', 'XX'], /^error: Unknown bidding zone 'XX'/],
      [['--file', join(FIXTURES, 'nl-2025-09-15-pt60m-a01.xml'), '--sensor', '2', '--date', '2025-09-17'], /^error: The document prices 0 of the 96 PT15M slots/],
      [['--file', join(FIXTURES, 'nl-2025-09-15-pt60m-a01.xml'), '--sensor', '2', '--force'], /^error: --force only applies when fetching/],
      [['--sensor', '2'], /^error: Give --file <xml>, or --zone/],
    ];
    for (const [args, message] of cases) {
      const outcome = await cli('ingest-prices', ...args);
      expect({ args, failed: outcome.failed, out: outcome.out }).toEqual({ args, failed: true, out: [] });
      expect(outcome.err).toHaveLength(1);
      expect(outcome.err[0]).toMatch(message);
    }
  });

  it('fetches tomorrow\'s prices for a zone with the token from ENTSOE_TOKEN, once', async () => {
    setClock(() => Date.parse('2025-10-01T13:00:00+02:00'));
    delete process.env.ENTSOE_TOKEN;
    const noToken = await cli('ingest-prices', '--zone', 'NL', '--sensor', '2');
    expect(noToken).toMatchObject({ failed: true, err: ['error: NL 2025-10-02 → sensor 2: FAILED: No ENTSO-E token: set ENTSOE_TOKEN.'] });

    process.env.ENTSOE_TOKEN = 'wrong-token';
    const refused = await cli('ingest-prices', '--zone', 'NL', '--sensor', '2');
    expect(refused.err).toEqual([
      'error: NL 2025-10-02 → sensor 2: FAILED: ENTSO-E A44 10YNL----------L 202510012200–202510022200: HTTP 401, the security token was refused.',
    ]);

    process.env.ENTSOE_TOKEN = 'cli-token';
    const fetched = await cli('ingest-prices', '--zone', 'NL', '--sensor', '2');
    expect(fetched).toEqual({
      out: ['NL 2025-10-02 → sensor 2: 96 PT15M prices, 96 stored, 0 already known, belief time 2025-10-01T11:05:00+00:00'],
      err: [],
      failed: false,
    });
    const count = requests.length;
    expect((await cli('ingest-prices', '--zone', 'NL', '--sensor', '2', '--date', '2025-10-02')).out).toEqual([
      'NL 2025-10-02 → sensor 2: already done (96 prices, belief time 2025-10-01T11:05:00+00:00)',
    ]);
    expect(requests).toHaveLength(count);
    expect((await cli('ingest-prices', '--zone', 'NL', '--sensor', '2', '--force')).out).toEqual([
      'NL 2025-10-02 → sensor 2: 96 PT15M prices, 0 stored, 96 already known, belief time 2025-10-01T11:05:00+00:00',
    ]);
    expect((await cli('ingest-prices', '--zone', 'NL', '--sensor', '2', '--date', '2025-10-03')).out[0]).toMatch(
      /^NL 2025-10-03 → sensor 2: no data yet \(No matching data found/,
    );
  });

  it('leaves prices the API serves (tomorrow\'s hourly means), and nothing from refused documents', async () => {
    const runtime = await startTestRuntime({ dataDir, seed: false });
    expect(runtime).toBeTruthy();
    expect((await cli('add-account', '--name', 'Ops')).failed).toBe(false);
    const user = await cli('add-user', '--email', 'ops@example.com', '--username', 'ops', '--account', 'Ops', '--roles', 'admin', '--password', 'correct horse');
    expect(user.failed).toBe(false);
    const login = await api('POST', '/api/requestAuthToken', { body: { email: 'ops@example.com', password: 'correct horse' } });
    const res = await api('GET', '/api/v3_0/sensors/data', {
      token: login.body.auth_token,
      query: { sensor: 'ea1.2021-01.io.flexmeasures:fm1.1', start: '2025-10-02T00:00:00+02:00', duration: 'PT24H', unit: 'EUR/MWh' },
    });
    expect(res.status).toBe(200);
    expect(res.body.values).toHaveLength(24);
    expect(res.body.values[0]).toBeCloseTo((91.4 + 88.05 * 3) / 4, 9);

    // The refused documents left nothing on sensor 2 for their day.
    const refusedDay = await api('GET', '/api/v3_0/sensors/data', {
      token: login.body.auth_token,
      query: { sensor: 'ea1.2021-01.io.flexmeasures:fm1.2', start: '2025-09-15T00:00:00+02:00', duration: 'PT24H', unit: 'EUR/MWh' },
    });
    expect(refusedDay.status).toBe(200);
    expect(refusedDay.body.values).toEqual(Array(96).fill(null));
  });
});
