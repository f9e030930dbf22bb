/**
 * CDK assertions for storage scheduling (docs/contract/aws-services.md §4): the solver Lambda on the job queue (batch size
 * 1, partial batch failures, bounded concurrency, timeout vs. visibility timeout, its environment),
 * the dead-letter consumer, least-privilege grants, and the alarms. Bundling is skipped here;
 * test/infra/solver-bundle.test.ts runs the bundled solver.
 */
import { describe, it, expect } from '@jest/globals';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { readConfig } from '../../lib/config.js';
import { FlexMeasuresStack, JOB_MAX_RECEIVE_COUNT, SOLVER_MEMORY_MB } from '../../lib/stack.js';

function synth(context: Record<string, unknown> = {}): Template {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], beliefStore: 'timestream', ...context } });
  const config = readConfig((key) => app.node.tryGetContext(key));
  return Template.fromStack(new FlexMeasuresStack(app, 'Test', { config }));
}

type Resource = { Type: string; Properties: Record<string, any> };
const resources = (t: Template) => t.toJSON().Resources as Record<string, Resource>;
/** The logical id of the one resource of `type` whose id is `name` plus CDK's 8-character hash. */
const idOf = (t: Template, type: string, name: string) => {
  const ids = Object.keys(resources(t)).filter((id) => resources(t)[id]!.Type === type && new RegExp(`^${name}[0-9A-F]{8}$`).test(id));
  expect(ids).toHaveLength(1);
  return ids[0]!;
};

/** The IAM actions a function's role may take on each resource logical id (wildcard resources under "*"). */
function grants(t: Template, fnId: string): Map<string, Set<string>> {
  const all = resources(t);
  const role = JSON.stringify(all[fnId]!.Properties.Role);
  const roleId = Object.keys(all).find((id) => all[id]!.Type === 'AWS::IAM::Role' && role.includes(`"${id}"`))!;
  const out = new Map<string, Set<string>>();
  for (const policy of Object.values(all).filter((r) => r.Type === 'AWS::IAM::Policy')) {
    if (!JSON.stringify(policy.Properties.Roles).includes(`"${roleId}"`)) continue;
    for (const statement of policy.Properties.PolicyDocument.Statement) {
      const actions: string[] = [statement.Action].flat();
      const targets = [statement.Resource].flat().map((r: unknown) => {
        if (r === '*') return '*';
        const text = JSON.stringify(r);
        return Object.keys(all).find((id) => text.includes(`"${id}"`)) ?? text;
      });
      for (const target of targets) {
        const set = out.get(target) ?? new Set<string>();
        actions.forEach((a) => set.add(a));
        out.set(target, set);
      }
    }
  }
  return out;
}

const timestream = synth();
const dynamo = synth({ beliefStore: 'dynamodb' });

