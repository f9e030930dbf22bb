/** A route's order must run every step the route has; routeHandler refuses one that leaves a step out. */
import { describe, it, expect } from '@jest/globals';
import { missingSteps, routeHandler } from '../../../functions/http/handler.js';
import type { RouteContract } from '../../../functions/http/contract.js';
import { compileRequestValidator } from '../../../scripts/compile-validators.js';

const body = compileRequestValidator('probeBody', { type: 'object' }, 'json');
const query = compileRequestValidator('probeQuery', { type: 'object' }, 'query');
const contract: RouteContract = { handler: 'api/probe', public: true, body, query: [query, query] };

describe('the order of a route', () => {
  it('names the steps an order leaves out', () => {
    expect(missingSteps(contract, ['body', 'query'], false)).toEqual([]);
    expect(missingSteps(contract, ['query:0', 'body'], true)).toEqual(['query:1', 'load']);
    expect(missingSteps(contract, ['load'], true)).toEqual(['body', 'query:0', 'query:1']);
  });

  it('is checked when the handler is built', () => {
    expect(() => routeHandler(contract, { order: ['body', 'query:1'], handle: async () => ({ body: {} }) })).toThrow(
      'api/probe: its order leaves out query:0',
    );
  });
});
