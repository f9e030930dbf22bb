/** Passwords, tokens and the account/user shapes and checks (pure). */
import { describe, it, expect } from '@jest/globals';
import { defaultScryptCost, generatePassword, hashPassword, randomLetters, verifyPassword } from '../../../functions/core/auth/passwords.js';
import { checkToken, hashToken, newToken, tokenFromHeader, tokenMaxAgeMs } from '../../../functions/core/auth/tokens.js';
import { accountJson, httpDate, naiveIso, userJson } from '../../../functions/core/accounts/serialize.js';
import { hexColorError, logoUrlError, timezoneError } from '../../../functions/core/accounts/validate.js';
import type { TokenRecord, User } from '../../../functions/core/ports/accounts.js';

const CHEAP = { logN: 4, r: 8, p: 1 };

describe('passwords (scrypt)', () => {
  it('hashes with a fresh salt and verifies in constant time', async () => {
    const a = await hashPassword('testtest', CHEAP);
    const b = await hashPassword('testtest', CHEAP);
    expect(a).toMatch(/^scrypt\$4\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]{44}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('testtest', a)).toBe(true);
    expect(await verifyPassword('testtest ', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
  });

  it('verifies with the parameters stored in the hash, and rejects malformed hashes', async () => {
    const strong = await hashPassword('pw', { logN: 10, r: 8, p: 1 });
    expect(strong.startsWith('scrypt$10$8$1$')).toBe(true);
    expect(await verifyPassword('pw', strong)).toBe(true);
    for (const bad of ['', 'plain', 'scrypt$4$8$1$$', 'scrypt$99$8$1$c2FsdA==$AAAA', 'bcrypt$4$8$1$c2FsdA==$AAAA', strong.slice(0, -4)]) {
      expect(await verifyPassword('pw', bad)).toBe(false);
    }
  });

  it('reads the cost from SCRYPT_LOG_N (default 2^15)', () => {
    expect(defaultScryptCost({})).toEqual({ logN: 15, r: 8, p: 1 });
    expect(defaultScryptCost({ SCRYPT_LOG_N: '12' })).toEqual({ logN: 12, r: 8, p: 1 });
    expect(() => defaultScryptCost({ SCRYPT_LOG_N: '0' })).toThrow('SCRYPT_LOG_N');
    expect(() => defaultScryptCost({ SCRYPT_LOG_N: 'fast' })).toThrow('SCRYPT_LOG_N');
  });

  it('generates random passwords', () => {
    expect(randomLetters()).toMatch(/^[A-Za-z]{24}$/);
    expect(generatePassword()).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{20}$/);
    expect(new Set(Array.from({ length: 50 }, () => generatePassword())).size).toBe(50);
  });
});

