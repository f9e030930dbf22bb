/**
 * Data sources in the entity table: `SOURCE#<id>` (listed in gsi1 partition `SOURCES`) and an
 * identity marker per source, `SOURCEKEY#USER#<user>` for a user's own source or
 * `SOURCEKEY#<sha256 of identity>` for the others, so that one identity gets one id.
 */
import { createHash } from 'node:crypto';
import type { Attributes, DataSource, DataSourceFields } from '../../../core/assets/model.js';
import type { SourceUser } from '../../../core/ports/assets.js';
import { nextId } from '../counters.js';
import { numberOrNull, stringOrNull, type Decoders } from '../items.js';
import type { DynamoTable } from '../toolkit.js';
import { EntityItems, pad, parseJsonObject } from './shared.js';

const sourceKey = (id: number) => ({ pk: `SOURCE#${id}`, sk: 'SOURCE' });
const identityKey = (key: string) => ({ pk: `SOURCEKEY#${key}`, sk: 'SOURCEKEY' });

const SOURCE_FIELDS: Decoders<DataSource> = {
  id: Number, name: String, type: String, model: stringOrNull, version: stringOrNull,
  account_id: numberOrNull, user_id: numberOrNull, attributes: parseJsonObject,
};

/** Identity of a non-user data source, as FlexMeasures' unique constraint has it. */
function sourceIdentity(fields: Omit<DataSourceFields, 'attributes'> & { attributes?: Attributes }): string {
  const canonical = JSON.stringify([
    fields.name,
    fields.type,
    fields.model ?? null,
    fields.version ?? null,
    fields.user_id ?? null,
    fields.account_id ?? null,
    sortedJson(fields.attributes ?? {}),
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

function sortedJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedJson);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortedJson((value as Attributes)[k])]),
    );
  }
  return value;
}

export class SourceItems extends EntityItems<DataSource> {
  constructor(table: DynamoTable) {
    super(table, sourceKey, SOURCE_FIELDS);
  }

  list(): Promise<DataSource[]> {
    return this.listed('gsi1', 'SOURCES');
  }

  getOrCreateForUser(user: SourceUser): Promise<DataSource> {
    return this.getOrCreateByKey(`USER#${user.id}`, {
      name: user.username,
      type: 'user',
      model: null,
      version: null,
      account_id: user.account_id,
      user_id: user.id,
      attributes: {},
    });
  }

  getOrCreate(fields: Omit<DataSourceFields, 'attributes'> & { attributes?: Attributes }): Promise<DataSource> {
    const full: DataSourceFields = { ...fields, attributes: fields.attributes ?? {} };
    return this.getOrCreateByKey(sourceIdentity(full), full);
  }

  private async getOrCreateByKey(key: string, fields: DataSourceFields): Promise<DataSource> {
    const marker = await this.table.get(identityKey(key));
    if (marker) {
      const existing = await this.get(Number(marker.sourceId));
      if (existing) return existing;
    }
    // The source item first, then the marker: a marker never points at nothing.
    const id = marker ? Number(marker.sourceId) : await nextId(this.table, 'data-source');
    const source = this.entity(id, fields);
    await this.table.put({ ...sourceKey(id), gsi1pk: 'SOURCES', gsi1sk: `SOURCE#${pad(id)}`, ...source, attributes: JSON.stringify(source.attributes) });
    if (marker || (await this.table.putIf({ ...identityKey(key), sourceId: id })).written) return source;
    // Created concurrently by another request: use theirs, drop ours.
    await this.table.delete(sourceKey(id));
    const winner = await this.table.get(identityKey(key));
    const existing = winner ? await this.get(Number(winner.sourceId)) : null;
    if (!existing) throw new Error(`data source ${key} vanished while being created`);
    return existing;
  }
}
