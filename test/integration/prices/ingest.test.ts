/**
 * Day-ahead price ingestion on real stores (dynalite): composed ENTSO-E documents served by a fake
 * ENTSO-E at the fetch layer, through the real client, parser, conversion, belief store and
 * markers; then the Lambda handler itself (SSM mocked at the SDK, fetch replaced globally).
 */
import { describe, it, expect, beforeAll, afterAll, beforeEach } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { useDynalite, type TestDynamo } from '../../helpers/dynamo.js';
import { configFrom, ENV, type Environment } from '../../../functions/lambda/config.js';
import { createPorts, type RealPorts } from '../../../functions/stores/index.js';
import { at, fixture } from '../../unit/prices/fixtures.js';
import { DEFAULT_KNOWLEDGE_HORIZON, type Asset, type Sensor } from '../../../functions/core/assets/model.js';
import { BIDDING_ZONES } from '../../../functions/core/prices/a44-request.js';
import { HOUR, MINUTE } from '../../../functions/core/time/index.js';
import type { Belief } from '../../../functions/core/beliefs/index.js';
import { setClock } from '../../../functions/lambda/clock.js';
import {
  ingestPriceDocument as ingestDocument,
  runPriceIngestion as runIngestion,
  type FetchDayDocument,
  type IngestPorts,
  type IngestRunOptions,
  type ZoneDayResult,
} from '../../../functions/app/price-ingest.js';
import type { PriceIngestTarget } from '../../../functions/core/prices/index.js';
import { entsoeDayFetcher } from '../../../functions/stores/entsoe/client.js';
import { handler, PriceIngestionFailedError } from '../../../functions/ingest-prices.js';
import { assetFields } from '../../helpers/assets-world.js';

const TOKEN = 'integration-test-token';
const NL = BIDDING_ZONES.NL;
const DE_LU = BIDDING_ZONES['DE-LU'];

// ---------------------------------------------------------------- a fake ENTSO-E at the fetch layer

interface FakeEntsoe {
  fetch: typeof fetch;
  /** Requests made, as `<in_Domain> <periodStart>`. */
  requests: string[];
  /** Answers by `<in_Domain> <periodStart>`: a body (HTTP 200) or a list of responses served in turn. */
  answers: Map<string, string | Response[]>;
}

function fakeEntsoe(): FakeEntsoe {
  const fake: FakeEntsoe = { requests: [], answers: new Map(), fetch: undefined as unknown as typeof fetch };
  fake.fetch = (async (input: string | URL | Request) => {
    const url = new URL(String(input));
    const q = url.searchParams;
    if (q.get('securityToken') !== TOKEN) return new Response('Unauthorized', { status: 401 });
    const key = `${q.get('in_Domain')} ${q.get('periodStart')}`;
    fake.requests.push(key);
    const answer = fake.answers.get(key);
    if (answer === undefined) return new Response(fixture('acknowledgement-no-matching-data.xml'), { status: 200 });
    if (typeof answer === 'string') return new Response(answer, { status: 200 });
    const next = answer.shift();
    if (!next) throw new Error(`no more answers for ${key}`);
    return next;
  }) as typeof fetch;
  return fake;
}

// ---------------------------------------------------------------- world

let dynamo: TestDynamo;
let market: Asset;
let sensorCount = 0;

async function priceSensor(unit: string, resolutionMs: number, timezone = 'Europe/Amsterdam'): Promise<Sensor> {
  sensorCount += 1;
  return dynamo.ports.assets.createSensor({
    name: `prices ${sensorCount}`,
    unit,
    timezone,
    eventResolution: resolutionMs,
    knowledgeHorizon: DEFAULT_KNOWLEDGE_HORIZON,
    genericAssetId: market.id,
    accountId: null,
    attributes: {},
  });
}

async function stored(sensor: Sensor): Promise<Belief[]> {
  return dynamo.ports.beliefs.query({ sensorId: sensor.id, from: Date.parse('2000-01-01T00:00Z'), to: Date.parse('2100-01-01T00:00Z') });
}

