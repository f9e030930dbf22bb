/**
 * The embedded runtime behind `npm start` and the integration tests: an HTTP server on 127.0.0.1
 * that turns each request into an API Gateway HTTP API (payload 2.0) event, runs the route's
 * handler exactly as Lambda would (the `$default` route's handler when no route matches), and
 * writes the result back. DynamoDB is dynalite
 * and SQS is fauxqs, both in this process. The solver runs on the job queue either on this thread
 * or, with `solverWorker` (what `npm start` uses), on a worker thread so that a long solve does not
 * hold up the HTTP server (local/solver-thread.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { lambdaContext } from './lambda-context.js';
import { DEFAULT_ROUTE_HANDLER, ROUTES } from '../functions/routes.js';
import { toJson } from '../functions/http/json.js';
import { INTERNAL_ERROR_MESSAGE } from '../functions/core/errors.js';
import { createPorts, type RealPorts } from '../functions/stores/index.js';
import { configFrom, ENV, type Config, type Environment } from '../functions/lambda/config.js';
import type { Clock, Ports } from '../functions/core/ports/index.js';
import { now } from '../functions/lambda/clock.js';
import { startDynamo, startQueue, type LocalDynamo, type LocalQueue } from './aws.js';
import { normaliseResult, toEvent, type RawRequest } from './event.js';
import { SqsPoller, type SqsHandler } from './poller.js';
import { Router } from '../functions/http/router.js';
import { DEFAULT_MAX_RECEIVE_COUNT } from '../functions/core/settings.js';
import { seedIfEmpty, type SeedOptions, type SeedResult } from './seed.js';
import { SolverThread } from './solver-thread.js';

/**
 * While a runtime serves a data directory, `<dataDir>/runtime.json` tells other local tools (the
 * admin CLI) where its DynamoDB endpoint is: the directory itself is locked by the running dynalite.
 */
export const RUNTIME_FILE = 'runtime.json';

export interface RuntimeFile {
  pid: number;
  dynamodbEndpoint: string;
}

/** The live runtime serving `dataDir`, if any (its process still exists). */
export function readRuntimeFile(dataDir: string): RuntimeFile | null {
  let info: RuntimeFile;
  try {
    info = JSON.parse(readFileSync(join(dataDir, RUNTIME_FILE), 'utf8')) as RuntimeFile;
  } catch {
    return null;
  }
  try {
    process.kill(info.pid, 0);
    return info;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? info : null;
  }
}

/** Local default of the job queue's visibility timeout (seconds): longer than any local solver run. */
export const DEFAULT_VISIBILITY_TIMEOUT_SECONDS = 120;

/** API Gateway's payload limit for HTTP APIs. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface RuntimeOptions {
  /** Port on 127.0.0.1; 0 picks a free one. */
  port?: number;
  /** Directory for persisted data; null keeps everything in memory. */
  dataDir?: string | null;
  /** Receives one line per request. */
  log?: (line: string) => void;
  /**
   * Seconds before an unacknowledged job message reappears (default 120). It is also the solver's
   * lease (JOB_LEASE_SECONDS): a job claimed longer ago by a run that died may be taken over.
   */
  queueVisibilityTimeout?: number;
  /**
   * Run the solver (functions/solver.ts) on the job queue, as Lambda's SQS event source mapping does
   * (default true). Tests that deliver queue messages themselves pass false.
   */
  solver?: boolean;
  /**
   * Run the solver handler on a worker thread (local/solver-worker.ts) instead of this thread, so
   * that a long solve does not stall other requests. `npm start` passes true. Default false: tests
   * that move the clock or step the queue themselves keep everything on one thread (the worker
   * still follows a moved clock: each batch carries the main thread's clock offset).
   */
  solverWorker?: boolean;
  /**
   * Tests only, with `solverWorker`: a SharedArrayBuffer of two Int32 cells that makes every solve
   * hold after its job is claimed — the worker adds 1 to cell 0, then blocks synchronously until
   * cell 1 is non-zero (local/solver-worker.ts). Lets a test keep a job "running" for as long as
   * it needs, without timing.
   */
  slowSolveGate?: SharedArrayBuffer;
  /**
   * Seed the demo account and admin user (local/seed.ts) when the store has no account yet.
   * `npm start` passes true; default false (tests build their own worlds).
   */
  seed?: boolean | SeedOptions;
  /**
   * The environment the runtime's settings are read from (once, at start); the runtime adds its
   * stores' and queue's endpoints. Default: this process's environment as it is at start.
   */
  env?: Environment;
  /** The runtime's own clock (default: the process's, functions/lambda/clock.ts); see `setClock`. */
  clock?: Clock;
}

type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;
type RouteModuleHandler = LambdaHandler & { withPorts?: (ports: Ports) => LambdaHandler };

const moduleCache = new Map<string, Promise<RouteModuleHandler>>();

