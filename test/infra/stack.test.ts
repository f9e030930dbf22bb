/** CDK assertions on the synthesized stack, for both belief stores (bundling skipped: offline and fast). */
import { describe, it, expect } from '@jest/globals';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { BELIEF_STORE_CHOICE, ConfigError, readConfig } from '../../lib/config.js';
import { FlexMeasuresStack } from '../../lib/stack.js';
import { ROUTES, gatewayPath } from '../../functions/routes.js';

function synth(context: Record<string, unknown> = {}): Template {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], beliefStore: 'timestream', ...context } });
  const config = readConfig((key) => app.node.tryGetContext(key));
  return Template.fromStack(new FlexMeasuresStack(app, 'Test', { config }));
}

const timestream = synth();
const dynamo = synth({ beliefStore: 'dynamodb' });

describe('routes', () => {
  it('deploys every route of the route table on the HTTP API, plus $default', () => {
    const keys = Object.values(timestream.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties.RouteKey);
    for (const route of ROUTES.filter((r) => !r.path.endsWith('/'))) {
      expect(keys).toContain(`${route.method} ${gatewayPath(route.path)}`);
    }
    expect(keys).toContain('$default');
    expect(keys).toHaveLength(ROUTES.filter((r) => !r.path.endsWith('/')).length + 1);
  });

  it('runs every function on nodejs24.x arm64', () => {
    const fns = Object.values(timestream.findResources('AWS::Lambda::Function'));
    expect(fns.length).toBeGreaterThan(0);
    for (const fn of fns) {
      expect(fn.Properties.Runtime).toBe('nodejs24.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
    }
  });

  it('has no authorizer: no route carries gateway-level authorization (the functions authenticate)', () => {
    for (const t of [timestream, dynamo]) {
      expect(t.findResources('AWS::ApiGatewayV2::Authorizer')).toEqual({});
      for (const route of Object.values(t.findResources('AWS::ApiGatewayV2::Route'))) {
        expect(route.Properties.AuthorizationType ?? 'NONE').toBe('NONE');
        expect(route.Properties.AuthorizerId).toBeUndefined();
      }
    }
  });
});

describe('the API stage', () => {
  const stages = (t: Template) => Object.entries(t.findResources('AWS::ApiGatewayV2::Stage'));
  const credentialKeys = ROUTES.filter((r) => r.throttle === 'credentials').map((r) => `${r.method} ${gatewayPath(r.path)}`);

  it('is one auto-deployed $default stage, every route throttled', () => {
    expect(stages(timestream)).toHaveLength(1);
    const [, stage] = stages(timestream)[0]!;
    expect(stage.Properties).toMatchObject({ StageName: '$default', AutoDeploy: true, DefaultRouteSettings: { ThrottlingRateLimit: 500, ThrottlingBurstLimit: 1000 } });
  });

  it('throttles the password-checking routes far tighter, once they exist', () => {
    expect(credentialKeys).toEqual(['POST /api/requestAuthToken']);
    const [, stage] = stages(timestream)[0]!;
    expect(stage.Properties.RouteSettings).toEqual({ 'POST /api/requestAuthToken': { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 } });
    const routes = timestream.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: 'POST /api/requestAuthToken' } });
    expect(stage.DependsOn).toEqual(expect.arrayContaining(Object.keys(routes)));
  });

  it('takes its limits from context', () => {
    const t = synth({ apiThrottleRate: 50, apiThrottleBurst: 100, authThrottleRate: 1, authThrottleBurst: 2 });
    const [, stage] = stages(t)[0]!;
    expect(stage.Properties.DefaultRouteSettings).toMatchObject({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 });
    expect(stage.Properties.RouteSettings['POST /api/requestAuthToken']).toEqual({ ThrottlingRateLimit: 1, ThrottlingBurstLimit: 2 });
    expect(() => synth({ apiThrottleBurst: 0 })).toThrow('positive number');
  });

  it('writes one JSON access-log line per request, with the request id, into a log group with retention', () => {
    const [, stage] = stages(timestream)[0]!;
    const { DestinationArn, Format } = stage.Properties.AccessLogSettings;
    const fields = JSON.parse(Format);
    expect(fields).toMatchObject({ requestId: '$context.requestId', routeKey: '$context.routeKey', status: '$context.status', integrationError: '$context.integrationErrorMessage' });
    const [group] = Object.entries(timestream.findResources('AWS::Logs::LogGroup')).filter(([id]) => DestinationArn['Fn::GetAtt'][0] === id);
    expect(group![1].Properties.RetentionInDays).toBe(30);
  });
});