type IngestDeps = IngestPorts & { fetchDocument: FetchDayDocument };

function deps(fake: FakeEntsoe, extra: Partial<IngestDeps> = {}): IngestDeps & { lines: { level: string; message: string; fields: Record<string, unknown> }[] } {
  const lines: { level: string; message: string; fields: Record<string, unknown> }[] = [];
  return {
    assets: dynamo.ports.assets,
    beliefs: dynamo.ports.beliefs,
    priceIngest: dynamo.ports.priceIngest,
    fetchDocument: entsoeDayFetcher({ token: async () => TOKEN, fetch: fake.fetch, sleep: async () => {}, random: () => 0 }),
    clock: () => at('2025-10-01T11:30:00Z'),
    log: {
      info: (message, fields) => lines.push({ level: 'info', message, fields }),
      error: (message, fields) => lines.push({ level: 'error', message, fields }),
    },
    lines,
    ...extra,
  };
}

const runPriceIngestion = (targets: PriceIngestTarget[], d: IngestDeps, options?: IngestRunOptions) => runIngestion(d, d.fetchDocument, targets, options);
const ingestPriceDocument = (xml: string, options: Parameters<typeof ingestDocument>[2], stores: Parameters<typeof ingestDocument>[0]) => ingestDocument(stores, xml, options);

const outcomes = (results: ZoneDayResult[]) => results.map((r) => [r.zone.code, r.day, r.sensorId, r.result.outcome]);

beforeAll(async () => {
  dynamo = await useDynalite();
  await dynamo.ports.assets.ensureDefaultAssetTypes();
  const type = await dynamo.ports.assets.getAssetTypeByName('market');
  market = await dynamo.ports.assets.createAsset(assetFields({ name: 'Day-ahead market', genericAssetTypeId: type!.id }));
});

afterAll(async () => {
  setClock();
  await dynamo.close();
});

// ---------------------------------------------------------------- the composed documents

