/**
 * Request schemas of the sensor endpoints (docs/contract/api.md §6). Field rules that need the domain (unit
 * registry, time zones, whole-minute resolutions, `attributes` as a JSON string or object, the
 * asset's existence) are checked by the handlers after these schemas.
 */
import { SENSOR_NAME_MAX_LENGTH } from '../functions/core/assets/assets.js';
import { ATTRIBUTES_LIMITS } from '../functions/core/limits.js';
import { accountIdQuery, patchBody } from './objects.js';

const attributes = {
  'x-description': `JSON object, sent as a JSON-encoded string (or, in this project, as the object itself); replaces all attributes; ${ATTRIBUTES_LIMITS}`,
} as const;

const sensorFields = {
  name: { type: 'string', maxLength: SENSOR_NAME_MAX_LENGTH },
  unit: { type: 'string', maxLength: 80, 'x-description': "a unit the unit registry can handle, e.g. MW, kWh, EUR/MWh, °C; else \"Unit '<u>' cannot be handled.\"" },
  timezone: { type: 'string', maxLength: 80, 'x-description': 'IANA time zone name; default UTC' },
  event_resolution: { type: 'string', 'x-description': 'ISO 8601 duration of whole minutes; P0D for instantaneous sensors' },
  attributes,
} as const;

/** POST /api/v3_0/sensors. */
export const postSensorBody = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'unit', 'event_resolution', 'generic_asset_id'],
  properties: {
    ...sensorFields,
    generic_asset_id: { type: 'integer', 'x-description': 'the asset the sensor belongs to' },
  },
} as const;

/** PATCH /api/v3_0/sensors/<id>: any subset; `generic_asset_id`, `id`, `entity_address` → "Unknown field.". */
export const patchSensorBody = patchBody(sensorFields);

/** GET /api/v3_0/sensors. */
export const listSensorsQuery = accountIdQuery();
