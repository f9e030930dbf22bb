/**
 * Ports for use-case tests without dynalite: the in-memory fakes a test passes, settings from a
 * given environment, a fixed clock and a silent log. Touching a port the test did not pass throws,
 * so a test also shows which ports a use case needs.
 */
import type { Log, Ports } from '../../functions/core/ports/index.js';
import { settingsFrom, type Environment } from '../../functions/lambda/config.js';

const silent: Log = { debug() {}, info() {}, warn() {}, error() {} };

export function fakePorts(parts: Partial<Ports> & { env?: Environment; now?: number } = {}): Ports {
  const { env = {}, now = Date.UTC(2026, 0, 1), ...given } = parts;
  const base: Partial<Ports> = { settings: settingsFrom(env), clock: () => now, log: silent, ...given };
  return new Proxy(base as Ports, {
    get(target, key: string | symbol) {
      if (!(key in target)) throw new Error(`fakePorts: this test passed no ${String(key)} port`);
      return target[key as keyof Ports];
    },
  });
}
