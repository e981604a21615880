/**
 * npm run bench:report — the report benchmark (a benchmark, not a test: it prints figures).
 *
 * 1. Creates its own database ol_bench_<id>, migrates it and loads, with COPY (pg-copy-streams)
 *    and set-wise SQL, a large partnership (1,000,000 delivery records over 8 quarters, 200
 *    outcomes: sum / mean / latest, proxies with one or two versions, a few partnership overrides,
 *    some outcomes unmonetised, quarterly targets, quarterly financial returns) and BENCH_SMALL
 *    (default 1,000) small partnerships (5 outcomes, 300 records each). The report indexes are
 *    built after the load and the tables vacuumed and analysed. Seeding is not measured.
 * 2. Full report: all 24 reports of the large partnership (8 quarters × quarter, year to date,
 *    since start) through one worker process (child), from request to every run done; and the
 *    bare SQL aggregates those reports need (the GROUP BY queries of ReportRepository per report
 *    window) run with pg on one connection. Prints both and the ratio.
 * 3. One quarter report, end to end from request to stored version, BENCH_REPEATS times (a new
 *    delivery record before each, so the fingerprint changes), median vs its bare SQL.
 * 4. Throughput: one quarter report for each small partnership with 1 and 2 worker processes at
 *    WORKER_CONCURRENCY 1, 2 and 4 (a different quarter per round, so every report is computed
 *    and stored); prints reports/s and the 2-vs-1 speed-up, (Linux) the speed-up's ceiling on
 *    this machine: its cores / the cores busy with one process at concurrency 1, and the most
 *    reports/s the machine managed in another configuration against one process at concurrency 1.
 *
 * The worker runs as `npm run start:worker` runs it (its Node flags from package.json).
 *
 * Reports are requested as the API does it: a job_runs row (the outbox) and a BullMQ job
 * `produce-report` on queue `reports` with job id `run-<runId>` and payload {partnershipId, runId}.
 *
 * Env: BENCH_ROWS (1,000,000), BENCH_SMALL (1000), BENCH_REPEATS (10), BENCH_SECTIONS
 * ("full,single,throughput"), BENCH_WARM_UP (300 untimed reports per worker process before each
 * throughput round: a worker runs for days, and V8's optimising compiler is still busy after the
 * first few hundred small reports), BENCH_CONCURRENCY ("1,2,4") × BENCH_PROCESSES ("1,2"): the
 * throughput rounds (at most 6; a value given twice repeats its rounds and the table shows their
 * median, e.g. BENCH_CONCURRENCY=1,1,1), BENCH_WORKER_NODE_ARGS (e.g. "--cpu-prof
 * --cpu-prof-dir=/tmp/prof"), BENCH_PG_URL (postgresql://postgres@127.0.0.1:5432), REDIS_URL,
 * BENCH_KEEP_DB=1 (keep the database).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import {
  JobName,
  QueueName,
  bullConnection,
  defaultJobOptions,
  deleteKeysWithPrefix,
} from '@ol/jobs';
import { DatabaseConfig, loadConfig } from '@ol/config';
import {
  parseQuarterLabel,
  reportWindow,
  windowQuarters,
  type ReportScope,
  type ReportWindow,
} from '@ol/outcomes';
import { dropDatabase, ensureDatabase, migrate } from '@ol/persistence';

const ROOT = process.cwd();
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const SMALL = Number(process.env.BENCH_SMALL ?? 1000);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 10);
const SECTIONS = new Set((process.env.BENCH_SECTIONS ?? 'full,single,throughput').split(','));
const numbers = (v: string) => v.split(',').map(Number);
/** Throughput rounds: each per-process concurrency with each number of worker processes. */
const CONCURRENCIES = numbers(process.env.BENCH_CONCURRENCY ?? '1,2,4');
const PROCESS_COUNTS = numbers(process.env.BENCH_PROCESSES ?? '1,2');
const WORKER_NODE_ARGS = (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean);
const PG_BASE = process.env.BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const OUTCOMES = 200;
const FY = 4;
const START = '2024-04-01';
const BIG_QUARTERS = [
  '2024-25 Q1',
  '2024-25 Q2',
  '2024-25 Q3',
  '2024-25 Q4',
  '2025-26 Q1',
  '2025-26 Q2',
  '2025-26 Q3',
  '2025-26 Q4',
];
const SCOPES: ReportScope[] = ['quarter', 'year_to_date', 'since_start'];
/** One quarter per throughput round: each has 4 quarters of trend before it and the same data. */
const ROUND_QUARTERS = [
  '2025-26 Q1',
  '2025-26 Q2',
  '2025-26 Q3',
  '2025-26 Q4',
  '2026-27 Q1',
  '2026-27 Q2',
];

/**
 * Untimed reports per worker process before each throughput round (fewer when BENCH_SMALL has
 * not that many per process). With 30 (the default until session 6), V8 was still optimising the
 * report code in the timed round (the helper-thread CPU the round prints: ~1.3 ms per small report
 * on session 6's machine); after 300–500 it is 0.8–1.0 ms, closer to a worker that has run for a
 * while.
 */
const WARM_UP_PER_PROCESS = Number(process.env.BENCH_WARM_UP ?? 300);

const runTag = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
const dbName = `ol_bench_${runTag}`;
const databaseUrl = `${PG_BASE}/${dbName}`;
const queuePrefix = `ol_bench_${runTag}`;

const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;
const fmt = (n: number): string => Math.round(n).toLocaleString('en-GB');
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));

