/**
 * Sets of ports from adapter factories, without knowing any adapter: `createPortsWith(config,
 * factories)` builds each port the first time it is read, with the factory given for it, and
 * hands every factory one context whose `shared` makes an SDK client once per set of ports. This
 * module imports no adapter and no SDK, so a Lambda bundle holds only the factories its route
 * passes (the generated route contract's `adapters`, from the route's `access`), and with them only
 * their adapters and SDK clients. The full set is `createPorts` (functions/stores/index.ts).
 */
import type { Clock, Log, Ports } from '../core/ports/index.js';
import { now } from '../lambda/clock.js';
import { logger } from '../lambda/logger.js';
import type { Config } from '../lambda/config.js';

/** The ports an adapter factory makes (the others come with every set: settings, clock, log). */
export type AdapterPort = Exclude<keyof Ports, 'settings' | 'clock' | 'log'>;

export const ADAPTER_PORTS: readonly AdapterPort[] = [
  'accounts',
  'users',
  'tokens',
  'audit',
  'assets',
  'beliefs',
  'jobs',
  'queue',
  'leases',
  'priceIngest',
  'secrets',
  'readiness',
];

/** What a factory gets: the configuration, and what the ports of its set share. */
export interface PortsContext {
  readonly config: Config;
  /** The value under `key` in this set of ports, made by `make` on first use and closed by `close` on `destroy()`. */
  shared<T>(key: string, make: () => T, close?: (value: T) => void): T;
}

/** Makes one port of a set; `ports` is the set itself (a port built on others, such as readiness). */
export type PortFactory<K extends AdapterPort> = (ctx: PortsContext, ports: Ports) => Ports[K];

export type PortFactories = { readonly [K in AdapterPort]?: PortFactory<K> };

/** A set of ports with what built it. */
export interface PortsWith extends Ports {
  readonly config: Config;
  readonly context: PortsContext;
  /** Closes the SDK clients this set made (ports read later make new ones). */
  destroy(): void;
}

export interface PortsOptions {
  /** Default: the process's clock (functions/lambda/clock.ts). */
  clock?: Clock;
  /** Default: the Powertools logger. */
  log?: Log;
}

/**
 * Ports over `config` from `factories`, each port made on first read. Reading a port the factories
 * do not make throws an error naming it (for a Lambda: its route's `access` misses what the handler uses).
 */
export function createPortsWith(config: Config, factories: PortFactories, options: PortsOptions = {}): PortsWith {
  const made = new Map<string, { value: unknown; close?: (value: never) => void }>();
  const context: PortsContext = {
    config,
    shared<T>(key: string, make: () => T, close?: (value: T) => void): T {
      let entry = made.get(key);
      if (!entry) made.set(key, (entry = { value: make(), close: close as ((value: never) => void) | undefined }));
      return entry.value as T;
    },
  };
  const ports = {
    config,
    context,
    settings: config.settings,
    clock: options.clock ?? now,
    log: options.log ?? logger,
    destroy(): void {
      for (const { value, close } of made.values()) close?.(value as never);
      made.clear();
    },
  } as PortsWith;
  for (const key of ADAPTER_PORTS) {
    const factory = factories[key] as PortFactory<typeof key> | undefined;
    let value: { v: unknown } | undefined;
    Object.defineProperty(ports, key, {
      enumerable: factory !== undefined,
      get: () => {
        if (!factory) throw new Error(`No "${key}" port in this set of ports: its factories do not make it`);
        return (value ??= { v: factory(context, ports) }).v;
      },
    });
  }
  return ports;
}
