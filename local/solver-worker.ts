/**
 * The solver's own thread for the local runtime (see local/solver-thread.ts): it runs the solver
 * Lambda's handler (functions/solver.ts) on the SQS events the main thread's poller receives, so a
 * long solve never holds up the HTTP server. It reaches dynalite and fauxqs over their 127.0.0.1
 * endpoints, read from the environment the main thread had when it started this worker.
 *
 * Each message carries the main thread's clock offset (`now() − Date.now()`), so a test that moved
 * the clock there (functions/lambda/clock.ts) sees the same time here.
 *
 * `workerData.slowSolveGate` (tests only; see `RuntimeOptions.slowSolveGate`): a shared Int32Array
 * of two cells. After claiming a job and before computing its schedule, this thread adds 1 to cell 0
 * and then blocks — synchronously, as a long solve would — until cell 1 is set to non-zero (at most
 * HOLD_LIMIT_MS, so that a broken test cannot hang the process).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { SQSEvent } from 'aws-lambda';
import { setClock } from '../functions/lambda/clock.js';
import { solverHandler } from '../functions/solver.js';
import { solverContext } from './lambda-context.js';
import type { SolverReply, SolverRequest } from './solver-thread.js';

const HOLD_LIMIT_MS = 60_000;

const gate = (workerData as { slowSolveGate?: SharedArrayBuffer } | null)?.slowSolveGate;
const cells = gate ? new Int32Array(gate) : null;
const handler = solverHandler({
  onClaimed: cells
    ? () => {
        Atomics.add(cells, 0, 1);
        Atomics.notify(cells, 0);
        Atomics.wait(cells, 1, 0, HOLD_LIMIT_MS);
      }
    : undefined,
});

parentPort!.on('message', (request: SolverRequest) => {
  void (async () => {
    const offset = request.clockOffsetMs;
    setClock(offset ? () => Date.now() + offset : undefined);
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