/**
 * CPU time (ms) used so far by the processes of this machine, grouped: the worker processes
 * (children of this bench), PostgreSQL, Redis, this bench process, everything else; and the
 * machine's busy time. Linux /proc only (elsewhere: empty). A difference of two snapshots shows
 * where a round's CPU went, and whether the machine was saturated.
 */
function cpuSnapshot(workers: readonly ChildProcess[]): Map<string, number> {
  const out = new Map<string, number>();
  const tick = 10; // USER_HZ is 100 on Linux: one tick = 10 ms
  const add = (group: string, ms: number) => out.set(group, (out.get(group) ?? 0) + ms);
  const used = (stat: string) => {
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * tick; // utime + stime
  };
  try {
    const workerPids = new Set(workers.map((w) => w.pid));
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      } catch {
        continue; // exited
      }
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const pid = Number(entry);
      if (workerPids.has(pid)) {
        // The worker's JavaScript thread apart from its helper threads (GC, compiler, libuv).
        for (const tid of readdirSync(`/proc/${entry}/task`)) {
          try {
            const t = used(readFileSync(`/proc/${entry}/task/${tid}/stat`, 'utf8'));
            add(tid === entry ? 'workers' : 'worker threads', t);
          } catch {
            // thread exited
          }
        }
      } else if (comm.startsWith('postgres')) {
        // Backends (and their parallel workers) apart from PostgreSQL's own background processes.
        let title = '';
        try {
          title = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
        } catch {
          // exited
        }
        const background =
          /checkpointer|background writer|walwriter|autovacuum|logical replication|archiver|wal (sender|receiver)|startup/.test(
            title,
          ) || !title.startsWith('postgres:'); // the postmaster itself
        add(background ? 'postgres background' : 'postgres', used(stat));
      } else {
        add(
          pid === process.pid ? 'bench' : comm.startsWith('redis') ? 'redis' : 'other',
          used(stat),
        );
      }
    }
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1);
    const idle = Number(cpu[3]) + Number(cpu[4]);
    const total = cpu.slice(0, 8).reduce((a, b) => a + Number(b), 0);
    out.set('machine busy', (total - idle) * tick);
  } catch {
    return new Map();
  }
  return out;
}

function cpuReport(
  before: Map<string, number>,
  after: Map<string, number>,
  wallMs: number,
): { text: string; busyCores: number | null } {
  if (before.size === 0) return { text: '', busyCores: null };
  const d = (k: string) => (after.get(k) ?? 0) - (before.get(k) ?? 0);
  const cores = d('machine busy') / wallMs;
  const groups = [
    'workers',
    'worker threads',
    'postgres',
    'postgres background',
    'redis',
    'bench',
    'other',
  ];
  return {
    text:
      `cpu: ${groups.map((k) => `${k} ${fmt(d(k))} ms`).join(', ')}; ` +
      `machine busy ${cores.toFixed(2)} of ${availableCores()} cores`,
    busyCores: cores,
  };
}

function availableCores(): number {
  try {
    return readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('processor')).length;
  } catch {
    return 0;
  }
}

interface Seed {
  big: string;
  orgId: string;
  nonSum: string[];
  small: string[];
  smallNonSum: Map<string, string[]>;
}

