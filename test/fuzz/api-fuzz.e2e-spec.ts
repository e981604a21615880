import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { buildOnce } from '../setup/child-process';
import { ApiUnderTest } from './api-under-test';
import { ChangeCounter } from './db-changes';
import { baseQueries, pathValues, validBodies, type ValidBodies } from './fixtures/bodies';
import { seedFixtures, type Fixtures } from './fixtures/seed';
import {
  CATEGORIES,
  hasJsonBody,
  isCsvOp,
  shuffle,
  specsFor,
  type Category,
  type GenContext,
  type Spec,
} from './generators';
import { send } from './http-client';
import { fuzzTargets, operationsOf, type OpenApiDocument, type Operation } from './openapi';
import { causesFromLog, failureMessage, summary } from './report';
import { FuzzRunner } from './runner';

/**
 * OpenAPI-driven fuzzing of the built API as a real process (schemathesis-style, with
 * fast-check): every write operation of /docs-json and every GET with query parameters gets
 * malformed requests (content types, body fields, whole bodies, CSV, path and query parameters,
 * headers, credentials) on top of a seeded partnership. Oracle per request: an answer, below
 * 500, problem+json (with the same status) for every error, the process still running, and no
 * row changed by a refused request. The API is restarted after a death (at most MAX_RESTARTS
 * times) and a kind of input that killed or hung it 3 times is not sent again.
 *
 * Deterministic for a seed: FUZZ_SEED=<integer> (default 20261202, printed); FUZZ_RUNS=<factor>
 * scales the randomly drawn requests (default 1: about 4,700 requests, ~30 s). The summary is
 * printed and written to $TMPDIR/ol-api-fuzz-<seed>-<run id>.txt.
 *
 *   npx jest -c test/jest-integration.config.js --runInBand test/fuzz
 */
const SEED = Number.parseInt(process.env.FUZZ_SEED ?? '20261202', 10);
const RUNS = Number.parseFloat(process.env.FUZZ_RUNS ?? '1');
const ADMIN_KEY = 'ol_fuzzadmin001_FuzzSuiteBootstrapKeyNotASecret0';
const MAX_RESTARTS = 20;

