/**
 * Deploy preflight: checks on the synthesized template for limits that CloudFormation only reports
 * minutes into a deploy and that its own rules (run at synth, see lib/app-builder.ts) do not cover:
 * the size of each role's inline policies, each function's environment size, the length of names
 * given explicitly, and a retention on every log group (every function must log to one of this
 * template's log groups, since Lambda's implicit /aws/lambda/… group keeps logs forever).
 *
 * Values CloudFormation resolves at deploy time (Ref, Fn::GetAtt, …) are counted as
 * RESOLVED_VALUE_ESTIMATE characters: longer than any ARN, name or URL this stack resolves to.
 */
import { readFileSync } from 'node:fs';
import { Validations, type IPolicyValidationContext, type IPolicyValidationPlugin, type PolicyValidationPluginReport, type PolicyViolation } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** IAM: the inline policies of one role, together, without whitespace. */
export const ROLE_INLINE_POLICY_MAX_CHARS = 10_240;
/** Lambda: all environment variable names and values of a function. */
export const LAMBDA_ENVIRONMENT_MAX_BYTES = 4 * 1024;
/** Longest explicit name per resource type (property holding it, maximum length). */
const NAME_LIMITS: Record<string, { property: string; max: number }> = {
  'AWS::Lambda::Function': { property: 'FunctionName', max: 64 },
  'AWS::IAM::Role': { property: 'RoleName', max: 64 },
  'AWS::Logs::LogGroup': { property: 'LogGroupName', max: 512 },
  'AWS::SQS::Queue': { property: 'QueueName', max: 80 },
};
/** Characters counted for one value that CloudFormation resolves at deploy time. */
const RESOLVED_VALUE_ESTIMATE = 128;

export interface PreflightFinding {
  rule: 'Preflight-InlinePolicySize' | 'Preflight-LambdaEnvironmentSize' | 'Preflight-NameLength' | 'Preflight-LogRetention';
  logicalId: string;
  message: string;
}

interface Resource {
  Type: string;
  Properties?: Record<string, unknown>;
}
export interface TemplateJson {
  Resources?: Record<string, Resource>;
}

const INTRINSICS = ['Ref', 'Fn::GetAtt', 'Fn::ImportValue', 'Fn::Sub', 'Fn::Select', 'Fn::If', 'Fn::FindInMap', 'Fn::GetAZs', 'Fn::Base64'];

/** `value` with every deploy-time value replaced by a placeholder of RESOLVED_VALUE_ESTIMATE characters. */
function estimateResolved(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(estimateResolved);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 1) {
    const [key, arg] = entries[0]!;
    if (key === 'Fn::Join' && Array.isArray(arg) && typeof arg[0] === 'string' && Array.isArray(arg[1])) {
      return (arg[1] as unknown[]).map((part) => String(typeof part === 'string' ? part : estimateResolved(part))).join(arg[0]);
    }
    if (INTRINSICS.includes(key)) return 'x'.repeat(RESOLVED_VALUE_ESTIMATE);
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, estimateResolved(v)]));
}

