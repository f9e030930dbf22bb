/**
 * `npm run cli -- <command> [options]`: the admin CLI (accounts, users, assets, sensors, belief imports, price ingestion). See
 * `npm run cli -- --help` and local/cli/connect.ts for which tables it works on.
 */
import { createProgram } from './cli/program.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.LOG_LEVEL ??= 'WARN';

await createProgram().parseAsync(process.argv);