async function main(): Promise<void> {
  console.log(
    `bench:report — ${fmt(ROWS)} records × ${OUTCOMES} outcomes; ${fmt(SMALL)} small partnerships; database ${dbName}`,
  );
  console.log(
    `worker processes: ${['node', ...workerNodeFlags(), ...WORKER_NODE_ARGS, 'dist/apps/worker/src/main.js'].join(' ')}`,
  );
  await ensureDatabase(databaseUrl);
  // The bare SQL runs with the session settings the product's connections use (DB_JIT), so the
  // baseline is the same statements under the same settings.
  const { DB_JIT } = loadConfig(DatabaseConfig, process.env);
  const db = new Client({
    connectionString: databaseUrl,
    options: DB_JIT === 'off' ? '-c jit=off' : undefined,
  });
  console.log(`session settings of the product and the bare SQL: jit ${DB_JIT}`);
  const queue = new Queue(QueueName.Reports, {
    connection: bullConnection(REDIS_URL),
    prefix: queuePrefix,
  });
  const workers: ChildProcess[] = [];
  try {
    await migrate(databaseUrl, join(ROOT, 'prisma', 'migrations'));
    await db.connect();
    let t0 = process.hrtime.bigint();
    const seed = await seedDatabase(db);
    console.log(`seeded in ${fmt(ms(t0))} ms (not measured)`);

    if (SECTIONS.has('full')) {
      console.log('\n== 2. full report of the large partnership (24 reports) ==');
      const items = BIG_QUARTERS.flatMap((q) => SCOPES.map((scope) => ({ scope, quarter: q })));
      // Warm the cache once (untimed), then the baseline: bare SQL, one connection, in sequence.
      for (const it of items) await bareSql(db, seed.big, it.scope, it.quarter, seed.nonSum);
      t0 = process.hrtime.bigint();
      const perReport: number[] = [];
      for (const it of items) {
        const t = process.hrtime.bigint();
        await bareSql(db, seed.big, it.scope, it.quarter, seed.nonSum);
        perReport.push(ms(t));
      }
      const bareMs = ms(t0);
      const worker = await startWorkers(1, 1, workers);
      t0 = process.hrtime.bigint();
      const runIds = await requestReports(
        db,
        queue,
        items.map((it) => ({ partnershipId: seed.big, ...it })),
      );
      await waitForRuns(db, runIds, 20);
      const productMs = ms(t0);
      await stopWorkers(worker);
      console.log(
        `bare SQL (quarterSums + effectiveAggregates + investment) × 24, sequential: ${fmt(bareMs)} ms` +
          `  (per report: min ${fmt(Math.min(...perReport))}, median ${fmt(median(perReport))}, max ${fmt(Math.max(...perReport))} ms)`,
      );
      console.log(
        `product, 1 worker process, WORKER_CONCURRENCY=1: ${fmt(productMs)} ms from request to all 24 runs done`,
      );
      console.log(`ratio product / bare SQL: ${(productMs / bareMs).toFixed(2)}   (target ≤ 1.5)`);
    }

    if (SECTIONS.has('single')) {
      console.log(`\n== 3. one quarter report end to end (2025-26 Q4), ${REPEATS} repeats ==`);
      const worker = await startWorkers(1, 1, workers);
      const outcome = (
        await db.query<{ id: string }>(
          `SELECT id::text FROM outcomes WHERE partnership_id = $1 AND code = 'B000'`,
          [seed.big],
        )
      ).rows[0].id;
      const product: number[] = [];
      const bare: number[] = [];
      let cpu0 = new Map<string, number>();
      let cpuFrom = process.hrtime.bigint();
      for (let i = 0; i <= REPEATS; i++) {
        // CPU of the timed repeats (after the warm-up), read between repeats: see below.
        if (i === 1) {
          cpu0 = cpuSnapshot(worker);
          cpuFrom = process.hrtime.bigint();
        }
        // A new record in the quarter changes the fingerprint: each repeat computes and stores a version.
        await db.query(
          `INSERT INTO delivery_records (partnership_id, outcome_id, provider_org_id, activity_date, quantity, external_ref)
           VALUES ($1, $2, $3, '2026-02-15', 1, $4)`,
          [seed.big, outcome, seed.orgId, `bench-single-${i}`],
        );
        let t = process.hrtime.bigint();
        await bareSql(db, seed.big, 'quarter', '2025-26 Q4', seed.nonSum);
        const b = ms(t);
        t = process.hrtime.bigint();
        const ids = await requestReports(db, queue, [
          { partnershipId: seed.big, scope: 'quarter', quarter: '2025-26 Q4' },
        ]);
        await waitForRuns(db, ids, 2);
        const p = ms(t);
        if (i === 0) continue; // the first repeat warms the worker up (JIT, pool)
        bare.push(b);
        product.push(p);
      }
      const cpu1 = cpuSnapshot(worker);
      const cpuWall = ms(cpuFrom);
      await stopWorkers(worker);
      const pm = median(product);
      const bm = median(bare);
      // The worker's CPU per timed report (its JavaScript thread; V8's helper threads apart), and
      // how busy the machine was meanwhile (other work on it slows both sides, unevenly).
      if (cpu0.size > 0) {
        const used = (k: string) => (cpu1.get(k) ?? 0) - (cpu0.get(k) ?? 0);
        console.log(
          `worker CPU per report: JavaScript thread ${fmt(used('workers') / REPEATS)} ms, helper threads ${fmt(used('worker threads') / REPEATS)} ms; machine busy ${(used('machine busy') / cpuWall).toFixed(2)} of ${availableCores()} cores meanwhile`,
        );
      }
      console.log(
        `bare SQL median ${fmt(bm)} ms; product median ${fmt(pm)} ms (min ${fmt(Math.min(...product))}, max ${fmt(Math.max(...product))})`,
      );
      console.log(
        `product − bare SQL: ${fmt(pm - bm)} ms   (target ≤ 50 ms: median ≤ bare SQL + 50 ms)`,
      );
    }

    if (SECTIONS.has('throughput')) {
      if (CONCURRENCIES.length * PROCESS_COUNTS.length > ROUND_QUARTERS.length)
        throw new Error(`at most ${ROUND_QUARTERS.length} throughput rounds (one quarter each)`);
      console.log(
        `\n== 4. throughput: one quarter report for each of ${fmt(SMALL)} partnerships ==`,
      );
      // The same warm-up per process in every round, within the partnerships there are.
      const warmUp = Math.min(WARM_UP_PER_PROCESS, Math.floor(SMALL / Math.max(...PROCESS_COUNTS)));
      console.log(`  warm-up: ${warmUp} untimed reports per worker process before each round`);
      const results: {
        conc: number;
        procs: number;
        perSec: number;
        ms: number;
        busyCores: number | null;
      }[] = [];
      let round = 0;
      for (const conc of CONCURRENCIES) {
        for (const procs of PROCESS_COUNTS) {
          const quarter = ROUND_QUARTERS[round++];
          const started = await startWorkers(procs, conc, workers);
          // Warm-up (untimed): year-to-date reports, `warmUp` per process, so each
          // process has opened its pool and compiled its hot paths before the timed quarter
          // reports, as a long-running worker has.
          await waitForRuns(
            db,
            await requestReports(
              db,
              queue,
              seed.small
                .slice(0, warmUp * procs)
                .map((partnershipId) => ({ partnershipId, scope: 'year_to_date', quarter })),
            ),
            20,
          );
          const cpu0 = cpuSnapshot(started);
          const t = process.hrtime.bigint();
          const ids = await requestReports(
            db,
            queue,
            seed.small.map((partnershipId) => ({ partnershipId, scope: 'quarter', quarter })),
          );
          // Polled every 100 ms (≤ 1 % of a round): the poll's own CPU competes with the workers.
          await waitForRuns(db, ids, 100);
          const took = ms(t);
          const cpu = cpuReport(cpu0, cpuSnapshot(started), took);
          await stopWorkers(started);
          const perSec = (ids.length / took) * 1000;
          results.push({ conc, procs, perSec, ms: took, busyCores: cpu.busyCores });
          console.log(
            `  ${procs} worker process(es) × concurrency ${conc} (${quarter}): ${fmt(took)} ms, ${perSec.toFixed(1)} reports/s`,
          );
          if (cpu.text) console.log(`    ${cpu.text}`);
        }
      }
      // Reports/s of a configuration: a repeated round (BENCH_CONCURRENCY=1,1) counts with its median.
      const rateOf = (conc: number, procs: number) =>
        median(results.filter((r) => r.conc === conc && r.procs === procs).map((r) => r.perSec));
      const concurrencies = [...new Set(CONCURRENCIES)];
      console.log('\nconcurrency | 1 process r/s | 2 processes r/s | speed-up 2 vs 1');
      for (const conc of concurrencies) {
        const one = rateOf(conc, 1);
        const two = rateOf(conc, 2);
        console.log(
          `${String(conc).padStart(11)} | ${one.toFixed(1).padStart(13)} | ${two.toFixed(1).padStart(15)} | ${(two / one).toFixed(2)}×${conc === 1 ? '   (target ≥ 1.7×)' : ''}`,
        );
      }
      // Two processes can at best keep every core busy: with one process already keeping B of
      // the N cores busy (workers, PostgreSQL, Redis together), two can be at most N / B times
      // as fast, whatever the product does.
      const busyOne = results
        .filter((r) => r.conc === 1 && r.procs === 1 && r.busyCores !== null)
        .map((r) => r.busyCores!);
      if (busyOne.length) {
        const busy = median(busyOne);
        console.log(
          `ceiling of the concurrency-1 speed-up on this machine: ${availableCores()} cores / ${busy.toFixed(2)} cores busy with one process = ${(availableCores() / busy).toFixed(2)}×`,
        );
      }
      // What the machine managed with more work in flight (usually 2 processes at concurrency 4,
      // every core busy), per configuration's median, against one process at concurrency 1: where
      // that is below the target, 2 processes at concurrency 1 are unlikely to reach it here.
      const oneAtOne = rateOf(1, 1);
      const others = concurrencies
        .flatMap((conc) => [...new Set(PROCESS_COUNTS)].map((procs) => ({ conc, procs })))
        .filter(({ conc, procs }) => conc !== 1 || procs !== 1)
        .map(({ conc, procs }) => ({ conc, procs, perSec: rateOf(conc, procs) }));
      if (oneAtOne > 0 && others.length) {
        const best = others.reduce((a, r) => (r.perSec > a.perSec ? r : a));
        console.log(
          `most reports/s the machine managed: ${best.perSec.toFixed(1)} (${best.procs} process(es) × concurrency ${best.conc}) = ${(best.perSec / oneAtOne).toFixed(2)}× one process at concurrency 1`,
        );
      }
      const bareSmall: number[] = [];
      for (const pid of seed.small.slice(0, 100)) {
        const t = process.hrtime.bigint();
        await bareSql(db, pid, 'quarter', '2025-26 Q3', seed.smallNonSum.get(pid)!);
        bareSmall.push(ms(t));
      }
      console.log(
        `(for scale: bare SQL of one small quarter report, median of 100: ${median(bareSmall).toFixed(2)} ms)`,
      );
    }
  } finally {
    for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
    await queue.close().catch(() => undefined);
    await db.end().catch(() => undefined);
    if (process.env.BENCH_KEEP_DB === '1') console.log(`kept database ${dbName}`);
    else await dropDatabase(databaseUrl);
    await deleteKeysWithPrefix(REDIS_URL, queuePrefix);
  }
}

