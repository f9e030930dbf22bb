/**
 * `npm start`: the whole API on 127.0.0.1:$PORT (default 5000) with embedded stores.
 * Data persists under $DATA_DIR (default ./.data); DATA_DIR=:memory: keeps nothing.
 */
import { resolve } from 'node:path';
import { startRuntime } from './runtime.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.LOG_LEVEL ??= 'WARN';

const port = Number(process.env.PORT ?? 5000);
const dataDirSetting = process.env.DATA_DIR ?? './.data';
const dataDir = dataDirSetting === ':memory:' ? null : resolve(dataDirSetting);

const runtime = await startRuntime({
  port,
  dataDir,
  log: (line) => console.log(`${new Date().toISOString()} ${line}`),
});

const base = `http://127.0.0.1:${runtime.port}`;
console.log(`FlexMeasures API v3.0-20 listening on ${base} (data: ${dataDir ?? 'in memory'})`);
console.log(`Try: curl -s ${base}/api/v3_0`);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`${signal} received, stopping…`);
  await runtime.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
