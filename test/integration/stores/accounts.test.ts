/** The DynamoDB adapters for accounts, users, roles, tokens and audit events, on dynalite. */
import { describe, it, expect } from '@jest/globals';
import { useDynaliteForFile } from '../../helpers/dynamo.js';
import { DuplicateError, MissingEntityError } from '../../../functions/core/ports/accounts.js';
import { truncateEvent } from '../../../functions/stores/dynamodb/audit.js';

const db = useDynaliteForFile();

describe('accounts', () => {
  it('creates accounts with integer ids, account roles created once and shared', async () => {
    const a = await db.ports.accounts.create({ name: 'Alpha', accountRoles: ['Prosumer', 'Supplier'] });
    const b = await db.ports.accounts.create({ name: 'Beta', accountRoles: ['Supplier'] });
    expect(a).toEqual({
      id: 1,
      name: 'Alpha',
      primaryColor: null,
      secondaryColor: null,
      logoUrl: null,
      consultancyAccountId: null,
      accountRoles: [
        { id: 1, name: 'Prosumer', description: null },
        { id: 2, name: 'Supplier', description: null },
      ],
    });
    expect(b.id).toBe(2);
    expect(b.accountRoles).toEqual([{ id: 2, name: 'Supplier', description: null }]);
    expect(await db.ports.accounts.get(1)).toEqual(a);
    expect(await db.ports.accounts.getByName('Beta')).toEqual(b);
    expect(await db.ports.accounts.getByName('beta')).toBeNull();
    expect(await db.ports.accounts.get(99)).toBeNull();
    expect((await db.ports.accounts.listAccountRoles()).map((r) => r.name)).toEqual(['Prosumer', 'Supplier']);
  });

  it('rejects a duplicate name and leaves no trace of the failed account', async () => {
    await expect(db.ports.accounts.create({ name: 'Alpha' })).rejects.toEqual(new DuplicateError('name', 'Alpha'));
    expect((await db.ports.accounts.list()).map((a) => a.name)).toEqual(['Alpha', 'Beta']);
  });

  it('lists all accounts and the clients of a consultancy from indexes, in id order', async () => {
    const consultancy = await db.ports.accounts.create({ name: 'Consultancy' });
    const c1 = await db.ports.accounts.create({ name: 'Client 1', consultancyAccountId: consultancy.id });
    const c2 = await db.ports.accounts.create({ name: 'Client 2', consultancyAccountId: consultancy.id });
    expect((await db.ports.accounts.listClients(consultancy.id)).map((a) => a.id)).toEqual([c1.id, c2.id]);
    expect((await db.ports.accounts.list()).map((a) => a.id)).toEqual([1, 2, consultancy.id, c1.id, c2.id]);
    expect((await db.ports.accounts.getMany([c2.id, 1, 404])).map((a) => a.id)).toEqual([1, c2.id]);
    expect(await db.ports.accounts.listClients(1)).toEqual([]);
  });

  it('updates fields, moves the consultancy index entry and renames with the uniqueness marker', async () => {
    const consultancy = (await db.ports.accounts.getByName('Consultancy'))!;
    const client = (await db.ports.accounts.getByName('Client 2'))!;
    const updated = await db.ports.accounts.update(client.id, { name: 'Client Two', primaryColor: '#abc', consultancyAccountId: null });
    expect(updated).toMatchObject({ id: client.id, name: 'Client Two', primaryColor: '#abc', consultancyAccountId: null });
    expect((await db.ports.accounts.listClients(consultancy.id)).map((a) => a.name)).toEqual(['Client 1']);
    expect(await db.ports.accounts.getByName('Client 2')).toBeNull();
    expect((await db.ports.accounts.getByName('Client Two'))?.id).toBe(client.id);
    // The old name is free again; the new one is taken.
    await expect(db.ports.accounts.update(1, { name: 'Client Two' })).rejects.toBeInstanceOf(DuplicateError);
    expect((await db.ports.accounts.get(1))!.name).toBe('Alpha');
    const other = await db.ports.accounts.create({ name: 'Client 2' });
    expect(other.name).toBe('Client 2');
    await expect(db.ports.accounts.update(4040, { name: 'x' })).rejects.toBeInstanceOf(MissingEntityError);
  });
});

