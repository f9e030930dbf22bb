/**
 * The solver's own thread for the local runtime (see local/solver-thread.ts): it runs the solver
 * Lambda's handler (functions/solver.ts) on the SQS events the main thread's poller receives, so a
 * long solve never holds up the HTTP server. It builds ports of its own from the runtime's
 * environment (`workerData.env`: dynalite and fauxqs on 127.0.0.1, the runtime's settings) and
 * runs the handler over them.
 *
 * Each message carries the runtime's clock offset (`now() − Date.now()`), which this thread's ports'
 * clock adds, so a test that moved the runtime's clock sees the same time here.
 *
 * `workerData.slowSolveGate` (tests only; see `RuntimeOptions.slowSolveGate`): a shared Int32Array
 * of two cells. After claiming a job and before computing its schedule, this thread adds 1 to cell 0
 * and then blocks — synchronously, as a long solve would — until cell 1 is set to non-zero (at most
 * HOLD_LIMIT_MS, so that a broken test cannot hang the process).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { SQSEvent } from 'aws-lambda';
import { solverHandler } from '../functions/solver.js';
import { configFrom } from '../functions/lambda/config.js';
import { createPorts } from '../functions/stores/index.js';
import { solverContext } from './lambda-context.js';
import type { SolverReply, SolverRequest, SolverWorkerData } from './solver-thread.js';

const HOLD_LIMIT_MS = 60_000;

const data = workerData as SolverWorkerData;
const cells = data.slowSolveGate ? new Int32Array(data.slowSolveGate) : null;
/** The runtime's clock offset, as the latest batch brought it. */
let clockOffsetMs = 0;
// This thread's own ports, over the runtime's stores and queue (read from the runtime's environment).
const ports = createPorts(configFrom(data.env), { clock: () => Date.now() + clockOffsetMs });
const handler = solverHandler({
  onClaimed: cells
    ? () => {
        Atomics.add(cells, 0, 1);
        Atomics.notify(cells, 0);
        Atomics.wait(cells, 1, 0, HOLD_LIMIT_MS);
      }
    : undefined,
}).withPorts(ports);

parentPort!.on('message', (request: SolverRequest) => {
  void (async () => {
    clockOffsetMs = request.clockOffsetMs;
    let reply: SolverReply;
    try {
      const response = await handler(request.event as SQSEvent, solverContext(request.requestId));
      reply = { id: request.id, ok: true, response };
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      reply = { id: request.id, ok: false, error: { name: e.name, message: e.message } };
    }
    parentPort!.postMessage(reply);
  })();
});