describe('API fuzz (OpenAPI-driven, fast-check)', () => {
  let api: ApiUnderTest | undefined;
  let db: Client | undefined;
  let counter: ChangeCounter | undefined;
  let doc: OpenApiDocument;
  let fx: Fixtures;
  let targets: Operation[];
  let bodies: ValidBodies;
  let ctx: GenContext;
  let specs: Spec[];
  let paths: ReturnType<typeof pathValues>;

  const pathValue = (op: Operation, name: string): string | undefined => {
    const own = paths.byOp[op.key]?.[name] ?? paths.byName[name];
    if (own) return own;
    const schema = op.pathParams.find((p) => p.name === name)?.schema;
    return schema?.enum?.length ? String(schema.enum[0]) : undefined;
  };

  beforeAll(async () => {
    if (!Number.isSafeInteger(SEED)) throw new Error(`FUZZ_SEED must be an integer: ${SEED}`);
    if (!(RUNS > 0)) throw new Error(`FUZZ_RUNS must be a positive number: ${RUNS}`);
    process.stdout.write(`API fuzz: seed ${SEED}, FUZZ_RUNS ${RUNS}\n`);
    buildOnce();
    // A statement that waits on a lock longer than this fails instead of hanging the suite.
    db = new Client({ connectionString: process.env.DATABASE_URL, statement_timeout: 30_000 });
    await db.connect();
    api = new ApiUnderTest(
      {
        BOOTSTRAP_ADMIN_KEY: ADMIN_KEY,
        BOOTSTRAP_ADMIN_EMAIL: 'fuzz-admin@example.test',
        RATE_LIMIT_PER_MINUTE: '1000000',
        // warn: the API logs a "validation gap" when PostgreSQL refuses what validation let in.
        LOG_LEVEL: 'warn',
      },
      MAX_RESTARTS,
    );
    await api.start();
    const docs = await send(
      api.port,
      { method: 'GET', path: '/docs-json', headers: {} },
      { timeoutMs: 10_000, maxBodyBytes: 16 << 20 },
    );
    if (docs.kind !== 'answer' || docs.answer.status !== 200) {
      throw new Error(`GET /docs-json failed: ${JSON.stringify(docs).slice(0, 500)}`);
    }
    doc = JSON.parse(docs.answer.body.toString('utf8')) as OpenApiDocument;
    fx = await seedFixtures(api.port, ADMIN_KEY, db);
    paths = pathValues(fx);
    targets = fuzzTargets(operationsOf(doc));
    bodies = validBodies(targets, fx);
    const queries = baseQueries(fx);
    ctx = {
      validBody: (op) => bodies.forFuzzing.get(op.key),
      baseQuery: (op) => queries[op.key] ?? '',
      pathValue,
      otherIds: [
        fx.providerOrgId,
        fx.partnershipId,
        fx.outcomeId,
        fx.proxyId,
        fx.webhookId,
        fx.providerUserId,
        fx.ruleId,
      ],
      scale: RUNS,
      seed: SEED,
    };
    specs = shuffle(
      targets.flatMap((op) => specsFor(op, ctx)),
      SEED,
    );
    counter = new ChangeCounter(db);
    await counter.install();
  }, 180_000);

  afterAll(async () => {
    try {
      await api?.stop();
    } finally {
      try {
        await counter?.remove();
      } finally {
        await db?.end();
      }
    }
  }, 60_000);

  it('covers every write operation and every GET with query parameters of the document', () => {
    const problems: string[] = [];
    const writes = operationsOf(doc).filter((op) => op.isWrite);
    expect(writes.length).toBeGreaterThan(0);
    for (const op of targets) {
      const mine = specs.filter((s) => s.op.key === op.key);
      if (mine.length === 0) problems.push(`${op.key}: no requests generated`);
      for (const p of op.pathParams) {
        if (pathValue(op, p.name) === undefined) {
          problems.push(
            `${op.key}: no fixture for path parameter ${p.name} (add it in fixtures/bodies.ts)`,
          );
        }
      }
      const categories = new Set<Category>(mine.map((s) => s.category));
      const expected: Category[] = op.isWrite
        ? CATEGORIES.filter(
            (c) => (c !== 'body-field' && c !== 'body-structure') || hasJsonBody(op),
          )
            .filter((c) => c !== 'csv-body' || isCsvOp(op))
            .filter((c) => c !== 'path-param' || op.pathParams.length > 0)
        : ['query-param'];
      for (const c of expected) {
        if (!categories.has(c)) problems.push(`${op.key}: no ${c} requests`);
      }
      if ((hasJsonBody(op) || isCsvOp(op)) && bodies.forFuzzing.get(op.key) === undefined) {
        problems.push(`${op.key}: no valid example body`);
      }
    }
    for (const op of writes) {
      if (!targets.some((t) => t.key === op.key)) problems.push(`${op.key}: not fuzzed`);
    }
    expect(problems).toEqual([]);
    expect(specs.length).toBeGreaterThanOrEqual(Math.min(2000, Math.round(2000 * RUNS)));
  });

  it('answers every malformed request below 500 with problem details, stays up and changes nothing when it refuses', async () => {
    const started = Date.now();
    const runner = new FuzzRunner({
      api: api!,
      counter: counter!,
      adminKey: ADMIN_KEY,
      providerKey: fx.providerKey,
      validBody: ctx.validBody,
      baseQuery: ctx.baseQuery,
      pathValue,
      timeoutMs: 10_000,
      quarantineAfter: 3,
      onProgress: (done, total) => {
        if (done % 500 === 0) process.stdout.write(`API fuzz: ${done}/${total}\n`);
      },
    });
    const baselineQueries = baseQueries(fx, true);
    await runner.sendBaseline(
      targets.filter((op) => op.isWrite),
      (op) => bodies.baseline.get(op.key),
      (op) => baselineQueries[op.key] ?? '',
    );
    await runner.run(specs);
    const seconds = (Date.now() - started) / 1000;

    const names = new Map<string, string>();
    for (const [k, v] of Object.entries(fx)) {
      if (typeof v === 'string' && /^[0-9a-f-]{36}$/.test(v)) names.set(v, k);
      if (Array.isArray(v)) v.forEach((id, i) => names.set(String(id), `${k}[${i}]`));
    }
    const { text, groups } = summary({
      runner,
      seed: SEED,
      runs: RUNS,
      seconds,
      targets: targets.map((op) => op.key),
      deaths: api!.deaths,
      restarts: api!.restarts,
      causes: causesFromLog(api!.output()),
      names,
      keys: new Map([
        [ADMIN_KEY, '$ADMIN_KEY'],
        [fx.providerKey, '$PROVIDER_KEY'],
      ]),
    });
    const file = join(tmpdir(), `ol-api-fuzz-${SEED}-${process.env.OL_TEST_RUN_ID ?? 'run'}.txt`);
    writeFileSync(file, `${text}\n`);
    process.stdout.write(`${text}\nAPI fuzz: summary written to ${file}\n`);

    expect(failureMessage(runner.failures, groups)).toBe('no failures');
  }, 600_000);

  it('refuses malformed input in validation, naming the field, not by a database error', () => {
    const gaps = api!
      .output()
      .split('\n')
      .filter((line) => line.includes('validation gap'))
      .map((line) => {
        try {
          const entry = JSON.parse(line) as { method?: string; url?: string; sqlState?: string };
          return `${entry.method} ${entry.url} (SQLSTATE ${entry.sqlState})`;
        } catch {
          return line.slice(0, 300);
        }
      });
    expect(gaps).toEqual([]);
  });
});