describe('users and roles', () => {
  it('creates users with roles, looks them up by id, e-mail (case-insensitive) and account', async () => {
    const u1 = await db.ports.users.create({ email: 'One@Example.com', username: 'one', accountId: 1, passwordHash: 'h1', roles: ['admin'] });
    const u2 = await db.ports.users.create({ email: 'two@example.com', username: 'two', accountId: 1, passwordHash: 'h2', active: false, timezone: 'UTC' });
    await db.ports.users.create({ email: 'three@example.com', username: 'three', accountId: 2, passwordHash: 'h3', roles: ['account-admin', 'admin'] });
    expect(u1).toMatchObject({
      id: 1,
      email: 'One@Example.com',
      accountId: 1,
      roles: [{ id: 1, name: 'admin', description: null }],
      active: true,
      timezone: 'Europe/Amsterdam',
      lastLoginAt: null,
      lastSeenAt: null,
      loginCount: 0,
      passwordHash: 'h1',
    });
    expect(u1.uniquifier).toMatch(/^[0-9a-f]{64}$/);
    expect(u2).toMatchObject({ active: false, timezone: 'UTC', roles: [] });
    expect(await db.ports.users.get(1)).toEqual(u1);
    expect((await db.ports.users.getByEmail('one@example.COM'))?.id).toBe(1);
    expect(await db.ports.users.getByEmail('nobody@example.com')).toBeNull();
    expect((await db.ports.users.listByAccount(1)).map((u) => u.id)).toEqual([1, 2]);
    expect((await db.ports.users.get(3))!.roles.map((r) => r.name)).toEqual(['admin', 'account-admin']);
    expect((await db.ports.users.listRoles()).map((r) => [r.id, r.name])).toEqual([
      [1, 'admin'],
      [2, 'account-admin'],
    ]);
    expect(await db.ports.users.rolesByIds([2, 9, 1])).toEqual({
      found: [
        { id: 1, name: 'admin', description: null },
        { id: 2, name: 'account-admin', description: null },
      ],
      missing: [9],
    });
  });

  it('enforces unique e-mail (any case) and username, and needs an existing account', async () => {
    await expect(db.ports.users.create({ email: 'ONE@example.com', username: 'new', accountId: 1, passwordHash: 'h' })).rejects.toEqual(
      new DuplicateError('email', 'ONE@example.com'),
    );
    await expect(db.ports.users.create({ email: 'new@example.com', username: 'one', accountId: 1, passwordHash: 'h' })).rejects.toEqual(
      new DuplicateError('username', 'one'),
    );
    // The e-mail claimed by the failed attempt was released.
    const ok = await db.ports.users.create({ email: 'new@example.com', username: 'new', accountId: 1, passwordHash: 'h' });
    expect(ok.email).toBe('new@example.com');
    await expect(db.ports.users.create({ email: 'x@example.com', username: 'x', accountId: 999, passwordHash: 'h' })).rejects.toBeInstanceOf(
      MissingEntityError,
    );
    expect(await db.ports.users.getByEmail('x@example.com')).toBeNull();
  });

  it('updates e-mail, username, active, timezone and roles, moving the markers', async () => {
    const admin = (await db.ports.users.rolesByIds([1])).found;
    const updated = await db.ports.users.update(2, { email: 'deux@example.com', username: 'deux', active: true, timezone: 'Asia/Tokyo', roles: admin });
    expect(updated).toMatchObject({ id: 2, email: 'deux@example.com', username: 'deux', active: true, timezone: 'Asia/Tokyo', roles: admin });
    expect(await db.ports.users.getByEmail('two@example.com')).toBeNull();
    expect((await db.ports.users.getByEmail('DEUX@example.com'))?.id).toBe(2);
    await expect(db.ports.users.update(2, { email: 'one@example.com' })).rejects.toBeInstanceOf(DuplicateError);
    await expect(db.ports.users.update(2, { username: 'one' })).rejects.toBeInstanceOf(DuplicateError);
    expect((await db.ports.users.get(2))!.email).toBe('deux@example.com');
    // Changing only the case of one's own e-mail is allowed.
    expect((await db.ports.users.update(2, { email: 'Deux@Example.com' })).email).toBe('Deux@Example.com');
    await expect(db.ports.users.update(777, { timezone: 'UTC' })).rejects.toBeInstanceOf(MissingEntityError);
  });

  it('replaces the uniquifier on password change and on rotation', async () => {
    const before = (await db.ports.users.get(1))!;
    const afterPassword = await db.ports.users.setPassword(1, 'new-hash');
    expect(afterPassword.passwordHash).toBe('new-hash');
    expect(afterPassword.uniquifier).not.toBe(before.uniquifier);
    const rotated = await db.ports.users.rotateUniquifier(1);
    expect(rotated.uniquifier).not.toBe(afterPassword.uniquifier);
    expect(rotated.passwordHash).toBe('new-hash');
  });

  it('records log-ins and throttles last-seen updates', async () => {
    await db.ports.users.recordLogin(1, 1_000);
    await db.ports.users.recordLogin(1, 2_000);
    expect(await db.ports.users.get(1)).toMatchObject({ lastLoginAt: 2_000, loginCount: 2 });
    await db.ports.users.recordSeen(1, 10_000, 60_000);
    await db.ports.users.recordSeen(1, 50_000, 60_000);
    expect((await db.ports.users.get(1))!.lastSeenAt).toBe(10_000);
    await db.ports.users.recordSeen(1, 70_001, 60_000);
    expect((await db.ports.users.get(1))!.lastSeenAt).toBe(70_001);
    await db.ports.users.recordSeen(4242, 1, 1); // a vanished user is not an error
    expect(await db.ports.users.get(4242)).toBeNull();
  });
});