/** Loads a handler module named in the route table (the same module the CDK stack bundles). */
export function loadHandler(module: string): Promise<RouteModuleHandler> {
  let loaded = moduleCache.get(module);
  if (!loaded) {
    loaded = import(`../functions/${module}.js`).then((m: { handler?: RouteModuleHandler }) => {
      if (typeof m.handler !== 'function') throw new Error(`functions/${module} exports no handler`);
      return m.handler;
    });
    moduleCache.set(module, loaded);
  }
  return loaded;
}

function jsonResult(statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { 'content-type': 'application/json', ...headers }, body: toJson(body as never) };
}

/** What runs one route's handler module: the runtime gives each handler its own ports. */
export type HandlerLoader = (module: string) => Promise<LambdaHandler>;

/**
 * Runs one request as API Gateway would: the matching route's handler, or the `$default` route's
 * handler (FlexMeasures' 404/405) when none matches. There is no gateway-level authorization:
 * protected handlers authenticate the caller themselves.
 */
export async function dispatch(router: Router, raw: RawRequest, load: HandlerLoader = loadHandler): Promise<APIGatewayProxyStructuredResultV2> {
  const path = raw.url.split('?')[0]!;
  if (!isWellEncoded(path)) return jsonResult(400, { message: 'Bad Request' });
  const match = router.match(raw.method.toUpperCase(), path);
  const route = match.kind === 'match' ? match.route : null;
  const event: APIGatewayProxyEventV2 = toEvent(raw, route, match.kind === 'match' ? match.pathParameters : undefined);
  const module = route?.handler ?? DEFAULT_ROUTE_HANDLER;
  const handler = await load(module);
  return normaliseResult(
    (await handler(event, lambdaContext(functionName(module), event.requestContext.requestId))) as APIGatewayProxyStructuredResultV2,
  );
}

/**
 * API Gateway decodes the path before routing and answers a malformed percent-encoding (`%E0%A4%A`,
 * `%zz`) itself with a 400; no function runs.
 */
