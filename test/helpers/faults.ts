/**
 * Fault injection for the AWS clients of the running test runtime (its ports' clients, which its
 * handlers use): a middleware that throws the service's own
 * exception for the commands a rule picks, before the SDK's retries (so it stands for a failure
 * the retries did not get past).
 *
 *   const stop = failDynamo((c) => (c.commandName === 'PutItemCommand' && c.pk?.startsWith('SENSOR#') ? throttled() : null));
 *   try { … } finally { stop(); }
 */
import { InternalServerError, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { QueueDoesNotExist } from '@aws-sdk/client-sqs';
import { runtime } from './runtime.js';

export interface Call {
  /**
   * The service operation's command name, e.g. `PutItemCommand`, `UpdateItemCommand`, `QueryCommand`,
   * `SendMessageCommand` (the low-level name also for the document client's `PutCommand`).
   */
  commandName: string;
  /** The command's input as the adapter gave it (document-client form for DynamoDB). */
  input: Record<string, any>;
  /** For DynamoDB: the partition key the command names (Key, Item or the first batch item), if any. */
  pk?: string;
}

export type FaultRule = (call: Call) => Error | null;

/** DynamoDB's answer to a table over its capacity. */
export function throttled(): Error {
  return new ProvisionedThroughputExceededException({
    message: 'The level of configured provisioned throughput for the table was exceeded.',
    $metadata: { httpStatusCode: 400 },
  });
}

/** DynamoDB's own 500. */
export function dynamoFault(): Error {
  return new InternalServerError({ message: 'Internal server error (injected)', $metadata: { httpStatusCode: 500 } });
}

/** An SQS failure that is not about capacity. */
export function queueGone(): Error {
  return new QueueDoesNotExist({ message: 'The specified queue does not exist (injected).', $metadata: { httpStatusCode: 400 } });
}

function pkOf(input: Record<string, any>): string | undefined {
  const direct = input.Key?.pk ?? input.Item?.pk;
  if (typeof direct === 'string') return direct;
  const batch = input.RequestItems && Object.values(input.RequestItems as Record<string, any[]>)[0]?.[0];
  const fromBatch = batch?.PutRequest?.Item?.pk ?? batch?.DeleteRequest?.Key?.pk;
  return typeof fromBatch === 'string' ? fromBatch : undefined;
}

let counter = 0;

function install(stack: { add: (mw: any, options: any) => void; remove: (name: string) => boolean }, rule: FaultRule): () => void {
  const name = `injectedFault${++counter}`;
  stack.add(
    (next: (args: any) => Promise<any>, context: { commandName?: string }) => async (args: { input: Record<string, any> }) => {
      const call: Call = { commandName: context.commandName ?? '', input: args.input, pk: pkOf(args.input) };
      const err = rule(call);
      if (err) throw err;
      return next(args);
    },
    { step: 'initialize', name, priority: 'high' },
  );
  return () => {
    stack.remove(name);
  };
}

/** Makes the DynamoDB document client fail the commands `rule` picks; returns the undo. */
export function failDynamo(rule: FaultRule): () => void {
  return install(runtime().ports.clients.dynamodb.middlewareStack as never, rule);
}

/** Makes the SQS client fail the commands `rule` picks; returns the undo. */
export function failQueue(rule: FaultRule): () => void {
  return install(runtime().ports.clients.sqs.middlewareStack as never, rule);
}

/** A rule that fails only the first `times` calls matching `match`. */
export function firstCalls(times: number, match: (call: Call) => boolean, error: () => Error): FaultRule {
  let left = times;
  return (call) => {
    if (left <= 0 || !match(call)) return null;
    left--;
    return error();
  };
}