/** The logical ids a value refers to (Ref and Fn::GetAtt). */
function references(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(references);
  if (value === null || typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  if (typeof record.Ref === 'string') return [record.Ref];
  const getAtt = record['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return [getAtt[0]];
  return Object.values(record).flatMap(references);
}

function inlinePolicySizes(resources: Record<string, Resource>): PreflightFinding[] {
  const sizes = new Map<string, number>();
  const add = (role: string, document: unknown) => sizes.set(role, (sizes.get(role) ?? 0) + JSON.stringify(estimateResolved(document)).length);
  for (const [id, r] of Object.entries(resources)) {
    if (r.Type === 'AWS::IAM::Role') {
      for (const p of (r.Properties?.Policies as { PolicyDocument: unknown }[] | undefined) ?? []) add(id, p.PolicyDocument);
    }
    if (r.Type === 'AWS::IAM::Policy') {
      for (const role of references(r.Properties?.Roles)) if (resources[role]?.Type === 'AWS::IAM::Role') add(role, r.Properties?.PolicyDocument);
    }
  }
  return [...sizes]
    .filter(([, size]) => size > ROLE_INLINE_POLICY_MAX_CHARS)
    .map(([logicalId, size]) => ({
      rule: 'Preflight-InlinePolicySize' as const,
      logicalId,
      message: `The inline policies of role ${logicalId} take about ${size} characters; IAM allows ${ROLE_INLINE_POLICY_MAX_CHARS} per role`,
    }));
}

function environmentSizes(resources: Record<string, Resource>): PreflightFinding[] {
  const findings: PreflightFinding[] = [];
  for (const [logicalId, r] of Object.entries(resources)) {
    if (r.Type !== 'AWS::Lambda::Function') continue;
    const variables = estimateResolved((r.Properties?.Environment as { Variables?: unknown } | undefined)?.Variables ?? {}) as Record<string, unknown>;
    const bytes = Object.entries(variables).reduce((sum, [k, v]) => sum + Buffer.byteLength(k) + Buffer.byteLength(String(v)), 0);
    if (bytes > LAMBDA_ENVIRONMENT_MAX_BYTES) {
      findings.push({
        rule: 'Preflight-LambdaEnvironmentSize',
        logicalId,
        message: `The environment of function ${logicalId} takes about ${bytes} bytes; Lambda allows ${LAMBDA_ENVIRONMENT_MAX_BYTES}`,
      });
    }
  }
  return findings;
}

function nameLengths(resources: Record<string, Resource>): PreflightFinding[] {
  const findings: PreflightFinding[] = [];
  for (const [logicalId, r] of Object.entries(resources)) {
    const limit = NAME_LIMITS[r.Type];
    const name = limit ? r.Properties?.[limit.property] : undefined;
    if (!limit || name === undefined) continue; // no explicit name: CloudFormation generates one that fits
    const length = String(estimateResolved(name)).length;
    if (length > limit.max) {
      findings.push({
        rule: 'Preflight-NameLength',
        logicalId,
        message: `${limit.property} of ${logicalId} is about ${length} characters long; ${r.Type} allows ${limit.max}`,
      });
    }
  }
  return findings;
}

function logRetention(resources: Record<string, Resource>): PreflightFinding[] {
  const findings: PreflightFinding[] = [];
  for (const [logicalId, r] of Object.entries(resources)) {
    if (r.Type === 'AWS::Logs::LogGroup' && r.Properties?.RetentionInDays === undefined) {
      findings.push({ rule: 'Preflight-LogRetention', logicalId, message: `Log group ${logicalId} has no retention: it would keep logs forever` });
    }
    if (r.Type === 'AWS::Lambda::Function') {
      const group = references((r.Properties?.LoggingConfig as { LogGroup?: unknown } | undefined)?.LogGroup);
      if (!group.some((id) => resources[id]?.Type === 'AWS::Logs::LogGroup')) {
        findings.push({
          rule: 'Preflight-LogRetention',
          logicalId,
          message: `Function ${logicalId} logs to Lambda's implicit log group, which has no retention; give it a log group of this stack`,
        });
      }
    }
  }
  return findings;
}

/** Every preflight finding of one synthesized template (none: ready to deploy as far as these limits go). */
export function preflightFindings(template: TemplateJson): PreflightFinding[] {
  const resources = template.Resources ?? {};
  return [...inlinePolicySizes(resources), ...environmentSizes(resources), ...nameLengths(resources), ...logRetention(resources)];
}

/** The preflight as a CDK validation plugin: a finding fails `cdk synth`, like cdk-nag's. */
class PreflightPlugin implements IPolicyValidationPlugin {
  readonly name = 'Preflight';
  readonly ruleIds = ['Preflight-InlinePolicySize', 'Preflight-LambdaEnvironmentSize', 'Preflight-NameLength', 'Preflight-LogRetention'];

  validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const violations: PolicyViolation[] = [];
    for (const templatePath of context.templatePaths) {
      const template = JSON.parse(readFileSync(templatePath, 'utf8')) as TemplateJson;
      for (const finding of preflightFindings(template)) {
        violations.push({
          ruleName: finding.rule,
          description: finding.message,
          severity: 'error',
          violatingResources: [{ resourceLogicalId: finding.logicalId, templatePath, locations: [] }],
        });
      }
    }
    return { success: violations.length === 0, violations };
  }
}

export function addPreflight(app: IConstruct): void {
  Validations.of(app).addPlugins(new PreflightPlugin());
}
