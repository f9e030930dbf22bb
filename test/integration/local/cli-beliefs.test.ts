/**
 * The CLI's import-beliefs against the data directory of a running local server (the demo seed's
 * battery power sensor, MW at 15 minutes): a gappy, unsorted CSV in kW lands as beliefs that
 * GET /api/v3_0/sensors/data serves; a bad row, a replacement or bad options are refused with a
 * clear error and nothing written; a repeated import stores nothing twice; --prior adds a newer
 * belief; --allow-overwrite overwrites; --dry-run writes nothing.
 */
import { describe, it, expect, beforeAll } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, useCliDataDir } from '../../helpers/cli.js';
import { api, startTestRuntime, stores } from '../../helpers/runtime.js';
import { setClock } from '../../../functions/lambda/clock.js';
import { DEMO_BATTERY_POWER } from '../../../local/seed-assets.js';
import { beliefLeaseName } from '../../../functions/app/belief-writes.js';

process.env.SCRYPT_LOG_N ??= '4';
const { root: dir, dataDir } = useCliDataDir('fm-cli-beliefs-', { subdir: 'data' });
const NOW = Date.parse('2025-03-10T12:00:00Z');

const cli = (...args: string[]) => runCli(args, { progress: true });

function csv(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

let token: string;
let sensorId: number;

async function values(start: string, duration = 'PT2H', extra: Record<string, string> = {}): Promise<(number | null)[]> {
  const res = await api('GET', '/api/v3_0/sensors/data', {
    token,
    query: { sensor: `ea1.2021-01.io.flexmeasures:fm1.${sensorId}`, start, duration, unit: 'kW', ...extra },
  });
  expect(res.status).toBe(200);
  return res.body.values;
}

async function storedCount(source: string): Promise<number | undefined> {
  const stats = await api('GET', `/api/v3_0/sensors/${sensorId}/stats`, { token });
  return stats.body[source]?.count_values;
}

beforeAll(async () => {
  setClock(() => NOW);
  const runtime = await startTestRuntime({ dataDir, seed: true });
  const login = await api('POST', '/api/requestAuthToken', { body: { email: runtime.seed!.adminEmail, password: runtime.seed!.generatedPassword } });
  token = login.body.auth_token;
  const sensors = await stores().assets.listSensorsByAccount(runtime.seed!.account.id);
  sensorId = sensors.find((s) => s.name === DEMO_BATTERY_POWER)!.id;
});

describe('import-beliefs', () => {
  const meter = () =>
    csv('meter.csv', [
      'event_start,value',
      '2025-03-01T01:45:00Z,300',
      '2025-03-01T01:45:00+01:00,-250',
      '2025-03-01T01:15:00+01:00,1500',
      '2025-03-01T01:30:00+01:00,',
      '2025-03-01T00:00:00Z,2000',
      '"2025-03-01T01:00:00Z","500"',
    ]);

  it('imports a gappy, unsorted CSV in kW onto the MW sensor, with a progress bar', async () => {
    const outcome = await cli('import-beliefs', '--file', meter(), '--sensor', String(sensorId), '--unit', 'kW', '--source-name', 'Meter readings', '--horizon', 'PT0H');
    expect(outcome.err).toEqual([]);
    expect(outcome.out).toEqual([
      `Imported 5 beliefs into sensor ${sensorId} (Demo battery power, MW, PT15M) as data source 'Meter readings' (id 2); ` +
        '6 rows in 2 runs of consecutive events; 1 empty value skipped.',
    ]);
    expect(outcome.progress!.at(-2)).toContain('100%  5/5 beliefs');
    expect(outcome.progress!.at(-1)).toBe('\n');
    // 00:00Z 2000, 00:15Z 1500, 00:30Z (= 01:30+01:00) empty, 00:45Z -250, 01:00Z 500, a gap, 01:45Z 300.
    expect(await values('2025-03-01T00:00:00Z')).toEqual([2000, 1500, null, -250, 500, null, null, 300]);
    const source = (await stores().assets.listDataSources()).find((s) => s.name === 'Meter readings');
    expect(source).toMatchObject({ type: 'CLI script', user_id: null, account_id: null });
    // --horizon PT0H: believed at each event's knowledge time (its end), so a prior before that hides it.
    expect(await values('2025-03-01T00:00:00Z', 'PT30M', { prior: '2025-03-01T00:15:00Z' })).toEqual([2000, null]);
  });

  it('stores nothing twice when the same file is imported again', async () => {
    const before = await storedCount('Meter readings');
    const again = await cli('import-beliefs', '--file', meter(), '--sensor', String(sensorId), '--unit', 'kW', '--source-name', 'Meter readings', '--horizon', 'PT0H');
    expect(again.out[0]).toMatch(/^Imported 0 beliefs .*; 5 beliefs already stored; 1 empty value skipped\.$/);
    expect(await storedCount('Meter readings')).toBe(before);
  });

  it('refuses a file with a bad row, names the line, and writes nothing of it', async () => {
    const file = csv('bad.csv', [
      '2025-03-02T00:00:00Z,1',
      '2025-03-02T00:15:00Z,2',
      '2025-03-02T00:30:00Z,3,4',
      '2025-03-02T00:45:00Z,4',
    ]);
    const before = await storedCount('Meter readings');
    const outcome = await cli('import-beliefs', '--file', file, '--sensor', String(sensorId), '--unit', 'kW', '--source-name', 'Meter readings');
    expect(outcome).toEqual({
      out: [],
      err: [`error: ${file}:\nline 3: expected 2 fields (event start and value), found 3.\nNothing was imported.`],
      failed: true,
      progress: [],
    });
    expect(await values('2025-03-02T00:00:00Z', 'PT1H')).toEqual([null, null, null, null]);
    expect(await storedCount('Meter readings')).toBe(before);

    const overlapping = csv('overlap.csv', ['2025-03-02T00:00:00Z,1', '2025-03-02T00:10:00Z,2']);
    const overlap = await cli('import-beliefs', '--file', overlapping, '--sensor', String(sensorId), '--unit', 'kW');
    expect(overlap.err[0]).toContain("line 2: event start 2025-03-02T00:10:00+00:00 lies within the event of line 1 (2025-03-02T00:00:00+00:00; the sensor's resolution is 0:15:00).");
    expect(await values('2025-03-02T00:00:00Z', 'PT1H')).toEqual([null, null, null, null]);
  });

  it('refuses to replace a stored value (nothing of the file is written) unless --allow-overwrite', async () => {
    const file = csv('changed.csv', ['2025-03-01T00:00:00Z,2100', '2025-03-01T02:00:00Z,7']);
    const args = ['import-beliefs', '--file', file, '--sensor', String(sensorId), '--unit', 'kW', '--source-name', 'Meter readings', '--horizon', 'PT0H'];
    const refused = await cli(...args);
    expect(refused.failed).toBe(true);
    expect(refused.err).toEqual([
      "error: 1 value would replace stored values of data source 'Meter readings' with the same belief time, e.g. line 1: " +
        '2025-03-01T00:00:00+00:00 is stored as 2 MW, the file gives 2.1 MW. Nothing was imported. ' +
        'Give --allow-overwrite to overwrite them, or a later --prior to record new beliefs.',
    ]);
    expect(await values('2025-03-01T00:00:00Z', 'PT2H15M')).toEqual([2000, 1500, null, -250, 500, null, null, 300, null]);

    const overwritten = await cli(...args, '--allow-overwrite');
    expect(overwritten.out[0]).toMatch(/^Imported 2 beliefs .*; 1 stored value overwritten\.$/);
    expect(await values('2025-03-01T00:00:00Z', 'PT2H15M')).toEqual([2100, 1500, null, -250, 500, null, null, 300, 7]);
  });

  it('records newer beliefs with --prior (GET shows the latest, prior the earlier) and defaults to now', async () => {
    const file = csv('revised.csv', ['2025-03-01T00:00:00Z,1800']);
    const revised = await cli('import-beliefs', '--file', file, '--sensor', String(sensorId), '--unit', 'MW', '--source-name', 'Meter readings', '--prior', '2025-03-05T00:00:00+01:00');
    expect(revised.failed).toBe(false);
    expect((await values('2025-03-01T00:00:00Z', 'PT15M'))[0]).toBe(1_800_000);
    expect((await values('2025-03-01T00:00:00Z', 'PT15M', { prior: '2025-03-04T00:00:00Z' }))[0]).toBe(2100);

    const forecast = csv('forecast.csv', ['2025-03-11T00:00:00Z,0.5']);
    expect((await cli('import-beliefs', '--file', forecast, '--sensor', String(sensorId), '--unit', 'MW')).failed).toBe(false);
    expect(await values('2025-03-11T00:00:00Z', 'PT15M', { prior: new Date(NOW).toISOString() })).toEqual([500]);
    expect(await values('2025-03-11T00:00:00Z', 'PT15M', { prior: new Date(NOW - 1).toISOString() })).toEqual([null]);
    expect(await storedCount('CLI import')).toBe(1);
  });

  it('--dry-run checks and counts without writing anything (not even the data source)', async () => {
    const file = csv('dry.csv', ['2025-03-03T00:00:00Z,1', '2025-03-03T00:15:00Z,2']);
    const dry = await cli('import-beliefs', '--file', file, '--sensor', String(sensorId), '--unit', 'kW', '--source-name', 'Not yet', '--dry-run');
    expect(dry.out).toEqual([
      `Dry run: would import 2 beliefs into sensor ${sensorId} (Demo battery power, MW, PT15M) as data source 'Not yet'; ` +
        '2 rows in 1 run of consecutive events. Nothing was written.',
    ]);
    expect(await values('2025-03-03T00:00:00Z', 'PT30M')).toEqual([null, null]);
    expect((await stores().assets.listDataSources()).map((s) => s.name)).not.toContain('Not yet');
  });

  it('reports operator errors clearly', async () => {
    const good = csv('good.csv', ['2025-03-04T00:00:00Z,1']);
    const empty = csv('empty.csv', ['event_start,value']);
    const cases: [string[], string][] = [
      [['--file', good, '--sensor', String(sensorId), '--unit', 'kW', '--horizon', 'PT0H', '--prior', '2025-03-05T00:00:00Z'], 'Give either --horizon or --prior, not both.'],
      [['--file', good, '--sensor', String(sensorId), '--unit', 'kW', '--prior', '2025-03-05T00:00:00'], '--prior: Not a valid aware datetime.'],
      [['--file', good, '--sensor', String(sensorId), '--unit', 'kW', '--horizon', 'PT30S'], '--horizon: FlexMeasures only support multiples of 1 minute.'],
      [['--file', good, '--sensor', '999', '--unit', 'kW'], 'No sensor with id 999.'],
      [['--file', good, '--sensor', 'battery', '--unit', 'kW'], "A sensor is given by its id, not 'battery'."],
      [['--file', join(dir, 'missing.csv'), '--sensor', String(sensorId), '--unit', 'kW'], `Cannot read ${join(dir, 'missing.csv')}: no such file.`],
      [['--file', empty, '--sensor', String(sensorId), '--unit', 'kW'], `${empty} holds no data rows. Nothing was imported.`],
      [['--file', good, '--sensor', String(sensorId), '--unit', 'kW', '--source-name', ' '], '--source-name cannot be empty.'],
      [['--file', good, '--sensor', String(sensorId), '--unit', 'EUR/MWh'], 'Required unit for this sensor is MW, got incompatible unit: EUR/MWh. Nothing was imported.'],
    ];
    for (const [args, message] of cases) {
      const outcome = await cli('import-beliefs', ...args);
      expect({ args, err: outcome.err, out: outcome.out, failed: outcome.failed }).toEqual({ args, err: [`error: ${message}`], out: [], failed: true });
    }
    expect(await values('2025-03-04T00:00:00Z', 'PT15M')).toEqual([null]);
  });
});

describe('import-beliefs takes turns with other writers of its sensor and source', () => {
  it('gives up with a clear error, writing nothing, while another writer holds the lease; imports once it is free', async () => {
    const file = csv('leased.csv', ['event_start,value', '2025-03-05T00:00:00Z,100', '2025-03-05T00:15:00Z,200']);
    const first = csv('leased-first.csv', ['event_start,value', '2025-03-05T01:00:00Z,1']);
    expect((await cli('import-beliefs', '--file', first, '--sensor', String(sensorId), '--unit', 'kW', '--source-name', 'Leased')).failed).toBe(false);
    const source = (await stores().assets.listDataSources()).find((s) => s.name === 'Leased')!;
    const held = await stores().leases.tryAcquire(beliefLeaseName(sensorId, source.id), 60_000);
    expect(held).not.toBeNull();
    const busy = await cli('import-beliefs', '--file', file, '--sensor', String(sensorId), '--unit', 'kW', '--source-name', 'Leased');
    expect(busy.failed).toBe(true);
    expect(busy.err).toEqual([
      `error: Another request is writing data of source 'Leased' to sensor ${sensorId}. Nothing was imported. Try again shortly.`,
    ]);
    expect(await values('2025-03-05T00:00:00Z', 'PT30M', { source: String(source.id) })).toEqual([null, null]);
    await held!.release();
    expect((await cli('import-beliefs', '--file', file, '--sensor', String(sensorId), '--unit', 'kW', '--source-name', 'Leased')).failed).toBe(false);
    expect(await values('2025-03-05T00:00:00Z', 'PT30M', { source: String(source.id) })).toEqual([100, 200]);
  }, 60_000);
});
