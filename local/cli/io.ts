/** What CLI commands read from and write to: swappable so tests run commands in-process. */
import { createInterface } from 'node:readline';
import type { ProgressStream } from './progress.js';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** Whether a human can answer prompts (stdin is a terminal). */
  interactive: boolean;
  /** Asks for a secret without echoing it. */
  readSecret(question: string): Promise<string>;
  /** Where progress bars are drawn (stderr; none: no progress shown). */
  progress?: ProgressStream;
}

/** Reads a line from the terminal without echoing what is typed. */
function readHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    const internal = rl as unknown as { _writeToOutput: (s: string) => void };
    const write = internal._writeToOutput.bind(rl);
    internal._writeToOutput = (s: string) => {
      if (s.startsWith(question)) write(question);
    };
    rl.on('SIGINT', () => {
      rl.close();
      process.stdout.write('\n');
      reject(new Error('Cancelled.'));
    });
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
  });
}

export const processIo: CliIo = {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  interactive: Boolean(process.stdin.isTTY),
  readSecret: readHidden,
  progress: process.stderr,
};

/** A failure to report to the operator (message only, exit code 1). */
export class CliError extends Error {
  override readonly name = 'CliError';
}
