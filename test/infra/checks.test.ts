/**
 * The checks `cdk synth` runs on the app (lib/app-builder.ts): cdk-nag's AWS Solutions and
 * Serverless packs, CloudFormation's own rules as errors, and the deploy preflight, on both belief
 * stores, plus negative cases showing each check fails the synth. Bundling is skipped (offline, fast).
 */
import { afterAll, describe, it, expect } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CfnResource, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import { buildApp } from '../../lib/app-builder.js';
import { BELIEF_STORE_CHOICE } from '../../lib/config.js';
import {
  LAMBDA_ENVIRONMENT_MAX_BYTES,
  ROLE_INLINE_POLICY_MAX_CHARS,
  preflightFindings,
  type PreflightFinding,
  type TemplateJson,
} from '../../lib/preflight.js';

const ROOT = join(import.meta.dirname, '..', '..');
const outdirs: string[] = [];
afterAll(() => outdirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

interface Report {
  pluginReports: { pluginName: string; violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[] }[];
}

/** Synthesizes the app as the CLI does (with the given belief store); `change` may alter the stack first. */
function synth(beliefStore: 'timestream' | 'dynamodb', change?: (stack: ReturnType<typeof buildApp>['stack']) => void, extra: Record<string, unknown> = {}) {
  const outdir = mkdtempSync(join(tmpdir(), 'fm-checks-'));
  outdirs.push(outdir);
  const { app, stack } = buildApp({ outdir, context: { 'aws:cdk:bundling-stacks': [], beliefStore, entsoeTargets: '{"NL": 5}', ...extra } });
  change?.(stack);
  let error: Error | undefined;
  try {
    app.synth();
  } catch (e) {
    error = e as Error;
  }
  const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as Report;
  const violations = report.pluginReports.flatMap((p) => p.violations.map((v) => ({ plugin: p.pluginName, rule: v.ruleName, paths: v.violatingConstructs.map((c) => c.constructPath) })));
  const template = () => JSON.parse(readFileSync(join(outdir, `${stack.stackName}.template.json`), 'utf8')) as TemplateJson;
  return { app, stack, error, violations, template };
}

/** Every acknowledgement in the construct tree: where, which rule, why. */
function acknowledgements(root: IConstruct): { path: string; id: string; reason: string }[] {
  return root.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({ path: c.node.path, id, reason }))),
  );
}

const variants = { timestream: synth('timestream'), dynamodb: synth('dynamodb') };

describe.each(['timestream', 'dynamodb'] as const)('the %s stack', (store) => {
  const { error, violations, app, stack, template } = variants[store];

  it('synthesizes with no unacknowledged finding of cdk-nag, CloudFormation rules or the preflight', () => {
    expect(violations).toEqual([]);
    expect(error).toBeUndefined();
    expect(preflightFindings(template())).toEqual([]);
  });

  it('acknowledges only on the constructs that have a finding, each with a written reason', () => {
    const acks = acknowledgements(app);
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect(ack.path).not.toBe(stack.node.path);
      expect(ack.path).not.toBe('');
      expect(ack.reason.length).toBeGreaterThan(40);
    }
    const ids = new Set(acks.map((a) => a.id.replace(/<[^>]+>/, '<fn>')));
    const expected = [
      'AwsSolutions::AwsSolutions-APIG4',
      'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      'AwsSolutions::AwsSolutions-IAM5[Resource::<fn>:*]',
      'AwsSolutions::AwsSolutions-SQS3',
      'Serverless::Serverless-LambdaDLQ',
      'Serverless::Serverless-LambdaEventSourceMappingDestination',
      'Serverless::Serverless-SQSRedrivePolicy',
      ...(store === 'timestream' ? ['AwsSolutions::AwsSolutions-TS3', 'CloudFormation-Validate::W3697'] : []),
    ];
    expect([...ids].sort()).toEqual(expected.sort());
  });
});

describe('each check fails the synth', () => {
  it('cdk-nag: a wildcard resource on a function role', () => {
    const { error, violations } = synth('dynamodb', (stack) => {
      stack.functions.get('solver')!.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }));
    });
    expect(error).toBeDefined();
    expect(violations).toEqual([{ plugin: 'AwsSolutions', rule: 'AwsSolutions-IAM5[Resource::*]', paths: ['FlexMeasures-dev/SolverRole/DefaultPolicy/Resource'] }]);
  });

  it('CloudFormation rules: a property out of range is an error, not a warning', () => {
    const { error, violations } = synth('dynamodb', (stack) => {
      new CfnResource(stack, 'Bad', { type: 'AWS::SQS::Queue', properties: { MessageRetentionPeriod: 10 } });
    });
    expect(error).toBeDefined();
    expect(violations).toEqual([{ plugin: 'CloudFormation Validate', rule: 'F3034', paths: ['FlexMeasures-dev/Bad'] }]);
  });

  it('the preflight: a function environment over 4 KB', () => {
    const { error, violations } = synth('dynamodb', (stack) => {
      stack.functions.get('solver')!.addEnvironment('TOO_MUCH', 'x'.repeat(LAMBDA_ENVIRONMENT_MAX_BYTES));
    });
    expect(error).toBeDefined();
    expect(violations).toEqual([{ plugin: 'Preflight', rule: 'Preflight-LambdaEnvironmentSize', paths: ['FlexMeasures-dev/SolverFunction/Resource'] }]);
  });
});

