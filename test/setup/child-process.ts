import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
export const BUILD_DIR = join(ROOT, '.test-build');

/** Compiles the apps once per run (SWC, about a second) so tests can run them as real processes. */
export function buildOnce(): void {
  if (process.env.OL_TEST_BUILT === '1' && existsSync(join(BUILD_DIR, 'apps'))) return;
  execFileSync(
    process.execPath,
    [
      require.resolve('@swc/cli/bin/swc.js'),
      'apps',
      'libs',
      'prisma',
      '--out-dir',
      BUILD_DIR,
      '--config-file',
      '.swcrc',
      '--ignore',
      '**/*.spec.ts',
      '--ignore',
      'apps/web/**',
      '--copy-files',
      '--quiet',
    ],
    { cwd: ROOT, stdio: 'inherit' },
  );
  process.env.OL_TEST_BUILT = '1';
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export interface RunningProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts a built entry point (e.g. 'apps/worker/src/main.js') with this run's environment. */
export function startProcess(entry: string, env: Record<string, string>): RunningProcess {
  let output = '';
  const child = spawn(process.execPath, [join(BUILD_DIR, entry)], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exited };
}

export async function waitFor<T>(
  fn: () => Promise<T | undefined>,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await fn();
      if (value !== undefined) return value;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Starts a built worker process with its health server on a free port and waits (up to 20 s)
 * until it answers; a worker that never does is killed before the error is thrown.
 */
export async function startWorkerProcess(
  env: Record<string, string> = {},
): Promise<RunningProcess> {
  const port = await freePort();
  const worker = startProcess('apps/worker/src/main.js', {
    ...env,
    WORKER_HEALTH_PORT: String(port),
  });
  try {
    await waitFor(
      async () => ((await fetch(`http://127.0.0.1:${port}/health`)).ok ? true : undefined),
      20_000,
      'worker health',
    );
  } catch (error) {
    worker.child.kill('SIGKILL');
    throw error;
  }
  return worker;
}
