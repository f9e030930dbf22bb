/** The price ingestion use cases over in-memory ports: the scheduled run, day markers, failures, the token from the secret source. */
import { describe, it, expect, beforeEach } from '@jest/globals';
import { ingestDayAheadPrices, PriceIngestionFailedError, type FetchDayDocument } from '../../../functions/app/price-ingest.js';
import { resetTokenCache, secretTokenProvider } from '../../../functions/app/entsoe-token.js';
import { BIDDING_ZONES } from '../../../functions/core/prices/index.js';
import { FakePriceIngestStore } from '../../fakes/price-ingest.js';
import { FakeSecretSource } from '../../fakes/secrets.js';
import { fakePorts } from '../../fakes/ports.js';
import { at, fixture } from '../prices/fixtures.js';
import { asset, assetsOf, beliefsOf, sensor } from './stand-ins.js';

const NL = BIDDING_ZONES.NL;
const world = {
  assets: [asset({ id: 1, generic_asset_type_id: 1, account_id: null })],
  sensors: [
    sensor({ id: 5, generic_asset_id: 1, account_id: null, unit: 'EUR/MWh', event_resolution: 3600_000 }),
    sensor({ id: 6, generic_asset_id: 1, account_id: null, unit: 'kW', event_resolution: 3600_000 }),
  ],
};

function setup(env: Record<string, string>) {
  const priceIngest = new FakePriceIngestStore();
  const beliefs = beliefsOf();
  const logged: string[] = [];
  const log = { debug() {}, info: (m: string) => void logged.push(`info ${m}`), warn: (m: string) => void logged.push(`warn ${m}`), error: (m: string) => void logged.push(`error ${m}`) };
  const deps = fakePorts({ assets: assetsOf(world), beliefs, priceIngest, log, env, now: at('2025-09-14T12:00:00Z') });
  const requests: string[] = [];
  const fetchDocument: FetchDayDocument = async (zone, day) => {
    requests.push(`${zone.code} ${day}`);
    return fixture('nl-2025-09-15-pt60m-a01.xml');
  };
  return { deps, priceIngest, beliefs, logged, requests, fetchDocument };
}

describe('ingestDayAheadPrices', () => {
  it('does nothing without targets, and never connects', async () => {
    const { deps, logged } = setup({});
    const connect = () => {
      throw new Error('must not connect');
    };
    await expect(ingestDayAheadPrices(deps, {}, connect)).resolves.toEqual({ results: [] });
    expect(logged).toEqual(['warn No price ingestion targets configured (ENTSOE_TARGETS); nothing to do.']);
  });

  it('stores the next delivery day once, marks it done, and asks nothing on a rerun', async () => {
    const { deps, beliefs, priceIngest, requests, fetchDocument } = setup({ ENTSOE_TARGETS: '{"NL": 5}' });
    const first = await ingestDayAheadPrices(deps, {}, () => fetchDocument);
    expect(first.results).toEqual([
      expect.objectContaining({ zone: 'NL', eic: NL.eic, day: '2025-09-15', sensorId: 5, outcome: 'stored' }),
    ]);
    expect(first.results[0]!.summary).toBe('NL 2025-09-15 → sensor 5: 24 PT1H prices, 24 stored, 0 already known, belief time 2025-09-14T10:58:12+00:00');
    expect(beliefs.all).toHaveLength(24);
    expect(await priceIngest.getDayMarker(NL.eic, 5, '2025-09-15')).toMatchObject({ points: 24, stored: 24, alreadyKnown: 0, doneAt: at('2025-09-14T12:00:00Z') });

    const second = await ingestDayAheadPrices(deps, {}, () => fetchDocument);
    expect(second.results.map((r) => r.outcome)).toEqual(['already-done']);
    expect(requests).toEqual(['NL 2025-09-15']);
  });

  it('throws after trying every target when one failed, naming it', async () => {
    const { deps, beliefs, fetchDocument } = setup({ ENTSOE_TARGETS: '{"NL": [6, 5]}' });
    const failed = ingestDayAheadPrices(deps, { day: '2025-09-15' }, () => fetchDocument);
    await expect(failed).rejects.toThrow(PriceIngestionFailedError);
    await expect(failed).rejects.toThrow(
      "Day-ahead price ingestion failed for 1 of 2 target(s): NL 2025-09-15 → sensor 6: FAILED: Sensor 6 has unit 'kW', which is not an energy price unit such as EUR/MWh.",
    );
    expect(beliefs.all.map((b) => b.sensorId)).toEqual(Array(24).fill(5));
  });
});

describe('secretTokenProvider', () => {
  beforeEach(() => resetTokenCache());

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
