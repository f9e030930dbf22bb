/**
 * The cloud stack, built from functions/routes.ts: one Lambda per handler module and one HTTP API
 * route per route-table entry, plus a `$default` route whose function answers FlexMeasures' 404/405.
 * No route has gateway-level authorization: protected handlers authenticate the caller themselves
 * (docs/decisions/0141-authentication-in-the-function.md). Stores and the job queue come from the
 * same definitions the local runtime uses, and every function gets only the grants its route's
 * `access` declares (protected routes also the `last_seen_at` update).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CfnOutput, Duration, RemovalPolicy, Stack, TimeZone, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { CfnStage, CorsHttpMethod, HttpApi, HttpMethod, HttpRoute, HttpRouteKey, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Alarm, ComparisonOperator, MathExpression, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { AttributeType, BillingMode, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, ManagedPolicy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, CfnFunction, Runtime, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { ContextAttribute, Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { CfnDatabase, CfnTable } from 'aws-cdk-lib/aws-timestream';
import { DEFAULT_ROUTE_HANDLER, ROUTES, gatewayPath, type Access, type Method, type Route } from '../functions/routes.js';
import { ENTITY_TABLE, TABLES, type TableDefinition } from '../functions/stores/dynamodb/tables.js';
import { ENV } from '../functions/lambda/config.js';
import { BUNDLED_SWAGGER_UI_DIR, SWAGGER_UI_FILES } from '../functions/openapi/docs-page.js';
import { BUNDLED_CONSOLE_DIR, CONSOLE_DIST, CONSOLE_MANIFEST } from '../functions/http/console-files.js';
import type { StackConfig } from './config.js';
import { formatIngestTargets } from '../functions/core/prices/targets.js';
import { DEFAULT_MAX_RECEIVE_COUNT } from '../functions/core/settings.js';
import { ESM_REQUIRE_BANNER, EXTERNAL_MODULES, MAIN_FIELDS, TARGET, bundleDefines } from './bundling.js';
import { ACKNOWLEDGED, acknowledge } from './nag.js';

const ROOT = join(import.meta.dirname, '..');

/**
 * Files a handler reads at run time, copied next to its bundle: handler module → folder inside the
 * bundle and the files to put there (paths relative to the project root).
 */
export const BUNDLED_FILES: Record<string, { dir: string; files: readonly string[] }> = {
  'api/docs': { dir: BUNDLED_SWAGGER_UI_DIR, files: SWAGGER_UI_FILES.map((f) => `node_modules/swagger-ui-dist/${f}`) },
  // glpk.js loads its WebAssembly from next to the module that imports it: the bundle's index.mjs.
  solver: { dir: '.', files: ['node_modules/glpk.js/dist/glpk.wasm'] },
  // The built console (`npm run console`), precompressed copies included.
  get 'api/console'() {
    const dist = join(ROOT, CONSOLE_DIST);
    if (!existsSync(join(dist, CONSOLE_MANIFEST))) throw new Error(`${CONSOLE_DIST}/ is missing: run \`npm run console\` before synth`);
    return { dir: BUNDLED_CONSOLE_DIR, files: readdirSync(dist).sort().map((f) => `${CONSOLE_DIST}/${f}`) };
  },
};

