import { buildOnce, startWorkerProcess, waitFor } from '../setup/child-process';

/**
 * The worker composes sample reports at boot, before it takes jobs (WORKER_WARM_UP_MS), so a
 * fresh worker's first reports are not paid for with V8's compiling: it says so in its log and
 * then takes jobs. The built worker process against real PostgreSQL and Redis.
 */
describe('worker boot warm-up (built worker process)', () => {
  beforeAll(() => buildOnce(), 120_000);

  it('warms the report code up within its budget before it answers health', async () => {
    const worker = await startWorkerProcess({ WORKER_WARM_UP_MS: '400', LOG_LEVEL: 'info' });
    try {
      const line = await waitFor(
        () =>
          Promise.resolve(
            worker
              .output()
              .split('\n')
              .find((l) => l.includes('report code warmed up on sample reports')),
          ),
        10_000,
        'the warm-up log line',
      );
      const logged = JSON.parse(line) as { calls: number; ms: number };
      expect(logged.calls).toBeGreaterThan(0);
      // The budget is checked between reports: at most one report beyond it.
      expect(logged.ms).toBeLessThan(400 + 2_000);
    } finally {
      worker.child.kill('SIGKILL');
      await worker.exited;
    }
  }, 60_000);
});
