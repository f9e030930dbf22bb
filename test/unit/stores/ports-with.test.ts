/**
 * Sets of ports from adapter factories (functions/stores/ports.ts), and the factories each route's
 * generated contract carries (scripts/compile-validators.ts): a route's Lambda builds exactly the
 * ports its `access` declares, plus what authentication needs.
 */
import { describe, it, expect } from '@jest/globals';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { createPortsWith, type PortFactories } from '../../../functions/stores/ports.js';
import { configFrom } from '../../../functions/lambda/config.js';
import { DEFAULT_ROUTE_HANDLER, ROUTES, type Route } from '../../../functions/routes.js';
import type { RouteContract } from '../../../functions/http/contract.js';
import type { JobQueue } from '../../../functions/core/ports/index.js';
import { OUTPUT_DIR } from '../../../scripts/compile-validators.js';

const config = configFrom({});

/** A queue port whose messages go to `sent`, made with the set's shared "client". */
function queueFactories(made: string[], closed: string[]): PortFactories {
  return {
    queue: (ctx): JobQueue => {
      const client = ctx.shared('client', () => (made.push('client'), { id: made.length }), () => closed.push('client'));
      return { send: async () => `sent with client ${client.id}`, ping: async () => true };
    },
    jobs: (ctx) => {
      ctx.shared('client', () => (made.push('client'), { id: made.length }), () => closed.push('client'));
      return {} as never;
    },
  };
}

describe('createPortsWith', () => {
  it('makes each port on first read, once, and the shared client once per set', async () => {
    const made: string[] = [];
    const ports = createPortsWith(config, queueFactories(made, []));
    expect(made).toEqual([]);
    expect(await ports.queue.send({})).toBe('sent with client 1');
    expect(ports.queue).toBe(ports.queue);
    void ports.jobs;
    expect(made).toEqual(['client']);
    const other = createPortsWith(config, queueFactories(made, []));
    expect(await other.queue.send({})).toBe('sent with client 2');
  });

  it('closes what the set made on destroy, and makes it anew when asked again', () => {
    const made: string[] = [];
    const closed: string[] = [];
    const ports = createPortsWith(config, queueFactories(made, closed));
    void ports.queue;
    ports.destroy();
    expect(closed).toEqual(['client']);
    void ports.jobs;
    expect(made).toEqual(['client', 'client']);
  });

  it('names the port a set was not given when it is read', () => {
    const ports = createPortsWith(config, queueFactories([], []));
    expect(() => ports.beliefs).toThrow('No "beliefs" port in this set of ports');
    expect(() => ports.readiness()).toThrow('No "readiness" port');
    expect(Object.keys(ports)).toEqual(expect.arrayContaining(['queue', 'jobs', 'settings', 'clock', 'log']));
    expect(Object.keys(ports)).not.toContain('beliefs');
  });

  it('gives every set the configuration, its settings, a clock and a log', () => {
    const clock = () => 42;
    const ports = createPortsWith(config, {}, { clock });
    expect(ports.config).toBe(config);
    expect(ports.settings).toBe(config.settings);
    expect(ports.clock()).toBe(42);
    expect(typeof ports.log.info).toBe('function');
  });
});

const ENTITY_PORTS = ['accounts', 'assets', 'audit', 'leases', 'priceIngest', 'tokens', 'users'];

/** The ports the generated contract of a handler module has factories for, sorted. */
async function portsOf(handler: string): Promise<string[]> {
  const file = join(OUTPUT_DIR, 'routes', `${handler.replace(/^api\//, '')}.ts`);
  const { contract } = (await import(pathToFileURL(file).href)) as { contract: RouteContract };
  expect(contract.adapters).toBeDefined();
  return Object.keys(contract.adapters ?? {}).sort();
}

/** The ports a route's Lambda must be able to build, from its table entry. */
function expectedPorts(route: Pick<Route, 'public' | 'access'>): string[] {
  const { entities, beliefs, jobs, queue } = route.access;
  const ports = new Set<string>(entities ? ENTITY_PORTS : []);
  if (!route.public) ports.add('users').add('tokens');
  if (beliefs) ports.add('beliefs');
  if (beliefs === 'write') ports.add('leases');
  if (jobs) ports.add('jobs');
  if (queue) ports.add('queue');
  if (entities && beliefs && queue) ports.add('readiness');
  return [...ports].sort();
}

describe('the adapters of each route contract', () => {
  it.each(ROUTES.map((r) => [`${r.method} ${r.path}`, r] as const))('%s: the ports its access declares', async (_name, route) => {
    expect(await portsOf(route.handler)).toEqual(expectedPorts(route));
  });

  it('gives the public routes without access, and the unmatched route, no adapter', async () => {
    expect(await portsOf('api/ops-ping')).toEqual([]);
    expect(await portsOf(DEFAULT_ROUTE_HANDLER)).toEqual([]);
  });

  it('gives the readiness check what it pings', async () => {
    expect(await portsOf('api/health-ready')).toEqual(expect.arrayContaining(['readiness', 'accounts', 'beliefs', 'queue']));
  });
});