// ---------------------------------------------------------------------------------------------
// The bare SQL a report needs: the same statements ReportRepository issues for its window.

const QUARTER_SUMS = `
  SELECT d.outcome_id::text AS "outcomeId",
         to_char(date_trunc('quarter', d.activity_date - make_interval(months => $2::int)) + make_interval(months => $2::int), 'YYYY-MM-DD') AS "quarterStart",
         CASE WHEN d.activity_date >= $5::date THEN d.provider_org_id::text END AS "providerId",
         (count(*) FILTER (WHERE d.status = 'verified'))::int AS "verifiedRecords",
         coalesce(sum(d.quantity) FILTER (WHERE d.status = 'verified'), 0)::text AS "verifiedSum",
         (count(*) FILTER (WHERE d.status = 'claimed'))::int AS "claimedRecords",
         coalesce(sum(d.quantity) FILTER (WHERE d.status = 'claimed'), 0)::text AS "claimedSum",
         (count(*) FILTER (WHERE d.status = 'disputed'))::int AS "disputedRecords",
         coalesce(sum(d.quantity) FILTER (WHERE d.status = 'disputed'), 0)::text AS "disputedSum"
    FROM delivery_records d
   WHERE d.partnership_id = $1::uuid AND d.activity_date BETWEEN $3::date AND $4::date
     AND d.kind <> 'reversal'
     AND NOT EXISTS (SELECT 1 FROM delivery_records r
                      WHERE r.partnership_id = d.partnership_id AND r.corrects_id = d.id AND r.kind = 'reversal')
   GROUP BY 1, 2, 3`;

