/**
 * The request pipeline every endpoint shares, driven by its route's contract (generated from
 * functions/routes.ts into schemas/generated/routes/): build the Request; authenticate unless the
 * route is public; validate the query and body with the route's precompiled validators, in the order
 * FlexMeasures checks them for that route; run the handler as a plain function of (validated input,
 * caller, ports); shape the JSON response (sorted keys, numeric `status` injection where
 * FlexMeasures' view had `@as_json`); and turn typed errors into FlexMeasures' exact bodies in one
 * error middleware, which logs 403 reasons and unexpected errors (never a token or a secret).
 * Unknown errors become a 500 whose body says only "Internal server error".
 */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { Log, Ports } from '../core/ports/index.js';
import { createPortsWith } from '../stores/ports.js';
import { configFromEnv } from '../lambda/config.js';
import { authenticate, type Caller } from './auth.js';
import type { RouteContract } from './contract.js';
import { ApiError, ForbiddenError, INTERNAL_ERROR_MESSAGE, ServiceUnavailableError, type Json } from '../core/errors.js';
import { injectStatus, toJson } from './json.js';
import { logger } from '../lambda/logger.js';
import { Request } from './request.js';
import { isTransientServiceError } from '../stores/unavailable.js';
import { ErrorCollector, validate, validateFields } from './validation.js';

export interface Reply {
  status?: number;
  body?: Json;
  headers?: Record<string, string>;
}

export type ApiHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

const JSON_HEADERS = { 'content-type': 'application/json' };

/** A reply with a body (200 unless another status is given). */
export function reply(body: Json, status = 200, headers?: Record<string, string>): Reply {
  return { status, body, headers };
}

/** Renders a status, body and headers as an API Gateway result. */
export function respond(statusCode: number, body: Json | undefined, headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 {
  if (statusCode === 204) return { statusCode, headers: { ...headers }, body: '' };
  return { statusCode, headers: { ...JSON_HEADERS, ...headers }, body: toJson(body) };
}

/** Whether an AWS error means "not now" (functions/stores/unavailable.ts), for handlers that answer it themselves. */
export { isTransientServiceError };

/**
 * Renders any thrown value as a FlexMeasures error response. Typed errors render their own body;
 * a transient AWS failure is a 503 with `Retry-After`; anything else is a 500 whose body says only
 * "Internal server error" (the detail is logged, never returned).
 */
export function errorResponse(err: unknown, log: Log = logger): APIGatewayProxyStructuredResultV2 {
  // The reason stays in the log; the client gets FlexMeasures' fixed 403 body.
  if (err instanceof ForbiddenError) log.info('Forbidden', { reason: err.reason });
  if (err instanceof ServiceUnavailableError) log.warn('A store or queue is unavailable', err);
  if (err instanceof ApiError) return respond(err.statusCode, err.body(), err.headers());
  if (isTransientServiceError(err)) {
    log.warn('A store or queue is unavailable', err as Error);
    const unavailable = new ServiceUnavailableError();
    return respond(unavailable.statusCode, unavailable.body(), unavailable.headers());
  }
  log.error('Unhandled error', err as Error);
  return respond(500, { message: INTERNAL_ERROR_MESSAGE, status: 500 });
}

/** A Lambda context that carries its invocation's log (set by `invocationLogger`). */
type LoggedContext = Context & { [INVOCATION_LOG]?: Log };
const INVOCATION_LOG = Symbol('invocation log');

/**
 * Gives each invocation a child of the logger carrying its Lambda context (request id, function
 * name), so every line it logs says which invocation wrote it — also when the local runtime runs
 * several invocations of different functions at once in one process.
 */
function invocationLogger(): middy.MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  return {
    before: (request) => {
      const log = logger.createChild();
      log.addContext(request.context);
      (request.context as LoggedContext)[INVOCATION_LOG] = log;
    },
  };
}

const invocationLog = (context: Context): Log => (context as LoggedContext)[INVOCATION_LOG] ?? logger;

/** `deps` with another log (the other ports, still built on first use, are the same). */
function withLog(deps: Ports, log: Log): Ports {
  return Object.create(deps, { log: { value: log, enumerable: true } }) as Ports;
}