describe('tokens', () => {
  it('stores a token by hash with its binding and expiry', async () => {
    await db.ports.tokens.put({ hash: 'ab'.repeat(32), userId: 1, uniquifier: 'u', issuedAt: 5, expiresAt: 21_600_005 });
    expect(await db.ports.tokens.get('ab'.repeat(32))).toEqual({ hash: 'ab'.repeat(32), userId: 1, uniquifier: 'u', issuedAt: 5, expiresAt: 21_600_005 });
    expect(await db.ports.tokens.get('cd'.repeat(32))).toBeNull();
    await expect(db.ports.tokens.put({ hash: 'ab'.repeat(32), userId: 2, uniquifier: 'v', issuedAt: 6, expiresAt: 7 })).rejects.toBeDefined();
  });
});

describe('audit log', () => {
  it('lists events per affected user and per affected account, oldest first', async () => {
    const e1 = await db.ports.audit.record({ at: 3_000, event: 'late', activeUserId: 1, activeUserName: 'one', affectedUserId: 2, affectedAccountId: null });
    const e2 = await db.ports.audit.record({ at: 1_000, event: 'early', activeUserId: null, activeUserName: null, affectedUserId: 2, affectedAccountId: 1 });
    const e3 = await db.ports.audit.record({ at: 2_000, event: 'account only', activeUserId: 1, activeUserName: 'one', affectedUserId: null, affectedAccountId: 1 });
    expect(e1.id).toBeLessThan(e2.id);
    expect((await db.ports.audit.listForUser(2)).map((e) => e.event)).toEqual(['early', 'late']);
    expect(await db.ports.audit.listForAccount(1)).toEqual([e2, e3]);
    expect(await db.ports.audit.listForUser(1)).toEqual([]);
  });

  it('truncates long events like FlexMeasures (head … tail, 255 characters)', async () => {
    const long = 'a'.repeat(200) + 'b'.repeat(200);
    const stored = await db.ports.audit.record({ at: 1, event: long, activeUserId: null, activeUserName: null, affectedUserId: 9, affectedAccountId: null });
    expect(stored.event).toBe(truncateEvent(long));
    expect(stored.event).toHaveLength(255);
    expect(stored.event).toBe(`${'a'.repeat(125)} ... ${'b'.repeat(125)}`);
    expect(truncateEvent('short')).toBe('short');
  });
});