describe('composed ENTSO-E documents onto price sensors', () => {
  it('PT60M A01: 24 hourly prices, belief time = createdDateTime, ENTSO-E (market) source; a rerun is a no-op', async () => {
    const sensor = await priceSensor('EUR/MWh', HOUR);
    const fake = fakeEntsoe();
    fake.answers.set(`${NL.eic} 202509142200`, fixture('nl-2025-09-15-pt60m-a01.xml'));
    const d = deps(fake);
    const targets = [{ zone: NL, sensorIds: [sensor.id] }];

    const first = await runPriceIngestion(targets, d, { day: '2025-09-15' });
    expect(outcomes(first.results)).toEqual([['NL', '2025-09-15', sensor.id, 'stored']]);
    expect(first.results[0]!.result).toMatchObject({ points: 24, stored: 24, alreadyKnown: 0, beliefTime: at('2025-09-14T10:58:12Z') });
    const beliefs = await stored(sensor);
    expect(beliefs.map((b) => b.value)).toEqual(Array.from({ length: 24 }, (_, k) => 70 + 2.5 * (k + 1)));
    expect(beliefs.map((b) => b.eventStart)).toEqual(Array.from({ length: 24 }, (_, k) => at('2025-09-14T22:00Z') + k * HOUR));
    expect(new Set(beliefs.map((b) => b.beliefTime))).toEqual(new Set([at('2025-09-14T10:58:12Z')]));
    const source = await dynamo.ports.assets.getDataSource(beliefs[0]!.sourceId);
    expect(source).toMatchObject({ name: 'ENTSO-E', type: 'market', model: null, version: null, accountId: null, userId: null });
    expect(await dynamo.ports.priceIngest.getDayMarker(NL.eic, sensor.id, '2025-09-15')).toEqual({
      eic: NL.eic, sensorId: sensor.id, day: '2025-09-15', doneAt: at('2025-10-01T11:30:00Z'), beliefTime: at('2025-09-14T10:58:12Z'),
      documentId: '0e2f4bd1a3c94b2a8f6a1d6f0b2c7e91', points: 24, stored: 24, alreadyKnown: 0,
    });
    expect(d.lines).toEqual([
      {
        level: 'info',
        message: `Day-ahead prices NL 2025-09-15 → sensor ${sensor.id}: 24 PT1H prices, 24 stored, 0 already known, belief time 2025-09-14T10:58:12+00:00`,
        fields: {
          zone: 'NL', eic: NL.eic, day: '2025-09-15', sensorId: sensor.id, outcome: 'stored', points: 24, stored: 24, alreadyKnown: 0,
          beliefTime: '2025-09-14T10:58:12+00:00', resolution: 'PT1H', documentResolutions: ['PT1H'], resampling: 'none',
        },
      },
    ]);

    // Later runs of the day: the marker makes them no-ops, without a request.
    const second = await runPriceIngestion(targets, d, { day: '2025-09-15' });
    expect(outcomes(second.results)).toEqual([['NL', '2025-09-15', sensor.id, 'already-done']]);
    expect(fake.requests).toHaveLength(1);
    // Forced (CLI --force): fetched again, and the insert-if-absent stores nothing new.
    const forced = await runPriceIngestion(targets, d, { day: '2025-09-15', force: true });
    expect(forced.results[0]!.result).toMatchObject({ outcome: 'stored', stored: 0, alreadyKnown: 24 });
    expect(await stored(sensor)).toEqual(beliefs);
  });

  it('PT15M A03 with omitted positions: 96 quarter hours on a PT15M sensor, hourly means on a PT1H sensor in EUR/kWh, one request', async () => {
    const quarters = await priceSensor('EUR/MWh', 15 * MINUTE);
    const hours = await priceSensor('EUR/kWh', HOUR);
    const fake = fakeEntsoe();
    fake.answers.set(`${NL.eic} 202510012200`, fixture('nl-2025-10-02-pt15m-a03.xml'));
    const d = deps(fake);
    const run = await runPriceIngestion([{ zone: NL, sensorIds: [quarters.id, hours.id] }], d); // now = 2025-10-01 → day 2025-10-02
    expect(outcomes(run.results)).toEqual([
      ['NL', '2025-10-02', quarters.id, 'stored'],
      ['NL', '2025-10-02', hours.id, 'stored'],
    ]);
    expect(fake.requests).toEqual([`${NL.eic} 202510012200`]);

    const q = (await stored(quarters)).map((b) => b.value);
    expect(q).toHaveLength(96);
    expect(q.slice(0, 6)).toEqual([91.4, 88.05, 88.05, 88.05, 84.9, 80]); // positions 3-4 repeat position 2
    expect(q.slice(92)).toEqual([95.75, 95.75, 95.75, 95.75]); // repeated up to the Period end

    const h = await stored(hours);
    expect(h).toHaveLength(24);
    expect(h[0]!.value).toBeCloseTo((91.4 + 88.05 * 3) / 4 / 1000, 12);
    expect(h[4]!.value).toBeCloseTo(-0.00001, 15);
    expect(d.lines[1]!.message).toBe(
      `Day-ahead prices NL 2025-10-02 → sensor ${hours.id}: 24 PT1H prices (from PT15M: time-weighted means), 24 stored, 0 already known, belief time 2025-10-01T11:05:00+00:00`,
    );
  });

  it('two TimeSeries (SDAC and the EXAA auction): only SDAC is stored', async () => {
    const sensor = await priceSensor('EUR/MWh', 15 * MINUTE, 'Europe/Berlin');
    const fake = fakeEntsoe();
    fake.answers.set(`${DE_LU.eic} 202510142200`, fixture('de-lu-2025-10-15-sdac-exaa.xml'));
    await runPriceIngestion([{ zone: DE_LU, sensorIds: [sensor.id] }], deps(fake), { day: '2025-10-15' });
    const values = (await stored(sensor)).map((b) => b.value);
    expect(values).toEqual(Array.from({ length: 96 }, (_, k) => 80 + (((k + 1) * 7) % 23) - 0.5));
  });

  it('several Periods: only the asked delivery day is stored', async () => {
    const sensor = await priceSensor('EUR/MWh', HOUR);
    const fake = fakeEntsoe();
    fake.answers.set(`${NL.eic} 202509152200`, fixture('nl-2025-09-15-16-two-periods.xml'));
    await runPriceIngestion([{ zone: NL, sensorIds: [sensor.id] }], deps(fake), { day: '2025-09-16' });
    const beliefs = await stored(sensor);
    expect(beliefs).toHaveLength(24);
    expect(beliefs[0]).toMatchObject({ eventStart: at('2025-09-15T22:00Z'), value: 139 });
    expect(beliefs[23]).toMatchObject({ eventStart: at('2025-09-16T21:00Z'), value: 116 });
  });

  it('DST days: 23 hours (spring forward) and 25 hours (fall back)', async () => {
    const spring = await priceSensor('EUR/MWh', HOUR);
    const autumn = await priceSensor('EUR/MWh', 15 * MINUTE);
    const fake = fakeEntsoe();
    fake.answers.set(`${NL.eic} 202603282300`, fixture('nl-2026-03-29-dst-23h-pt15m-a03.xml'));
    fake.answers.set(`${NL.eic} 202510252200`, fixture('nl-2025-10-26-dst-25h-pt15m-a01.xml'));
    await runPriceIngestion([{ zone: NL, sensorIds: [spring.id] }], deps(fake), { day: '2026-03-29' });
    await runPriceIngestion([{ zone: NL, sensorIds: [autumn.id] }], deps(fake), { day: '2025-10-26' });

    const s = await stored(spring);
    expect(s.map((b) => b.eventStart)).toEqual(Array.from({ length: 23 }, (_, k) => at('2026-03-28T23:00Z') + k * HOUR));
    expect(s.slice(0, 4).map((b) => b.value)).toEqual([50, 51, 51, 53]);
    const a = await stored(autumn);
    expect(a).toHaveLength(100);
    expect(a.map((b) => b.value)).toEqual(Array.from({ length: 100 }, (_, k) => 20 + (k + 1) * 0.5));
    expect(a[99]!.eventStart).toBe(at('2025-10-26T22:45Z'));
  });

  it('the acknowledgement ("No matching data found") is not an error: nothing stored, no marker, a later run stores', async () => {
    const sensor = await priceSensor('EUR/MWh', HOUR);
    const fake = fakeEntsoe(); // answers the acknowledgement until told otherwise
    const d = deps(fake);
    const targets = [{ zone: NL, sensorIds: [sensor.id] }];
    const early = await runPriceIngestion(targets, d, { day: '2025-09-15' });
    expect(early.failed).toEqual([]);
    expect(early.results[0]!.result).toEqual({
      outcome: 'no-data',
      reason: expect.stringMatching(/^No matching data found for Data item ENERGY_PRICES/),
    });
    expect(d.lines[0]).toMatchObject({ level: 'info', fields: { outcome: 'no-data', zone: 'NL', day: '2025-09-15' } });
    expect(await stored(sensor)).toEqual([]);
    expect(await dynamo.ports.priceIngest.getDayMarker(NL.eic, sensor.id, '2025-09-15')).toBeNull();

    fake.answers.set(`${NL.eic} 202509142200`, fixture('nl-2025-09-15-pt60m-a01.xml'));
    const later = await runPriceIngestion(targets, d, { day: '2025-09-15' });
    expect(later.results[0]!.result).toMatchObject({ outcome: 'stored', stored: 24 });
  });

  it('a malformed or ambiguous document stores nothing and fails its zone loudly; other zones are still ingested', async () => {
    const nlSensor = await priceSensor('EUR/MWh', HOUR);
    const deSensor = await priceSensor('EUR/MWh', HOUR, 'Europe/Berlin');
    const fake = fakeEntsoe();
    fake.answers.set(`${NL.eic} 202509142200`, fixture('malformed-truncated.xml'));
    fake.answers.set(`${DE_LU.eic} 202208192200`, fixture('de-lu-2022-08-20-pt60m-pt15m.xml'));
    const d = deps(fake);

    const nlRun = await runPriceIngestion([{ zone: NL, sensorIds: [nlSensor.id] }], d, { day: '2025-09-15' });
    expect(nlRun.failed).toHaveLength(1);
    expect(nlRun.failed[0]!.result).toEqual({
      outcome: 'failed',
      errorName: 'EntsoeDocumentError',
      error: expect.stringMatching(/^ENTSO-E document malformed: document: not well-formed XML \(unclosed .*truncated\?\)/),
    });
    expect(d.lines[0]).toMatchObject({ level: 'error', fields: { outcome: 'failed', zone: 'NL', errorName: 'EntsoeDocumentError' } });

    const deRun = await runPriceIngestion([{ zone: DE_LU, sensorIds: [deSensor.id] }], d, { day: '2022-08-20' });
    expect(deRun.failed[0]!.result).toMatchObject({ outcome: 'failed', error: expect.stringMatching(/^ENTSO-E document ambiguous: /) });
    for (const s of [nlSensor, deSensor]) expect(await stored(s)).toEqual([]);
    expect(await dynamo.ports.priceIngest.getDayMarker(NL.eic, nlSensor.id, '2025-09-15')).toBeNull();

    // Side by side in one run: the good zone is stored, the bad one fails.
    const good = await priceSensor('EUR/MWh', 15 * MINUTE, 'Europe/Berlin');
    fake.answers.set(`${DE_LU.eic} 202510142200`, fixture('de-lu-2025-10-15-sdac-exaa.xml'));
    fake.answers.set(`${NL.eic} 202510142200`, fixture('malformed-truncated.xml'));
    const both = await runPriceIngestion([{ zone: NL, sensorIds: [nlSensor.id] }, { zone: DE_LU, sensorIds: [good.id] }], d, { day: '2025-10-15' });
    expect(outcomes(both.results)).toEqual([
      ['NL', '2025-10-15', nlSensor.id, 'failed'],
      ['DE-LU', '2025-10-15', good.id, 'stored'],
    ]);
    expect(await stored(good)).toHaveLength(96);
  });

  it('429 then success: retried through the real client, stored once', async () => {
    const sensor = await priceSensor('EUR/MWh', HOUR);
    const fake = fakeEntsoe();
    fake.answers.set(`${NL.eic} 202509142200`, [
      new Response('Too Many Requests', { status: 429, headers: { 'retry-after': '2' } }),
      new Response(fixture('nl-2025-09-15-pt60m-a01.xml'), { status: 200 }),
    ]);
    const sleeps: number[] = [];
    const d = deps(fake, {
      fetchDocument: entsoeDayFetcher({ token: async () => TOKEN, fetch: fake.fetch, sleep: async (ms) => void sleeps.push(ms), random: () => 0 }),
    });
    const run = await runPriceIngestion([{ zone: NL, sensorIds: [sensor.id] }], d, { day: '2025-09-15' });
    expect(run.results[0]!.result).toMatchObject({ outcome: 'stored', stored: 24 });
    expect(fake.requests).toEqual([`${NL.eic} 202509142200`, `${NL.eic} 202509142200`]);
    expect(sleeps).toEqual([2000]);
  });

  it('fails a target whose sensor is missing or unusable, and stores nothing there', async () => {
    const power = await priceSensor('kW', HOUR);
    const fake = fakeEntsoe();
    fake.answers.set(`${NL.eic} 202509142200`, fixture('nl-2025-09-15-pt60m-a01.xml'));
    const run = await runPriceIngestion([{ zone: NL, sensorIds: [99_999, power.id] }], deps(fake), { day: '2025-09-15' });
    expect(run.results.map((r) => r.result)).toEqual([
      { outcome: 'failed', errorName: 'MissingPriceSensorError', error: 'Sensor 99999 does not exist.' },
      { outcome: 'failed', errorName: 'PriceBeliefError', error: `Sensor ${power.id} has unit 'kW', which is not an energy price unit such as EUR/MWh.` },
    ]);
    expect(await stored(power)).toEqual([]);
  });

  it('ingests a whole document (the CLI\'s --file) with the same code', async () => {
    const sensor = await priceSensor('EUR/MWh', HOUR);
    const result = await ingestPriceDocument(fixture('nl-2025-09-15-16-two-periods.xml'), { eic: NL.eic, sensor }, { assets: dynamo.ports.assets, beliefs: dynamo.ports.beliefs });
    expect(result).toMatchObject({ kind: 'stored', stored: 48, alreadyKnown: 0 });
    const again = await ingestPriceDocument(fixture('nl-2025-09-15-16-two-periods.xml'), { eic: NL.eic, sensor }, { assets: dynamo.ports.assets, beliefs: dynamo.ports.beliefs });
    expect(again).toMatchObject({ kind: 'stored', stored: 0, alreadyKnown: 48 });
  });
});

