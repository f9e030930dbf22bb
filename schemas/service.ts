/**
 * Response schemas and examples of the public service endpoints: API versions (docs/contract/api.md §5.1),
 * the v3_0 service listing (docs/contract/api.md §5.3), readiness (§5.4, adapted to this stack's stores) and ping (§7.15).
 */
import type { RouteExample } from '../functions/openapi/types.js';
import { exactFields, requiredFields } from './objects.js';

const numericStatus = { type: 'integer', description: 'The HTTP status code (FlexMeasures adds it to object responses).' } as const;

/** GET /api/ — the API versions. */
export const apiVersionsResponse = requiredFields('ApiVersions', {
  flexmeasures_version: { type: 'string', description: 'The FlexMeasures version this API mirrors.' },
  message: { type: 'string' },
  status: numericStatus,
  versions: { type: 'array', items: { type: 'string' } },
});

export const apiVersionsExamples: readonly RouteExample[] = [
  {
    summary: 'API versions',
    response: {
      status: 200,
      body: {
        flexmeasures_version: '0.23.0',
        message:
          'For these API versions a public endpoint is available, listing its service. For example: /api/v3_0. An authentication token can be requested at: /api/requestAuthToken',
        status: 200,
        versions: ['v3_0'],
      },
    },
  },
];

/** GET /api — a permanent redirect to /api/. */
export const redirectResponse = requiredFields({ message: { type: 'string' }, status: numericStatus });

export const apiRedirectExamples: readonly RouteExample[] = [
  { summary: 'Redirect to /api/', response: { status: 308, body: { message: 'Redirecting to /api/', status: 308 } } },
];

/** GET /api/ops/ping. */
export const pingResponse = requiredFields({ message: { const: 'ok' }, status: numericStatus });

export const pingExamples: readonly RouteExample[] = [{ summary: 'Alive', response: { status: 200, body: { message: 'ok', status: 200 } } }];

/** GET /api/v3_0 — the service listing. */
export const serviceListingResponse = requiredFields('ServiceListing', {
  message: { const: 'Request has been processed.' },
  services: {
    type: 'array',
    description: 'One entry per route and method, sorted by URL.',
    items: exactFields({
      description: { type: 'string', description: 'The quickref text ("" when there is none).' },
      name: { type: 'string', description: '`<METHOD> <path below /api/v3_0>`; the listing itself is `GET `.' },
      url: { type: 'string', description: 'Absolute URL; path parameters such as `<id>` are kept literally.' },
    }),
  },
  status: { const: 'PROCESSED' },
  version: { const: '3.0' },
});

export const serviceListingExamples: readonly RouteExample[] = [
  {
    summary: 'Service listing',
    response: {
      status: 200,
      body: {
        message: 'Request has been processed.',
        services: [
          { description: 'Obtain a service listing for this version', name: 'GET ', url: 'https://company.flexmeasures.io/api/v3_0' },
          { description: 'Download account list', name: 'GET /accounts', url: 'https://company.flexmeasures.io/api/v3_0/accounts' },
          { description: 'Get an account', name: 'GET /accounts/<id>', url: 'https://company.flexmeasures.io/api/v3_0/accounts/<id>' },
        ],
        status: 'PROCESSED',
        version: '3.0',
      },
    },
  },
];

/** GET /api/v3_0/health/ready — one boolean per store of this stack. */
export const readinessResponse = requiredFields('Readiness', {
  belief_store: { type: 'boolean', description: 'The time series store (Timestream or DynamoDB) answers.' },
  entity_store: { type: 'boolean', description: 'The entity table (DynamoDB) answers.' },
  job_queue: { type: 'boolean', description: 'The scheduling job queue (SQS) answers.' },
  status: numericStatus,
});

export const readinessExamples: readonly RouteExample[] = [
  { summary: 'Ready', response: { status: 200, body: { belief_store: true, entity_store: true, job_queue: true, status: 200 } } },
];
