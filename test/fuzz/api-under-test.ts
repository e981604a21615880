import { freePort, startProcess, type RunningProcess } from '../setup/child-process';
import { send } from './http-client';

export interface Death {
  /** When it was noticed (request number). */
  atRequest: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last lines the process wrote: the crash's own report. */
  lastOutput: string;
}

/**
 * The built API as a real child process, restartable: the fuzzer records a death as a failure,
 * starts it again on a new port and goes on (up to `maxRestarts`).
 */
export class ApiUnderTest {
  port = 0;
  restarts = 0;
  readonly deaths: Death[] = [];
  /** Everything the earlier (dead) processes wrote, for finding a failed request's log line. */
  private pastOutput = '';
  private proc?: RunningProcess;
  /** Resolves once the process's stdout and stderr are closed (all its output is in). */
  private closed?: Promise<void>;
  private exitInfo?: { code: number | null; signal: NodeJS.Signals | null };

  constructor(
    private readonly env: Record<string, string>,
    readonly maxRestarts: number,
  ) {}

  async start(): Promise<void> {
    this.port = await freePort();
    this.exitInfo = undefined;
    const proc = startProcess('apps/api/src/main.js', { ...this.env, PORT: String(this.port) });
    this.proc = proc;
    this.closed = new Promise((resolve) => proc.child.once('close', () => resolve()));
    void proc.exited.then((info) => {
      if (this.proc === proc) this.exitInfo = info;
    });
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (this.exitInfo) {
        throw new Error(
          `the API exited while starting (${JSON.stringify(this.exitInfo)}): ${proc.output().slice(-3000)}`,
        );
      }
      const ex = await send(
        this.port,
        { method: 'GET', path: '/health', headers: {} },
        { timeoutMs: 2_000 },
      );
      if (ex.kind === 'answer' && ex.answer.status === 200) return;
      if (Date.now() > deadline) {
        throw new Error(`the API did not become healthy: ${proc.output().slice(-3000)}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Running: no exit seen, not killed. */
  alive(): boolean {
    const child = this.proc?.child;
    return (
      !!child &&
      child.exitCode === null &&
      child.signalCode === null &&
      !child.killed &&
      !this.exitInfo
    );
  }

  /** Waits up to `ms` for the process to exit (a crash can take a moment to finish). */
  async waitForExit(ms: number): Promise<boolean> {
    if (!this.proc) return true;
    if (!this.alive()) return true;
    await Promise.race([this.proc.exited, new Promise((r) => setTimeout(r, ms))]);
    return !this.alive();
  }

  /** Answers /health within 2 s? */
  async healthy(): Promise<boolean> {
    if (!this.alive()) return false;
    const ex = await send(
      this.port,
      { method: 'GET', path: '/health', headers: {} },
      { timeoutMs: 2_000 },
    );
    return ex.kind === 'answer' && ex.answer.status === 200;
  }

  output(): string {
    return this.pastOutput + (this.proc?.output() ?? '');
  }

  /** Records the death, then starts a new process unless the restart budget is spent. */
  async recordDeathAndRestart(atRequest: number): Promise<boolean> {
    await this.stop();
    // A crash report (e.g. a failed assertion) can still be in the pipes when 'exit' fires.
    await Promise.race([this.closed, new Promise((r) => setTimeout(r, 2_000))]);
    const out = this.proc?.output() ?? '';
    const child = this.proc?.child;
    this.deaths.push({
      atRequest,
      code: this.exitInfo?.code ?? child?.exitCode ?? null,
      signal: this.exitInfo?.signal ?? child?.signalCode ?? null,
      lastOutput: lastLines(out, 40),
    });
    this.pastOutput += out;
    if (this.restarts >= this.maxRestarts) return false;
    this.restarts++;
    await this.start();
    return true;
  }

  /** SIGTERM, then SIGKILL after 10 s; resolves once the process has exited. */
  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc) return;
    if (proc.child.exitCode === null && proc.child.signalCode === null) {
      proc.child.kill('SIGTERM');
      const timer = setTimeout(() => proc.child.kill('SIGKILL'), 10_000);
      await proc.exited;
      clearTimeout(timer);
    }
  }
}

function lastLines(text: string, n: number): string {
  const lines = text.trimEnd().split('\n');
  return lines
    .slice(-n)
    .map((l) => (l.length > 400 ? `${l.slice(0, 400)}…` : l))
    .join('\n');
}
