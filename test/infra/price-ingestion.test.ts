/** CDK assertions on the day-ahead price ingestion: schedule, time zone, target, retries, DLQ, grants. */
import { describe, it, expect } from '@jest/globals';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { readConfig } from '../../lib/config.js';
import { FlexMeasuresStack } from '../../lib/stack.js';

type Resource = { Type: string; Properties: Record<string, any> };

function synth(context: Record<string, unknown> = {}): Template {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], beliefStore: 'timestream', ...context } });
  const config = readConfig((key) => app.node.tryGetContext(key));
  return Template.fromStack(new FlexMeasuresStack(app, 'Test', { config, env: { account: '123456789012', region: 'eu-west-1' } }));
}

const withTargets = synth({ entsoeTargets: '{"10YNL----------L": 5, "DE-LU": [7, 8]}', stage: 'prod' });
const resources = (t: Template) => t.toJSON().Resources as Record<string, Resource>;
const idOf = (t: Template, type: string, match: (r: Resource) => boolean) =>
  Object.entries(resources(t)).find(([, r]) => r.Type === type && match(r))![0];

const ingestFunctionId = idOf(withTargets, 'AWS::Lambda::Function', (r) => r.Properties.Environment?.Variables?.ENTSOE_TARGETS !== undefined);
const dlqId = Object.keys(resources(withTargets)).find((id) => /^PriceIngestDlq[0-9A-F]{8}$/.test(id))!;

describe('day-ahead price ingestion schedule', () => {
  it('runs every 30 minutes from 13:00 to 16:30 in Europe/Amsterdam time (not UTC), always on', () => {
    withTargets.resourceCountIs('AWS::Scheduler::Schedule', 1);
    withTargets.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0,30 13-16 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Amsterdam',
      State: 'ENABLED',
      FlexibleTimeWindow: { Mode: 'OFF' },
    });
  });

  it('targets the ingest Lambda with the scheduled time, retries delivery and dead-letters to an SQS queue', () => {
    const schedule = Object.values(resources(withTargets)).find((r) => r.Type === 'AWS::Scheduler::Schedule')!;
    const target = schedule.Properties.Target;
    expect(target.Arn).toEqual({ 'Fn::GetAtt': [ingestFunctionId, 'Arn'] });
    expect(JSON.parse(target.Input)).toEqual({ scheduledTime: '<aws.scheduler.scheduled-time>' });
    expect(target.RetryPolicy).toEqual({ MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 1500 });
    const dlqArn = target.DeadLetterConfig.Arn;
    expect(dlqArn['Fn::GetAtt'][1]).toBe('Arn');
    const dlq = resources(withTargets)[dlqArn['Fn::GetAtt'][0]]!;
    expect(dlq.Type).toBe('AWS::SQS::Queue');
    expect(dlq.Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 1_209_600 });
    expect(dlqArn['Fn::GetAtt'][0]).toBe(dlqId);
  });

  it('retries a failed run twice in Lambda, then sends it to the same DLQ, and alarms on that queue', () => {
    withTargets.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: ingestFunctionId },
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 1500,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlqId, 'Arn'] } } },
    });
    withTargets.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
      Threshold: 0,
    });
  });

  it('configures the function from context: canonical targets and the token parameter name, no secret', () => {
    const fn = resources(withTargets)[ingestFunctionId]!;
    expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], Timeout: 180, MemorySize: 256 });
    const env = fn.Properties.Environment.Variables;
    expect(env.ENTSOE_TARGETS).toBe('{"10YNL----------L":[5],"10Y1001A1001A82H":[7,8]}');
    expect(env.ENTSOE_TOKEN_PARAMETER).toBe('/flexmeasures/prod/entsoe-token');
    expect(env).not.toHaveProperty('ENTSOE_BASE_URL');
    expect(env).not.toHaveProperty('ENTSOE_TOKEN');
    withTargets.resourceCountIs('AWS::SSM::Parameter', 0);
  });

  it('grants the function the entity and belief stores, and ssm:GetParameter on that one parameter only', () => {
    const roleId = resources(withTargets)[ingestFunctionId]!.Properties.Role['Fn::GetAtt'][0] as string;
    const statements = Object.values(resources(withTargets))
      .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(`"${roleId}"`))
      .flatMap((r) => r.Properties.PolicyDocument.Statement as Record<string, any>[]);
    const text = JSON.stringify(statements);
    expect(text).toMatch(/"EntitiesTable[0-9A-F]{8}"/);
    expect(text).toMatch(/"BeliefTimeSeries"/);
    expect(text).not.toMatch(/"JobsTable[0-9A-F]{8}"/);
    const ssm = statements.filter((s) => JSON.stringify(s.Action).includes('ssm:'));
    expect(ssm).toEqual([
      {
        Effect: 'Allow',
        Action: 'ssm:GetParameter',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ssm:eu-west-1:123456789012:parameter/flexmeasures/prod/entsoe-token']] },
      },
    ]);
    expect(text).not.toContain('kms:Decrypt'); // the AWS managed key aws/ssm needs no grant
    for (const s of statements) if (s.Resource === '*') expect(s.Action).toBe('timestream:DescribeEndpoints');
  });

  it('grants kms:Decrypt via SSM on a customer managed key when one is configured', () => {
    const keyArn = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const t = synth({ entsoeTargets: { NL: 5 }, entsoeTokenParameter: '/ops/entsoe', entsoeTokenKmsKeyArn: keyArn });
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          { Effect: 'Allow', Action: 'kms:Decrypt', Resource: keyArn, Condition: { StringEquals: { 'kms:ViaService': 'ssm.eu-west-1.amazonaws.com' } } },
        ]),
      },
    });
  });

  it('has no schedule, function or DLQ without targets, and rejects bad context', () => {
    const none = synth();
    none.resourceCountIs('AWS::Scheduler::Schedule', 0);
    none.resourceCountIs('AWS::Lambda::EventInvokeConfig', 0);
    expect(JSON.stringify(none.toJSON())).not.toContain('ENTSOE_TARGETS');
    expect(() => synth({ entsoeTargets: '{"10Y1001A1001A83F": 5}' })).toThrow(/Context entsoeTargets: Unknown bidding zone '10Y1001A1001A83F'/);
    expect(() => synth({ entsoeTargets: '{"NL": 5}', entsoeTokenParameter: 'arn:aws:ssm:x' })).toThrow(/entsoeTokenParameter must be an SSM parameter name/);
    expect(() => synth({ entsoeTargets: '{"NL": 5}', entsoeTokenKmsKeyArn: 'alias/aws/ssm' })).toThrow(/entsoeTokenKmsKeyArn must be a KMS key ARN/);
  });
});
