/**
 * The admin CLI (`npm run cli -- <command>`), built from command modules. Each module registers
 * its commands; add new ones (e.g. `ingest-prices`) as `local/cli/<topic>.ts` exporting
 * `register<Topic>Commands(program, run)` and one line below.
 */
import { Command } from 'commander';
import { InputError } from '../../functions/app/accounts.js';
import { registerAccountCommands } from './accounts.js';
import { registerAssetCommands } from './assets.js';
import { registerBeliefCommands } from './beliefs.js';
import type { Ports } from '../../functions/core/ports/index.js';
import { connect, type Connection } from './connect.js';
import { CliError, processIo, type CliIo } from './io.js';
import { registerPriceCommands } from './prices.js';
import { registerScheduleCommands } from './schedules.js';
import { registerUserCommands } from './users.js';

/** Runs a command body against the stores (connecting first, closing after: `deps` are the connection's ports) and reports failures. */
export type Run = (body: (io: CliIo, deps: Ports) => Promise<void>) => Promise<void>;

export interface ProgramOptions {
  io?: CliIo;
  /** Connect to the stores (default: `connect()` from the environment). */
  connect?: () => Promise<Connection>;
  /** Called when a command fails (default: exit code 1). */
  onFailure?: () => void;
}

export function createProgram(options: ProgramOptions = {}): Command {
  const io = options.io ?? processIo;
  const open = options.connect ?? (() => connect());
  const fail = options.onFailure ?? (() => (process.exitCode = 1));
  const program = new Command('npm run cli --')
    .description('FlexMeasures admin CLI: accounts, users, assets, sensors and sensor data in the local data directory or a deployed stack')
    .showHelpAfterError()
    .configureOutput({ writeOut: (s) => io.out(s.replace(/\n$/, '')), writeErr: (s) => io.err(s.replace(/\n$/, '')) });

  const run: Run = async (body) => {
    let connection: Connection | undefined;
    try {
      connection = await open();
      await body(io, connection.ports);
    } catch (err) {
      fail();
      io.err(`error: ${err instanceof CliError || err instanceof InputError ? err.message : err instanceof Error ? err.stack ?? err.message : String(err)}`);
    } finally {
      await connection?.close();
    }
  };

  registerAccountCommands(program, run);
  registerUserCommands(program, run);
  registerAssetCommands(program, run);
  registerBeliefCommands(program, run);
  registerPriceCommands(program, run);
  registerScheduleCommands(program, run);
  // further command modules go here
  return program;
}
