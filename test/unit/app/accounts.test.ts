/** Account use cases over the in-memory fakes: who reads which account, PATCH rules, CLI creation. */
import { describe, it, expect } from '@jest/globals';
import { accountAuditLog, createAccount, getAccount, InputError, patchAccount, readableAccounts } from '../../../functions/app/accounts.js';
import { ForbiddenError, NotFoundError, ResponseError, ValidationError } from '../../../functions/core/errors.js';
import { NOW, useAccountWorld } from './account-world.js';

const w = useAccountWorld();

const names = (accounts: { name: string }[]) => accounts.map((a) => a.name);

describe('readableAccounts', () => {
  it('gives admins and admin-readers every account, in id order', async () => {
    expect(names(await readableAccounts(w.deps, w.as(w.users.admin).actor))).toEqual(['Consultancy', 'Client', 'Other']);
    expect(names(await readableAccounts(w.deps, w.as(w.users.adminReader).actor))).toEqual(['Consultancy', 'Client', 'Other']);
  });

  it('gives others their own account, and consultants their clients after it', async () => {
    expect(names(await readableAccounts(w.deps, w.as(w.users.member).actor))).toEqual(['Client']);
    expect(names(await readableAccounts(w.deps, w.as(w.users.consultant).actor))).toEqual(['Consultancy', 'Client']);
  });

  it("answers 404 when the caller's own account is gone", async () => {
    await expect(readableAccounts(w.deps, { userId: 1, accountId: 99, roles: [] })).rejects.toThrow(new NotFoundError('Account', 99));
  });
});

describe('getAccount and accountAuditLog', () => {
  it('checks existence before permission', async () => {
    const actor = w.as(w.users.otherMember).actor;
    await expect(getAccount(w.deps, actor, 99)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getAccount(w.deps, actor, w.accounts.client.id)).rejects.toBeInstanceOf(ForbiddenError);
    expect((await getAccount(w.deps, w.as(w.users.consultant).actor, w.accounts.client.id)).name).toBe('Client');
    await expect(accountAuditLog(w.deps, actor, 99)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('lets account-admins and consultants read the audit log, not plain members', async () => {
    await patchAccount(w.deps, w.as(w.users.member), w.accounts.client.id, { primary_color: '#112233' });
    await expect(accountAuditLog(w.deps, w.as(w.users.member).actor, w.accounts.client.id)).rejects.toBeInstanceOf(ForbiddenError);
    for (const reader of [w.users.accountAdmin, w.users.consultant, w.users.adminReader]) {
      const events = await accountAuditLog(w.deps, w.as(reader).actor, w.accounts.client.id);
      expect(events.map((e) => e.event)).toEqual(['Account Client has been updated. Modified fields: primary_color']);
    }
  });
});

describe('patchAccount', () => {
  it('writes the fields sent and audits only those whose value changed', async () => {
    const updated = await patchAccount(w.deps, w.as(w.users.member), w.accounts.client.id, { name: 'Client', secondary_color: '#abc', logo_url: null });
    expect(updated).toMatchObject({ name: 'Client', secondaryColor: '#abc', logoUrl: null });
    expect(w.stores.audit.all()).toEqual([
      {
        id: 1,
        at: NOW,
        event: 'Account Client has been updated. Modified fields: secondary_color',
        activeUserId: w.users.member.id,
        activeUserName: 'member',
        affectedUserId: w.users.member.id,
        affectedAccountId: w.accounts.client.id,
      },
    ]);
  });

  it('refuses members of other accounts and writes nothing', async () => {
    await expect(patchAccount(w.deps, w.as(w.users.otherMember), w.accounts.client.id, { name: 'Mine' })).rejects.toBeInstanceOf(ForbiddenError);
    expect((await w.stores.accounts.get(w.accounts.client.id))!.name).toBe('Client');
    expect(w.stores.audit.all()).toEqual([]);
  });

  it('drops consultancy_account_id for non-admins', async () => {
    const updated = await patchAccount(w.deps, w.as(w.users.accountAdmin), w.accounts.client.id, { consultancy_account_id: w.accounts.other.id });
    expect(updated.consultancyAccountId).toBe(w.accounts.consultancy.id);
  });

  it('lets admins change or clear the consultancy, only to another existing account', async () => {
    const admin = w.as(w.users.admin);
    const invalid = { errors: ['Invalid consultancy_account_id'], status: 422 };
    for (const wanted of [99, w.accounts.client.id]) {
      const err = await patchAccount(w.deps, admin, w.accounts.client.id, { consultancy_account_id: wanted }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ResponseError);
      expect(err).toMatchObject({ statusCode: 422 });
      expect((err as ResponseError).body()).toEqual(invalid);
    }
    expect((await patchAccount(w.deps, admin, w.accounts.client.id, { consultancy_account_id: w.accounts.other.id })).consultancyAccountId).toBe(w.accounts.other.id);
    expect((await patchAccount(w.deps, admin, w.accounts.client.id, { consultancy_account_id: null })).consultancyAccountId).toBeNull();
  });

  it('answers a taken name with a 422 under name', async () => {
    const err = await patchAccount(w.deps, w.as(w.users.member), w.accounts.client.id, { name: 'Other' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).body()).toEqual({
      message: { json: { name: ["An account with the name 'Other' already exists."] } },
      result: 'Rejected',
      status: 'UNPROCESSABLE_ENTITY',
    });
  });
});

describe('createAccount (admin CLI)', () => {
  it('creates the account with its roles and consultancy, audited as done by no user', async () => {
    const account = await createAccount(w.deps, { name: '  New  ', roles: ['Supplier'], consultancyAccountId: w.accounts.consultancy.id });
    expect(account).toMatchObject({ name: 'New', consultancyAccountId: w.accounts.consultancy.id, accountRoles: [{ name: 'Supplier' }] });
    expect(await w.stores.audit.listForAccount(account.id)).toEqual([
      { id: 1, at: NOW, event: 'Account New created', activeUserId: null, activeUserName: null, affectedUserId: null, affectedAccountId: account.id },
    ]);
  });

  it('refuses empty, too long and taken names', async () => {
    await expect(createAccount(w.deps, { name: ' ' })).rejects.toThrow(new InputError('An account name needs 1 to 100 characters.'));
    await expect(createAccount(w.deps, { name: 'x'.repeat(101) })).rejects.toThrow(new InputError('An account name needs 1 to 100 characters.'));
    await expect(createAccount(w.deps, { name: 'Other' })).rejects.toThrow(new InputError("An account named 'Other' already exists."));
    expect(await createAccount(w.deps, { name: 'x'.repeat(100) })).toMatchObject({ id: 4 });
    expect(w.stores.audit.all()).toHaveLength(1);
  });
});
