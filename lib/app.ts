/** The CDK app: `npx cdk synth` / `npx cdk deploy` (context keys in README.md). */
import { App } from 'aws-cdk-lib';
import { readConfig } from './config.js';
import { FlexMeasuresStack } from './stack.js';

const app = new App();
const config = readConfig((key) => app.node.tryGetContext(key));
new FlexMeasuresStack(app, `FlexMeasures-${config.stage}`, {
  config,
  description: `FlexMeasures REST API v3.0-20 (serverless), stage ${config.stage}`,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
