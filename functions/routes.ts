/**
 * THE route table. It drives the CDK stack (one Lambda and one HTTP API route per entry), the
 * local server (same paths, same handlers) and the service listing of GET /api/v3_0.
 * It lists exactly the endpoints that exist. Adding an endpoint: a schema in `schemas/`, a
 * handler file in `functions/api/`, one entry here, tests.
 *
 * It also drives the OpenAPI document (functions/openapi/): each entry links the schemas its
 * handler validates with (`body`, `query`) and may document `responses` and `examples` (see
 * functions/openapi/types.ts).
 */
import type { RouteDocs } from './openapi/types.js';
import { listSensorsQuery, patchSensorBody, postSensorBody } from '../schemas/sensors.js';
import { listAssetsAccountQuery, listAssetsQuery, patchAssetBody, postAssetBody } from '../schemas/assets.js';
import * as sensorsDocs from '../schemas/sensors-docs.js';
import * as assetsDocs from '../schemas/assets-docs.js';
import { patchAccountBody } from '../schemas/accounts.js';
import { accountAuditLogDocs, getAccountDocs, listAccountsDocs, patchAccountDocs } from '../schemas/accounts-docs.js';
import { listUsersQuery, patchUserBody, usersAccountQuery } from '../schemas/users.js';
import { getUserDocs, listUsersDocs, passwordResetDocs, patchUserDocs, userAuditLogDocs } from '../schemas/users-docs.js';
import { requestAuthTokenBody, requestAuthTokenExamples, requestAuthTokenResponses } from '../schemas/auth.js';
import * as service from '../schemas/service.js';
import { sunsetExamples, sunsetResponses } from '../schemas/sunset.js';
import * as docs from '../schemas/docs.js';
import * as sensorData from '../schemas/sensor-data.js';
import * as schedules from '../schemas/schedules.js';
import * as charts from '../schemas/charts.js';
import * as consoleDocs from '../schemas/console.js';
import { forbiddenBody, httpErrorBody } from '../schemas/errors.js';

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'ANY';

/** What a handler touches, from which the stack derives least-privilege IAM grants. */
export interface Access {
  entities?: 'read' | 'write';
  beliefs?: 'read' | 'write';
  jobs?: 'read' | 'write';
  queue?: 'send';
}

export interface Route extends RouteDocs {
  method: Method;
  /**
   * FlexMeasures notation: `<id>` for a path parameter, `<proxy+>` for a greedy tail
   * (`{id}` / `{proxy+}` in API Gateway route keys).
   */
  path: string;
  /** Handler module below `functions/`, without extension; it exports `handler`. */
  handler: string;
  /** Public routes answer without authentication; the others call `authenticate` (functions/http/auth.ts) first. */
  public: boolean;
  /** The quickref text shown in the service listing ("" when FlexMeasures has none). */
  description: string;
  /** Whether the route belongs to the v3_0 service listing. */
  listed: boolean;
  access: Access;
  /** Lambda memory (MB); default 512. */
  memoryMb?: number;
  /**
   * `credentials`: the route checks passwords, so the stage throttles it far below the other
   * routes (context `authThrottleRate` / `authThrottleBurst`), which bounds password guessing.
   */
  throttle?: 'credentials';
  /**
   * `false`: `body` documents the request only and the request pipeline does not validate it; the
   * handler reads the body by FlexMeasures' own rules (POST /api/requestAuthToken answers 400s of
   * its own shape, not the 422 of a schema).
   */
  validateBody?: false;
}

const V3 = '/api/v3_0';
const SUNSET_PREFIXES = ['/api/v1', '/api/v1_1', '/api/v1_2', '/api/v1_3', '/api/v2_0'];

