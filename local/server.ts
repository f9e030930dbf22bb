/**
 * `npm start`: the whole API on 127.0.0.1:$PORT (default 5000) with embedded stores.
 * Data persists under $DATA_DIR (default ./.data); DATA_DIR=:memory: keeps nothing.
 * On an empty data directory the demo account and an admin user are seeded (local/seed.ts); a
 * generated admin password is printed here exactly once and nowhere else.
 */
import { resolve } from 'node:path';
import { logger } from '../functions/lambda/logger.js';
import { dayPricesRequestPath } from './demo-prices.js';
import { startRuntime } from './runtime.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.LOG_LEVEL ??= 'WARN';
// The logger was built when the imports above ran, before this default: give it the level now
// (the solver's worker thread starts later and reads it from the environment).
logger.setLogLevel(process.env.LOG_LEVEL as Parameters<typeof logger.setLogLevel>[0]);

const port = Number(process.env.PORT ?? 5000);
const dataDirSetting = process.env.DATA_DIR ?? './.data';
const dataDir = dataDirSetting === ':memory:' ? null : resolve(dataDirSetting);

const runtime = await startRuntime({
  port,
  dataDir,
  log: (line) => console.log(`${new Date().toISOString()} ${line}`),
  seed: true,
  solverWorker: true,
});

const base = `http://127.0.0.1:${runtime.port}`;
console.log(`FlexMeasures API v3.0-20 listening on ${base} (data: ${dataDir ?? 'in memory'})`);
console.log(`Try: curl -s ${base}/api/v3_0`);
console.log(`API docs: ${base}/api/v3_0/docs (OpenAPI document: ${base}/api/v3_0/openapi.json)`);
console.log(`Web console: ${base}/console`);
if (runtime.seed) printSeedCredentials(runtime.seed);

function printSeedCredentials(seed: NonNullable<typeof runtime.seed>): void {
  const { adminEmail, generatedPassword } = seed;
  const password = generatedPassword ?? '$SEED_ADMIN_PASSWORD';
  // JSON in double quotes so the shell expands $SEED_ADMIN_PASSWORD; generated passwords are alphanumeric.
  const body = JSON.stringify({ email: adminEmail, password }).replace(/"/g, '\\"');
  console.log('');
  console.log(`First run: created the account "${seed.account.name}" and the admin user ${adminEmail}.`);
  if (generatedPassword) {
    console.log(`Admin password (shown only this once; change it with: npm run cli -- reset-password --email ${adminEmail}):`);
    console.log(`  ${generatedPassword}`);
  } else {
    console.log('Admin password: the value of SEED_ADMIN_PASSWORD.');
  }
  console.log('Get a token:');
  console.log(`  curl -s -X POST ${base}/api/requestAuthToken -H 'Content-Type: application/json' -d "${body}"`);
  console.log('Then, e.g.:');
  console.log(`  curl -s ${base}/api/v3_0/accounts -H 'Authorization: <auth_token>'`);
  const tomorrow = seed.demoPrices.days.at(-1)!;
  console.log(`Demo day-ahead prices for tomorrow (${tomorrow}, Europe/Amsterdam) in EUR/kWh:`);
  console.log(`  curl -s '${base}${dayPricesRequestPath(seed.demoPrices.sensorId, tomorrow, 'EUR/kWh')}' -H 'Authorization: <auth_token>'`);
  console.log('');
}

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
