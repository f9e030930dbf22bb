/**
 * Each invocation logs through a child logger that carries its own Lambda context: when the local
 * runtime runs invocations of two functions at once, a line says which one wrote it.
 */
import { describe, it, expect, jest, afterEach } from '@jest/globals';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { reply, routeHandler } from '../../../functions/http/handler.js';
import type { RouteContract } from '../../../functions/http/contract.js';
import { apiEvent } from '../../helpers/events.js';

const contract = (handler: string): RouteContract => ({ handler, public: true, body: undefined, query: [] });
const contextOf = (functionName: string) => ({ functionName, awsRequestId: `req-${functionName}`, invokedFunctionArn: 'arn', memoryLimitInMB: '128', functionVersion: '1' }) as unknown as Context;

afterEach(() => {
  jest.restoreAllMocks();
});

describe('the log of an invocation', () => {
  it('names its own function, also when another invocation started in between', async () => {
    const lines: string[] = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = routeHandler(contract('api/first'), {
      handle: async (_input, _caller, deps) => {
        await gate;
        (deps.log as Logger).setLogLevel('INFO');
        deps.log.info('written by the first');
        return reply({});
      },
    });
    const second = routeHandler(contract('api/second'), {
      handle: async (_input, _caller, deps) => {
        (deps.log as Logger).setLogLevel('INFO');
        deps.log.info('written by the second');
        release();
        return reply({});
      },
    });
    const running = first(apiEvent(), contextOf('fn-first'));
    await second(apiEvent(), contextOf('fn-second'));
    await running;
    const logged = lines.flatMap((l) => l.split('\n')).filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged.find((l) => l.message === 'written by the first')).toMatchObject({ function_name: 'fn-first', function_request_id: 'req-fn-first' });
    expect(logged.find((l) => l.message === 'written by the second')).toMatchObject({ function_name: 'fn-second', function_request_id: 'req-fn-second' });
  });
});