describe('the preflight checks, one by one on the synthesized template', () => {
  const base = variants.dynamodb.template();
  const resources = base.Resources!;
  const idOf = (type: string, prefix: string) => Object.keys(resources).find((id) => resources[id]!.Type === type && id.startsWith(prefix))!;
  /** A copy of the template with `edit` applied. */
  const changed = (edit: (r: Record<string, any>) => void): TemplateJson => {
    const copy = structuredClone(base) as { Resources: Record<string, any> };
    edit(copy.Resources);
    return copy;
  };
  const rules = (findings: PreflightFinding[]) => findings.map((f) => [f.rule, f.logicalId]);

  it('inline policies of a role over 10,240 characters', () => {
    const role = idOf('AWS::IAM::Role', 'SolverRole');
    const t = changed((r) => {
      r.Extra = {
        Type: 'AWS::IAM::Policy',
        Properties: {
          PolicyName: 'extra',
          Roles: [{ Ref: role }],
          PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: `arn:aws:sqs:eu-west-1:123456789012:${'q'.repeat(ROLE_INLINE_POLICY_MAX_CHARS)}` }] },
        },
      };
    });
    expect(rules(preflightFindings(t))).toEqual([['Preflight-InlinePolicySize', role]]);
  });

  it('counts deploy-time values generously: many references add up', () => {
    const role = idOf('AWS::IAM::Role', 'SolverRole');
    const table = idOf('AWS::DynamoDB::Table', 'EntitiesTable');
    const statements = Array.from({ length: 80 }, () => ({ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: { 'Fn::GetAtt': [table, 'Arn'] } }));
    const t = changed((r) => {
      r.Extra = { Type: 'AWS::IAM::Policy', Properties: { PolicyName: 'extra', Roles: [{ Ref: role }], PolicyDocument: { Version: '2012-10-17', Statement: statements } } };
    });
    expect(rules(preflightFindings(t))).toEqual([['Preflight-InlinePolicySize', role]]);
  });

  it('a function environment over 4 KB', () => {
    const fn = idOf('AWS::Lambda::Function', 'SolverFunction');
    const t = changed((r) => {
      r[fn].Properties.Environment.Variables.BIG = 'x'.repeat(4000);
    });
    expect(rules(preflightFindings(t))).toEqual([['Preflight-LambdaEnvironmentSize', fn]]);
  });

  it.each([
    ['AWS::Lambda::Function', 'SolverFunction', 'FunctionName', 65],
    ['AWS::IAM::Role', 'SolverRole', 'RoleName', 65],
    ['AWS::Logs::LogGroup', 'SolverLogs', 'LogGroupName', 513],
    ['AWS::SQS::Queue', 'ScheduleJobsDlq', 'QueueName', 81],
  ])('a %s name over its limit', (type, prefix, property, length) => {
    const id = idOf(type, prefix);
    const fits = changed((r) => {
      r[id].Properties[property] = 'n'.repeat(length - 1);
    });
    expect(preflightFindings(fits)).toEqual([]);
    const tooLong = changed((r) => {
      r[id].Properties[property] = { 'Fn::Join': ['-', [{ Ref: 'AWS::StackName' }, 'n'.repeat(length)]] };
    });
    expect(rules(preflightFindings(tooLong))).toEqual([['Preflight-NameLength', id]]);
  });

  it('a log group without retention, and a function logging to the implicit group', () => {
    const logs = idOf('AWS::Logs::LogGroup', 'SolverLogs');
    const fn = idOf('AWS::Lambda::Function', 'SolverDlqFunction');
    const t = changed((r) => {
      delete r[logs].Properties.RetentionInDays;
      delete r[fn].Properties.LoggingConfig;
    });
    expect(rules(preflightFindings(t)).sort()).toEqual([['Preflight-LogRetention', fn], ['Preflight-LogRetention', logs]].sort());
  });
});

describe('the belief store is an explicit choice', () => {
  it('a bare synth stops at once with the message explaining both stores', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'fm-bare-'));
    outdirs.push(outdir);
    const run = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsx'), ['lib/app.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify({ stage: 'dev' }), CDK_OUTDIR: outdir },
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe(BELIEF_STORE_CHOICE);
  });
});