const EFFECTIVE = `
  WITH effective AS (
    SELECT d.outcome_id, d.activity_date, d.id, d.quantity, d.status,
           date_trunc('quarter', d.activity_date - make_interval(months => $2::int)) + make_interval(months => $2::int) AS q
      FROM delivery_records d
     WHERE d.partnership_id = $1::uuid
       AND d.outcome_id = ANY($5::uuid[])
       AND d.activity_date BETWEEN $3::date AND $4::date
       AND d.kind <> 'reversal' AND d.status <> 'rejected'
       AND NOT EXISTS (SELECT 1 FROM delivery_records r
                        WHERE r.partnership_id = d.partnership_id AND r.corrects_id = d.id AND r.kind = 'reversal')
  )
  SELECT outcome_id::text AS "outcomeId", to_char(q, 'YYYY-MM-DD') AS "quarterStart",
         status::text AS status, count(*)::int AS count, sum(quantity)::text AS sum,
         ((array_agg(quantity ORDER BY activity_date DESC, id DESC))[1])::text AS latest,
         to_char(max(activity_date), 'YYYY-MM-DD') AS "latestAt"
    FROM effective
   GROUP BY outcome_id, q, status`;

const INVESTMENT = `
  WITH latest AS (
    SELECT DISTINCT ON (provider_org_id, period_start) id, revision
      FROM financial_returns
     WHERE partnership_id = $1::uuid AND period_start >= $2::date AND period_end <= $3::date
       AND review_status = 'accepted'
     ORDER BY provider_org_id, period_start, revision DESC
  )
  SELECT sum(l.amount) FILTER (WHERE l.allowable)::text AS cost,
         (SELECT count(*)::int FROM latest) AS returns,
         (SELECT string_agg(id::text || ':' || revision, ',' ORDER BY id) FROM latest) AS fingerprint
    FROM latest JOIN financial_return_lines l ON l.partnership_id = $1::uuid AND l.return_id = latest.id`;

function windowOf(scope: ReportScope, quarter: string): { window: ReportWindow; from: string } {
  const window = reportWindow(scope, parseQuarterLabel(quarter, FY), START);
  const { quarters, trend } = windowQuarters(window, FY, START);
  return { window, from: [...trend, ...quarters][0].start };
}

async function bareSql(
  db: Client,
  partnershipId: string,
  scope: ReportScope,
  quarter: string,
  nonSum: string[],
): Promise<void> {
  const { window, from } = windowOf(scope, quarter);
  await db.query(QUARTER_SUMS, [partnershipId, FY - 1, from, window.end, window.start]);
  if (nonSum.length) await db.query(EFFECTIVE, [partnershipId, FY - 1, from, window.end, nonSum]);
  await db.query(INVESTMENT, [partnershipId, window.start, window.end]);
}

// ---------------------------------------------------------------------------------------------
// Requesting reports the way the product does, and waiting for them.

async function requestReports(
  db: Client,
  queue: Queue,
  items: { partnershipId: string; scope: ReportScope; quarter: string }[],
): Promise<string[]> {
  const { rows } = await db.query<{ id: string; partnership_id: string }>(
    `INSERT INTO job_runs (partnership_id, kind, dedupe_key, params)
     SELECT p, 'report', s || ':' || q, jsonb_build_object('scope', s, 'quarter', q)
       FROM unnest($1::uuid[], $2::text[], $3::text[]) AS t(p, s, q)
     RETURNING id::text, partnership_id::text`,
    [items.map((i) => i.partnershipId), items.map((i) => i.scope), items.map((i) => i.quarter)],
  );
  await queue.addBulk(
    rows.map((r) => ({
      name: JobName.ProduceReport,
      data: { partnershipId: r.partnership_id, runId: r.id },
      opts: { ...defaultJobOptions, jobId: `run-${r.id}` },
    })),
  );
  return rows.map((r) => r.id);
}

