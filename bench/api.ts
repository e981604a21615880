/**
 * npm run bench:api — the HTTP API benchmark (a benchmark, not a test: it prints figures).
 *
 * 1. Creates its own database ol_bench_<id>, migrates it and loads the demo data (`npm run
 *    db:seed`); a worker process produces the demo's reports, then stops (it would compete with the
 *    API for the machine's cores while the API is measured).
 * 2. Starts the built API as a child process (LOG_LEVEL warn, rate limit out of the way) and, as
 *    the baseline, bench/api-bare.ts: a bare `node:http` + `pg` server doing the same statements.
 * 3. Drives each route with autocannon on loopback (BENCH_API_CONNECTIONS, default 20, for
 *    BENCH_API_SECONDS, default 10, each): the no-op route (GET /health), a partnership's report
 *    list, the current quarter report as JSON, a page of delivery records (the board's key) and a
 *    delivery-record write with an Idempotency-Key (the provider's key; a new key and external
 *    reference per request). Product and baseline alternate route by route.
 * 4. Prints req/s, p50, p99, errors and non-2xx answers for both and the ratio product/baseline,
 *    with the targets of issue 18; drops the database and the Redis keys.
 *
 * Env: BENCH_API_SECONDS, BENCH_API_CONNECTIONS, BENCH_API_ROUTES (comma list of route names to
 * run: health,reports,current,records,write), BENCH_PG_URL (postgresql://postgres@127.0.0.1:5432),
 * REDIS_URL, BENCH_API_NODE_ARGS (Node flags for the API process, e.g. "--cpu-prof
 * --cpu-prof-dir=/tmp/prof-api").
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { deleteKeysWithPrefix } from '@ol/jobs';
import { dropDatabase, ensureDatabase, migrate } from '@ol/persistence';

const ROOT = process.cwd();
const SECONDS = Number(process.env.BENCH_API_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_API_CONNECTIONS ?? 20);
const ROUTES = new Set(
  (process.env.BENCH_API_ROUTES ?? 'health,reports,current,records,write').split(','),
);
const PG_BASE = process.env.BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const NODE_ARGS = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);

// The demo seed's partnership and keys (prisma/seed.ts: public demo keys, never for production).
const PARTNERSHIP_ID = '00000000-0000-4000-8000-00000000d001';
const BOARD_KEY = 'ol_demoboard001_DemoBoardKeyDoNotUseInProduction';
const PROVIDER_KEY = 'ol_demoprovid01_DemoProviderKeyDoNotUseInProduct';

const runId = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
const dbName = `ol_bench_${runId}`;
const databaseUrl = `${PG_BASE}/${dbName}`;
const queuePrefix = `ol_bench_${runId}`;

const fmt = (n: number): string => Math.round(n).toLocaleString('en-GB');

interface Route {
  name: string;
  title: string;
  kind: 'read' | 'write';
  options: (base: string) => autocannon.Options;
}

interface Measured {
  reqPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function main(): Promise<void> {
  console.log(
    `bench:api — ${CONNECTIONS} connections × ${SECONDS} s per route and server, database ${dbName}`,
  );
  await ensureDatabase(databaseUrl);
  const children: ChildProcess[] = [];
  const db = new Client({ connectionString: databaseUrl });
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    QUEUE_PREFIX: queuePrefix,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    WORKER_HEALTH_PORT: '-1',
    BOOTSTRAP_ADMIN_KEY: '',
    // What is measured is the API's work per request, not the per-client rate limit.
    RATE_LIMIT_PER_MINUTE: '100000000',
    RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '100000000',
  };
  try {
    await migrate(databaseUrl, join(ROOT, 'prisma', 'migrations'));
    await db.connect();
    await runToEnd(
      spawn(process.execPath, [join(ROOT, 'dist/prisma/seed.js')], { env, stdio: 'inherit' }),
    );
    await produceDemoReports(db, env);

    const current = (
      await db.query<{ label: string }>(
        `SELECT r.period_label AS label FROM current_reports c
           JOIN reports r ON r.partnership_id = c.partnership_id AND r.id = c.report_id
          WHERE c.partnership_id = $1 AND c.scope = 'quarter' ORDER BY c.period_start DESC LIMIT 1`,
        [PARTNERSHIP_ID],
      )
    ).rows[0]?.label;
    if (!current) throw new Error('the demo has no current quarter report');
    const { outcomeId } = (
      await db.query<{ outcomeId: string }>(
        `SELECT id::text AS "outcomeId" FROM outcomes
          WHERE partnership_id = $1 AND aggregation = 'sum' AND direction = 'increase'
          ORDER BY code LIMIT 1`,
        [PARTNERSHIP_ID],
      )
    ).rows[0];
    const { records } = (
      await db.query<{ records: string }>(
        'SELECT count(*) AS records FROM delivery_records WHERE partnership_id = $1',
        [PARTNERSHIP_ID],
      )
    ).rows[0];
    console.log(
      `demo data: partnership ${PARTNERSHIP_ID}, ${records} delivery records, current quarter report ${current}`,
    );

    const apiPort = await freePort();
    const barePort = await freePort();
    const api = spawn(process.execPath, [...NODE_ARGS, join(ROOT, 'dist/apps/api/src/main.js')], {
      env: { ...env, PORT: String(apiPort) },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const bare = spawn(process.execPath, [join(ROOT, 'dist/bench/api-bare.js')], {
      env: { ...env, PORT: String(barePort) },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    children.push(api, bare);
    await Promise.all([waitForHealth(apiPort), waitForHealth(barePort)]);

    const base = `/v1/partnerships/${PARTNERSHIP_ID}`;
    const today = new Date().toISOString().slice(0, 10);
    const routes: Route[] = [
      {
        name: 'health',
        title: 'GET /health (no-op)',
        kind: 'read',
        options: (url) => ({ url: `${url}/health` }),
      },
      {
        name: 'reports',
        title: 'GET …/reports (list)',
        kind: 'read',
        options: (url) => ({ url: `${url}${base}/reports`, headers: { 'x-api-key': BOARD_KEY } }),
      },
      {
        name: 'current',
        title: `GET …/reports/current (${current})`,
        kind: 'read',
        options: (url) => ({
          url: `${url}${base}/reports/current?scope=quarter&quarter=${encodeURIComponent(current)}`,
          headers: { 'x-api-key': BOARD_KEY },
        }),
      },
      {
        name: 'records',
        title: 'GET …/delivery-records (page)',
        kind: 'read',
        options: (url) => ({
          url: `${url}${base}/delivery-records?limit=50`,
          headers: { 'x-api-key': BOARD_KEY },
        }),
      },
      {
        name: 'write',
        title: 'POST …/delivery-records (Idempotency-Key)',
        kind: 'write',
        options: (url) => {
          const tag = randomBytes(4).toString('hex');
          let n = 0;
          return {
            url,
            requests: [
              {
                method: 'POST',
                path: `${base}/delivery-records`,
                headers: { 'x-api-key': PROVIDER_KEY, 'content-type': 'application/json' },
                setupRequest: (req) => {
                  n += 1;
                  return {
                    ...req,
                    headers: { ...req.headers, 'idempotency-key': `bench-${tag}-${n}` },
                    body: JSON.stringify({
                      outcomeId,
                      activityDate: today,
                      quantity: '1',
                      externalRef: `bench-${tag}-${n}`,
                    }),
                  };
                },
              },
            ],
          };
        },
      },
    ];

    const rows: { route: Route; product: Measured; bare: Measured }[] = [];
    for (const route of routes.filter((r) => ROUTES.has(r.name))) {
      // A short untimed round on each server first: connections, JIT, prepared plans.
      await measure(route.options(`http://127.0.0.1:${apiPort}`), 2);
      await measure(route.options(`http://127.0.0.1:${barePort}`), 2);
      const product = await measure(route.options(`http://127.0.0.1:${apiPort}`), SECONDS);
      const baseline = await measure(route.options(`http://127.0.0.1:${barePort}`), SECONDS);
      rows.push({ route, product, bare: baseline });
      console.log(
        `  ${route.title}: product ${fmt(product.reqPerSec)} req/s, bare ${fmt(baseline.reqPerSec)} req/s`,
      );
    }

    console.log('');
    console.log(
      'route                                       | product req/s |  p50 |  p99 | errors | non-2xx | bare req/s |  p50 |  p99 | product/bare',
    );
    for (const { route, product: p, bare: b } of rows) {
      console.log(
        `${route.title.padEnd(43)} | ${fmt(p.reqPerSec).padStart(13)} | ${String(p.p50).padStart(4)} | ${String(p.p99).padStart(4)} | ${String(p.errors).padStart(6)} | ${String(p.non2xx).padStart(7)} | ${fmt(b.reqPerSec).padStart(10)} | ${String(b.p50).padStart(4)} | ${String(b.p99).padStart(4)} | ${(p.reqPerSec / b.reqPerSec).toFixed(2)}`,
      );
    }
    console.log('(latencies in ms)');
    console.log(
      'targets (issue 18, this 2-core machine): reads ≥ 3,000 req/s with p99 ≤ 25 ms and ≥ 0.5× the bare baseline; writes ≥ 1,500 req/s with p99 ≤ 50 ms; 0 errors',
    );
    for (const { route, product: p, bare: b } of rows) {
      const misses: string[] = [];
      if (route.kind === 'read') {
        if (p.reqPerSec < 3000) misses.push('< 3,000 req/s');
        if (p.p99 > 25) misses.push('p99 > 25 ms');
        if (p.reqPerSec < 0.5 * b.reqPerSec) misses.push('< 0.5× bare');
      } else {
        if (p.reqPerSec < 1500) misses.push('< 1,500 req/s');
        if (p.p99 > 50) misses.push('p99 > 50 ms');
      }
      if (p.errors + p.non2xx > 0) misses.push('errors');
      console.log(`  ${route.title}: ${misses.length ? `not met (${misses.join(', ')})` : 'met'}`);
    }
  } finally {
    for (const child of children) await stop(child);
    await db.end().catch(() => undefined);
    await dropDatabase(databaseUrl);
    await deleteKeysWithPrefix(REDIS_URL, queuePrefix);
  }
}

async function measure(options: autocannon.Options, seconds: number): Promise<Measured> {
  const result = await autocannon({
    connections: CONNECTIONS,
    duration: seconds,
    ...options,
  });
  return {
    reqPerSec: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/** Runs a worker until the demo's outstanding report and evaluation runs are done, then stops it. */
async function produceDemoReports(db: Client, env: NodeJS.ProcessEnv): Promise<void> {
  const worker = spawn(
    process.execPath,
    ['--max-semi-space-size=64', join(ROOT, 'dist/apps/worker/src/main.js')],
    { env, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  try {
    const deadline = Date.now() + 180_000;
    for (;;) {
      const { rows } = await db.query<{ open: string; reports: string }>(
        `SELECT (SELECT count(*) FROM job_runs WHERE status NOT IN ('done', 'failed')) AS open,
                (SELECT count(*) FROM reports) AS reports`,
      );
      if (rows[0].open === '0' && rows[0].reports !== '0') return;
      if (Date.now() > deadline) throw new Error(`demo runs not done: ${JSON.stringify(rows[0])}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await stop(worker);
  }
}

async function runToEnd(child: ChildProcess): Promise<void> {
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`${child.spawnargs.join(' ')} exited with ${code}`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  await Promise.race([once(child, 'exit'), new Promise((r) => setTimeout(r, 5000))]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHealth(port: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`nothing answered on port ${port}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
