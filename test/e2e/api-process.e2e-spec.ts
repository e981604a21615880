import {
  buildOnce,
  freePort,
  startProcess,
  waitFor,
  type RunningProcess,
} from '../setup/child-process';

/** The built API as a real process, as a newcomer starts it: bootstrap key, health, docs, logs. */
describe('API process', () => {
  const key = 'ol_e2eprocess01_ThisIsTheBootstrapKeyForE2ETests';
  let api: RunningProcess;
  let base: string;

  beforeAll(async () => {
    buildOnce();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    api = startProcess('apps/api/src/main.js', {
      PORT: String(port),
      BOOTSTRAP_ADMIN_KEY: key,
      BOOTSTRAP_ADMIN_EMAIL: 'bootstrap@e2e.test',
    });
    await waitFor(
      async () => ((await fetch(`${base}/health`)).ok ? true : undefined),
      20_000,
      'API health',
    );
  });
  afterAll(async () => {
    api.child.kill('SIGTERM');
    await api.exited;
  });

  it('answers /health, /ready and /docs-json', async () => {
    expect((await fetch(`${base}/health`)).status).toBe(200);
    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(200);
    const docs = await fetch(`${base}/docs-json`);
    expect(docs.status).toBe(200);
    expect(((await docs.json()) as { info: { title: string } }).info.title).toBe(
      'Outcomes Ledger API',
    );
    expect((await fetch(`${base}/docs`)).status).toBe(200);
  });

  it('accepts the bootstrap admin key for a first call', async () => {
    const me = await fetch(`${base}/v1/users/me`, { headers: { authorization: `Bearer ${key}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ email: 'bootstrap@e2e.test', isPlatformAdmin: true });
  });

  it('logs structured JSON with a request id, and never the key', async () => {
    const res = await fetch(`${base}/v1/organisations`, {
      headers: { 'x-api-key': key, 'x-request-id': 'trace-me-123' },
    });
    expect(res.headers.get('x-request-id')).toBe('trace-me-123');
    const line = await waitFor(
      () =>
        Promise.resolve(
          api
            .output()
            .split('\n')
            .find((l) => l.includes('trace-me-123')),
        ),
      5_000,
      'request log line',
    );
    const entry = JSON.parse(line) as { req: { id: string }; res: { statusCode: number } };
    expect(entry.req.id).toBe('trace-me-123');
    expect(entry.res.statusCode).toBe(200);
    expect(api.output()).not.toContain(key);
    expect(api.output()).not.toContain(key.split('_')[2]);
  });
});
