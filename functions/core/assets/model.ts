/**
 * The asset-side domain objects (docs/contract/api.md §9.1, §9.2, §9.5, §9.6) as the rest of the code base
 * sees them: generic asset types, generic assets, sensors, data sources and asset audit entries.
 * Fields are camelCase; FlexMeasures' snake_case names appear only where something is written for
 * the outside: `serialize.ts` (the API's JSON), `field-names.ts` (audit texts, CLI listings) and the
 * stores' item layouts.
 */

/** A JSON object as stored in `attributes`. */
export type Attributes = { [key: string]: unknown };

export interface AssetType {
  id: number;
  name: string;
  description: string | null;
}

export interface Asset {
  id: number;
  name: string;
  genericAssetTypeId: number;
  /** Owning account; null = public asset. Never changes after creation. */
  accountId: number | null;
  latitude: number | null;
  longitude: number | null;
  parentAssetId: number | null;
  attributes: Attributes;
  consumptionPriceSensorId: number | null;
  productionPriceSensorId: number | null;
  /** The asset's inflexible device sensors (many-to-many in FlexMeasures); never output by the API. */
  inflexibleDeviceSensorIds: number[];
}

/** The writable fields of an asset. */
export type AssetFields = Omit<Asset, 'id'>;

/** Asset fields with FlexMeasures' defaults for everything not given (no owner, location, parent, attributes or links). */
export function withAssetDefaults(fields: Partial<AssetFields> & Pick<AssetFields, 'name' | 'genericAssetTypeId'>): AssetFields {
  return {
    accountId: null,
    latitude: null,
    longitude: null,
    parentAssetId: null,
    attributes: {},
    consumptionPriceSensorId: null,
    productionPriceSensorId: null,
    inflexibleDeviceSensorIds: [],
    ...fields,
  };
}

/**
 * How the knowledge time of a sensor's events is derived (timely-beliefs, docs/contract/beliefs-model.md §3):
 * `fnc` names the function (`ex_post`, `ex_ante`, `x_days_ago_at_y_oclock`, `at_date`,
 * `x_years_ago_at_date`), `par` holds its parameters; durations are ISO 8601 strings
 * (e.g. `{"ex_post_horizon": "PT0H"}`), datetimes ISO 8601 with offset. Not exposed by the API.
 */
export interface KnowledgeHorizon {
  fnc: string;
  par: { [key: string]: unknown };
}

/** FlexMeasures' default: knowable at the event end. */
export const DEFAULT_KNOWLEDGE_HORIZON: KnowledgeHorizon = { fnc: 'ex_post', par: { ex_post_horizon: 'PT0H' } };

export interface Sensor {
  id: number;
  name: string;
  unit: string;
  timezone: string;
  /** Event resolution in ms; 0 = instantaneous. */
  eventResolution: number;
  knowledgeHorizon: KnowledgeHorizon;
  genericAssetId: number;
  /** The owning account of the sensor's asset (null for public assets), kept with the sensor for look-ups. */
  accountId: number | null;
  attributes: Attributes;
}

/** The writable fields of a sensor (the asset, and hence the account, are fixed at creation). */
export type SensorFields = Omit<Sensor, 'id'>;

/** Data source types seen in FlexMeasures v0.23 (others are allowed: the type is free text). */
export const DATA_SOURCE_TYPES = [
  'user',
  'scheduler',
  'forecaster',
  'reporter',
  'market',
  'demo script',
  'CLI script',
  'forecasting script',
  'scheduling script',
] as const;

export interface DataSource {
  id: number;
  name: string;
  type: string;
  model: string | null;
  version: string | null;
  accountId: number | null;
  userId: number | null;
  attributes: Attributes;
}

export type DataSourceFields = Omit<DataSource, 'id'>;

/** One asset audit log entry (AssetAuditLog). `affectedAssetId` becomes null once the asset is deleted. */
export interface AssetAuditEntry {
  id: number;
  event: string;
  /** Epoch ms. */
  eventDatetime: number;
  activeUserId: number | null;
  activeUserName: string | null;
  affectedAssetId: number | null;
}
