/** The CDK app: `npx cdk synth -c beliefStore=…` / `npx cdk deploy -c beliefStore=…` (context keys in README.md). */
import { buildApp } from './app-builder.js';
import { ConfigError } from './config.js';

try {
  buildApp();
} catch (e) {
  if (!(e instanceof ConfigError)) throw e;
  // A configuration mistake: say what to do, without a stack trace.
  console.error(e.message);
  process.exit(1);
}