// ---------------------------------------------------------------- the Lambda handler

describe('the ingest-prices Lambda handler', () => {
  const ssm = mockClient(SSMClient);
  const realFetch = globalThis.fetch;
  let fake: FakeEntsoe;
  const made: RealPorts[] = [];
  /** The Lambda handler over this file's dynalite, configured with the test ENTSO-E endpoint and these targets (read once, as a container does). */
  const ingestWith = (targets?: Record<string, unknown>) => {
    const env: Environment = {
      [ENV.dynamodbEndpoint]: dynamo.endpoint,
      [ENV.entsoeTokenParameter]: '/flexmeasures/test/entsoe-token',
      ENTSOE_BASE_URL: 'http://entsoe.test/api',
      ...(targets ? { [ENV.entsoeTargets]: JSON.stringify(targets) } : {}),
    };
    const ports = createPorts(configFrom(env));
    made.push(ports);
    return handler.withPorts(ports);
  };

  beforeEach(() => {
    ssm.reset();
    ssm.on(GetParameterCommand, { Name: '/flexmeasures/test/entsoe-token', WithDecryption: true }).resolves({ Parameter: { Value: TOKEN } });
    fake = fakeEntsoe();
    globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) =>
      String(input).startsWith('http://entsoe.test/') ? fake.fetch(input, init) : realFetch(input, init)) as typeof fetch;
    setClock(() => at('2025-10-01T11:30:05Z'));
  });

  afterAll(() => {
    globalThis.fetch = realFetch;
    ssm.restore();
    made.forEach((p) => p.destroy());
  });

  it('stores the next delivery day\'s prices once; a rerun stores nothing and asks nothing', async () => {
    const quarters = await priceSensor('EUR/MWh', 15 * MINUTE);
    const hours = await priceSensor('EUR/MWh', HOUR);
    const de = await priceSensor('EUR/MWh', 15 * MINUTE, 'Europe/Berlin');
    const handler = ingestWith({ [NL.eic]: [quarters.id, hours.id], 'DE-LU': de.id });
    fake.answers.set(`${NL.eic} 202510012200`, fixture('nl-2025-10-02-pt15m-a03.xml'));
    // DE-LU: not published yet (the acknowledgement).

    const event = { scheduledTime: '2025-10-01T13:30:00+02:00' };
    const first = await handler(event);
    expect(first.results.map((r) => [r.zone, r.day, r.sensorId, r.outcome])).toEqual([
      ['NL', '2025-10-02', quarters.id, 'stored'],
      ['NL', '2025-10-02', hours.id, 'stored'],
      ['DE-LU', '2025-10-02', de.id, 'no-data'],
    ]);
    expect(first.results[0]!.summary).toBe(
      `NL 2025-10-02 → sensor ${quarters.id}: 96 PT15M prices, 96 stored, 0 already known, belief time 2025-10-01T11:05:00+00:00`,
    );
    const q = await stored(quarters);
    const h = await stored(hours);
    expect(q).toHaveLength(96);
    expect(q.slice(0, 6).map((b) => b.value)).toEqual([91.4, 88.05, 88.05, 88.05, 84.9, 80]);
    expect(q[0]).toMatchObject({ eventStart: at('2025-10-01T22:00Z'), beliefTime: at('2025-10-01T11:05:00Z'), cumulativeProbability: 0.5 });
    expect(h).toHaveLength(24);
    expect(h[0]!.value).toBeCloseTo((91.4 + 88.05 * 3) / 4, 10);
    expect(await dynamo.ports.assets.getDataSource(h[0]!.sourceId)).toMatchObject({ name: 'ENTSO-E', type: 'market' });
    expect(await dynamo.ports.priceIngest.getDayMarker(NL.eic, quarters.id, '2025-10-02')).toMatchObject({ points: 96, stored: 96 });
    expect(await dynamo.ports.priceIngest.getDayMarker(DE_LU.eic, de.id, '2025-10-02')).toBeNull();
    expect(await stored(de)).toEqual([]);
    expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(1);
    expect([...fake.requests].sort()).toEqual([`${DE_LU.eic} 202510012200`, `${NL.eic} 202510012200`]); // zones run side by side

    const second = await handler(event);
    expect(second.results.map((r) => r.outcome)).toEqual(['already-done', 'already-done', 'no-data']);
    expect(fake.requests.filter((r) => r.startsWith(NL.eic))).toHaveLength(1); // NL not asked again
    expect(await stored(quarters)).toEqual(q);
    expect(await stored(hours)).toEqual(h);
  });

  it('reports failure (so the invocation is retried and dead-lettered) when a zone fails, after doing the others, without the token', async () => {
    const nlSensor = await priceSensor('EUR/MWh', HOUR);
    const deSensor = await priceSensor('EUR/MWh', 15 * MINUTE, 'Europe/Berlin');
    const handler = ingestWith({ NL: nlSensor.id, 'DE-LU': deSensor.id });
    fake.answers.set(`${NL.eic} 202509142200`, fixture('malformed-truncated.xml'));
    fake.answers.set(`${DE_LU.eic} 202509142200`, fixture('de-lu-2025-10-15-sdac-exaa.xml').replaceAll('2025-10-14T22:00Z', '2025-09-14T22:00Z').replaceAll('2025-10-15T22:00Z', '2025-09-15T22:00Z'));

    let error: unknown;
    try {
      await handler({ day: '2025-09-15' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PriceIngestionFailedError);
    const message = (error as Error).message;
    expect(message).toMatch(new RegExp(`^Day-ahead price ingestion failed for 1 of 2 target\\(s\\): NL 2025-09-15 → sensor ${nlSensor.id}: FAILED: ENTSO-E document malformed`));
    expect(message).not.toContain(TOKEN);
    expect(await stored(nlSensor)).toEqual([]);
    expect(await stored(deSensor)).toHaveLength(96);
  });

  it('fails when the token cannot be read, naming the parameter only', async () => {
    const sensor = await priceSensor('EUR/MWh', HOUR);
    const handler = ingestWith({ NL: sensor.id });
    ssm.reset();
    ssm.on(GetParameterCommand).rejects(Object.assign(new Error('User is not authorized to perform ssm:GetParameter'), { name: 'AccessDeniedException' }));
    await expect(handler({})).rejects.toThrow(
      /NL 2025-10-02 → sensor \d+: FAILED: Could not read the ENTSO-E token from SSM parameter \/flexmeasures\/test\/entsoe-token: AccessDeniedException/,
    );
    expect(fake.requests).toEqual([]);
  });

  it('does nothing without targets', async () => {
    const handler = ingestWith();
    await expect(handler({})).resolves.toEqual({ results: [] });
    expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(0);
  });
});