/** The steps of the pipeline between authentication and the handler, in a route's own order. */
export type Step = 'query' | 'body' | 'load' | `query:${number}`;

/** What the steps before the handler have produced so far. */
export interface StepContext<C extends RouteContract, B, Q> {
  readonly req: Request;
  readonly caller: CallerOf<C>;
  readonly deps: Ports;
  /** The validated query so far (the results of the query validators that have run). */
  readonly query: Partial<Q>;
  /** The validated body, once the body step has run. */
  readonly body: B | undefined;
}

/** The validated input of a handler. */
export interface Input<B, Q, L> {
  readonly req: Request;
  readonly context: Context;
  /** The body, validated with the route's body validator (`{}` when the route has none). */
  readonly body: B;
  /** The query arguments, validated (and coerced) with the route's query validators, merged. */
  readonly query: Q;
  /** What the route's `load` step found. */
  readonly loaded: L;
}

/** The caller a handler gets: the authenticated user, or null on a public route. */
export type CallerOf<C extends RouteContract> = C['public'] extends true ? null : Caller;

export interface EndpointSpec<C extends RouteContract, B, Q, L, R = B, RQ = Q> {
  /**
   * The order of the steps where FlexMeasures' view checks in another order than query → body →
   * load (e.g. the trigger answers 404 for the sensor before it validates the body). Every step
   * the route has must be listed; `query:<i>` runs only the i-th query validator.
   */
  order?: readonly Step[];
  /** Loads what the handler acts on (404s and 403s that FlexMeasures decides in this step). */
  load?: (ctx: StepContext<C, B, Q>) => Promise<L>;
  /**
   * Rewrites raw query arguments before validation (e.g. marshmallow's boolean spellings; the
   * request gives the raw query string, e.g. to form-decode free text).
   */
  prepareQuery?: (query: Record<string, string>, req: Request) => Record<string, string>;
  /** Domain checks of a schema-valid query, adding errors under the query's location. */
  checkQuery?: (query: Partial<Q>, errors: ErrorCollector) => void;
  /**
   * Field checks of the query that run next to the schema (which may look things up), as
   * `checkBodyFields` does for the body: schema and field errors come back as one 422 under the
   * query's location. What it returns is the query the handler gets.
   */
  checkQueryFields?: (query: Partial<RQ>, errors: ErrorCollector, fieldOk: (field: keyof RQ & string) => boolean, ctx: StepContext<C, B, Q>) => Promise<Q | void>;
  /** Domain checks of a schema-valid body, adding errors under `json`. */
  checkBody?: (body: B, errors: ErrorCollector) => void;
  /**
   * Field checks of the body that run next to the schema, marshmallow-style: `fieldOk(field)` says
   * whether the schema accepted a field; schema and field errors come back as one 422. What it
   * returns (e.g. the body with its values parsed) is the body the handler gets.
   */
  checkBodyFields?: (body: Partial<R>, errors: ErrorCollector, fieldOk: (field: keyof R & string) => boolean, ctx: StepContext<C, B, Q>) => Promise<B | void>;
  handle: (input: Input<B, Q, L>, caller: CallerOf<C>, deps: Ports) => Promise<Reply>;
  /**
   * Whether FlexMeasures decorated the view with flask-json's `@as_json`: object bodies then get a
   * numeric `status` key unless they already carry one (docs/contract/api.md §1.3). Default true.
   */
  injectStatus?: boolean;
}

/** A Lambda handler of a route, which the local runtime can also run against ports of its own. */
export type RouteHandler = ApiHandler & { withPorts(ports: Ports): ApiHandler };

const DEFAULT_ORDER: readonly Step[] = ['query', 'body', 'load'];

/** The steps a route has (its validators, its load) that an order does not run. */
export function missingSteps(contract: RouteContract, order: readonly Step[], hasLoad: boolean): string[] {
  const missing: string[] = [];
  if (contract.body && !order.includes('body')) missing.push('body');
  contract.query.forEach((_, i) => {
    if (!order.includes('query') && !order.includes(`query:${i}`)) missing.push(`query:${i}`);
  });
  if (hasLoad && !order.includes('load')) missing.push('load');
  return missing;
}

