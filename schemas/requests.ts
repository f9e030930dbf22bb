/**
 * Every schema a request is validated against, with where its data comes from. The location
 * decides how the validator is compiled (query and path strings are coerced to the schema's types;
 * a query string may carry `+` as a space in a datetime) and under which key errors are reported.
 *
 * `npm run validators` (scripts/compile-validators.ts) compiles exactly these with ajv's standalone
 * code generation into schemas/generated/validators.ts, one export per entry under the same name;
 * handlers import their validators from there, so Lambdas carry generated code, not ajv's compiler.
 */
import type { Location } from '../functions/core/errors.js';
import { patchAccountBody } from './accounts.js';
import { listAssetsAccountQuery, listAssetsQuery, patchAssetBody, postAssetBody } from './assets.js';
import { assetChartDataQuery, assetChartQuery } from './charts.js';
import { getScheduleQuery, triggerScheduleBody } from './schedules.js';
import { getSensorDataQuery, postSensorDataBody } from './sensor-data.js';
import { listSensorsQuery, patchSensorBody, postSensorBody } from './sensors.js';
import { listUsersQuery, patchUserBody, usersAccountQuery } from './users.js';

export interface RequestSchema {
  readonly schema: object;
  readonly location: Location;
}

export const REQUEST_SCHEMAS = {
  patchAccountBody: { schema: patchAccountBody, location: 'json' },
  listAssetsAccountQuery: { schema: listAssetsAccountQuery, location: 'query' },
  listAssetsQuery: { schema: listAssetsQuery, location: 'query' },
  postAssetBody: { schema: postAssetBody, location: 'json' },
  patchAssetBody: { schema: patchAssetBody, location: 'json' },
  listSensorsQuery: { schema: listSensorsQuery, location: 'query' },
  postSensorBody: { schema: postSensorBody, location: 'json' },
  patchSensorBody: { schema: patchSensorBody, location: 'json' },
  postSensorDataBody: { schema: postSensorDataBody, location: 'json' },
  getSensorDataQuery: { schema: getSensorDataQuery, location: 'query' },
  triggerScheduleBody: { schema: triggerScheduleBody, location: 'json' },
  // FlexMeasures reads this query with `location=("args_and_json")`, and reports errors there.
  getScheduleQuery: { schema: getScheduleQuery, location: 'args_and_json' },
  listUsersQuery: { schema: listUsersQuery, location: 'query' },
  usersAccountQuery: { schema: usersAccountQuery, location: 'query' },
  patchUserBody: { schema: patchUserBody, location: 'json' },
  assetChartQuery: { schema: assetChartQuery, location: 'query' },
  assetChartDataQuery: { schema: assetChartDataQuery, location: 'query' },
} as const satisfies Record<string, RequestSchema>;
