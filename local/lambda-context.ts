/**
 * The Lambda `Context` the local runtime hands to a handler: the function's name and the request id,
 * with the memory and remaining time the deployed function would have.
 */
import type { Context } from 'aws-lambda';

export function lambdaContext(name: string, requestId: string, limits: { memoryMb: number; remainingMs: number } = { memoryMb: 512, remainingMs: 29_000 }): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${name}`,
    memoryLimitInMB: String(limits.memoryMb),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => limits.remainingMs,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** The local solver's context (1 GB, a 300 s budget, as in the stack). */
export const solverContext = (requestId: string): Context => lambdaContext('local-solver', requestId, { memoryMb: 1024, remainingMs: 300_000 });
