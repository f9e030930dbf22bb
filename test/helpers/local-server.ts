/**
 * The real `npm start` server (local/server.ts) in a child process, for the tests of a fresh
 * installation: it binds 127.0.0.1 on a free port and counts as ready once it has printed its
 * first-run banner (which ends with the curl example's `Authorization` header).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const READY = "-H 'Authorization: <auth_token>'";

export interface LocalServer {
  readonly child: ChildProcess;
  /** Everything it printed (stdout and stderr) up to being ready. */
  readonly output: string;
}

/** Starts the server on `dataDir` with the extra environment `env`; rejects when it exits or is not ready within `timeoutMs`. */
export function startLocalServer(dataDir: string, env: Record<string, string>, timeoutMs: number): Promise<LocalServer> {
  const child = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'local/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0', NODE_OPTIONS: '', DYNAMODB_ENDPOINT: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(READY)) {
        clearTimeout(timer);
        resolve({ child, output });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

/** Stops a server child (SIGTERM) and waits for it to exit; nothing when it is not running. */
export async function stopLocalServer(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