export const ROUTES: readonly Route[] = [
  {
    method: 'GET', path: '/api', handler: 'api/root', public: true, description: '', listed: false, access: {}, memoryMb: 256,
    responses: { 308: { description: 'Redirect to `/api/`.', schema: service.redirectResponse, headers: { Location: '`/api/`' } } },
    examples: service.apiRedirectExamples,
  },
  {
    method: 'GET', path: '/api/', handler: 'api/root', public: true, description: '', listed: false, access: {}, memoryMb: 256,
    responses: { 200: { description: 'The API versions.', schema: service.apiVersionsResponse } }, examples: service.apiVersionsExamples,
  },
  {
    method: 'GET', path: '/api/ops/ping', handler: 'api/ops-ping', public: true, description: '', listed: false, access: {}, memoryMb: 256,
    responses: { 200: { description: 'Alive.', schema: service.pingResponse } }, examples: service.pingExamples,
  },
  {
    method: 'GET', path: V3, handler: 'api/service-listing', public: true,
    description: 'Obtain a service listing for this version', listed: true, access: {}, memoryMb: 256,
    responses: { 200: { description: 'The v3_0 endpoints.', schema: service.serviceListingResponse } }, examples: service.serviceListingExamples,
  },
  {
    method: 'GET', path: `${V3}/health/ready`, handler: 'api/health-ready', public: true,
    description: 'Get readiness status', listed: true,
    access: { entities: 'read', beliefs: 'read', jobs: 'read', queue: 'send' }, memoryMb: 256,
    responses: {
      200: { description: 'Every store answers.', schema: service.readinessResponse },
      503: { description: 'At least one store does not answer (its flag is false).', schema: service.readinessResponse },
    },
    examples: service.readinessExamples,
  },
  // Documentation (not in the service listing, which mirrors FlexMeasures v0.23's).
  {
    method: 'GET', path: `${V3}/openapi.json`, handler: 'api/openapi', public: true, description: 'OpenAPI 3.1 document of this API',
    listed: false, access: {}, memoryMb: 256, responses: docs.openApiDocumentResponses, examples: docs.openApiDocumentExamples,
  },
  {
    method: 'GET', path: `${V3}/docs`, handler: 'api/docs', public: true, description: 'Browsable API documentation',
    listed: false, access: {}, memoryMb: 256, responses: docs.docsPageResponses, examples: docs.docsPageExamples,
  },
  {
    method: 'GET', path: `${V3}/docs/<asset>`, handler: 'api/docs', public: true, description: 'A file of the documentation page',
    listed: false, access: {}, memoryMb: 256, responses: docs.docsAssetResponses, examples: docs.docsAssetExamples,
  },
  // The web console: a static single-page app on this API (not in the service listing).
  {
    method: 'GET', path: '/console', handler: 'api/console', public: true, description: 'Web console', listed: false, access: {}, memoryMb: 256,
    responses: consoleDocs.consolePageResponses, examples: consoleDocs.consolePageExamples,
  },
  {
    method: 'GET', path: '/console/<file>', handler: 'api/console', public: true, description: 'A file of the web console', listed: false, access: {}, memoryMb: 256,
    responses: consoleDocs.consoleFileResponses, examples: consoleDocs.consoleFileExamples,
  },
  // Authentication, accounts and users (docs/contract/api.md §5.2, §7.13, §7.14). scrypt is CPU-bound: the two
  // routes that hash passwords get more memory (and with it more CPU).
  {
    method: 'POST', path: '/api/requestAuthToken', handler: 'api/request-auth-token', public: true, validateBody: false,
    description: '', listed: false, access: { entities: 'write' }, memoryMb: 1024, throttle: 'credentials',
    body: requestAuthTokenBody, responses: requestAuthTokenResponses, examples: requestAuthTokenExamples,
  },
  { method: 'GET', path: `${V3}/accounts`, handler: 'api/accounts-list', public: false, description: 'Download account list', listed: true, access: { entities: 'read' }, ...listAccountsDocs },
  { method: 'GET', path: `${V3}/accounts/<id>`, handler: 'api/accounts-get', public: false, description: 'Get an account', listed: true, access: { entities: 'read' }, ...getAccountDocs },
  { method: 'PATCH', path: `${V3}/accounts/<id>`, handler: 'api/accounts-patch', public: false, description: 'Update an account', listed: true, access: { entities: 'write' }, body: patchAccountBody, ...patchAccountDocs },
  { method: 'GET', path: `${V3}/accounts/<id>/auditlog`, handler: 'api/accounts-auditlog', public: false, description: '', listed: true, access: { entities: 'read' }, ...accountAuditLogDocs },
  { method: 'GET', path: `${V3}/users`, handler: 'api/users-list', public: false, description: 'Download user list', listed: true, access: { entities: 'read' }, query: [usersAccountQuery, listUsersQuery], ...listUsersDocs },
  { method: 'GET', path: `${V3}/users/<id>`, handler: 'api/users-get', public: false, description: 'Get a user', listed: true, access: { entities: 'read' }, ...getUserDocs },
  { method: 'PATCH', path: `${V3}/users/<id>`, handler: 'api/users-patch', public: false, description: 'Patch data for an existing user', listed: true, access: { entities: 'write' }, body: patchUserBody, ...patchUserDocs },
  { method: 'GET', path: `${V3}/users/<id>/auditlog`, handler: 'api/users-auditlog', public: false, description: '', listed: true, access: { entities: 'read' }, ...userAuditLogDocs },
  {
    method: 'PATCH', path: `${V3}/users/<id>/password-reset`, handler: 'api/users-password-reset', public: false,
    description: 'Password reset', listed: true, access: { entities: 'write' }, memoryMb: 1024, ...passwordResetDocs,
  },
  // Sensors and assets (docs/contract/api.md §6, §7.5–§7.12). Deletes also delete beliefs (of the sensor, or of
  // every sensor of the asset tree).
  { method: 'GET', path: `${V3}/sensors`, handler: 'api/sensors-list', public: false, description: 'Download sensor list', listed: true, access: { entities: 'read' }, query: listSensorsQuery, ...sensorsDocs.listSensorsDocs },
  { method: 'POST', path: `${V3}/sensors`, handler: 'api/sensors-post', public: false, description: 'Create a new Sensor', listed: true, access: { entities: 'write' }, body: postSensorBody, ...sensorsDocs.postSensorDocs },
  { method: 'GET', path: `${V3}/sensors/<id>`, handler: 'api/sensors-get', public: false, description: 'Get a sensor', listed: true, access: { entities: 'read' }, ...sensorsDocs.getSensorDocs },
  { method: 'PATCH', path: `${V3}/sensors/<id>`, handler: 'api/sensors-patch', public: false, description: 'Update a sensor', listed: true, access: { entities: 'write' }, body: patchSensorBody, ...sensorsDocs.patchSensorDocs },
  { method: 'DELETE', path: `${V3}/sensors/<id>`, handler: 'api/sensors-delete', public: false, description: 'Delete a sensor', listed: true, access: { entities: 'write', beliefs: 'write' }, ...sensorsDocs.deleteSensorDocs },
  // Sensor data as beliefs (docs/contract/api.md §6.7, §7.1, §7.2). POST creates the caller's data source on first use.
  {
    method: 'POST', path: `${V3}/sensors/data`, handler: 'api/sensors-data-post', public: false, description: 'Upload sensor data', listed: true,
    access: { entities: 'write', beliefs: 'write' }, memoryMb: 1024, body: sensorData.postSensorDataBody,
    responses: {
      200: { description: 'Stored (`PROCESSED`), or some or all of it was known already (`ALREADY_RECEIVED_AND_SUCCESSFULLY_PROCESSED`).', schema: sensorData.postSensorDataResponse },
      403: {
        description: 'The caller may not post data to this sensor (`INVALID_SENDER`), or some data would replace stored beliefs (`INVALID_REPLACEMENT`; nothing was stored).',
        schema: { anyOf: [forbiddenBody, sensorData.invalidReplacementResponse] },
      },
      503: {
        description:
          'Safe to retry after `Retry-After` seconds: another request was writing data of the same source to this sensor for too long (nothing was stored), or the store failed while writing (the retry completes the data).',
        schema: httpErrorBody,
      },
    },
    examples: sensorData.postSensorDataExamples,
  },
  {
    method: 'GET', path: `${V3}/sensors/data`, handler: 'api/sensors-data-get', public: false, description: 'Download sensor data', listed: true,
    access: { entities: 'read', beliefs: 'read' }, memoryMb: 1024, query: sensorData.getSensorDataQuery,
    responses: { 200: { description: 'One value per slot of the requested grid, `null` where nothing is known.', schema: sensorData.getSensorDataResponse } },
    examples: sensorData.getSensorDataExamples,
  },
  {
    method: 'GET', path: `${V3}/sensors/<id>/stats`, handler: 'api/sensors-stats', public: false, description: 'Get sensor stats', listed: true,
    access: { entities: 'read', beliefs: 'read' },
    responses: { 200: { description: 'Statistics per data source name; `{"status": 200}` for a sensor without data.', schema: sensorData.sensorStatsResponse } },
    examples: sensorData.sensorStatsExamples,
  },
  // Scheduling (docs/contract/api.md §7.3, §7.4): the trigger validates, writes a job and queues it; the solver
  // Lambda (functions/solver.ts, fed by the queue, not a route) computes it; the GET reads the job.
  {
    method: 'POST', path: `${V3}/sensors/<id>/schedules/trigger`, handler: 'api/schedules-trigger', public: false,
    description: 'Trigger scheduling job', listed: true, access: { entities: 'read', jobs: 'write', queue: 'send' },
    body: schedules.triggerScheduleBody,
    responses: {
      200: { description: 'The job was created (or an identical request of the last hour had created it): `schedule` is its id.', schema: schedules.triggerScheduleResponse },
      422: {
        description:
          'Invalid arguments (errors per field, docs/contract/api.md §3.1), or a flex-model / flex-context the scheduler cannot use: errors per flex field, or one sentence (e.g. an asset type without scheduler, no soc-max anywhere).',
        schema: schedules.triggerScheduleUnprocessable,
      },
    },
    examples: schedules.triggerScheduleExamples,
  },
  {
    method: 'GET', path: `${V3}/sensors/<id>/schedules/<uuid>`, handler: 'api/schedules-get', public: false,
    description: 'Download schedule from the platform', listed: true, access: { entities: 'read', jobs: 'read' },
    query: schedules.getScheduleQuery,
    responses: {
      200: { description: 'The schedule (from its start, for the requested duration: default 6 hours, at most 48), consumption positive.', schema: schedules.getScheduleResponse },
      400: {
        description:
          'No schedule to return: the job is unknown or expired (`UNRECOGNIZED_UDI_EVENT`), waiting, running or failed with its reason (`UNKNOWN_SCHEDULE`), or the duration is zero (`INVALID_PERIOD`).',
        schema: schedules.scheduleBadRequest,
      },
    },
    examples: schedules.getScheduleExamples,
  },
  {
    method: 'GET', path: `${V3}/assets`, handler: 'api/assets-list', public: false, description: 'Download asset list', listed: true,
    access: { entities: 'read' }, query: [listAssetsAccountQuery, listAssetsQuery], ...assetsDocs.listAssetsDocs,
  },
  { method: 'POST', path: `${V3}/assets`, handler: 'api/assets-post', public: false, description: 'Create a new asset', listed: true, access: { entities: 'write' }, body: postAssetBody, ...assetsDocs.postAssetDocs },
  { method: 'GET', path: `${V3}/assets/public`, handler: 'api/assets-public', public: false, description: 'Return all public assets.', listed: true, access: { entities: 'read' }, ...assetsDocs.publicAssetsDocs },
  { method: 'GET', path: `${V3}/assets/<id>`, handler: 'api/assets-get', public: false, description: 'Get an asset', listed: true, access: { entities: 'read' }, ...assetsDocs.getAssetDocs },
  { method: 'PATCH', path: `${V3}/assets/<id>`, handler: 'api/assets-patch', public: false, description: 'Update an asset', listed: true, access: { entities: 'write' }, body: patchAssetBody, ...assetsDocs.patchAssetDocs },
  { method: 'DELETE', path: `${V3}/assets/<id>`, handler: 'api/assets-delete', public: false, description: 'Delete an asset', listed: true, access: { entities: 'write', beliefs: 'write' }, ...assetsDocs.deleteAssetDocs },
  { method: 'GET', path: `${V3}/assets/<id>/auditlog`, handler: 'api/assets-auditlog', public: false, description: '', listed: true, access: { entities: 'read' }, ...assetsDocs.assetAuditLogDocs },
  // Asset charts: a Vega-Lite spec with one row per `sensors_to_show` entry, and its data.
  {
    method: 'GET', path: `${V3}/assets/<id>/chart`, handler: 'api/assets-chart', public: false, description: 'Download a chart with time series',
    listed: true, access: { entities: 'read', beliefs: 'read' }, memoryMb: 1024, query: charts.assetChartQuery,
    responses: { 200: { description: 'A Vega-Lite spec (with its data under `datasets` when `include_data` is true).', schema: charts.assetChartResponse } },
  },
  {
    method: 'GET', path: `${V3}/assets/<id>/chart_data`, handler: 'api/assets-chart-data', public: false, description: 'Download time series for use in charts',
    listed: true, access: { entities: 'read', beliefs: 'read' }, memoryMb: 1024, query: charts.assetChartDataQuery,
    responses: { 200: { description: 'Beliefs of the shown sensors, sensor after sensor, at the finest resolution among them.', schema: charts.assetChartDataResponse } },
  },
  ...SUNSET_PREFIXES.map(
    (prefix): Route => ({
      method: 'ANY', path: `${prefix}/<proxy+>`, handler: 'api/sunset', public: true, description: '',
      listed: false, access: {}, memoryMb: 256, responses: sunsetResponses, examples: sunsetExamples(prefix),
    }),
  ),
];

/** `/api/v3_0/sensors/<id>` → `/api/v3_0/sensors/{id}` (API Gateway route key notation). */
export function gatewayPath(path: string): string {
  return path.replace(/<([^>]+)>/g, '{$1}');
}

/** The service-listing name: `"<METHOD> <path without /api/v3_0>"`, `"GET "` for the listing itself. */
export function serviceName(route: Route): string {
  return `${route.method} ${route.path.slice(V3.length)}`;
}

export const V3_PREFIX = V3;

/**
 * The handler module of API Gateway's `$default` route, which gets every request no entry above
 * matches (an unknown path, or a known path with another method) and answers FlexMeasures' 404/405.
 * The local runtime sends unmatched requests to the same module. It is not a table entry: it has
 * no path of its own, no schemas and no store access.
 */
export const DEFAULT_ROUTE_HANDLER = 'api/unmatched';