/** What a read grant on a table allows (the data-plane reads of CDK's grantReadData, minus streams the tables do not have). */
const DYNAMODB_READ_ACTIONS = ['dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:Scan', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable'] as const;
/** What a write grant adds. */
const DYNAMODB_WRITE_ACTIONS = ['dynamodb:BatchWriteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'] as const;

/** Deliveries of a scheduling message before it is dead-lettered; the solver fails the job on the last one. */
export const JOB_MAX_RECEIVE_COUNT = DEFAULT_MAX_RECEIVE_COUNT;
/** The solver's memory (MB): 1769 MB is one full vCPU, and GLPK is CPU-bound. */
export const SOLVER_MEMORY_MB = 1769;
/**
 * What the solver touches: the entity table (the scheduler's data source, the asset's
 * soc_in_mwh/soc_datetime), beliefs (prices and device data in, the schedule out) and jobs.
 */
export const SOLVER_ACCESS: Access = { entities: 'write', beliefs: 'write', jobs: 'write' };
/** What the dead-letter consumer touches: it marks jobs failed. */
export const SOLVER_DLQ_ACCESS: Access = { jobs: 'write' };

/** The shell commands (NodejsFunction's afterBundling hook) that copy a handler's BUNDLED_FILES into its bundle. */
export function copyBundledFiles(module: string, inputDir: string, outputDir: string): string[] {
  const spec = BUNDLED_FILES[module];
  if (!spec) return [];
  const target = `${outputDir}/${spec.dir}`;
  return [`mkdir -p "${target}"`, ...spec.files.map((file) => `cp "${inputDir}/${file}" "${target}/"`)];
}

/** One JSON line per API request ($context variables of HTTP APIs); the request id joins it to the function's logs. */
export const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  time: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  routeKey: '$context.routeKey',
  path: '$context.path',
  status: '$context.status',
  responseLength: '$context.responseLength',
  latencyMs: '$context.responseLatency',
  integrationStatus: '$context.integrationStatus',
  integrationLatencyMs: '$context.integration.latency',
  integrationError: '$context.integrationErrorMessage',
  error: '$context.error.message',
} as const;

const METHODS: Record<Method, HttpMethod> = {
  GET: HttpMethod.GET,
  POST: HttpMethod.POST,
  PATCH: HttpMethod.PATCH,
  DELETE: HttpMethod.DELETE,
  ANY: HttpMethod.ANY,
};

/** `GET /api/v3_0/sensors/{id}`: the API Gateway route key of a route-table entry. */
export function routeKey(route: Route): string {
  return `${route.method} ${gatewayPath(route.path)}`;
}