async function validateRouteBody<C extends RouteContract, B, Q>(contract: C, spec: EndpointSpec<C, B, Q, unknown, unknown>, ctx: StepContext<C, B, Q>): Promise<B> {
  const validator = contract.body;
  if (!validator) return {} as B;
  const check = spec.checkBodyFields;
  if (!check) return validate<B>(validator, ctx.req.json(), spec.checkBody);
  return (await validateFields<Record<string, unknown>, B>(validator, ctx.req.json(), (body, errors, ok) => check(body as never, errors, ok as never, ctx))) as B;
}

async function validateQuery<C extends RouteContract, B, Q>(contract: C, spec: EndpointSpec<C, B, Q, unknown, unknown, unknown>, ctx: StepContext<C, B, Q>, index: number): Promise<Partial<Q>> {
  const raw = spec.prepareQuery ? spec.prepareQuery({ ...ctx.req.query }, ctx.req) : { ...ctx.req.query };
  const check = spec.checkQueryFields;
  if (!check) return validate<Partial<Q>>(contract.query[index]!, raw, spec.checkQuery);
  return (await validateFields<Record<string, unknown>, Partial<Q>>(contract.query[index]!, raw, (query, errors, ok) => check(query, errors, ok as never, ctx))) as Partial<Q>;
}

/**
 * The Lambda handler of a route: the pipeline above around `spec.handle`, with ports of the adapters
 * the route's contract carries (functions/stores/ports.ts `createPortsWith`); `withPorts` gives the
 * same pipeline over other ports (the local runtime's full set).
 */
export function routeHandler<C extends RouteContract, B = Record<string, never>, Q = Record<string, never>, L = undefined, R = B, RQ = Q>(
  contract: C,
  spec: EndpointSpec<C, B, Q, L, R, RQ>,
): RouteHandler {
  const order = spec.order ?? DEFAULT_ORDER;
  const skipped = missingSteps(contract, order, spec.load !== undefined);
  // A route's validator left out of its order would silently never run.
  if (skipped.length) throw new Error(`${contract.handler}: its order leaves out ${skipped.join(', ')}`);
  const inject = spec.injectStatus ?? true;
  const run = async (event: APIGatewayProxyEventV2, context: Context, deps: Ports): Promise<Reply> => {
    const req = new Request(event);
    const caller = (contract.public ? null : await authenticate(req, deps)) as CallerOf<C>;
    const state = { req, caller, deps, query: {} as Partial<Q>, body: undefined as B | undefined };
    let loaded = undefined as L;
    for (const step of order) {
      if (step === 'body') state.body = await validateRouteBody(contract, spec as unknown as EndpointSpec<C, B, Q, unknown, unknown>, state);
      else if (step === 'load') loaded = spec.load ? await spec.load(state) : loaded;
      else {
        const indices = step === 'query' ? contract.query.map((_, i) => i) : [Number(step.slice('query:'.length))];
        for (const i of indices) state.query = { ...state.query, ...(await validateQuery(contract, spec as unknown as EndpointSpec<C, B, Q, unknown, unknown, unknown>, state, i)) };
      }
    }
    const body = state.body ?? ({} as B);
    return spec.handle({ req, context, body, query: state.query as Q, loaded }, caller, deps);
  };
  const lambda = (deps: () => Ports): ApiHandler =>
    middy(async (event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
      const result = await run(event, context, withLog(deps(), invocationLog(context)));
      const status = result.status ?? 200;
      return respond(status, inject ? injectStatus(result.body, status) : result.body, result.headers);
    })
      .use(invocationLogger())
      .onError(async (request) => {
        request.response = errorResponse(request.error, invocationLog(request.context));
      }) as unknown as ApiHandler;
  // A Lambda's ports: its container's configuration (`process.env`, read once) and only the
  // adapters its route's access declares, each made on first use.
  let lambdaPorts: Ports | undefined;
  const defaultPorts = () => (lambdaPorts ??= createPortsWith(configFromEnv(), contract.adapters ?? {}));
  return Object.assign(lambda(defaultPorts), { withPorts: (p: Ports) => lambda(() => p) });
}
