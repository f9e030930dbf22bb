/**
 * The admin CLI in-process, for tests: one command with captured output, and a temporary data
 * directory that the CLI and the local runtime share for one test file.
 */
import { afterAll, beforeAll } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProgram } from '../../local/cli/program.js';
import type { CliIo } from '../../local/cli/io.js';
import { stopTestRuntime } from './runtime.js';

export interface CliOutcome {
  out: string[];
  err: string[];
  failed: boolean;
  /** What a progress bar drew (only with `progress: true`). */
  progress?: string[];
}

export interface CliOptions {
  /** Answers to password prompts, in order. */
  answers?: string[];
  /** Whether the CLI may prompt (a terminal). */
  interactive?: boolean;
  /** Give the CLI a 100-column terminal for progress bars, and capture what they draw. */
  progress?: boolean;
}

/** Runs one CLI command (`args` as typed after `npm run cli --`) with captured output. */
export async function runCli(args: string[], options: CliOptions = {}): Promise<CliOutcome> {
  const answers = [...(options.answers ?? [])];
  const outcome: CliOutcome = { out: [], err: [], failed: false };
  const io: CliIo = {
    out: (l) => outcome.out.push(l),
    err: (l) => outcome.err.push(l),
    interactive: options.interactive ?? false,
    readSecret: async () => answers.shift() ?? '',
  };
  if (options.progress) {
    const drawn: string[] = (outcome.progress = []);
    io.progress = { isTTY: true, columns: 100, write: (s) => drawn.push(s) };
  }
  const program = createProgram({ io, onFailure: () => (outcome.failed = true) });
  program.exitOverride();
  await program.parseAsync(['node', 'cli', ...args]);
  return outcome;
}

/**
 * A temporary directory for this test file: `dataDir` (the directory itself, or `subdir` of it) is
 * DATA_DIR while the file's tests run. Afterwards the local runtime is stopped, DATA_DIR and the
 * variables named in `restoreEnv` get their earlier values back, and the directory is removed.
 */
export function useCliDataDir(prefix: string, options: { subdir?: string; restoreEnv?: string[] } = {}): { root: string; dataDir: string } {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const dataDir = options.subdir ? join(root, options.subdir) : root;
  const names = ['DATA_DIR', ...(options.restoreEnv ?? [])];
  const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
  beforeAll(() => {
    process.env.DATA_DIR = dataDir;
  });
  afterAll(async () => {
    await stopTestRuntime();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    rmSync(root, { recursive: true, force: true });
  });
  return { root, dataDir };
}
