/**
 * The DynamoDB tables, defined once: the CDK stack and the local runtime (dynalite) both build
 * their tables from these definitions; functions/lambda/config.ts reads the names from the environment.
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

export interface IndexDefinition {
  name: string;
  partitionKey: string;
  sortKey: string;
}

export interface TableDefinition {
  /** Logical id, also the CDK construct id. */
  id: 'Entities' | 'Beliefs' | 'Jobs';
  /** Environment variable carrying the physical table name. */
  envVar: 'ENTITY_TABLE' | 'BELIEF_TABLE' | 'JOB_TABLE';
  /** Table name used when the variable is unset (local runtime and tests). */
  defaultName: string;
  partitionKey: string;
  sortKey: string;
  /** Global secondary indexes (all attributes projected, string keys). */
  indexes: IndexDefinition[];
  /** Epoch-seconds attribute for best-effort TTL deletion; code never relies on it (expiry is checked on read). */
  ttlAttribute?: string;
}

/**
 * Entities: accounts, users, tokens, assets, sensors, data sources, audit logs and id counters in
 * one table (single-table design): `pk`/`sk` plus two overloaded indexes for the look-ups the
 * endpoints need without scans (user by email, users by account, assets by account, …).
 */
export const ENTITY_TABLE: TableDefinition = {
  id: 'Entities',
  envVar: 'ENTITY_TABLE',
  defaultName: 'fm-entities',
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [
    { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  ],
  ttlAttribute: 'expiresAt',
};

/** Beliefs (DynamoDB belief store): pk = sensor + UTC month of event start, sk = event_start#belief_time#source#cp. */
export const BELIEF_TABLE: TableDefinition = {
  id: 'Beliefs',
  envVar: 'BELIEF_TABLE',
  defaultName: 'fm-beliefs',
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [],
};

/**
 * Scheduling jobs keyed by UUID, plus trigger de-duplication markers; kept 7 days. Items carry
 * `expiresAt` in epoch ms (checked on read) and `ttl` in epoch seconds for DynamoDB's TTL.
 */
export const JOB_TABLE: TableDefinition = {
  id: 'Jobs',
  envVar: 'JOB_TABLE',
  defaultName: 'fm-jobs',
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [],
  ttlAttribute: 'ttl',
};

export const TABLES: readonly TableDefinition[] = [ENTITY_TABLE, BELIEF_TABLE, JOB_TABLE];

/** CreateTable input for a definition (on-demand billing), as the local runtime creates it. */
export function createTableInput(def: TableDefinition, name: string): CreateTableCommandInput {
  const attributes = new Set<string>([def.partitionKey, def.sortKey]);
  for (const index of def.indexes) {
    attributes.add(index.partitionKey);
    attributes.add(index.sortKey);
  }
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributes].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: def.partitionKey, KeyType: 'HASH' },
      { AttributeName: def.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: def.indexes.length
      ? def.indexes.map((index) => ({
          IndexName: index.name,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        }))
      : undefined,
  };
}