describe('stores and queue', () => {
  it('creates on-demand tables with point-in-time recovery, retained and protected by default', () => {
    const tables = timestream.findResources('AWS::DynamoDB::Table');
    expect(Object.keys(tables)).toHaveLength(3);
    for (const t of Object.values(tables)) {
      expect(t.Properties.BillingMode).toBe('PAY_PER_REQUEST');
      expect(t.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
      expect(t.Properties.DeletionProtectionEnabled).toBe(true);
      expect(t.DeletionPolicy).toBe('Retain');
    }
    timestream.hasResourceProperties('AWS::DynamoDB::Table', {
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      GlobalSecondaryIndexes: Match.arrayWith([Match.objectLike({ IndexName: 'gsi1' })]),
    });
  });

  it('puts beliefs in Timestream with sensor_id as the required partition key and magnetic writes', () => {
    timestream.hasResourceProperties('AWS::Timestream::Table', {
      MagneticStoreWriteProperties: { EnableMagneticStoreWrites: true },
      Schema: { CompositePartitionKey: [{ Type: 'DIMENSION', Name: 'sensor_id', EnforcementInRecord: 'REQUIRED' }] },
    });
    dynamo.resourceCountIs('AWS::Timestream::Table', 0);
    dynamo.resourceCountIs('AWS::Timestream::Database', 0);
  });

  it('has an encrypted job queue with a dead-letter queue after 5 receives and a long visibility timeout', () => {
    timestream.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      VisibilityTimeout: 1800,
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 5 },
    });
  });

  it('alarms on dead-lettered jobs, solver errors and the API 5xx rate', () => {
    timestream.resourceCountIs('AWS::CloudWatch::Alarm', 3);
  });

  it('rejects an unknown belief store', () => {
    expect(() => synth({ beliefStore: 'influx' })).toThrow('beliefStore');
  });

  it('has no default belief store: without one the configuration stops with the choice explained', () => {
    const read = () => readConfig((key) => (key === 'beliefStore' ? undefined : null));
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(BELIEF_STORE_CHOICE);
    expect(BELIEF_STORE_CHOICE).toMatch(/-c beliefStore=dynamodb/);
    expect(BELIEF_STORE_CHOICE).toMatch(/-c beliefStore=timestream/);
  });
});

