/**
 * Data sources in the entity table: `SOURCE#<id>` (listed in gsi1 partition `SOURCES`) and an
 * identity marker per source, `SOURCEKEY#USER#<user>` for a user's own source or
 * `SOURCEKEY#<sha256 of identity>` for the others, so that one identity gets one id.
 */
import { createHash } from 'node:crypto';
import type { Attributes, DataSource, DataSourceFields } from '../../../core/assets/model.js';
import { userSource, type SourceUser } from '../../../core/ports/assets.js';
import { nextId } from '../counters.js';
import { numberOrNull, stored, stringOrNull, type Codecs } from '../items.js';
import type { DynamoTable } from '../toolkit.js';
import { ATTRIBUTES, EntityItems, pad } from './shared.js';

const sourceKey = (id: number) => ({ pk: `SOURCE#${id}`, sk: 'SOURCE' });
const identityKey = (key: string) => ({ pk: `SOURCEKEY#${key}`, sk: 'SOURCEKEY' });

/** The attributes of a data source item (FlexMeasures' field names: the layout of deployed tables). */
const SOURCE_FIELDS: Codecs<DataSource> = {
  id: stored('id', Number),
  name: stored('name', String),
  type: stored('type', String),
  model: stored('model', stringOrNull),
  version: stored('version', stringOrNull),
  accountId: stored('account_id', numberOrNull),
  userId: stored('user_id', numberOrNull),
  attributes: ATTRIBUTES,
};

/** Identity of a non-user data source, as FlexMeasures' unique constraint has it. */
function sourceIdentity(fields: Omit<DataSourceFields, 'attributes'> & { attributes?: Attributes }): string {
  const canonical = JSON.stringify([
    fields.name,
    fields.type,
    fields.model ?? null,
    fields.version ?? null,
    fields.userId ?? null,
    fields.accountId ?? null,
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
    const { key, fields } = userSource(user);
    return this.getOrCreateByKey(key, fields);
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
    await this.table.put({ ...sourceKey(id), gsi1pk: 'SOURCES', gsi1sk: `SOURCE#${pad(id)}`, ...this.encode(source) });
    if (marker || (await this.table.putIf({ ...identityKey(key), sourceId: id })).written) return source;
    // Created concurrently by another request: use theirs, drop ours.
    await this.table.delete(sourceKey(id));
    const winner = await this.table.get(identityKey(key));
    const existing = winner ? await this.get(Number(winner.sourceId)) : null;
    if (!existing) throw new Error(`data source ${key} vanished while being created`);
    return existing;
  }
}
