/**
 * Response schemas, documented responses and examples of the asset endpoints (docs/contract/api.md §7.5–§7.12).
 * The examples are sent by users of the docs/contract/api.md §12.0 fixture world (the Prosumer account is account 1 and
 * its battery asset 3; "troposphere" is public asset 2; asset type 5 is "battery") and run through
 * the local runtime by the example test.
 */
import type { RouteDocs } from '../functions/openapi/types.js';
import { auditLogDocs, forbidden, rejectedFieldExample } from './examples.js';
import { requiredFields, withStatus } from './objects.js';
import { namedAuditLogResponse } from './users.js';

const idName = requiredFields({ id: { type: 'integer' }, name: { type: 'string' } });

/** An asset as the API returns it (GenericAssetSchema, docs/contract/api.md §7.5). */
export const assetResponse = requiredFields('Asset', {
  account_id: { type: ['integer', 'null'], description: 'null for a public asset.' },
  attributes: { type: 'string', description: 'The attributes as a JSON-encoded object.' },
  child_assets: {
    type: 'array',
    description: 'Direct children only.',
    items: requiredFields({ account_id: { type: ['integer', 'null'] }, generic_asset_type: idName, id: { type: 'integer' }, name: { type: 'string' } }),
  },
  consumption_price_sensor_id: { type: ['integer', 'null'] },
  generic_asset_type: idName,
  generic_asset_type_id: { type: 'integer' },
  id: { type: 'integer' },
  latitude: { type: ['number', 'null'] },
  longitude: { type: ['number', 'null'] },
  name: { type: 'string' },
  owner: { oneOf: [idName, { type: 'null' }], description: 'The owning account (null for a public asset).' },
  parent_asset_id: { type: ['integer', 'null'] },
  production_price_sensor_id: { type: ['integer', 'null'] },
  sensors: { type: 'array', items: idName },
});

const assetList = { type: 'array', items: assetResponse } as const;

const battery = {
  account_id: 1,
  attributes: '{"some-attribute": "some-value", "sensors_to_show": [1, 2]}',
  child_assets: [],
  consumption_price_sensor_id: null,
  generic_asset_type: { id: 5, name: 'battery' },
  generic_asset_type_id: 5,
  id: 3,
  latitude: 10,
  longitude: 100,
  name: 'Test grid connected battery storage',
  owner: { id: 1, name: 'Test Prosumer Account' },
  parent_asset_id: null,
  production_price_sensor_id: null,
  sensors: [],
};

/** GET /api/v3_0/assets. */
export const listAssetsDocs: RouteDocs = {
  responses: {
    200: {
      description: 'The assets: a plain array, or with `page` a page of them with counts (`num-records` ignores `filter`, `filtered-records` applies it).',
      schema: {
        oneOf: [
          assetList,
          requiredFields({ data: assetList, 'filtered-records': { type: 'integer' }, 'num-records': { type: 'integer' }, status: { const: 200 } }),
        ],
      },
    },
  },
  examples: [
    { summary: 'Assets of an account', as: 'test_admin_user@seita.nl', query: { account_id: 1 }, response: { status: 200, body: [battery] } },
    {
      summary: 'One page',
      as: 'test_admin_user@seita.nl',
      query: { account_id: 1, page: 1, per_page: 10 },
      response: { status: 200, body: { data: [battery], 'filtered-records': 1, 'num-records': 1, status: 200 } },
    },
    { summary: 'Another account', as: 'test_dummy_user_3@seita.nl', query: { account_id: 1 }, response: { status: 403, body: forbidden } },
  ],
};

/** POST /api/v3_0/assets. */
export const postAssetDocs: RouteDocs = {
  responses: { 201: { description: 'The new asset (without a `status` key).', schema: assetResponse } },
  examples: [
    {
      summary: 'Create an asset',
      as: 'test_admin_user@seita.nl',
      body: { name: 'Test battery 2', latitude: 30.1, longitude: 100.42, generic_asset_type_id: 5, account_id: 1 },
      response: {
        status: 201,
        body: { ...battery, attributes: '{}', id: 13, latitude: 30.1, longitude: 100.42, name: 'Test battery 2' },
      },
    },
    { summary: 'Without the account-admin role', as: 'test_prosumer_user@seita.nl', body: {}, response: { status: 403, body: forbidden } },
  ],
};

/** GET /api/v3_0/assets/public. */
export const publicAssetsDocs: RouteDocs = {
  responses: { 200: { description: 'All public assets (those without an account).', schema: assetList } },
  examples: [
    {
      summary: 'Public assets',
      as: 'test_admin_user@seita.nl',
      response: {
        status: 200,
        body: [
          { ...battery, account_id: null, attributes: '{}', generic_asset_type: { id: 13, name: 'atmosphere' }, generic_asset_type_id: 13, id: 2, latitude: null, longitude: null, name: 'troposphere', owner: null },
        ],
      },
    },
  ],
};

/** GET /api/v3_0/assets/<id>. */
export const getAssetDocs: RouteDocs = {
  responses: { 200: { description: 'The asset.', schema: withStatus(assetResponse, 200) } },
  examples: [
    { summary: 'An asset', as: 'test_prosumer_user@seita.nl', params: { id: 3 }, response: { status: 200, body: { ...battery, status: 200 } } },
    { summary: 'An asset of another account', as: 'test_supplier_user_4@seita.nl', params: { id: 3 }, response: { status: 403, body: forbidden } },
    {
      summary: 'An unknown asset',
      as: 'test_supplier_user_4@seita.nl',
      params: { id: 8171766575 },
      response: { status: 404, body: { message: 'GenericAsset 8171766575 not found', status: 404 } },
    },
  ],
};

/** PATCH /api/v3_0/assets/<id>. */
export const patchAssetDocs: RouteDocs = {
  responses: { 200: { description: 'The updated asset.', schema: withStatus(assetResponse, 200) } },
  examples: [
    {
      summary: 'Move an asset',
      as: 'test_prosumer_user@seita.nl',
      params: { id: 3 },
      body: { latitude: 11.1 },
      response: { status: 200, body: { ...battery, latitude: 11.1, status: 200 } },
    },
    rejectedFieldExample({ summary: 'Bad attributes', as: 'test_prosumer_user@seita.nl', id: 3, field: 'attributes', value: '{', message: 'Not a valid JSON string.' }),
  ],
};

/** DELETE /api/v3_0/assets/<id>. */
export const deleteAssetDocs: RouteDocs = {
  responses: { 204: { description: 'The asset, its child assets, their sensors and all their data are gone.' } },
  examples: [{ summary: 'Without the account-admin role', as: 'test_prosumer_user@seita.nl', params: { id: 3 }, response: { status: 403, body: forbidden } }],
};

/** GET /api/v3_0/assets/<id>/auditlog. */
export const assetAuditLogDocs = auditLogDocs("The asset's audit events, oldest first.", namedAuditLogResponse, {
  as: 'test_prosumer_user@seita.nl',
  id: 3,
  events: [
    {
      active_user_id: 1,
      active_user_name: 'Test Prosumer User',
      event: "Updated asset 'Test grid connected battery storage': 3; fields: Field: latitude, From: 10.0, To: 11.1",
      event_datetime: 'Wed, 18 Sep 2024 10:12:13 GMT',
    },
  ],
});
