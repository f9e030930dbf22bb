/**
 * Request schemas of the asset endpoints (docs/contract/api.md §7.5–§7.12). Coordinates, attributes
 * (incl. `sensors_to_show`) and references to types, parents, accounts and sensors are checked by
 * the handlers after these schemas.
 */
import { NAME_MAX_LENGTH } from '../functions/core/assets/assets.js';
import { ATTRIBUTES_LIMITS } from '../functions/core/limits.js';
import { accountIdQuery, patchBody } from './objects.js';

const nullableId = { type: ['integer', 'null'] } as const;

const assetFields = {
  name: { type: 'string', maxLength: NAME_MAX_LENGTH },
  latitude: { type: ['number', 'null'], 'x-description': '−90…90, at most 7 decimals' },
  longitude: { type: ['number', 'null'], 'x-description': '−180…180, at most 7 decimals' },
  generic_asset_type_id: { type: 'integer' },
  attributes: { 'x-description': `JSON object, sent as a JSON-encoded string (or as the object itself); replaces all attributes; ${ATTRIBUTES_LIMITS}` },
  parent_asset_id: { ...nullableId, 'x-description': 'an asset the caller may add children to; null = top level' },
  consumption_price_sensor_id: { ...nullableId, 'x-description': 'a sensor the caller can read' },
  production_price_sensor_id: { ...nullableId, 'x-description': 'a sensor the caller can read' },
  inflexible_device_sensor_ids: {
    type: 'array',
    items: { type: 'integer' },
    'x-description': 'sensors the caller can read; [-1] clears the list; never returned',
  },
} as const;

/** POST /api/v3_0/assets (one asset per request; a list is "Invalid input type."). */
export const postAssetBody = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'generic_asset_type_id'],
  properties: {
    ...assetFields,
    account_id: { ...nullableId, 'x-description': "admins: any account or null (public); others: their own account (the default when omitted)" },
  },
} as const;

/** PATCH /api/v3_0/assets/<id>: any subset of the writable fields except `account_id`. */
export const patchAssetBody = patchBody(assetFields);

/** GET /api/v3_0/assets: `account_id` is validated (and looked up) first, then the rest. */
export const listAssetsAccountQuery = accountIdQuery();

export const listAssetsQuery = {
  type: 'object',
  properties: {
    all_accessible: { type: 'boolean', 'x-description': 'every readable account plus the public assets; account_id is then ignored' },
    page: { type: 'integer', minimum: 1, 'x-description': 'when present, the response is paginated' },
    per_page: { type: 'integer', minimum: 1, 'x-description': 'page size (default 10)' },
    filter: { type: 'string', 'x-description': 'search terms, split shell-style; each must match the asset or account name' },
  },
} as const;
