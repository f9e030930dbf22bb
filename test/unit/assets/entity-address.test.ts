import { describe, it, expect } from '@jest/globals';
import {
  buildSensorEntityAddress,
  domainParts,
  EntityAddressError,
  firstDayOfNextMonth,
  normaliseHost,
  parseHostsAndAuthStart,
  parseSensorEntityAddress,
  reverseDomainName,
  schemeAndNamingAuthority,
  unknownSensorAddressMessage,
} from '../../../functions/core/entity-address.js';

const NOW = Date.UTC(2024, 8, 18, 10); // 2024-09-18
const config = parseHostsAndAuthStart(undefined);

describe('building entity addresses (docs/contract/api.md §8.1)', () => {
  it('uses the configured month for configured hosts and reverses the domain', () => {
    expect(buildSensorEntityAddress(42, { host: 'flexmeasures.io', now: NOW, hostsAndAuthStart: config })).toBe(
      'ea1.2021-01.io.flexmeasures:fm1.42',
    );
    const custom = parseHostsAndAuthStart('{"company.flexmeasures.io": "2022-03", "shop.example.co.uk": "2020-12"}');
    expect(buildSensorEntityAddress(7, { host: 'company.flexmeasures.io:443', now: NOW, hostsAndAuthStart: custom })).toBe(
      'ea1.2022-03.io.flexmeasures.company:fm1.7',
    );
    expect(buildSensorEntityAddress(7, { host: 'shop.example.co.uk', now: NOW, hostsAndAuthStart: custom })).toBe(
      'ea1.2020-12.uk.co.example.shop:fm1.7',
    );
  });

  it('drops the port and leading w/. characters (docs/contract/api.md §10.1 quirk 21)', () => {
    expect(normaliseHost('www.flexmeasures.io:8080')).toBe('flexmeasures.io');
    expect(normaliseHost('web.example.com')).toBe('eb.example.com');
    expect(buildSensorEntityAddress(1, { host: 'www.flexmeasures.io', now: NOW, hostsAndAuthStart: config })).toBe(
      'ea1.2021-01.io.flexmeasures:fm1.1',
    );
  });

  it('gives localhost (and loopback addresses) the first day of next month', () => {
    for (const host of ['localhost', 'localhost:5000', '127.0.0.1:5000', '[::1]:5000', undefined]) {
      expect(buildSensorEntityAddress(3, { host, now: NOW, hostsAndAuthStart: config })).toBe('ea1.2024-10.localhost:fm1.3');
    }
    expect(firstDayOfNextMonth(Date.UTC(2024, 11, 31, 23))).toBe('2025-01');
  });

  it('says "no entity address available" for hosts without a configured month', () => {
    expect(buildSensorEntityAddress(3, { host: 'api.example.org', now: NOW, hostsAndAuthStart: config })).toBe(
      'no entity address available',
    );
    expect(schemeAndNamingAuthority({ host: 'company.flexmeasures.io', now: NOW, hostsAndAuthStart: config })).toBeNull();
  });

  it('splits hosts into sub-domain, domain and public suffix', () => {
    expect(domainParts('a.b.flexmeasures.io')).toEqual({ subdomain: 'a.b', domain: 'flexmeasures', suffix: 'io' });
    expect(reverseDomainName(domainParts('a.b.flexmeasures.io'))).toBe('io.flexmeasures.b.a');
    expect(reverseDomainName(domainParts('localhost'))).toBe('localhost');
    expect(domainParts('10.1.2.3')).toEqual({ subdomain: '', domain: '10.1.2.3', suffix: '' });
  });

  it('rejects a malformed FLEXMEASURES_HOSTS_AND_AUTH_START', () => {
    expect(() => parseHostsAndAuthStart('[1]')).toThrow(/JSON object/);
    expect(() => parseHostsAndAuthStart('{"x.io": "2021-13"}')).toThrow(/YYYY-MM/);
    expect(parseHostsAndAuthStart('  ')).toEqual({ 'flexmeasures.io': '2021-01' });
  });
});

describe('parsing entity addresses (docs/contract/api.md §8.1)', () => {
  const own = 'ea1.2021-01.io.flexmeasures';
  const fail = (ea: unknown) => {
    try {
      parseSensorEntityAddress(ea, own);
    } catch (err) {
      expect(err).toBeInstanceOf(EntityAddressError);
      return (err as Error).message;
    }
    throw new Error('expected a failure');
  };

  it('takes only the trailing id, whatever the naming authority', () => {
    expect(parseSensorEntityAddress('ea1.2021-01.io.flexmeasures:fm1.42', own)).toBe(42);
    expect(parseSensorEntityAddress('ea1.1000-01.required-but-unused-field:fm1.7', own)).toBe(7);
    expect(parseSensorEntityAddress('ea1.2025-12.localhost:fm1.1', null)).toBe(1);
  });

  it('checks in FlexMeasures order with its messages', () => {
    expect(fail('ea2.2021-01.io.flexmeasures:fm1.1')).toBe(
      "A valid type 1 USEF entity address starts with 'ea1', please review ea2.2021-01.io.flexmeasures:fm1.1",
    );
    expect(fail('ea1.2021-13.io.flexmeasures:fm1.1')).toBe(
      "After 'ea1.', a date specification of the format ([0-9]{4})-(0[1-9]|1[012]) is expected.",
    );
    expect(fail('ea1.2021-01.io.flexmeasures:fm0.1:2')).toBe(
      "A valid type 1 FlexMeasures entity address starts with 'ea1.2021-01.io.flexmeasures:fm1.', please review ea1.2021-01.io.flexmeasures:fm0.1:2",
    );
    // No colon at all: FlexMeasures crashed (500); here it is the same fm1 message (decision 0016).
    expect(fail('ea1.2021-01.io.flexmeasures.fm1.1')).toMatch(/^A valid type 1 FlexMeasures entity address starts with/);
    expect(fail('ea1.2021-01.io.flexmeasures:fm1.abc')).toBe('Could not parse sensor ea1.2021-01.io.flexmeasures:fm1.abc.');
    expect(fail('ea1.2021-01.io:flexmeasures:fm1.1')).toMatch(/^A valid type 1 FlexMeasures/);
    expect(fail('ea1.2021-01.:fm1.1')).toBe('Could not parse sensor ea1.2021-01.:fm1.1.');
    expect(fail(12)).toBe('Not a valid string.');
    expect(unknownSensorAddressMessage('ea1.2021-01.io.flexmeasures:fm1.666')).toBe(
      "sensor with entity address ea1.2021-01.io.flexmeasures:fm1.666 doesn't exist.",
    );
  });

  it('round-trips built addresses', () => {
    for (const id of [1, 42, 123456789]) {
      const ea = buildSensorEntityAddress(id, { host: '127.0.0.1:5000', now: NOW, hostsAndAuthStart: config });
      expect(parseSensorEntityAddress(ea, null)).toBe(id);
    }
  });
});
