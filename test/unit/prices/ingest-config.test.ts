/** The ingest Lambda's configuration: the SSM token (SDK mocked), the environment and the event. */
import { describe, it, expect, beforeEach, afterAll } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { secretTokenProvider as tokenFrom, staticTokenProvider } from '../../../functions/app/entsoe-token.js';
import { readIngestEnvironment, readIngestEvent } from '../../../functions/core/prices/index.js';
import { SsmSecretSource } from '../../../functions/stores/ssm/secrets.js';
import type { SecretSource } from '../../../functions/core/ports/secrets.js';

/** The token provider over the real secret source (SSM, mocked at the SDK) unless a test passes another. */
const secretTokenProvider = (name: string, source: SecretSource = new SsmSecretSource()) => tokenFrom(name, source);
import { BIDDING_ZONES } from '../../../functions/core/prices/a44-request.js';
import { at } from './fixtures.js';

const ssm = mockClient(SSMClient);
const SECRET = 'the-real-token-value';

beforeEach(() => {
  ssm.reset();
});
afterAll(() => ssm.restore());

describe('secretTokenProvider', () => {
  it('reads the SecureString with decryption once per container (its secret source)', async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Name: '/fm/entsoe-token', Type: 'SecureString', Value: ` ${SECRET}\n` } });
    const container = new SsmSecretSource();
    const token = secretTokenProvider('/fm/entsoe-token', container);
    await expect(token()).resolves.toBe(SECRET);
    await expect(secretTokenProvider('/fm/entsoe-token', container)()).resolves.toBe(SECRET);
    expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(1);
    expect(ssm.commandCalls(GetParameterCommand)[0]!.args[0].input).toEqual({ Name: '/fm/entsoe-token', WithDecryption: true });
  });

  it('does not cache a failed read, and says what failed without any value', async () => {
    ssm
      .on(GetParameterCommand)
      .rejectsOnce(Object.assign(new Error('Parameter /fm/entsoe-token not found.'), { name: 'ParameterNotFound' }))
      .resolves({ Parameter: { Value: SECRET } });
    const token = secretTokenProvider('/fm/entsoe-token');
    await expect(token()).rejects.toThrow(
      'Could not read the ENTSO-E token from SSM parameter /fm/entsoe-token: ParameterNotFound: Parameter /fm/entsoe-token not found.',
    );
    await expect(token()).resolves.toBe(SECRET);
  });

  it('refuses an empty parameter and a missing parameter name', async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: '  ' } });
    await expect(secretTokenProvider('/fm/empty')()).rejects.toThrow('SSM parameter /fm/empty holds no ENTSO-E token (empty value).');
    expect(() => secretTokenProvider('')).toThrow(/ENTSOE_TOKEN_PARAMETER/);
  });

  it('reads through any secret source (the port), trimming the value', async () => {
    const asked: string[] = [];
    const source = { read: async (name: string) => (asked.push(name), ` ${SECRET} `) };
    await expect(secretTokenProvider('/fm/other-token', source)()).resolves.toBe(SECRET);
    expect(asked).toEqual(['/fm/other-token']);
    expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(0);
  });
});

describe('staticTokenProvider', () => {
  it('gives the token, or says which variable to set', async () => {
    await expect(staticTokenProvider('abc')()).resolves.toBe('abc');
    await expect(staticTokenProvider(undefined)()).rejects.toThrow('No ENTSO-E token: set ENTSOE_TOKEN.');
  });
});

describe('readIngestEnvironment', () => {
  it('reads targets, the parameter name and the (test-only) base URL', () => {
    expect(readIngestEnvironment({ ENTSOE_TARGETS: '{"NL": 5}', ENTSOE_TOKEN_PARAMETER: '/fm/t' })).toEqual({
      targets: [{ zone: BIDDING_ZONES.NL, sensorIds: [5] }],
      tokenParameter: '/fm/t',
      baseUrl: 'https://web-api.tp.entsoe.eu/api',
    });
    expect(readIngestEnvironment({ ENTSOE_BASE_URL: 'http://127.0.0.1:4010/api' }).baseUrl).toBe('http://127.0.0.1:4010/api');
    expect(readIngestEnvironment({}).targets).toEqual([]);
  });

  it('names the variable that is wrong', () => {
    expect(() => readIngestEnvironment({ ENTSOE_TARGETS: '{"XX": 5}' })).toThrow(/^ENTSOE_TARGETS: Unknown bidding zone 'XX'/);
    expect(() => readIngestEnvironment({ ENTSOE_BASE_URL: 'ftp://x' })).toThrow("ENTSOE_BASE_URL: 'ftp://x' is not an http(s) URL.");
  });
});

describe('readIngestEvent', () => {
  it('reads the scheduled time and a manual day', () => {
    expect(readIngestEvent(undefined)).toEqual({});
    expect(readIngestEvent({})).toEqual({});
    expect(readIngestEvent({ scheduledTime: '2025-10-01T11:30:00Z' })).toEqual({ at: at('2025-10-01T11:30:00Z') });
    expect(readIngestEvent({ day: '2025-10-26' })).toEqual({ day: '2025-10-26' });
  });

  it('rejects malformed input instead of guessing', () => {
    expect(() => readIngestEvent('x')).toThrow('The invocation event must be a JSON object.');
    expect(() => readIngestEvent({ day: '2025-02-30' })).toThrow(/does not exist/);
    expect(() => readIngestEvent({ day: 20251026 })).toThrow(/must be a yyyy-MM-dd string/);
    expect(() => readIngestEvent({ scheduledTime: 'yesterday' })).toThrow(/ISO 8601 datetime with offset/);
  });
});
