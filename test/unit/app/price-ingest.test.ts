/** The price ingestion use cases over in-memory ports: the scheduled run, day markers, failures, the token from the secret source. */
import { describe, it, expect, beforeEach } from '@jest/globals';
import { ingestDayAheadPrices, PriceIngestionFailedError, type FetchDayDocument } from '../../../functions/app/price-ingest.js';
import { secretTokenProvider } from '../../../functions/app/entsoe-token.js';
import { BIDDING_ZONES } from '../../../functions/core/prices/index.js';
import { FakePriceIngestStore } from '../../fakes/price-ingest.js';
import { FakeSecretSource } from '../../fakes/secrets.js';
import { fakePorts } from '../../fakes/ports.js';
import { at, fixture } from '../prices/fixtures.js';
import { assetOfType, beliefsOf, entityPorts, sensorOf } from './stand-ins.js';

const NL = BIDDING_ZONES.NL;
/** A public market with an hourly price sensor (id 1) and, by mistake, a power sensor (id 2) as targets. */
async function setup(env: Record<string, string>) {
  const { assets } = await entityPorts();
  const market = await assetOfType(assets, 'market');
  expect((await sensorOf(assets, market, { name: 'prices', unit: 'EUR/MWh' })).id).toBe(1);
  expect((await sensorOf(assets, market, { name: 'power', unit: 'kW' })).id).toBe(2);
  const priceIngest = new FakePriceIngestStore();
  const beliefs = beliefsOf();
  const logged: string[] = [];
  const log = { debug() {}, info: (m: string) => void logged.push(`info ${m}`), warn: (m: string) => void logged.push(`warn ${m}`), error: (m: string) => void logged.push(`error ${m}`) };
  const deps = fakePorts({ assets, beliefs, priceIngest, log, env, now: at('2025-09-14T12:00:00Z') });
  const requests: string[] = [];
  const fetchDocument: FetchDayDocument = async (zone, day) => {
    requests.push(`${zone.code} ${day}`);
    return fixture('nl-2025-09-15-pt60m-a01.xml');
  };
  return { deps, priceIngest, beliefs, logged, requests, fetchDocument };
}

describe('ingestDayAheadPrices', () => {
  it('does nothing without targets, and never connects', async () => {
    const { deps, logged } = await setup({});
    const connect = () => {
      throw new Error('must not connect');
    };
    await expect(ingestDayAheadPrices(deps, {}, connect)).resolves.toEqual({ results: [] });
    expect(logged).toEqual(['warn No price ingestion targets configured (ENTSOE_TARGETS); nothing to do.']);
  });

  it('stores the next delivery day once, marks it done, and asks nothing on a rerun', async () => {
    const { deps, beliefs, priceIngest, requests, fetchDocument } = await setup({ ENTSOE_TARGETS: '{"NL": 1}' });
    const first = await ingestDayAheadPrices(deps, {}, () => fetchDocument);
    expect(first.results).toEqual([
      expect.objectContaining({ zone: 'NL', eic: NL.eic, day: '2025-09-15', sensorId: 1, outcome: 'stored' }),
    ]);
    expect(first.results[0]!.summary).toBe('NL 2025-09-15 → sensor 1: 24 PT1H prices, 24 stored, 0 already known, belief time 2025-09-14T10:58:12+00:00');
    expect(beliefs.all).toHaveLength(24);
    expect(await priceIngest.getDayMarker(NL.eic, 1, '2025-09-15')).toMatchObject({ points: 24, stored: 24, alreadyKnown: 0, doneAt: at('2025-09-14T12:00:00Z') });

    const second = await ingestDayAheadPrices(deps, {}, () => fetchDocument);
    expect(second.results.map((r) => r.outcome)).toEqual(['already-done']);
    expect(requests).toEqual(['NL 2025-09-15']);
  });

  it('throws after trying every target when one failed, naming it', async () => {
    const { deps, beliefs, fetchDocument } = await setup({ ENTSOE_TARGETS: '{"NL": [2, 1]}' });
    const failed = ingestDayAheadPrices(deps, { day: '2025-09-15' }, () => fetchDocument);
    await expect(failed).rejects.toThrow(PriceIngestionFailedError);
    await expect(failed).rejects.toThrow(
      "Day-ahead price ingestion failed for 1 of 2 target(s): NL 2025-09-15 → sensor 2: FAILED: Sensor 2 has unit 'kW', which is not an energy price unit such as EUR/MWh.",
    );
    expect(beliefs.all.map((b) => b.sensorId)).toEqual(Array(24).fill(1));
  });
});

describe('secretTokenProvider', () => {
  it('reads the token from the secret source once per parameter, trimmed; a failed read is not cached and shows no value', async () => {
    const secrets = new FakeSecretSource({ '/fm/token': ' abc \n', '/fm/broken': Object.assign(new Error('denied'), { name: 'AccessDeniedException' }) });
    const token = secretTokenProvider('/fm/token', secrets);
    await expect(token()).resolves.toBe('abc');
    await expect(secretTokenProvider('/fm/token', secrets)()).resolves.toBe('abc');
    await expect(secretTokenProvider('/fm/broken', secrets)()).rejects.toThrow(
      'Could not read the ENTSO-E token from SSM parameter /fm/broken: AccessDeniedException: denied',
    );
    await expect(secretTokenProvider('/fm/broken', secrets)()).rejects.toThrow();
    expect(secrets.reads).toEqual(['/fm/token', '/fm/broken', '/fm/broken']);
  });
});
