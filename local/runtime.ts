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
import { resetDocumentClient } from '../functions/stores/dynamodb/client.js';
import { resetSqsClient } from '../functions/stores/sqs/job-queue.js';
import { resetStores } from '../functions/stores/index.js';
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
}

export interface Runtime {
  url: string;
  port: number;
  dynamo: LocalDynamo;
  queue: LocalQueue;
  /** What the first-run seed created (null when seeding was off or the data directory had data). */
  seed: SeedResult | null;
  /** The poller feeding the solver (null with `solver: false`). */
  solver: SqsPoller | null;
  close(): Promise<void>;
}

type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

const handlerCache = new Map<string, Promise<LambdaHandler>>();

/** Loads a handler module named in the route table (the same module the CDK stack bundles). */
export function loadHandler(module: string): Promise<LambdaHandler> {
  let loaded = handlerCache.get(module);
  if (!loaded) {
    loaded = import(`../functions/${module}.js`).then((m: { handler?: LambdaHandler }) => {
      if (typeof m.handler !== 'function') throw new Error(`functions/${module} exports no handler`);
      return m.handler;
    });
    handlerCache.set(module, loaded);
  }
  return loaded;
}

function jsonResult(statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { 'content-type': 'application/json', ...headers }, body: toJson(body as never) };
}

/**
 * Runs one request as API Gateway would: the matching route's handler, or the `$default` route's
 * handler (FlexMeasures' 404/405) when none matches. There is no gateway-level authorization:
 * protected handlers authenticate the caller themselves.
 */
export async function dispatch(router: Router, raw: RawRequest): Promise<APIGatewayProxyStructuredResultV2> {
  const path = raw.url.split('?')[0]!;
  if (!isWellEncoded(path)) return jsonResult(400, { message: 'Bad Request' });
  const match = router.match(raw.method.toUpperCase(), path);
  const route = match.kind === 'match' ? match.route : null;
  const event: APIGatewayProxyEventV2 = toEvent(raw, route, match.kind === 'match' ? match.pathParameters : undefined);
  const module = route?.handler ?? DEFAULT_ROUTE_HANDLER;
  const handler = await loadHandler(module);
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

export async function startRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  if (options.slowSolveGate && !options.solverWorker) {
    throw new Error('slowSolveGate needs solverWorker: holding a solve on this thread would stall the runtime');
  }
  const dynamo = await startDynamo(options.dataDir ?? null);
  const visibilityTimeout = options.queueVisibilityTimeout ?? DEFAULT_VISIBILITY_TIMEOUT_SECONDS;
  const queue = await startQueue({ visibilityTimeout, maxReceiveCount: DEFAULT_MAX_RECEIVE_COUNT });
  process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
  process.env.SQS_ENDPOINT = queue.endpoint;
  process.env.JOB_QUEUE_URL = queue.queueUrl;
  process.env.BELIEF_STORE = 'dynamodb';
  process.env.JOB_LEASE_SECONDS = String(visibilityTimeout);
  resetDocumentClient();
  resetSqsClient();
  resetStores();
  if (options.dataDir) {
    const info: RuntimeFile = { pid: process.pid, dynamodbEndpoint: dynamo.endpoint };
    writeFileSync(join(options.dataDir, RUNTIME_FILE), `${JSON.stringify(info)}\n`);
  }
  const seed = options.seed ? await seedIfEmpty(options.seed === true ? {} : options.seed) : null;

  const router = new Router(ROUTES);
  const log = options.log ?? (() => undefined);
  const server: Server = createServer(async (req, res) => {
    const started = performance.now();
    let result: APIGatewayProxyStructuredResultV2;
    try {
      const body = await readBody(req);
      result =
        body === null
          ? jsonResult(413, { message: 'Request Entity Too Large', status: 413 })
          : await dispatch(router, {
              method: req.method ?? 'GET',
              url: req.url ?? '/',
              headers: req.headers,
              body,
              sourceIp: req.socket.remoteAddress,
            });
    } catch (err) {
      // What Lambda's own failure would look like to the client, without any internal text.
      log(`runtime: ${err instanceof Error ? err.message : String(err)}`);
      result = jsonResult(500, { message: INTERNAL_ERROR_MESSAGE, status: 500 });
    }
    writeResult(res, result);
    log(`${req.method} ${(req.url ?? '/').split('?')[0]} ${result.statusCode} ${(performance.now() - started).toFixed(0)}ms`);
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
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  let solver: SqsPoller | null = null;
  let solverThread: SolverThread | null = null;
  if (options.solver ?? true) {
    if (options.solverWorker) {
      solverThread = new SolverThread({ slowSolveGate: options.slowSolveGate });
      solverThread.start();
    }
    const handler = solverThread ? solverThread.handler : ((await loadHandler('solver')) as SqsHandler);
    solver = new SqsPoller({
      queueUrl: queue.queueUrl,
      handler,
      batchSize: 1,
      onError: (err) => log(`solver: ${err instanceof Error ? err.message : String(err)}`),
    });
    solver.start();
  }

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dynamo,
    queue,
    seed,
    solver,
    close: async () => {
      await solver?.stop();
      await solverThread?.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      resetDocumentClient();
      resetSqsClient();
      resetStores();
      if (options.dataDir && readRuntimeFile(options.dataDir)?.pid === process.pid) {
        rmSync(join(options.dataDir, RUNTIME_FILE), { force: true });
      }
      await queue.close();
      await dynamo.close();
    },
  };
}
