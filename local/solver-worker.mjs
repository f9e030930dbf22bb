// Entry of the local solver's worker thread (local/solver-thread.ts). Node does not apply a loader
// given with --import to a worker's own entry module (Node 20), so this plain ES module registers
// tsx's loader for the worker itself and then loads the TypeScript worker, whether the runtime was
// started by tsx (`npm start`) or by jest.
import { register } from 'tsx/esm/api';

register();
await import('./solver-worker.ts');
