/**
 * Security and best-practice checks at synth: cdk-nag's AWS Solutions and Serverless packs run as
 * CDK validation plugins, so `cdk synth` fails on any finding that is neither fixed nor
 * acknowledged. Acknowledgements are made in lib/stack.ts on the construct that has the finding,
 * each with one of the reasons below (docs/deploy-checks.md lists them).
 */
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/** Adds the cdk-nag packs to every stack of `app`. */
export function addSecurityChecks(app: IConstruct): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
}

/** Why each acknowledged finding is acceptable (rule id → reason). */
export const ACKNOWLEDGED = {
  publicRoute: {
    id: 'AwsSolutions::AwsSolutions-APIG4',
    reason:
      'A public route of FlexMeasures (health, version listings, sunset notices, docs, web console, token request): it answers without a token by design, throttled at the stage',
  },
  authenticatedInFunction: {
    id: 'AwsSolutions::AwsSolutions-APIG4',
    reason:
      'The function authenticates the caller itself (FlexMeasures token in the Authorization header, decision 0141): no gateway-level authorizer, so the answers keep FlexMeasures\' 401 shape',
  },
  defaultRoute: {
    id: 'AwsSolutions::AwsSolutions-APIG4',
    reason:
      'The $default route only answers FlexMeasures\' 404/405 for paths and methods no other route takes; it reads no data, and an authorizer would turn those answers into 401s',
  },
  wildcardWithoutResource: {
    id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
    reason:
      'The action has no resource-level permissions (X-Ray trace upload: xray:PutTraceSegments, xray:PutTelemetryRecords; Timestream endpoint discovery: timestream:DescribeEndpoints), so this shared policy names Resource "*" and nothing else',
  },
  synchronousFunction: {
    id: 'Serverless::Serverless-LambdaDLQ',
    reason:
      'Invoked synchronously by API Gateway: a failure is answered to the client and logged; a dead-letter queue only applies to asynchronous invocations',
  },
  queueConsumer: {
    id: 'Serverless::Serverless-LambdaDLQ',
    reason:
      'Invoked by an SQS event source mapping (synchronously): failed messages go back to the queue and end in its dead-letter queue, not in a function DLQ',
  },
  asyncWithDestination: {
    id: 'Serverless::Serverless-LambdaDLQ',
    reason:
      'Invoked asynchronously by EventBridge Scheduler: failed runs go to the on-failure destination (PriceIngestDlq) with their error, which replaces a function DLQ',
  },
  sqsMappingWithRedrive: {
    id: 'Serverless::Serverless-LambdaEventSourceMappingDestination',
    reason:
      'An SQS event source mapping cannot have an on-failure destination; the job queue dead-letters a message after 5 receives (redrive policy)',
  },
  dlqMapping: {
    id: 'Serverless::Serverless-LambdaEventSourceMappingDestination',
    reason:
      'Consumes the dead-letter queue itself (an SQS mapping has no on-failure destination): a message it fails on stays in the DLQ for 14 days and is alarmed on',
  },
  isDeadLetterQueue: {
    id: 'Serverless::Serverless-SQSRedrivePolicy',
    reason: 'This queue is a dead-letter queue: a redrive policy on it would only move failures one queue further',
  },
  destinationQueue: {
    id: 'AwsSolutions::AwsSolutions-SQS3',
    reason:
      'This queue is the dead-letter target of the price-ingestion schedule and the on-failure destination of its function (not an SQS redrive target, which is what the rule looks for)',
  },
  schedulerInvokeVersions: {
    // The finding names the function's logical id; lib/stack.ts builds the full id.
    id: 'AwsSolutions::AwsSolutions-IAM5[Resource::<ingest function>.Arn:*]',
    reason:
      "The scheduler role may invoke the price-ingestion function and its versions (the scheduler target's own grant); it can invoke nothing else",
  },
  timestreamAwsOwnedKey: {
    id: 'AwsSolutions::AwsSolutions-TS3',
    reason:
      'Timestream encrypts at rest with an AWS owned key; a customer managed key adds cost and key administration and is left to operators who require it',
  },
  timestreamMaintenanceMode: {
    id: 'CloudFormation-Validate::W3697',
    reason:
      'Timestream for LiveAnalytics is closed to new customers since 2025-06-20; this belief store is chosen explicitly (beliefStore=timestream) by accounts that already have it, see docs/deploy-checks.md',
  },
} as const;

/** Records that `entry`'s finding on `scope` (and the constructs below it) is accepted, with its reason. */
export function acknowledge(scope: IConstruct, entry: { id: string; reason: string }): void {
  Validations.of(scope).acknowledge({ id: entry.id, reason: entry.reason });
}
