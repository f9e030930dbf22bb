/**
 * Builds the CDK app the way `cdk synth` / `cdk deploy` run it (lib/app.ts), so tests check exactly
 * what is deployed: the stack for the chosen belief store, cdk-nag's packs and the deploy preflight
 * as validation plugins, and CloudFormation's own rules failing the synth.
 */
import { App, type AppProps } from 'aws-cdk-lib';
import { readConfig } from './config.js';
import { addSecurityChecks } from './nag.js';
import { addPreflight } from './preflight.js';
import { FlexMeasuresStack } from './stack.js';

/** The feature flag that turns CloudFormation's rule findings (at synth) from warnings into errors. */
const VALIDATE_AGAINST_DEFAULT_RULES = '@aws-cdk/core:validateAgainstDefaultRules';

export function buildApp(props: AppProps = {}): { app: App; stack: FlexMeasuresStack } {
  const app = new App({ ...props, context: { [VALIDATE_AGAINST_DEFAULT_RULES]: true, ...props.context } });
  const config = readConfig((key) => app.node.tryGetContext(key));
  const stack = new FlexMeasuresStack(app, `FlexMeasures-${config.stage}`, {
    config,
    description: `FlexMeasures REST API v3.0-20 (serverless), stage ${config.stage}`,
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
  addSecurityChecks(app);
  addPreflight(app);
  return { app, stack };
}