async function waitForRuns(db: Client, ids: string[], pollMs: number): Promise<void> {
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    const { rows } = await db.query<{ done: number; failed: number }>(
      `SELECT count(*) FILTER (WHERE status = 'done')::int AS done,
              count(*) FILTER (WHERE status = 'failed' OR error IS NOT NULL)::int AS failed
         FROM job_runs WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    if (rows[0].failed > 0) {
      const err = await db.query(
        `SELECT error FROM job_runs WHERE id = ANY($1::uuid[]) AND error IS NOT NULL LIMIT 1`,
        [ids],
      );
      throw new Error(`a report run failed: ${String(err.rows[0]?.error)}`);
    }
    if (rows[0].done === ids.length) return;
    if (Date.now() > deadline) throw new Error('timed out waiting for report runs');
    await sleep(pollMs);
  }
}

// ---------------------------------------------------------------------------------------------
// Worker processes.

async function startWorkers(
  count: number,
  concurrency: number,
  all: ChildProcess[],
): Promise<ChildProcess[]> {
  const started: ChildProcess[] = [];
  for (let i = 0; i < count; i++) {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [...workerNodeFlags(), ...WORKER_NODE_ARGS, join(ROOT, 'dist/apps/worker/src/main.js')],
      {
        env: {
          ...process.env,
          DATABASE_URL: databaseUrl,
          REDIS_URL,
          QUEUE_PREFIX: queuePrefix,
          WORKER_HEALTH_PORT: String(port),
          WORKER_CONCURRENCY: String(concurrency),
          RECONCILE_INTERVAL_SECONDS: '3600',
          LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    all.push(child);
    started.push(child);
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) break;
      } catch {
        // not yet
      }
      if (child.exitCode !== null) throw new Error(`worker exited with ${child.exitCode}`);
      if (Date.now() > deadline) throw new Error('the worker did not start');
      await sleep(100);
    }
  }
  await sleep(500); // let the workers connect to their queues
  return started;
}

/**
 * The Node flags `npm run start:worker` gives the worker (package.json), so the bench runs the
 * worker as it is deployed; BENCH_WORKER_NODE_ARGS adds to them.
 */
function workerNodeFlags(): string[] {
  const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const words = scripts['start:worker'].trim().split(/\s+/);
  const entry = words.indexOf('dist/apps/worker/src/main.js');
  if (words[0] !== 'node' || entry < 0) {
    throw new Error(
      `start:worker is not "node [flags] dist/apps/worker/src/main.js": ${scripts['start:worker']}`,
    );
  }
  return words.slice(1, entry);
}

async function stopWorkers(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(async (child) => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await Promise.race([once(child, 'exit'), sleep(10_000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Seeding: COPY and set-wise SQL, with the delivery_records indexes built after the load.

async function seedDatabase(db: Client): Promise<Seed> {
  await db.query(`SET maintenance_work_mem = '512MB'`);
  // Bulk load without per-row foreign-key and append-only triggers (the bench's own database).
  await db.query(`SET session_replication_role = replica`);
  const indexes = (
    await db.query<{ name: string; def: string }>(
      `SELECT indexname AS name, indexdef AS def FROM pg_indexes
        WHERE tablename = 'delivery_records' AND indexname <> 'delivery_records_pkey'`,
    )
  ).rows;
  for (const ix of indexes) await db.query(`DROP INDEX ${ix.name}`);

  const orgId = randomUUID();
  await db.query(
    `INSERT INTO organisations (id, name, kind) VALUES ($1, 'Bench provider', 'provider')`,
    [orgId],
  );
  const big = randomUUID();
  await db.query(
    `INSERT INTO partnerships (id, name, model, status, start_date, end_date, contract_value)
     VALUES ($1, 'Bench large', 'alliance', 'active', $2, '2030-03-31', 5000000)`,
    [big, START],
  );
  await db.query(
    `INSERT INTO members (partnership_id, organisation_id, role) VALUES ($1, $2, 'provider')`,
    [big, orgId],
  );
  // The large partnership's delivery comes from three providers, as an alliance's does (value by
  // provider then has something to share out).
  const deliveringOrgs = [orgId, randomUUID(), randomUUID()];
  for (const [n, other] of deliveringOrgs.slice(1).entries()) {
    await db.query(`INSERT INTO organisations (id, name, kind) VALUES ($1, $2, 'provider')`, [
      other,
      `Bench provider ${n + 2}`,
    ]);
    await db.query(
      `INSERT INTO members (partnership_id, organisation_id, role) VALUES ($1, $2, 'provider')`,
      [big, other],
    );
  }

  // 200 outcomes: 70% sum, 20% mean, 10% latest; every 8th unmonetised.
  const themes = ['Jobs', 'Health', 'Housing', 'Environment', 'Community'];
  const outcomeIds: string[] = [];
  const aggregations: string[] = [];
  const outcomeRows: string[] = [];
  const proxyRows: string[] = [];
  const versionRows: string[] = [];
  const overrideRows: string[] = [];
  const valuationRows: string[] = [];
  const targetRows: string[] = [];
  const nonSum: string[] = [];
  const quarters = BIG_QUARTERS.map((q) => parseQuarterLabel(q, FY));
  for (let i = 0; i < OUTCOMES; i++) {
    const id = randomUUID();
    outcomeIds.push(id);
    const agg = i % 10 < 7 ? 'sum' : i % 10 < 9 ? 'mean' : 'latest';
    aggregations.push(agg);
    if (agg !== 'sum') nonSum.push(id);
    // A stock level (latest) has a baseline: it is valued on its change against it.
    outcomeRows.push(
      [
        big,
        id,
        `B${String(i).padStart(3, '0')}`,
        themes[i % 5],
        `Outcome ${i}`,
        'units',
        agg,
        agg === 'latest' ? '100' : '\\N',
      ].join('\t'),
    );
    if (i % 8 !== 3) {
      const proxyId = randomUUID();
      proxyRows.push([proxyId, `BP-${i}`, `Proxy ${i}`, 'unit', 'Bench', 'CC0-1.0'].join('\t'));
      const value = (50 + ((i * 373) % 5000)).toFixed(2);
      const adj = (k: number) => ((k % 4) / 10).toFixed(2);
      const twoVersions = i % 20 === 0;
      versionRows.push(
        [
          randomUUID(),
          proxyId,
          START,
          twoVersions ? '2025-03-31' : '\\N',
          value,
          2024,
          adj(i),
          adj(i + 1),
          adj(i + 2),
          adj(i + 3),
          1 + (i % 5),
        ].join('\t'),
      );
      if (twoVersions)
        versionRows.push(
          [
            randomUUID(),
            proxyId,
            '2025-04-01',
            '\\N',
            (Number(value) * 1.1).toFixed(2),
            2025,
            adj(i),
            adj(i + 1),
            adj(i + 2),
            adj(i + 3),
            1 + (i % 5),
          ].join('\t'),
        );
      if (i % 50 === 1)
        overrideRows.push(
          [
            big,
            randomUUID(),
            proxyId,
            '2025-01-01',
            (Number(value) * 0.9).toFixed(2),
            2025,
            '0.15',
            '0.1',
            '0',
            '0.2',
            3,
          ].join('\t'),
        );
      // Scores keep a link with no basis (not valued: a score is not a quantity, and the bench's
      // scores name no count outcome); counts and stock levels are valued on their basis.
      const basis = agg === 'sum' ? 'achieved' : agg === 'latest' ? 'change_in_stock' : '\\N';
      valuationRows.push([big, id, proxyId, basis].join('\t'));
    }
    for (const q of quarters) {
      const value = agg === 'sum' ? 8000 + i : agg === 'mean' ? 5.5 : 120;
      targetRows.push(
        [big, randomUUID(), id, 'quarter', q.start, q.end, q.label, value].join('\t'),
      );
    }
  }
  await copyRows(
    db,
    'outcomes (partnership_id, id, code, theme, title, unit, aggregation, baseline_value)',
    outcomeRows,
  );
  await copyRows(db, 'proxies (id, code, name, unit, source_citation, licence)', proxyRows);
  const versionCols =
    'valid_from, valid_to, value_per_unit, price_year, deadweight, attribution, displacement, drop_off, duration_years';
  await copyRows(db, `proxy_versions (id, proxy_id, ${versionCols})`, versionRows);
  await copyRows(
    db,
    `partnership_proxy_overrides (partnership_id, id, proxy_id, valid_from, value_per_unit, price_year, deadweight, attribution, displacement, drop_off, duration_years)`,
    overrideRows,
  );
  await copyRows(
    db,
    'outcome_valuations (partnership_id, outcome_id, proxy_id, basis)',
    valuationRows,
  );
  await copyRows(
    db,
    'targets (partnership_id, id, outcome_id, period_kind, period_start, period_end, period_label, target_value)',
    targetRows,
  );

  // Financial returns per quarter (three lines, one not allowable); two quarters restated.
  for (const [k, q] of quarters.entries()) {
    for (let revision = 1; revision <= (k % 4 === 1 ? 2 : 1); revision++) {
      const rid = randomUUID();
      await db.query(
        `INSERT INTO financial_returns (partnership_id, id, provider_org_id, period_start, period_end, period_label, revision, revenue, review_status, reviewed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 600000, 'accepted', now())`,
        [big, rid, orgId, q.start, q.end, q.label, revision],
      );
      await db.query(
        `INSERT INTO financial_return_lines (partnership_id, return_id, line_no, category, amount, allowable)
         VALUES ($1, $2, 1, 'direct', $3, true), ($1, $2, 2, 'indirect', 80000, true), ($1, $2, 3, 'overhead', 40000, false)`,
        [big, rid, 400000 + 1000 * k + revision],
      );
    }
  }

  // 1,000,000 delivery records over the 8 quarters (730 days), by COPY.
  const t0 = process.hrtime.bigint();
  const dayMs = 86_400_000;
  const base = Date.UTC(2024, 3, 1);
  const dates = Array.from({ length: 730 }, (_, k) =>
    new Date(base + k * dayMs).toISOString().slice(0, 10),
  );
  let i = 0;
  const source = Readable.from(
    (function* () {
      while (i < ROWS) {
        let chunk = '';
        for (let n = 0; n < 5000 && i < ROWS; n++, i++) {
          const o = i % OUTCOMES;
          const agg = aggregations[o];
          const quantity =
            agg === 'sum'
              ? String(1 + (i % 3))
              : agg === 'mean'
                ? String(1 + (i % 10))
                : String(100 + (i % 50));
          const status = i % 97 === 0 ? 'disputed' : i % 5 === 0 ? 'verified' : 'claimed';
          chunk += `${big}\t${outcomeIds[o]}\t${deliveringOrgs[(i % 11) % 3]}\t${dates[(i * 7919) % 730]}\t${quantity}\tr-${i}\t${status}\n`;
        }
        yield chunk;
      }
    })(),
  );
  await pipeline(
    source,
    db.query(
      copyFrom(
        `COPY delivery_records (partnership_id, outcome_id, provider_org_id, activity_date, quantity, external_ref, status) FROM STDIN`,
      ),
    ),
  );
  // Reversals of one record in a thousand (the records-in-force path of mean/latest outcomes).
  await db.query(
    `INSERT INTO delivery_records (partnership_id, outcome_id, provider_org_id, activity_date, quantity, external_ref, kind, corrects_id, correction_reason)
     SELECT partnership_id, outcome_id, provider_org_id, activity_date, -quantity, 'rev-' || id, 'reversal', id, 'bench'
       FROM delivery_records WHERE partnership_id = $1 AND id % 1000 = 0`,
    [big],
  );
  console.log(`  large partnership: ${fmt(ROWS)} records copied in ${fmt(ms(t0))} ms`);

  // Small partnerships: 5 outcomes (4 sum, 1 mean; 3 monetised by shared library proxies), 300
  // records each over 3 financial years, quarterly targets, contract value (no open book).
  const small = (
    await db.query<{ id: string }>(
      `INSERT INTO partnerships (name, model, status, start_date, end_date, contract_value)
       SELECT 'Small ' || g, 'alliance', 'active', $1, '2030-03-31', 100000 FROM generate_series(1, $2::int) g
       RETURNING id::text`,
      [START, SMALL],
    )
  ).rows.map((r) => r.id);
  await db.query(
    `INSERT INTO members (partnership_id, organisation_id, role) SELECT unnest($1::uuid[]), $2, 'provider'`,
    [small, orgId],
  );
  const sp = (
    await db.query<{ id: string }>(
      `INSERT INTO proxies (code, name, unit, source_citation, licence)
       SELECT 'SP-' || g, 'Small proxy ' || g, 'unit', 'Bench', 'CC0-1.0' FROM generate_series(1, 3) g RETURNING id::text`,
    )
  ).rows.map((r) => r.id);
  await db.query(
    `INSERT INTO proxy_versions (proxy_id, valid_from, value_per_unit, price_year, deadweight, attribution, drop_off, duration_years)
     SELECT p, $2, 1000 + 500 * k, 2024, 0.2, 0.1, 0.25, k FROM unnest($1::uuid[]) WITH ORDINALITY AS t(p, k)`,
    [sp, START],
  );
  await db.query(
    `INSERT INTO outcomes (partnership_id, code, theme, title, unit, aggregation)
     SELECT p, 'S' || k, (ARRAY['Jobs','Health','Housing','Community','Health'])[k], 'Small outcome ' || k, 'units',
            CASE WHEN k = 5 THEN 'mean'::outcome_aggregation ELSE 'sum'::outcome_aggregation END
       FROM unnest($1::uuid[]) p CROSS JOIN generate_series(1, 5) k`,
    [small],
  );
  await db.query(
    `INSERT INTO outcome_valuations (partnership_id, outcome_id, proxy_id, basis)
     SELECT o.partnership_id, o.id, ($2::uuid[])[substr(o.code, 2)::int], 'achieved'
       FROM outcomes o WHERE o.partnership_id = ANY($1::uuid[]) AND o.code IN ('S1', 'S2', 'S3')`,
    [small, sp],
  );
  await db.query(
    `INSERT INTO targets (partnership_id, outcome_id, period_kind, period_start, period_end, period_label, target_value)
     SELECT o.partnership_id, o.id, 'quarter', q.s, (q.s + interval '3 months' - interval '1 day')::date,
            to_char(q.s - interval '3 months', 'YYYY') || '-' || to_char(q.s + interval '9 months', 'YY') || ' Q' || ((extract(month FROM q.s)::int - 4 + 12) % 12 / 3 + 1),
            CASE WHEN o.code = 'S5' THEN 6 ELSE 25 END
       FROM outcomes o
       CROSS JOIN LATERAL (SELECT (date '2024-04-01' + make_interval(months => 3 * g))::date AS s FROM generate_series(0, 11) g) q
      WHERE o.partnership_id = ANY($1::uuid[])`,
    [small],
  );
  await db.query(
    `INSERT INTO delivery_records (partnership_id, outcome_id, provider_org_id, activity_date, quantity, external_ref, status)
     SELECT o.partnership_id, o.id, $2, date '2024-04-01' + ((g * 61 + substr(o.code, 2)::int * 7) % 1095),
            CASE WHEN o.code = 'S5' THEN 1 + g % 10 ELSE 1 + g % 3 END,
            'S-' || o.code || '-' || g, CASE WHEN g % 5 = 0 THEN 'verified'::delivery_status ELSE 'claimed'::delivery_status END
       FROM outcomes o CROSS JOIN generate_series(1, 60) g
      WHERE o.partnership_id = ANY($1::uuid[])`,
    [small, orgId],
  );
  const smallNonSum = new Map<string, string[]>();
  for (const r of (
    await db.query<{ p: string; id: string }>(
      `SELECT partnership_id::text AS p, id::text FROM outcomes WHERE partnership_id = ANY($1::uuid[]) AND code = 'S5'`,
      [small],
    )
  ).rows)
    smallNonSum.set(r.p, [r.id]);

  // Every partnership uprates its proxies (price years 2024 and 2025) to the report's price year
  // with one index series, as a partnership using the product would: lines are valued, not left
  // out for want of an index.
  const series = (
    await db.query<{ id: string }>(
      `INSERT INTO index_series (code, name, source_citation)
       VALUES ('BENCH-DEFLATOR', 'Bench deflator', 'Bench') RETURNING id::text`,
    )
  ).rows[0].id;
  await db.query(
    `INSERT INTO index_series_values (series_id, year, value)
     SELECT $1, y, 100 + 2.5 * (y - 2020) FROM generate_series(2020, 2030) y`,
    [series],
  );
  await db.query(`UPDATE partnerships SET price_index_series_id = $1`, [series]);

  const t1 = process.hrtime.bigint();
  await db.query(`SET session_replication_role = origin`);
  for (const ix of indexes) await db.query(ix.def);
  await db.query('VACUUM (ANALYZE)');
  await db.query('CHECKPOINT');
  console.log(`  indexes rebuilt, VACUUM ANALYZE, CHECKPOINT: ${fmt(ms(t1))} ms`);
  return { big, orgId, nonSum, small, smallNonSum };
}

async function copyRows(db: Client, target: string, rows: string[]): Promise<void> {
  if (rows.length === 0) return;
  await pipeline(
    Readable.from([rows.join('\n') + '\n']),
    db.query(copyFrom(`COPY ${target} FROM STDIN`)),
  );
}

function freePort(): Promise<number> {
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

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