/** A construct id from a module name or route key: `GET /api/v3_0/sensors/{id}` → `GetApiV30SensorsId`. */
function constructName(key: string): string {
  return key
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

export interface FlexMeasuresStackProps extends StackProps {
  config: StackConfig;
}

export class FlexMeasuresStack extends Stack {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly tables: Record<TableDefinition['id'], Table>;
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly functions = new Map<string, NodejsFunction>();

  private readonly config: StackConfig;
  private readonly functionEnvironment: Record<string, string>;
  private readonly timestream?: { database: CfnDatabase; table: CfnTable; tableArn: string };
  private tracingPolicy?: ManagedPolicy;
  private endpointDiscoveryPolicy?: ManagedPolicy;

  constructor(scope: Construct, id: string, props: FlexMeasuresStackProps) {
    super(scope, id, props);
    this.config = props.config;
    const retain = this.config.retainData;

    this.tables = Object.fromEntries(TABLES.map((def) => [def.id, this.table(def, retain)])) as Record<TableDefinition['id'], Table>;

    if (this.config.beliefStore === 'timestream') this.timestream = this.timestreamStore(retain);

    this.deadLetterQueue = new Queue(this, 'ScheduleJobsDlq', {
      encryption: QueueEncryption.SQS_MANAGED,
      retentionPeriod: Duration.days(14),
      enforceSSL: true,
    });
    acknowledge(this.deadLetterQueue, ACKNOWLEDGED.isDeadLetterQueue);
    this.queue = new Queue(this, 'ScheduleJobs', {
      encryption: QueueEncryption.SQS_MANAGED,
      // At least 6× the solver's timeout, so Lambda can retry when throttled (docs/contract/aws-services.md §4).
      visibilityTimeout: Duration.seconds(6 * this.config.solverTimeoutSeconds),
      retentionPeriod: Duration.days(1),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: JOB_MAX_RECEIVE_COUNT },
      enforceSSL: true,
    });

    this.functionEnvironment = {
      [ENV.nodeOptions]: '--enable-source-maps',
      [ENV.serviceName]: 'flexmeasures-api',
      [ENV.logLevel]: 'INFO',
      [ENV.beliefStore]: this.config.beliefStore,
      [ENV.jobQueueUrl]: this.queue.queueUrl,
      [ENV.tokenMaxAgeSeconds]: String(this.config.tokenMaxAgeSeconds),
      [ENV.planningHorizon]: this.config.planningHorizon,
      ...Object.fromEntries(TABLES.map((def) => [def.envVar, this.tables[def.id].tableName])),
      ...(this.timestream
        ? { [ENV.timestreamDatabase]: this.timestream.database.ref, [ENV.timestreamTable]: this.timestream.table.attrName }
        : {}),
    };

    this.api = new HttpApi(this, 'Api', {
      description: 'FlexMeasures REST API v3.0-20',
      corsPreflight: this.config.corsOrigins.length
        ? {
            allowOrigins: this.config.corsOrigins,
            allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PATCH, CorsHttpMethod.DELETE],
            allowHeaders: ['Authorization', 'Content-Type'],
            maxAge: Duration.hours(1),
          }
        : undefined,
      // The $default stage is made below, with throttling and access logs.
      createDefaultStage: false,
    });
    this.stage = this.defaultStage();

    // API Gateway cannot declare a route ending in "/", and sends "/api/" to the "/api" route
    // itself (the handler tells them apart by rawPath), so such table entries need no route here.
    for (const route of ROUTES.filter((r) => !r.path.endsWith('/'))) this.route(route);
    this.defaultRoute();

    this.alarms();
    this.scheduling();
    this.priceIngestion();

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
    for (const def of TABLES) new CfnOutput(this, `${def.id}TableName`, { value: this.tables[def.id].tableName });
    new CfnOutput(this, 'JobQueueUrl', { value: this.queue.queueUrl });
  }

  private table(def: TableDefinition, retain: boolean): Table {
    const table = new Table(this, `${def.id}Table`, {
      partitionKey: { name: def.partitionKey, type: AttributeType.STRING },
      sortKey: { name: def.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: def.ttlAttribute,
      deletionProtection: retain,
      removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    for (const index of def.indexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
      });
    }
    return table;
  }

  /** Timestream for LiveAnalytics: time = belief time, sensor_id as the required partition key, magnetic writes for late data. */
  private timestreamStore(retain: boolean) {
    const database = new CfnDatabase(this, 'BeliefDatabase', {});
    const table = new CfnTable(this, 'BeliefTimeSeries', {
      databaseName: database.ref,
      retentionProperties: {
        MemoryStoreRetentionPeriodInHours: String(this.config.timestreamMemoryRetentionHours),
        MagneticStoreRetentionPeriodInDays: String(this.config.timestreamMagneticRetentionDays),
      },
      magneticStoreWriteProperties: { EnableMagneticStoreWrites: true },
      schema: {
        compositePartitionKey: [{ type: 'DIMENSION', name: 'sensor_id', enforcementInRecord: 'REQUIRED' }],
      },
    });
    const policy = retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    database.applyRemovalPolicy(policy);
    table.applyRemovalPolicy(policy);
    acknowledge(database, ACKNOWLEDGED.timestreamAwsOwnedKey);
    for (const resource of [database, table]) acknowledge(resource, ACKNOWLEDGED.timestreamMaintenanceMode);
    return { database, table, tableArn: table.attrArn };
  }

  /**
   * The function running a handler module. `key` names the function (default: the module); every
   * route gets its own function, keyed by its route key, so each endpoint scales, logs and is
   * granted on its own.
   */
  handlerFunction(module: string, memoryMb = 512, timeoutSeconds = 29, key = module): NodejsFunction {
    const existing = this.functions.get(key);
    if (existing) return existing;
    const name = constructName(key);
    const entry = join(ROOT, 'functions', `${module}.ts`);
    if (!existsSync(entry)) throw new Error(`functions/${module}.ts does not exist (named in the route table)`);
    const logGroup = new LogGroup(this, `${name}Logs`, {
      retention: this.config.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // A role of its own instead of the AWS managed AWSLambdaBasicExecutionRole (which may write to
    // every log group of the account): this function may write to its own log group only.
    const role = new Role(this, `${name}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the ${key} function`,
    });
    logGroup.grantWrite(role);
    role.addManagedPolicy(this.tracing());
    const fn = new NodejsFunction(this, `${name}Function`, {
      entry,
      handler: 'handler',
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: memoryMb,
      timeout: Duration.seconds(timeoutSeconds),
      environment: this.functionEnvironment,
      projectRoot: ROOT,
      depsLockFilePath: join(ROOT, 'package-lock.json'),
      role,
      logGroup,
      bundling: {
        format: OutputFormat.ESM,
        target: TARGET,
        minify: true,
        sourceMap: true,
        externalModules: EXTERNAL_MODULES,
        mainFields: MAIN_FIELDS,
        banner: ESM_REQUIRE_BANNER,
        define: bundleDefines(this.config.beliefStore),
        commandHooks: BUNDLED_FILES[module]
          ? {
              beforeBundling: () => [],
              beforeInstall: () => [],
              afterBundling: (inputDir, outputDir) => copyBundledFiles(module, inputDir, outputDir),
            }
          : undefined,
      },
    });
    // X-Ray tracing on, set on the function resource itself: the `tracing` prop would also add the
    // X-Ray statement (Resource "*") to each role's own policy; it is in one shared policy instead.
    (fn.node.defaultChild as CfnFunction).tracingConfig = { mode: 'Active' };
    this.functions.set(key, fn);
    return fn;
  }

  /**
   * Customer managed policies for the only actions without resource-level permissions, shared by
   * the functions' roles: the wildcard is acknowledged on these two policies alone, so a wildcard
   * anywhere else still fails the synth.
   */
  private tracing(): ManagedPolicy {
    if (!this.tracingPolicy) {
      this.tracingPolicy = new ManagedPolicy(this, 'LambdaTracingPolicy', {
        description: 'Lets a function send its X-Ray traces',
        statements: [new PolicyStatement({ effect: Effect.ALLOW, actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], resources: ['*'] })],
      });
      acknowledge(this.tracingPolicy, ACKNOWLEDGED.wildcardWithoutResource);
    }
    return this.tracingPolicy;
  }

  private endpointDiscovery(): ManagedPolicy {
    if (!this.endpointDiscoveryPolicy) {
      this.endpointDiscoveryPolicy = new ManagedPolicy(this, 'TimestreamEndpointDiscoveryPolicy', {
        description: 'Lets a function discover the Timestream endpoints (the action has no resource)',
        statements: [new PolicyStatement({ effect: Effect.ALLOW, actions: ['timestream:DescribeEndpoints'], resources: ['*'] })],
      });
      acknowledge(this.endpointDiscoveryPolicy, ACKNOWLEDGED.wildcardWithoutResource);
    }
    return this.endpointDiscoveryPolicy;
  }

  private route(route: Route): void {
    const fn = this.handlerFunction(route.handler, route.memoryMb, 29, routeKey(route));
    acknowledge(fn, ACKNOWLEDGED.synchronousFunction);
    this.grant(fn, route.access);
    if (!route.public && route.access.entities !== 'write') this.grantRecordSeen(fn);
    const routes = this.api.addRoutes({
      path: gatewayPath(route.path),
      methods: [METHODS[route.method]],
      integration: new HttpLambdaIntegration(`${constructName(routeKey(route))}Integration`, fn),
    });
    // No route has gateway-level authorization (decision 0141): each is acknowledged once, with why.
    for (const r of routes) acknowledge(r, route.public ? ACKNOWLEDGED.publicRoute : ACKNOWLEDGED.authenticatedInFunction);
    if (route.throttle === 'credentials') this.throttleRoute(routeKey(route), routes, this.config.authThrottle);
  }

  /**
   * The `$default` route: every request no route above takes (an unknown path, a known path with
   * another method) goes to one small function answering FlexMeasures' 404/405, as the local
   * runtime does, instead of API Gateway's own 404 body. It touches no store.
   */
  private defaultRoute(): void {
    const fn = this.handlerFunction(DEFAULT_ROUTE_HANDLER, 256, 10, '$default');
    acknowledge(fn, ACKNOWLEDGED.synchronousFunction);
    const route = new HttpRoute(this, 'DefaultRoute', {
      httpApi: this.api,
      routeKey: HttpRouteKey.DEFAULT,
      integration: new HttpLambdaIntegration('DefaultRouteIntegration', fn),
    });
    acknowledge(route, ACKNOWLEDGED.defaultRoute);
  }

  /**
   * Authentication refreshes the caller's `last_seen_at` (at most once a minute), so a protected
   * route that only reads entities may still update that one attribute of user items — nothing else.
   * DynamoDB wants the table's and its indexes' key attributes listed with it.
   */
  private grantRecordSeen(fn: IFunction): void {
    const keys = [ENTITY_TABLE.partitionKey, ENTITY_TABLE.sortKey, ...ENTITY_TABLE.indexes.flatMap((i) => [i.partitionKey, i.sortKey])];
    fn.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['dynamodb:UpdateItem'],
        resources: [this.tables.Entities.tableArn],
        conditions: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['USER#*'] },
          'ForAllValues:StringEquals': { 'dynamodb:Attributes': [...keys, 'lastSeenAt'] },
          StringEqualsIfExists: { 'dynamodb:ReturnValues': 'NONE' },
        },
      }),
    );
  }

  /**
   * The `$default` stage: auto-deployed, every route throttled to `apiThrottle` (API Gateway answers
   * 429 above it, so one runaway client cannot take the account's Lambda concurrency), and one JSON
   * access-log line per request with the request id, route, status, latency and any integration
   * error, kept as long as the functions' logs.
   */
  private defaultStage(): HttpStage {
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: this.config.logRetention, removalPolicy: RemovalPolicy.DESTROY });
    return new HttpStage(this, 'ApiDefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: this.config.apiThrottle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
  }

  /** A stricter stage throttle for one route (the stage may only name a route once it exists). */
  private throttleRoute(key: string, routes: HttpRoute[], limits: StackConfig['apiThrottle']): void {
    const stage = this.stage.node.defaultChild as CfnStage;
    const settings = (stage.routeSettings ?? {}) as Record<string, unknown>;
    stage.routeSettings = { ...settings, [key]: { ThrottlingRateLimit: limits.rateLimit, ThrottlingBurstLimit: limits.burstLimit } };
    for (const route of routes) this.stage.node.addDependency(route);
  }

  /** Least privilege, derived from the route table's `access` declarations. */
  grant(fn: IFunction, access: Access): void {
    const grantTable = (id: TableDefinition['id'], mode: 'read' | 'write' | undefined) => {
      if (!mode) return;
      const table = this.tables[id];
      const def = TABLES.find((t) => t.id === id)!;
      // The table and each of its indexes by name (CDK's own grant names `index/*`, a wildcard).
      const resources = [table.tableArn, ...def.indexes.map((index) => `${table.tableArn}/index/${index.name}`)];
      const actions = mode === 'write' ? [...DYNAMODB_READ_ACTIONS, ...DYNAMODB_WRITE_ACTIONS] : [...DYNAMODB_READ_ACTIONS];
      fn.addToRolePolicy(new PolicyStatement({ effect: Effect.ALLOW, actions, resources }));
    };
    grantTable('Entities', access.entities);
    grantTable('Jobs', access.jobs);
    if (access.queue === 'send') this.queue.grantSendMessages(fn);
    if (access.beliefs) {
      if (this.timestream) {
        const actions = ['timestream:DescribeTable', 'timestream:Select'];
        if (access.beliefs === 'write') actions.push('timestream:WriteRecords');
        fn.addToRolePolicy(new PolicyStatement({ effect: Effect.ALLOW, actions, resources: [this.timestream.tableArn] }));
        // Endpoint discovery cannot be scoped to a resource (the action has none).
        fn.role!.addManagedPolicy(this.endpointDiscovery());
      } else {
        grantTable('Beliefs', access.beliefs);
      }
    }
  }

  /**
   * Storage scheduling (README "Scheduling"): the solver Lambda on the job queue (batches of one,
   * partial batch failures, at most `solverMaxConcurrency` at once), the consumer of the queue's
   * dead-letter queue that marks dead-lettered jobs failed, and an alarm on solver errors.
   */
  private scheduling(): void {
    const timeout = this.config.solverTimeoutSeconds;
    const solver = this.handlerFunction('solver', SOLVER_MEMORY_MB, timeout);
    solver.addEnvironment(ENV.jobMaxReceiveCount, String(JOB_MAX_RECEIVE_COUNT));
    // A job claimed longer ago than the function may run belongs to a run that died.
    solver.addEnvironment('JOB_LEASE_SECONDS', String(timeout));
    // GLPK gets half the run; loading inputs and storing the schedule take the rest.
    solver.addEnvironment('SCHEDULER_TIME_LIMIT_SECONDS', String(Math.floor(timeout / 2)));
    this.grant(solver, SOLVER_ACCESS);
    solver.addEventSource(
      new SqsEventSource(this.queue, { batchSize: 1, reportBatchItemFailures: true, maxConcurrency: this.config.solverMaxConcurrency }),
    );
    acknowledge(solver, ACKNOWLEDGED.queueConsumer);
    acknowledge(solver, ACKNOWLEDGED.sqsMappingWithRedrive);

    const deadLetters = this.handlerFunction('solver-dlq', 256, 30);
    deadLetters.addEnvironment(ENV.jobMaxReceiveCount, String(JOB_MAX_RECEIVE_COUNT));
    this.grant(deadLetters, SOLVER_DLQ_ACCESS);
    deadLetters.addEventSource(new SqsEventSource(this.deadLetterQueue, { batchSize: 10, reportBatchItemFailures: true }));
    acknowledge(deadLetters, ACKNOWLEDGED.queueConsumer);
    acknowledge(deadLetters, ACKNOWLEDGED.dlqMapping);

    new Alarm(this, 'SolverErrors', {
      alarmDescription: 'The solver Lambda failed (unexpected errors, timeouts): scheduling jobs are being retried or failed',
      metric: solver.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 0,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    new CfnOutput(this, 'SolverFunctionName', { value: solver.functionName });
  }

  /**
   * Day-ahead price ingestion (README "Day-ahead price ingestion"), only when `entsoeTargets` names targets:
   * an EventBridge Scheduler schedule in Europe/Amsterdam time (DST-aware) invoking the ingest
   * Lambda at 13:00, 13:30, … 16:30 — the auction closes at 12:00 and prices are usually out by
   * 13:00; later runs are no-ops once a zone's day is marked done. Scheduler invokes Lambda
   * asynchronously: its retry policy and DLQ cover delivery, while a failed run (a zone failed) is
   * retried twice by Lambda and then sent to the same DLQ with its error. The ENTSO-E token is an
   * SSM SecureString the operator creates; the function may read only that parameter.
   */
  private priceIngestion(): void {
    const { entsoeTargets, entsoeTokenParameter, entsoeTokenKmsKeyArn } = this.config;
    if (entsoeTargets.length === 0) return;

    const dlq = new Queue(this, 'PriceIngestDlq', {
      encryption: QueueEncryption.SQS_MANAGED,
      retentionPeriod: Duration.days(14),
      enforceSSL: true,
    });
    acknowledge(dlq, ACKNOWLEDGED.isDeadLetterQueue);
    acknowledge(dlq, ACKNOWLEDGED.destinationQueue);
    const fn = this.handlerFunction('ingest-prices', 256, 180);
    fn.addEnvironment(ENV.entsoeTargets, formatIngestTargets(entsoeTargets));
    fn.addEnvironment(ENV.entsoeTokenParameter, entsoeTokenParameter);
    this.grant(fn, { entities: 'write', beliefs: 'write' });
    fn.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['ssm:GetParameter'],
        resources: [this.formatArn({ service: 'ssm', resource: 'parameter', resourceName: entsoeTokenParameter.replace(/^\//, '') })],
      }),
    );
    // The AWS managed key aws/ssm lets every principal of the account decrypt through SSM; a
    // customer managed key needs an explicit grant, limited to decryption via SSM.
    if (entsoeTokenKmsKeyArn) {
      fn.addToRolePolicy(
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: ['kms:Decrypt'],
          resources: [entsoeTokenKmsKeyArn],
          conditions: { StringEquals: { 'kms:ViaService': `ssm.${this.region}.amazonaws.com` } },
        }),
      );
    }
    fn.configureAsyncInvoke({ retryAttempts: 2, maxEventAge: Duration.minutes(25), onFailure: new SqsDestination(dlq) });
    acknowledge(fn, ACKNOWLEDGED.asyncWithDestination);

    // The schedule's own role (instead of the target's shared singleton), so its acknowledgement sits on it.
    const schedulerRole = new Role(this, 'PriceIngestSchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com'),
      description: 'Lets the day-ahead price schedule invoke the ingestion function and reach its DLQ',
    });
    acknowledge(schedulerRole, {
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${this.getLogicalId(fn.node.defaultChild as CfnFunction)}.Arn>:*]`,
      reason: ACKNOWLEDGED.schedulerInvokeVersions.reason,
    });
    new Schedule(this, 'DayAheadPriceIngestion', {
      description: 'Day-ahead prices from ENTSO-E, every 30 minutes from 13:00 to 16:30 Amsterdam time',
      schedule: ScheduleExpression.cron({ minute: '0,30', hour: '13-16', timeZone: TimeZone.of('Europe/Amsterdam') }),
      target: new LambdaInvoke(fn, {
        input: ScheduleTargetInput.fromObject({ scheduledTime: ContextAttribute.scheduledTime }),
        retryAttempts: 3,
        maxEventAge: Duration.minutes(25),
        deadLetterQueue: dlq,
        role: schedulerRole,
      }),
    });
    new Alarm(this, 'PriceIngestDlqDepth', {
      alarmDescription: 'Day-ahead price ingestion runs failed for good (or could not be delivered): see the messages in the DLQ',
      metric: dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      threshold: 0,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    new CfnOutput(this, 'PriceIngestFunctionName', { value: fn.functionName });
    new CfnOutput(this, 'PriceIngestDlqUrl', { value: dlq.queueUrl });
  }

  private alarms(): void {
    const api5xx = this.api.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' });
    const apiCount = this.api.metricCount({ period: Duration.minutes(5), statistic: 'Sum' });
    new Alarm(this, 'Api5xxRate', {
      alarmDescription: 'More than 1% of API requests answered with a 5xx over 5 minutes',
      metric: new MathExpression({ expression: 'IF(requests > 20, 100 * errors / requests, 0)', usingMetrics: { errors: api5xx, requests: apiCount }, period: Duration.minutes(5) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    // The DLQ consumer takes dead-lettered messages at once, so count what it received.
    new Alarm(this, 'ScheduleJobsDeadLettered', {
      alarmDescription: 'Scheduling job messages were dead-lettered (their jobs are marked failed): every run timed out or crashed',
      metric: this.deadLetterQueue.metricNumberOfMessagesReceived({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 0,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }
}
