/**
 * What the asset and sensor use-case tests share: callers, an error sink like the pipeline's, and
 * a small in-memory AccountStore (the accounts slice brings the full fake to test/fakes/; switch
 * to it once it has landed).
 */
import type { CallerRef } from '../../../functions/app/assets.js';
import type { AssetStore, SensorDataPurger } from '../../../functions/core/ports/assets.js';
import type { FieldErrors } from '../../../functions/core/errors.js';
import type { Account, AccountChanges, AccountStore, NamedRole, NewAccount } from '../../../functions/core/ports/accounts.js';

/** A caller `user<id>` of an account with the given roles. */
export const caller = (userId: number, accountId: number, roles: string[] = []): CallerRef => ({
  actor: { userId, accountId, roles },
  user: { id: userId, username: `user${userId}` },
});

/** A purge of sensor data that records the sensors and throws unless each still exists when purged. */
export function recordingPurger(assets: AssetStore): SensorDataPurger & { purged: number[] } {
  const purged: number[] = [];
  return {
    purged,
    async deleteSensorData(id) {
      if (!(await assets.getSensor(id))) throw new Error(`sensor ${id} was deleted before its data`);
      purged.push(id);
    },
  };
}

/** Collects field errors (keyed by their dotted path) as the request pipeline does. */
export function collector(): { errors: FieldErrors; add(path: readonly string[], message: string): void } {
  const errors: FieldErrors = {};
  return {
    errors,
    add(path, message) {
      ((errors[path.join('.')] ??= []) as string[]).push(message);
    },
  };
}

export class AccountsStub implements AccountStore {
  private readonly accounts = new Map<number, Account>();
  private readonly roles: NamedRole[] = [];

  async create(input: NewAccount): Promise<Account> {
    if ([...this.accounts.values()].some((a) => a.name === input.name)) throw new Error(`account name ${input.name} taken`);
    const accountRoles = (input.accountRoles ?? []).map((name) => {
      const known = this.roles.find((r) => r.name === name);
      if (known) return known;
      const role = { id: this.roles.length + 1, name, description: null };
      this.roles.push(role);
      return role;
    });
    const account: Account = {
      id: this.accounts.size + 1,
      name: input.name,
      primaryColor: input.primaryColor ?? null,
      secondaryColor: input.secondaryColor ?? null,
      logoUrl: input.logoUrl ?? null,
      consultancyAccountId: input.consultancyAccountId ?? null,
      accountRoles,
    };
    this.accounts.set(account.id, account);
    return structuredClone(account);
  }

  async get(id: number): Promise<Account | null> {
    return structuredClone(this.accounts.get(id) ?? null);
  }

  async getByName(name: string): Promise<Account | null> {
    return structuredClone([...this.accounts.values()].find((a) => a.name === name) ?? null);
  }

  async getMany(ids: readonly number[]): Promise<Account[]> {
    return (await this.list()).filter((a) => ids.includes(a.id));
  }

  async list(): Promise<Account[]> {
    return [...this.accounts.values()].sort((a, b) => a.id - b.id).map((a) => structuredClone(a));
  }

  async listClients(consultancyAccountId: number): Promise<Account[]> {
    return (await this.list()).filter((a) => a.consultancyAccountId === consultancyAccountId);
  }

  async update(id: number, changes: AccountChanges): Promise<Account> {
    const current = this.accounts.get(id);
    if (!current) throw new Error(`account ${id} does not exist`);
    const next = { ...current, ...changes };
    this.accounts.set(id, next);
    return structuredClone(next);
  }

  async listAccountRoles(): Promise<NamedRole[]> {
    return structuredClone(this.roles);
  }
}
