/**
 * Key layout of accounts, users, roles, tokens and audit events in the entity table. Every key
 * value starts with its entity kind (ACCOUNT#, ACCOUNTROLE#, USER#, ROLE#, TOKEN#, AUDIT#), so kinds
 * never collide with each other or with other engineers' items (ASSET#, SENSOR#, …).
 *
 * | item                    | pk                         | sk             | gsi1pk / gsi1sk                      | gsi2pk / gsi2sk                          |
 * |-------------------------|----------------------------|----------------|--------------------------------------|------------------------------------------|
 * | account                 | ACCOUNT#<id>               | ACCOUNT        | ACCOUNT#ALL / ACCOUNT#<id10>         | ACCOUNT#CONSULTANCY#<cid> / ACCOUNT#<id10> (when it has a consultancy) |
 * | account name marker     | ACCOUNT#NAME#<name>        | ACCOUNT#NAME   |                                      |                                          |
 * | account role (by id)    | ACCOUNTROLE#<id>           | ACCOUNTROLE    |                                      |                                          |
 * | account role (by name)  | ACCOUNTROLE#NAME#<name>    | ACCOUNTROLE#NAME | ACCOUNTROLE#ALL / ACCOUNTROLE#<id10> |                                          |
 * | user                    | USER#<id>                  | USER           | USER#ACCOUNT#<aid> / USER#<id10>     |                                          |
 * | e-mail marker           | USER#EMAIL#<lowercased>    | USER#EMAIL     |                                      |                                          |
 * | username marker         | USER#USERNAME#<username>   | USER#USERNAME  |                                      |                                          |
 * | role (by id)            | ROLE#<id>                  | ROLE           |                                      |                                          |
 * | role (by name)          | ROLE#NAME#<name>           | ROLE#NAME      | ROLE#ALL / ROLE#<id10>               |                                          |
 * | token                   | TOKEN#<sha256 hex>         | TOKEN          |                                      |                                          |
 * | audit event             | AUDIT#<id>                 | AUDIT          | AUDIT#USER#<uid> / AUDIT#<ms15>#<id10> | AUDIT#ACCOUNT#<aid> / AUDIT#<ms15>#<id10> |
 *
 * Markers make names and e-mail addresses unique with conditional writes (no transactions); the
 * "all accounts" list is one index partition, so no look-up ever scans the table.
 */

/** Zero-padded id so that index sort keys order numerically. */
export const pad = (n: number, width = 10): string => String(n).padStart(width, '0');

export const accountKey = (id: number) => ({ pk: `ACCOUNT#${id}`, sk: 'ACCOUNT' });
export const accountNameKey = (name: string) => ({ pk: `ACCOUNT#NAME#${name}`, sk: 'ACCOUNT#NAME' });
export const ALL_ACCOUNTS = 'ACCOUNT#ALL';
export const consultancyPartition = (consultancyAccountId: number) => `ACCOUNT#CONSULTANCY#${consultancyAccountId}`;
export const accountSort = (id: number) => `ACCOUNT#${pad(id)}`;

export const userKey = (id: number) => ({ pk: `USER#${id}`, sk: 'USER' });
export const emailKey = (email: string) => ({ pk: `USER#EMAIL#${email.toLowerCase()}`, sk: 'USER#EMAIL' });
export const usernameKey = (username: string) => ({ pk: `USER#USERNAME#${username}`, sk: 'USER#USERNAME' });
export const usersOfAccount = (accountId: number) => `USER#ACCOUNT#${accountId}`;
export const userSort = (id: number) => `USER#${pad(id)}`;

/**
 * The key layout of a kind of named role (prefix `ROLE` for user roles, `ACCOUNTROLE` for account
 * roles): the item by id, the name item (uniqueness marker), and the index partition listing them.
 */
function roleLayout(prefix: 'ROLE' | 'ACCOUNTROLE', counter: 'role' | 'account-role') {
  return {
    counter,
    byId: (id: number) => ({ pk: `${prefix}#${id}`, sk: prefix }),
    byName: (name: string) => ({ pk: `${prefix}#NAME#${name}`, sk: `${prefix}#NAME` }),
    allPartition: `${prefix}#ALL`,
    sort: (id: number) => `${prefix}#${pad(id)}`,
  } as const;
}

export const USER_ROLES = roleLayout('ROLE', 'role');
export const ACCOUNT_ROLES = roleLayout('ACCOUNTROLE', 'account-role');

export const tokenKey = (hash: string) => ({ pk: `TOKEN#${hash}`, sk: 'TOKEN' });

export const auditKey = (id: number) => ({ pk: `AUDIT#${id}`, sk: 'AUDIT' });
export const auditOfUser = (userId: number) => `AUDIT#USER#${userId}`;
export const auditOfAccount = (accountId: number) => `AUDIT#ACCOUNT#${accountId}`;
export const auditSort = (at: number, id: number) => `AUDIT#${pad(Math.max(0, Math.trunc(at)), 15)}#${pad(id)}`;