function isWellEncoded(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

function functionName(module: string): string {
  return module.replace(/\W+/g, '-');
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function writeResult(res: ServerResponse, result: APIGatewayProxyStructuredResultV2): void {
  for (const [name, value] of Object.entries(result.headers ?? {})) {
    // Multi-valued Link fields travel comma-joined in payload 2.0; write them as separate lines.
    if (name.toLowerCase() === 'link') res.setHeader(name, String(value).split(/,\s*(?=<)/));
    else res.setHeader(name, String(value));
  }
  if (result.cookies?.length) res.setHeader('set-cookie', result.cookies);
  const body = result.body ? Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8') : undefined;
  res.statusCode = result.statusCode ?? 200;
  res.end(body);
}

/**
 * One local runtime: its own dynalite and fauxqs, its configuration (read from the environment it
 * was given, once), the ports built from that configuration (functions/stores/index.ts
 * `createPorts`), its HTTP server, its queue poller and its solver. Every handler runs against this
 * runtime's ports (`handler.withPorts(ports)`), so two runtimes in one process do not see each
 * other's data. Nothing in `process.env` is changed.
 */
export class LocalRuntime {
  /** The environment the configuration was read from (the solver's worker thread reads it too). */
  readonly env: Environment;
  readonly config: Config;
  readonly ports: RealPorts;
  /** The poller feeding the solver (null with `solver: false`). */
  solver: SqsPoller | null = null;
  /** What the first-run seed created (null when seeding was off or the data directory had data). */
  seed: SeedResult | null = null;
  url = '';
  port = 0;

  private server: Server | null = null;
  private solverThread: SolverThread | null = null;
  private ownClock: Clock | undefined;
  private readonly handlers = new Map<string, Promise<LambdaHandler>>();
  private readonly router = new Router(ROUTES);

  private constructor(
    readonly dynamo: LocalDynamo,
    readonly queue: LocalQueue,
    private readonly options: RuntimeOptions,
    base: Environment,
  ) {
    const visibilityTimeout = options.queueVisibilityTimeout ?? DEFAULT_VISIBILITY_TIMEOUT_SECONDS;
    this.env = {
      ...base,
      [ENV.dynamodbEndpoint]: dynamo.endpoint,
      [ENV.sqsEndpoint]: queue.endpoint,
      [ENV.jobQueueUrl]: queue.queueUrl,
      [ENV.beliefStore]: 'dynamodb',
      [ENV.jobLeaseSeconds]: String(visibilityTimeout),
    };
    this.config = configFrom(this.env);
    this.ownClock = options.clock;
    this.ports = createPorts(this.config, { clock: () => this.now() });
  }

  /** Starts a runtime: stores, queue, the first-run seed, the HTTP server and the solver. */
  static async start(options: RuntimeOptions = {}): Promise<LocalRuntime> {
    if (options.slowSolveGate && !options.solverWorker) {
      throw new Error('slowSolveGate needs solverWorker: holding a solve on this thread would stall the runtime');
    }
    const base = options.env ?? { ...process.env };
    const tables = configFrom(base).stores.dynamodb.tables;
    const dynamo = await startDynamo(options.dataDir ?? null, tables);
    const visibilityTimeout = options.queueVisibilityTimeout ?? DEFAULT_VISIBILITY_TIMEOUT_SECONDS;
    const queue = await startQueue({ visibilityTimeout, maxReceiveCount: DEFAULT_MAX_RECEIVE_COUNT });
    const runtime = new LocalRuntime(dynamo, queue, options, base);
    await runtime.begin();
    return runtime;
  }

  /** The runtime's current time: its own clock if it has one, else the process's (functions/lambda/clock.ts). */
  now(): number {
    return this.ownClock ? this.ownClock() : now();
  }

  /** Gives this runtime its own clock (the handlers, the solver's worker and the seed follow it); no argument: back to the process's clock. */
  setClock(clock?: Clock): void {
    this.ownClock = clock;
  }

  /** Runs one request through this runtime, as its HTTP server does. */
  dispatch(raw: RawRequest): Promise<APIGatewayProxyStructuredResultV2> {
    return dispatch(this.router, raw, (module) => this.handler(module));
  }

  /** A route's (or the solver's) handler, running against this runtime's ports. */
  handler(module: string): Promise<LambdaHandler> {
    let bound = this.handlers.get(module);
    if (!bound) {
      // Handlers built on routeHandler or workerHandler take ports; the static-file handlers (the
      // console, the docs page) use none and run as they are.
      bound = loadHandler(module).then((h) => (h.withPorts ? h.withPorts(this.ports) : h));
      this.handlers.set(module, bound);
    }
    return bound;
  }

  private async begin(): Promise<void> {
    const { options } = this;
    if (options.dataDir) {
      const info: RuntimeFile = { pid: process.pid, dynamodbEndpoint: this.dynamo.endpoint };
      writeFileSync(join(options.dataDir, RUNTIME_FILE), `${JSON.stringify(info)}\n`);
    }
    if (options.seed) {
      const given = options.seed === true ? {} : options.seed;
      const seedOptions = { adminEmail: this.env.SEED_ADMIN_EMAIL, adminPassword: this.env.SEED_ADMIN_PASSWORD, ...given };
      this.seed = await seedIfEmpty(this.ports, seedOptions);
    }
    await this.listen();
    if (options.solver ?? true) {
      if (options.solverWorker) {
        this.solverThread = new SolverThread({ env: this.env, clockOffsetMs: () => this.now() - Date.now(), slowSolveGate: options.slowSolveGate });
        this.solverThread.start();
      }
      const handler = this.solverThread ? this.solverThread.handler : ((await this.handler('solver')) as SqsHandler);
      this.solver = new SqsPoller({
        client: this.ports.clients.sqs,
        queueUrl: this.queue.queueUrl,
        handler,
        batchSize: 1,
        onError: (err) => this.log(`solver: ${err instanceof Error ? err.message : String(err)}`),
      });
      this.solver.start();
    }
  }

  private log(line: string): void {
    this.options.log?.(line);
  }

  private async listen(): Promise<void> {
    const server: Server = createServer(async (req, res) => {
      const started = performance.now();
      let result: APIGatewayProxyStructuredResultV2;
      try {
        const body = await readBody(req);
        result =
          body === null
            ? jsonResult(413, { message: 'Request Entity Too Large', status: 413 })
            : await this.dispatch({
                method: req.method ?? 'GET',
                url: req.url ?? '/',
                headers: req.headers,
                body,
                sourceIp: req.socket.remoteAddress,
              });
      } catch (err) {
        // What Lambda's own failure would look like to the client, without any internal text.
        this.log(`runtime: ${err instanceof Error ? err.message : String(err)}`);
        result = jsonResult(500, { message: INTERNAL_ERROR_MESSAGE, status: 500 });
      }
      writeResult(res, result);
      this.log(`${req.method} ${(req.url ?? '/').split('?')[0]} ${result.statusCode} ${(performance.now() - started).toFixed(0)}ms`);
    });
    // Requests Node's parser refuses (request line or headers too large, malformed) get a JSON
    // answer too, as API Gateway's own errors are JSON.
    server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
      if (!socket.writable) return socket.destroy();
      const [status, message] = err.code === 'HPE_HEADER_OVERFLOW' ? [431, 'Request Header Fields Too Large'] : [400, 'Bad Request'];
      const body = JSON.stringify({ message });
      socket.end(
        `HTTP/1.1 ${status} ${message}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    this.url = `http://127.0.0.1:${this.port}`;
  }

  /** Stops the solver, the server, the queue and the stores (in that order). */
  async close(): Promise<void> {
    await this.solver?.stop();
    await this.solverThread?.close();
    const server = this.server;
    if (server) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
    this.ports.destroy();
    const { dataDir } = this.options;
    if (dataDir && readRuntimeFile(dataDir)?.pid === process.pid) rmSync(join(dataDir, RUNTIME_FILE), { force: true });
    await this.queue.close();
    await this.dynamo.close();
  }
}

/** The local runtime's type as the tests name it. */
export type Runtime = LocalRuntime;

/** Starts a local runtime (see `LocalRuntime`). */
export function startRuntime(options: RuntimeOptions = {}): Promise<LocalRuntime> {
  return LocalRuntime.start(options);
}