describe('one function per endpoint, least privilege', () => {
  type Resource = { Type: string; Properties: Record<string, any> };
  const template = (t: Template) => t.toJSON().Resources as Record<string, Resource>;

  function functionOfRoute(t: Template, key: string): string {
    const resources = template(t);
    const route = Object.values(resources).find((r) => r.Type === 'AWS::ApiGatewayV2::Route' && r.Properties.RouteKey === key)!;
    const target = JSON.stringify(route.Properties.Target);
    const integrationId = Object.keys(resources).find((id) => resources[id]!.Type === 'AWS::ApiGatewayV2::Integration' && target.includes(id))!;
    const uri = JSON.stringify(resources[integrationId]!.Properties.IntegrationUri);
    return Object.keys(resources).find((id) => resources[id]!.Type === 'AWS::Lambda::Function' && uri.includes(`"${id}"`))!;
  }

  /** Logical ids of tables, queues and Timestream tables named in the policies of a function's role. */
  function grantedResources(t: Template, fnId: string): Set<string> {
    const resources = template(t);
    const role = JSON.stringify(resources[fnId]!.Properties.Role);
    const roleId = Object.keys(resources).find((id) => resources[id]!.Type === 'AWS::IAM::Role' && role.includes(`"${id}"`))!;
    const stores = Object.keys(resources).filter((id) =>
      ['AWS::DynamoDB::Table', 'AWS::SQS::Queue', 'AWS::Timestream::Table'].includes(resources[id]!.Type),
    );
    const granted = new Set<string>();
    for (const policy of Object.values(resources).filter((r) => r.Type === 'AWS::IAM::Policy')) {
      if (!JSON.stringify(policy.Properties.Roles).includes(`"${roleId}"`)) continue;
      const doc = JSON.stringify(policy.Properties.PolicyDocument);
      for (const id of stores) if (doc.includes(`"${id}"`)) granted.add(resources[id]!.Type === 'AWS::DynamoDB::Table' ? id.replace(/Table[0-9A-F]{8}$/, '') : id.replace(/[0-9A-F]{8}$/, ''));
    }
    return granted;
  }

  const cloudRoutes = ROUTES.filter((r) => !r.path.endsWith('/'));

  it('gives every route-table entry a function of its own', () => {
    for (const t of [timestream, dynamo]) {
      const fns = new Set(cloudRoutes.map((r) => functionOfRoute(t, `${r.method} ${gatewayPath(r.path)}`)));
      expect(fns.size).toBe(cloudRoutes.length);
    }
  });

  it.each([
    ['timestream', timestream, 'BeliefTimeSeries'],
    ['dynamodb', dynamo, 'Beliefs'],
  ] as const)('grants each function only the stores its route declares (%s belief store)', (_name, t, beliefResource) => {
    for (const route of cloudRoutes) {
      const expected = new Set<string>();
      if (route.access.entities) expected.add('Entities');
      if (route.access.jobs) expected.add('Jobs');
      if (route.access.beliefs) expected.add(beliefResource);
      if (route.access.queue) expected.add('ScheduleJobs');
      const granted = grantedResources(t, functionOfRoute(t, `${route.method} ${gatewayPath(route.path)}`));
      expect({ route: route.path, method: route.method, granted: [...granted].sort() }).toEqual({
        route: route.path, method: route.method, granted: [...expected].sort(),
      });
    }
  });

  it('sends unmatched requests ($default) to one small function that touches no store', () => {
    for (const t of [timestream, dynamo]) {
      const fnId = functionOfRoute(t, '$default');
      expect(fnId).toMatch(/^DefaultFunction/);
      expect([...grantedResources(t, fnId)]).toEqual([]);
      expect(template(t)[fnId]!.Properties.MemorySize).toBe(256);
    }
  });

  /** The DynamoDB statements of a function's role policies. */
  function dynamoStatements(t: Template, fnId: string): Array<Record<string, unknown>> {
    const resources = template(t);
    const role = JSON.stringify(resources[fnId]!.Properties.Role);
    const roleId = Object.keys(resources).find((id) => resources[id]!.Type === 'AWS::IAM::Role' && role.includes(`"${id}"`))!;
    return Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(`"${roleId}"`))
      .flatMap((r) => r.Properties.PolicyDocument.Statement as Array<Record<string, unknown>>)
      .filter((st) => JSON.stringify(st.Action).includes('dynamodb:'));
  }

  it('lets protected read-only routes update only last_seen_at of user items (authentication records it)', () => {
    const recordSeen = {
      Effect: 'Allow',
      Action: 'dynamodb:UpdateItem',
      Condition: {
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['USER#*'] },
        'ForAllValues:StringEquals': { 'dynamodb:Attributes': ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'lastSeenAt'] },
        StringEqualsIfExists: { 'dynamodb:ReturnValues': 'NONE' },
      },
    };
    for (const route of cloudRoutes) {
      const statements = dynamoStatements(timestream, functionOfRoute(timestream, `${route.method} ${gatewayPath(route.path)}`));
      const scoped = statements.filter((st) => st.Condition);
      if (!route.public && route.access.entities === 'read') {
        expect(scoped).toEqual([expect.objectContaining(recordSeen)]);
      } else {
        expect({ route: route.path, scoped }).toEqual({ route: route.path, scoped: [] });
      }
    }
  });

  it('grants Resource "*" only for actions without resources: X-Ray upload and Timestream endpoint discovery', () => {
    const wildcards = new Set<string>();
    for (const t of [timestream, dynamo]) {
      for (const policy of Object.values(template(t)).filter((r) => ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy'].includes(r.Type))) {
        for (const statement of policy.Properties.PolicyDocument.Statement) {
          if ([statement.Resource].flat().includes('*')) [statement.Action].flat().forEach((a: string) => wildcards.add(a));
          for (const resource of [statement.Resource].flat()) expect(JSON.stringify(resource)).not.toContain('/index/*');
        }
      }
    }
    expect([...wildcards].sort()).toEqual(['timestream:DescribeEndpoints', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
  });

  it('gives every function a role of its own with no AWS managed policy, writing only to its own log group, and X-Ray tracing', () => {
    const resources = template(dynamo);
    const fns = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::Lambda::Function');
    const roles = new Set(fns.map(([, fn]) => fn.Properties.Role['Fn::GetAtt'][0]));
    expect(roles.size).toBe(fns.length);
    for (const [fnId, fn] of fns) {
      expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
      const roleId = fn.Properties.Role['Fn::GetAtt'][0];
      for (const arn of resources[roleId]!.Properties.ManagedPolicyArns ?? []) expect(JSON.stringify(arn)).not.toContain('iam::aws:policy');
      const logGroupId = fn.Properties.LoggingConfig.LogGroup.Ref;
      const logStatements = Object.values(resources)
        .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(`"${roleId}"`))
        .flatMap((r) => r.Properties.PolicyDocument.Statement)
        .filter((s: any) => [s.Action].flat().some((a: string) => a.startsWith('logs:')));
      expect({ fnId, logs: logStatements.map((s: any) => s.Resource) }).toEqual({ fnId, logs: [{ 'Fn::GetAtt': [logGroupId, 'Arn'] }] });
    }
  });
});
