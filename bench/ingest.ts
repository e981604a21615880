/**
 * npm run bench:ingest — the bulk-import benchmark (a benchmark, not a test: it prints figures).
 *
 * 1. Creates its own database ol_bench_<id>, migrates it, seeds a partnership, a provider,
 *    20 outcomes and a provider user with an API key.
 * 2. Writes a CSV of BENCH_ROWS (default 1,000,000) delivery records to a temp file (streamed).
 * 3. Baselines: a raw `COPY ... FROM STDIN (FORMAT csv, HEADER)` of the same file through
 *    pg-copy-streams into a bare table with delivery_records' columns and indexes, and into the
 *    same table without any index.
 * 4. Starts the built API and worker as child processes, uploads the file to
 *    POST /v1/partnerships/:pid/delivery-imports as a streamed body, polls until completed, and
 *    samples the processes' peak RSS (VmHWM from /proc/<pid>/status).
 * 5. Prints rows/s, the ratio product ÷ raw COPY and the peak RSS; drops the database and the
 *    Redis keys.
 *
 * Needs `npm run build` first (the script does it). Env: BENCH_ROWS, BENCH_PG_URL
 * (default postgresql://postgres@127.0.0.1:5432), REDIS_URL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, promises as fs, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { once } from 'node:events';
import { deleteKeysWithPrefix } from '@ol/jobs';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { dropDatabase, ensureDatabase, migrate } from '@ol/persistence';
import { generateApiKey } from '../apps/api/src/common/auth/api-key';

const ROOT = process.cwd();
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const PG_BASE = process.env.BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const OUTCOMES = 20;

const runId = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
const dbName = `ol_bench_${runId}`;
const databaseUrl = `${PG_BASE}/${dbName}`;
const queuePrefix = `ol_bench_${runId}`;

const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;
const fmt = (n: number): string => Math.round(n).toLocaleString('en-GB');
const mb = (kb: number): string => `${(kb / 1024).toFixed(0)} MB`;

async function main(): Promise<void> {
  console.log(`bench:ingest — ${fmt(ROWS)} rows, database ${dbName}`);
  await ensureDatabase(databaseUrl);
  const children: ChildProcess[] = [];
  const file = join(tmpdir(), `ol-bench-${runId}.csv`);
  const db = new Client({ connectionString: databaseUrl });
  try {
    await migrate(databaseUrl, join(ROOT, 'prisma', 'migrations'));
    await db.connect();
    const seed = await seedDatabase(db);

    let t0 = process.hrtime.bigint();
    const bytes = await writeCsv(file);
    console.log(`generated ${file}: ${(bytes / 1048576).toFixed(1)} MiB in ${fmt(ms(t0))} ms`);

    // Baselines: the same file, raw COPY, into bare tables in this database.
    await createBaselineTables(db, seed);
    await db.query('CHECKPOINT');
    const rawIndexedMs = await rawCopy(db, 'bench_copy_indexed', file);
    await db.query('CHECKPOINT');
    const rawBareMs = await rawCopy(db, 'bench_copy_bare', file);
    await db.query('CHECKPOINT');

    // The product: API and worker as real processes.
    const port = await freePort();
    const env = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      REDIS_URL,
      QUEUE_PREFIX: queuePrefix,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      WORKER_HEALTH_PORT: '-1',
      BOOTSTRAP_ADMIN_KEY: '',
      // The bench polls the import; the per-client rate limit is not what is measured.
      RATE_LIMIT_PER_MINUTE: '100000',
      RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '100000',
    };
    const api = spawn(process.execPath, [join(ROOT, 'dist/apps/api/src/main.js')], {
      env,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const worker = spawn(process.execPath, [join(ROOT, 'dist/apps/worker/src/main.js')], {
      env,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    children.push(api, worker);
    await waitForHealth(port);
    await new Promise((r) => setTimeout(r, 1000)); // let the worker connect to its queues

    const peak = { api: 0, worker: 0 };
    const sampler = setInterval(() => {
      peak.api = Math.max(peak.api, readRssKb(api.pid!, 'VmHWM'));
      peak.worker = Math.max(peak.worker, readRssKb(worker.pid!, 'VmHWM'));
    }, 100);
    const rssBefore = {
      api: readRssKb(api.pid!, 'VmRSS'),
      worker: readRssKb(worker.pid!, 'VmRSS'),
    };

    t0 = process.hrtime.bigint();
    const accepted = await upload(port, seed, file, bytes);
    const uploadMs = ms(t0);
    if (accepted.status !== 202) {
      throw new Error(`upload answered ${accepted.status}: ${accepted.body.slice(0, 2000)}`);
    }
    const importId = (JSON.parse(accepted.body) as { id: string }).id;
    let last = '';
    let final: Record<string, unknown> = {};
    for (;;) {
      const res = await fetch(
        `http://127.0.0.1:${port}/v1/partnerships/${seed.partnershipId}/delivery-imports/${importId}`,
        { headers: { 'x-api-key': seed.apiKey } },
      );
      final = (await res.json()) as Record<string, unknown>;
      const line = `${String(final.status)} ${String(final.percentDone)}%`;
      if (line !== last) {
        console.log(`  t+${fmt(ms(t0))} ms: ${line}`);
        last = line;
      }
      if (final.status === 'completed' || final.status === 'failed') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const productMs = ms(t0);
    clearInterval(sampler);
    peak.api = Math.max(peak.api, readRssKb(api.pid!, 'VmHWM'));
    peak.worker = Math.max(peak.worker, readRssKb(worker.pid!, 'VmHWM'));
    if (final.status !== 'completed')
      throw new Error(`import ${String(final.status)}: ${JSON.stringify(final)}`);
    const { rows } = await db.query<{ n: string }>(
      'SELECT count(*) AS n FROM delivery_records WHERE import_id = $1',
      [importId],
    );

    const rawRate = (ROWS / rawIndexedMs) * 1000;
    const productRate = (ROWS / productMs) * 1000;
    console.log('');
    console.log(`rows in file                 ${fmt(ROWS)} (${(bytes / 1048576).toFixed(1)} MiB)`);
    console.log(`raw COPY, indexed table      ${fmt(rawIndexedMs)} ms   ${fmt(rawRate)} rows/s`);
    console.log(
      '  (bench_copy_indexed: the columns of delivery_records, outcome_code text in place of outcome_id;',
    );
    console.log(
      '   PK (partnership_id, id), UNIQUE (partnership_id, provider_org_id, external_ref),',
    );
    console.log('   (partnership_id, outcome_code, activity_date) INCLUDE (quantity, status),');
    console.log(
      '   (partnership_id, provider_org_id, activity_date), (provider_org_id), partial UNIQUE one-reversal;',
    );
    console.log('   logged, no foreign keys, no triggers)');
    console.log(
      `raw COPY, no indexes         ${fmt(rawBareMs)} ms   ${fmt((ROWS / rawBareMs) * 1000)} rows/s`,
    );
    console.log(
      `product import               ${fmt(productMs)} ms   ${fmt(productRate)} rows/s` +
        `   (upload+check+stage ${fmt(uploadMs)} ms, then ${fmt(productMs - uploadMs)} ms to completed;` +
        ' the move into delivery_records starts with the first staged slice)',
    );
    console.log(
      `  rows inserted              ${fmt(Number(rows[0].n))} (import says ${String(final.insertedRows)})`,
    );
    console.log(
      `ratio product / raw COPY     ${(productMs / rawIndexedMs).toFixed(2)}   (target ≤ 1.5)`,
    );
    console.log(`ratio product / bare COPY    ${(productMs / rawBareMs).toFixed(2)}`);
    console.log(
      `peak RSS API process         ${mb(peak.api)}   (target < 300 MB; ${mb(rssBefore.api)} before the upload)`,
    );
    console.log(
      `peak RSS worker process      ${mb(peak.worker)}   (${mb(rssBefore.worker)} before)`,
    );
  } finally {
    for (const child of children) {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([once(child, 'exit'), new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    }
    await db.end().catch(() => undefined);
    await fs.rm(file, { force: true });
    await dropDatabase(databaseUrl);
    await deleteKeysWithPrefix(REDIS_URL, queuePrefix);
  }
}

interface Seed {
  partnershipId: string;
  providerOrgId: string;
  apiKey: string;
}

async function seedDatabase(db: Client): Promise<Seed> {
  const q = async (sql: string, params: unknown[] = []): Promise<string> =>
    (await db.query<{ id: string }>(sql, params)).rows[0]?.id;
  const partnershipId = await q(
    `INSERT INTO partnerships (name, model, start_date, end_date)
     VALUES ('Bench partnership', 'alliance', '2021-04-01', '2031-03-31') RETURNING id`,
  );
  const providerOrgId = await q(
    `INSERT INTO organisations (name, kind) VALUES ('Bench provider', 'provider') RETURNING id`,
  );
  await db.query(
    `INSERT INTO members (partnership_id, organisation_id, role) VALUES ($1, $2, 'provider')`,
    [partnershipId, providerOrgId],
  );
  for (let i = 1; i <= OUTCOMES; i++) {
    await db.query(
      `INSERT INTO outcomes (partnership_id, code, theme, title, unit) VALUES ($1, $2, 'Jobs', $3, 'people')`,
      [partnershipId, outcomeCode(i), `Outcome ${i}`],
    );
  }
  const userId = await q(
    `INSERT INTO users (email, name) VALUES ('bench@example.test', 'Bench') RETURNING id`,
  );
  const key = generateApiKey();
  await db.query(
    `INSERT INTO api_keys (user_id, name, prefix, key_hash) VALUES ($1, 'bench', $2, $3)`,
    [userId, key.prefix, key.hash],
  );
  await db.query(
    `INSERT INTO user_roles (partnership_id, user_id, role, organisation_id) VALUES ($1, $2, 'provider', $3)`,
    [partnershipId, userId, providerOrgId],
  );
  return { partnershipId, providerOrgId, apiKey: key.key };
}

const outcomeCode = (i: number): string => `OUT-${String(i).padStart(2, '0')}`;
const GRADES = ['self_reported', 'documented', 'independently_verified'];

/** Streams the CSV to disk (backpressure respected); returns its size in bytes. */
async function writeCsv(file: string): Promise<number> {
  const out = createWriteStream(file);
  // 1,800 days ending today: delivery dated in the future is refused (issue 14).
  const today = Date.parse(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
  const start = today - 1799 * 86_400_000;
  let bytes = 0;
  const write = async (text: string): Promise<void> => {
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  await write('outcome_code,activity_date,quantity,external_ref,evidence_ref,evidence_grade\n');
  let batch = '';
  for (let i = 1; i <= ROWS; i++) {
    const date = new Date(start + (i % 1800) * 86_400_000).toISOString().slice(0, 10);
    const quantity =
      i % 4 === 0 ? `${i % 97}.${String(i % 10_000).padStart(4, '0')}` : String(i % 13);
    const evidence = i % 3 === 0 ? '' : `EV-${i % 50_000}`;
    batch += `${outcomeCode((i % OUTCOMES) + 1)},${date},${quantity},case-${String(i).padStart(9, '0')},${evidence},${GRADES[i % 3]}\n`;
    if (batch.length > 65_536) {
      await write(batch);
      batch = '';
    }
  }
  await write(batch);
  out.end();
  await once(out, 'finish');
  return bytes;
}

async function createBaselineTables(db: Client, seed: Seed): Promise<void> {
  for (const [table, indexed] of [
    ['bench_copy_indexed', true],
    ['bench_copy_bare', false],
  ] as const) {
    await db.query(`
      CREATE TABLE ${table} (
        partnership_id    uuid NOT NULL DEFAULT '${seed.partnershipId}',
        id                bigint GENERATED BY DEFAULT AS IDENTITY,
        outcome_code      text NOT NULL,
        provider_org_id   uuid NOT NULL DEFAULT '${seed.providerOrgId}',
        activity_date     date NOT NULL,
        quantity          numeric(18, 4) NOT NULL,
        evidence_ref      text,
        evidence_grade    evidence_grade NOT NULL DEFAULT 'self_reported',
        external_ref      text,
        kind              delivery_kind NOT NULL DEFAULT 'original',
        corrects_id       bigint,
        correction_reason text,
        status            delivery_status NOT NULL DEFAULT 'claimed',
        reviewed_by       uuid,
        reviewed_at       timestamptz(3),
        review_note       text,
        import_id         uuid,
        created_by        uuid,
        created_at        timestamptz(3) NOT NULL DEFAULT now()
        ${indexed ? ', PRIMARY KEY (partnership_id, id)' : ''}
      )`);
    if (indexed) {
      await db.query(`
        CREATE UNIQUE INDEX ${table}_ext_key ON ${table} (partnership_id, provider_org_id, external_ref);
        CREATE UNIQUE INDEX ${table}_one_reversal ON ${table} (partnership_id, corrects_id) WHERE kind = 'reversal';
        CREATE INDEX ${table}_report_idx ON ${table} (partnership_id, outcome_code, activity_date) INCLUDE (quantity, status);
        CREATE INDEX ${table}_provider_idx ON ${table} (partnership_id, provider_org_id, activity_date);
        CREATE INDEX ${table}_provider_org_id_idx ON ${table} (provider_org_id);`);
    }
  }
}

async function rawCopy(db: Client, table: string, file: string): Promise<number> {
  const t0 = process.hrtime.bigint();
  const copy = db.query(
    copyFrom(
      `COPY ${table} (outcome_code, activity_date, quantity, external_ref, evidence_ref, evidence_grade)
       FROM STDIN (FORMAT csv, HEADER)`,
    ),
  );
  await pipeline(createReadStream(file), copy);
  const took = ms(t0);
  console.log(`raw COPY into ${table}: ${fmt(copy.rowCount)} rows in ${fmt(took)} ms`);
  return took;
}

function upload(
  port: number,
  seed: Seed,
  file: string,
  bytes: number,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `/v1/partnerships/${seed.partnershipId}/delivery-imports?fileName=bench.csv`,
        headers: {
          'x-api-key': seed.apiKey,
          'content-type': 'text/csv',
          'content-length': String(bytes),
        },
      },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    createReadStream(file).on('error', reject).pipe(req);
  });
}

function readRssKb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
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

async function waitForHealth(port: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error('the API did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
