/** User use cases over the in-memory fakes: reads, PATCH rules, password resets, (de)activation, CLI creation. */
import { describe, it, expect } from '@jest/globals';
import { InputError } from '../../../functions/app/accounts.js';
import { createUser, getUser, listUsers, newUserFields, patchUser, resetPassword, setUserActive, userAuditLog } from '../../../functions/app/users.js';
import { verifyPassword } from '../../../functions/core/auth/passwords.js';
import { ForbiddenError, NotFoundError, ResponseError, ValidationError } from '../../../functions/core/errors.js';
import { ADMIN } from '../../../functions/core/permissions.js';
import { NOW, PASSWORD, useAccountWorld } from './account-world.js';

const w = useAccountWorld();

const emails = (users: { email: string }[]) => users.map((u) => u.email);

describe('getUser, listUsers, userAuditLog', () => {
  it('lets members of the account, admins and admin-readers read a user; consultants are refused', async () => {
    const id = w.users.member.id;
    await expect(getUser(w.deps, w.as(w.users.admin).actor, 99)).rejects.toThrow(new NotFoundError('User', 99));
    for (const reader of [w.users.member, w.users.accountAdmin, w.users.admin, w.users.adminReader]) {
      expect((await getUser(w.deps, w.as(reader).actor, id)).email).toBe('member@example.com');
    }
    for (const refused of [w.users.consultant, w.users.otherMember]) {
      await expect(getUser(w.deps, w.as(refused).actor, id)).rejects.toBeInstanceOf(ForbiddenError);
    }
  });

  it('lists the active users of the readable accounts, or of one account the caller may read', async () => {
    const consultant = w.as(w.users.consultant).actor;
    expect(emails(await listUsers(w.deps, consultant, null, false))).toEqual(['consultant@example.com', 'member@example.com', 'account-admin@example.com']);
    expect(emails(await listUsers(w.deps, consultant, w.accounts.client, true))).toEqual(['member@example.com', 'account-admin@example.com', 'inactive@example.com']);
    await expect(listUsers(w.deps, w.as(w.users.otherMember).actor, w.accounts.client, false)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("shows a user's audit log to the user, account-admins and consultants of the account", async () => {
    await setUserActive(w.deps, w.as(w.users.admin), w.users.member, false);
    for (const reader of [w.users.member, w.users.accountAdmin, w.users.consultant]) {
      expect(await userAuditLog(w.deps, w.as(reader).actor, w.users.member.id)).toEqual([
        {
          id: 1,
          at: NOW,
          event: "Active status set to 'False' for user member",
          activeUserId: w.users.admin.id,
          activeUserName: 'admin',
          affectedUserId: w.users.member.id,
          affectedAccountId: null,
        },
      ]);
    }
    await expect(userAuditLog(w.deps, w.as(w.users.otherMember).actor, w.users.member.id)).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('resetPassword and setUserActive', () => {
  it('sets a random password and a new uniquifier, audited as done by the caller', async () => {
    await resetPassword(w.deps, w.as(w.users.accountAdmin), w.users.member.id);
    const after = (await w.stores.users.get(w.users.member.id))!;
    expect(after.uniquifier).not.toBe(w.users.member.uniquifier);
    expect(await verifyPassword(PASSWORD, after.passwordHash)).toBe(false);
    expect(after.passwordHash).toMatch(/^scrypt\$4\$8\$1\$/);
    expect((await w.stores.audit.listForUser(w.users.member.id)).map((e) => [e.event, e.activeUserId])).toEqual([
      ['Password reset for user member', w.users.accountAdmin.id],
    ]);
  });

  it('refuses plain members of the account and writes nothing', async () => {
    await expect(resetPassword(w.deps, w.as(w.users.member), w.users.accountAdmin.id)).rejects.toBeInstanceOf(ForbiddenError);
    expect((await w.stores.users.get(w.users.accountAdmin.id))!.uniquifier).toBe(w.users.accountAdmin.uniquifier);
    expect(w.stores.audit.all()).toEqual([]);
  });

  it('rotates the uniquifier on deactivation only', async () => {
    const off = await setUserActive(w.deps, null, w.users.member, false);
    expect(off.active).toBe(false);
    expect(off.uniquifier).not.toBe(w.users.member.uniquifier);
    const on = await setUserActive(w.deps, null, off, true);
    expect(on).toMatchObject({ active: true, uniquifier: off.uniquifier });
    expect(w.stores.audit.all().map((e) => [e.event, e.activeUserId])).toEqual([
      ["Active status set to 'False' for user member", null],
      ["Active status set to 'True' for user member", null],
    ]);
  });
});

describe('patchUser', () => {
  it('checks role ids before the user exists, then permission', async () => {
    const admin = w.as(w.users.admin);
    const err = await patchUser(w.deps, admin, 99, { flexmeasures_roles: [42] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).errors).toEqual({ flexmeasures_roles: ["Role with id 42 doesn't exist."] });
    await expect(patchUser(w.deps, admin, 99, { timezone: 'UTC' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(patchUser(w.deps, w.as(w.users.member), w.users.accountAdmin.id, { timezone: 'UTC' })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('keeps users from editing their own active flag or roles, admins included', async () => {
    const admin = w.as(w.users.admin);
    await expect(patchUser(w.deps, admin, w.users.admin.id, { active: false })).rejects.toThrow('Users who edit themselves cannot edit security-sensitive fields.');
    const self = await patchUser(w.deps, w.as(w.users.member), w.users.member.id, { username: 'Member', timezone: 'UTC' });
    expect(self).toMatchObject({ username: 'Member', timezone: 'UTC' });
  });

  it('lets only admins grant or take away admin roles', async () => {
    const adminRole = (await w.stores.users.ensureRole(ADMIN)).id;
    await expect(patchUser(w.deps, w.as(w.users.accountAdmin), w.users.member.id, { flexmeasures_roles: [adminRole] })).rejects.toBeInstanceOf(ForbiddenError);
    const granted = await patchUser(w.deps, w.as(w.users.admin), w.users.member.id, { flexmeasures_roles: [adminRole] });
    expect(granted.roles.map((r) => r.name)).toEqual([ADMIN]);
  });

  it('deactivates with a new uniquifier and audits the active flag under the new username', async () => {
    const updated = await patchUser(w.deps, w.as(w.users.accountAdmin), w.users.member.id, { active: false, username: 'gone' });
    expect(updated).toMatchObject({ active: false, username: 'gone' });
    expect(updated.uniquifier).not.toBe(w.users.member.uniquifier);
    expect(w.stores.audit.all().map((e) => e.event)).toEqual(["Active status set to 'False' for user gone"]);
  });

  it('answers a taken e-mail address with a 400 in FlexMeasures shape', async () => {
    const err = await patchUser(w.deps, w.as(w.users.admin), w.users.member.id, { email: 'OTHER@example.com' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseError);
    expect((err as ResponseError).body()).toEqual({ detail: "Key (email)=(OTHER@example.com) already exists.", message: 'Duplicate user already exists', status: 400 });
  });
});

describe('createUser (admin CLI)', () => {
  it('checks the fields in order: e-mail, time zone, username', () => {
    expect(() => newUserFields({ email: 'nope', timezone: 'Mars/Olympus' })).toThrow(new InputError('Not a valid e-mail address: nope'));
    expect(() => newUserFields({ email: 'a@b.io', timezone: 'Mars/Olympus', username: '' })).toThrow(new InputError("Timezone Mars/Olympus doesn't exist."));
    expect(() => newUserFields({ email: 'a@b.io', timezone: 'UTC', username: ' ' })).toThrow(new InputError('A username needs 1 to 255 characters.'));
    expect(newUserFields({ email: ' new.user@example.com ', timezone: 'UTC' })).toEqual({ email: 'new.user@example.com', username: 'new.user', timezone: 'UTC' });
  });

  it('creates the user with a password hashed at the configured cost, audited as done by no user', async () => {
    const user = await createUser(w.deps, { email: 'new@example.com', timezone: 'UTC', accountId: w.accounts.other.id, roles: ['consultant'], password: 'long-enough' });
    expect(user).toMatchObject({ email: 'new@example.com', username: 'new', roles: [{ name: 'consultant' }], active: true });
    expect(user.passwordHash).toMatch(/^scrypt\$4\$/);
    expect(await verifyPassword('long-enough', user.passwordHash)).toBe(true);
    expect(w.stores.audit.all()).toMatchObject([{ event: 'User new created', activeUserId: null, affectedUserId: user.id, affectedAccountId: w.accounts.other.id }]);
  });

  it('reports a taken e-mail address (compared case-insensitively) or username', async () => {
    const input = { timezone: 'UTC', accountId: w.accounts.other.id, password: 'long-enough' };
    await expect(createUser(w.deps, { ...input, email: 'MEMBER@example.com', username: 'x' })).rejects.toThrow(new InputError("A user with email 'MEMBER@example.com' already exists."));
    await expect(createUser(w.deps, { ...input, email: 'x@example.com', username: 'member' })).rejects.toThrow(new InputError("A user with username 'member' already exists."));
    expect(w.stores.audit.all()).toEqual([]);
  });
});