describe('the solver Lambda', () => {
  const solverId = idOf(timestream, 'AWS::Lambda::Function', 'SolverFunction');

  it('runs on nodejs24.x arm64 with a full vCPU and the configured timeout, GLPK getting half of it', () => {
    expect(resources(timestream)[solverId]!.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      MemorySize: SOLVER_MEMORY_MB,
      Timeout: 300,
      Environment: { Variables: { JOB_MAX_RECEIVE_COUNT: '5', JOB_LEASE_SECONDS: '300', SCHEDULER_TIME_LIMIT_SECONDS: '150' } },
    });
    expect(SOLVER_MEMORY_MB).toBeGreaterThanOrEqual(1024);
  });

  it('consumes the job queue one message at a time, reporting partial batch failures, with bounded concurrency', () => {
    const queueId = idOf(timestream, 'AWS::SQS::Queue', 'ScheduleJobs');
    timestream.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: solverId },
      EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 5 },
    });
  });

  it('gives the queue a visibility timeout of 6× the solver timeout and dead-letters after the solver\'s last attempt', () => {
    const queueId = idOf(timestream, 'AWS::SQS::Queue', 'ScheduleJobs');
    const queue = resources(timestream)[queueId]!.Properties;
    expect(queue.VisibilityTimeout).toBe(6 * resources(timestream)[solverId]!.Properties.Timeout);
    expect(queue.RedrivePolicy.maxReceiveCount).toBe(JOB_MAX_RECEIVE_COUNT);
  });

  it('follows the context: solverTimeoutSeconds and solverMaxConcurrency', () => {
    const t = synth({ solverTimeoutSeconds: 120, solverMaxConcurrency: 20 });
    const id = idOf(t, 'AWS::Lambda::Function', 'SolverFunction');
    expect(resources(t)[id]!.Properties).toMatchObject({
      Timeout: 120,
      Environment: { Variables: { JOB_LEASE_SECONDS: '120', SCHEDULER_TIME_LIMIT_SECONDS: '60' } },
    });
    t.hasResourceProperties('AWS::Lambda::EventSourceMapping', { FunctionName: { Ref: id }, ScalingConfig: { MaximumConcurrency: 20 } });
    t.hasResourceProperties('AWS::SQS::Queue', { VisibilityTimeout: 720 });
    expect(() => synth({ solverTimeoutSeconds: 901 })).toThrow('solverTimeoutSeconds');
    expect(() => synth({ solverMaxConcurrency: 1 })).toThrow('solverMaxConcurrency');
  });

  it.each([
    ['timestream', timestream, 'BeliefTimeSeries'],
    ['dynamodb', dynamo, 'BeliefsTable'],
  ] as const)('may read/write entities, beliefs and jobs and consume the queue — nothing else (%s)', (_, t, beliefs) => {
    const id = idOf(t, 'AWS::Lambda::Function', 'SolverFunction');
    const granted = grants(t, id);
    const keys = [...granted.keys()].filter((k) => k !== '*');
    // (L1 resources such as the Timestream table keep their id without a hash.)
    const named = (name: string) => keys.find((k) => new RegExp(`^${name}([0-9A-F]{8})?$`).test(k));
    expect(named('EntitiesTable')).toBeDefined();
    expect(named('JobsTable')).toBeDefined();
    expect(named(beliefs)).toBeDefined();
    const queue = named('ScheduleJobs')!;
    expect([...granted.get(queue)!].sort()).toEqual(['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage']);
    expect(granted.get(queue)!.has('sqs:SendMessage')).toBe(false);
    // Besides its stores and queue, only its own log group.
    expect(keys.filter((k) => ![named('EntitiesTable'), named('JobsTable'), named(beliefs), queue].includes(k))).toEqual([idOf(t, 'AWS::Logs::LogGroup', 'SolverLogs')]);
    if (granted.has('*')) expect([...granted.get('*')!]).toEqual(['timestream:DescribeEndpoints']);
  });
});

describe('the dead-letter consumer', () => {
  it('consumes the dead-letter queue and may only write jobs', () => {
    const id = idOf(dynamo, 'AWS::Lambda::Function', 'SolverDlqFunction');
    const dlqId = idOf(dynamo, 'AWS::SQS::Queue', 'ScheduleJobsDlq');
    dynamo.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: id },
      EventSourceArn: { 'Fn::GetAtt': [dlqId, 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    const keys = [...grants(dynamo, id).keys()];
    const jobs = idOf(dynamo, 'AWS::DynamoDB::Table', 'JobsTable');
    expect(keys.sort()).toEqual([dlqId, jobs, idOf(dynamo, 'AWS::Logs::LogGroup', 'SolverDlqLogs')].sort());
  });
});

describe('alarms', () => {
  it('on solver errors and on dead-lettered job messages', () => {
    const solverId = idOf(timestream, 'AWS::Lambda::Function', 'SolverFunction');
    timestream.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Namespace: 'AWS/Lambda',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: solverId } }],
      Statistic: 'Sum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    timestream.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'NumberOfMessagesReceived',
      Namespace: 'AWS/SQS',
      Dimensions: [{ Name: 'QueueName', Value: Match.objectLike({ 'Fn::GetAtt': [idOf(timestream, 'AWS::SQS::Queue', 'ScheduleJobsDlq'), 'QueueName'] }) }],
      Threshold: 0,
    });
  });
});