describe('tokens', () => {
  it('are 256 random bits, stored as SHA-256', () => {
    const token = newToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newToken()).not.toBe(token);
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('come raw or as Bearer', () => {
    expect(tokenFromHeader('abc-DEF_123')).toBe('abc-DEF_123');
    expect(tokenFromHeader('  Bearer abc ')).toBe('abc');
    expect(tokenFromHeader('bearer\tabc')).toBe('abc');
    for (const bad of [undefined, null, '', '   ', 'Bearer ', 'two words', 'x'.repeat(513), 'tok"en']) expect(tokenFromHeader(bad)).toBeNull();
  });

  it('live 6 hours unless TOKEN_MAX_AGE_SECONDS says otherwise', () => {
    expect(tokenMaxAgeMs({})).toBe(21_600_000);
    expect(tokenMaxAgeMs({ TOKEN_MAX_AGE_SECONDS: '3600' })).toBe(3_600_000);
    expect(() => tokenMaxAgeMs({ TOKEN_MAX_AGE_SECONDS: '-1' })).toThrow('TOKEN_MAX_AGE_SECONDS');
    expect(() => tokenMaxAgeMs({ TOKEN_MAX_AGE_SECONDS: '1.5' })).toThrow('TOKEN_MAX_AGE_SECONDS');
  });

  it('authenticate only an active user with the bound uniquifier before expiry', () => {
    const record: TokenRecord = { hash: 'h', userId: 1, uniquifier: 'u1', issuedAt: 0, expiresAt: 1000 };
    const user = { id: 1, active: true, uniquifier: 'u1' } as User;
    expect(checkToken(record, user, 999)).toBeNull();
    expect(checkToken(null, user, 0)).toBe('unknown');
    expect(checkToken(record, user, 1000)).toBe('expired');
    expect(checkToken(record, null, 0)).toBe('no-user');
    expect(checkToken(record, { ...user, active: false }, 0)).toBe('inactive');
    expect(checkToken(record, { ...user, uniquifier: 'u2' }, 0)).toBe('revoked');
  });
});

describe('shapes', () => {
  it('naive ISO datetimes as Python prints them, HTTP-dates for audit events', () => {
    expect(naiveIso(null)).toBeNull();
    expect(naiveIso(Date.UTC(2024, 8, 18, 10, 12, 13, 123))).toBe('2024-09-18T10:12:13.123000');
    expect(naiveIso(Date.UTC(2024, 8, 18, 10, 12, 13))).toBe('2024-09-18T10:12:13');
    expect(httpDate(Date.UTC(2021, 4, 1, 22, 0, 0))).toBe('Sat, 01 May 2021 22:00:00 GMT');
  });

  it('account and user JSON', () => {
    expect(
      accountJson({
        id: 1, name: 'A', primaryColor: '#fff', secondaryColor: null, logoUrl: null, consultancyAccountId: 3,
        accountRoles: [{ id: 1, name: 'Prosumer', description: 'x' }],
      }),
    ).toEqual({ account_roles: [{ id: 1, name: 'Prosumer' }], consultancy_account_id: 3, id: 1, logo_url: null, name: 'A', primary_color: '#fff', secondary_color: null });
    const user = {
      id: 5, email: 'e@x.nl', username: 'U', accountId: 1, roles: [{ id: 2, name: 'account-admin', description: null }], active: true,
      timezone: 'UTC', lastLoginAt: null, lastSeenAt: 0, loginCount: 3, passwordHash: 'secret', uniquifier: 'secret',
    } satisfies User;
    const json = userJson(user);
    expect(json).toEqual({
      account_id: 1, active: true, email: 'e@x.nl', flexmeasures_roles: [2], id: 5, last_login_at: null,
      last_seen_at: '1970-01-01T00:00:00', timezone: 'UTC', username: 'U',
    });
    expect(JSON.stringify(json)).not.toContain('secret');
  });
});

describe('field checks', () => {
  it('hex colors', () => {
    for (const ok of ['#abc', 'abc', '#A1B2C3', '123456']) expect(hexColorError(ok)).toBeNull();
    expect(hexColorError('zzz')).toBe('#zzz is not a valid hex color code.');
    expect(hexColorError('#abcd')).toBe('#abcd is not a valid hex color code.');
  });

  it('logo URLs', () => {
    for (const ok of ['https://example.com/logo.png', 'http://10.0.0.1:8080/a?b=c', 'ftp://files.example.org/x']) expect(logoUrlError(ok)).toBeNull();
    expect(logoUrlError('example.com')).toBe("'example.com' is not a valid URL.");
    expect(logoUrlError('https://localhost/x')).toBe("'https://localhost/x' is not a valid URL.");
    expect(logoUrlError(`https://example.com/${'a'.repeat(240)}`)).toBe('provided logo-url is too long. Maximum length is 255 characters.');
  });

  it('time zones', () => {
    for (const ok of ['UTC', 'Europe/Amsterdam', 'America/Argentina/Buenos_Aires', 'Etc/GMT+1']) expect(timezoneError(ok)).toBeNull();
    expect(timezoneError('Mars/Olympus')).toBe("Timezone Mars/Olympus doesn't exist.");
    expect(timezoneError(' UTC')).toBe("Timezone  UTC doesn't exist.");
  });
});
