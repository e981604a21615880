import { Injectable } from '@nestjs/common';
import { Db } from '../db';
import { Prisma, type JobRun, type Partnership, type RunKind } from '../prisma-client';
import { ASYNC_COMMIT } from '../util/async-commit';

/** The columns of job_runs as a {@link JobRun}, for raw statements. */
const RUN_COLUMNS = Prisma.sql`
  partnership_id::text AS "partnershipId", id::text AS id, kind, dedupe_key AS "dedupeKey", status,
  params, attempts, progress, result_ref::text AS "resultRef", error,
  requested_by::text AS "requestedBy", not_before AS "notBefore", created_at AS "createdAt",
  started_at AS "startedAt", finished_at AS "finishedAt"`;

/** The partnership columns {@link RunRepository.startWithPartnership} reads, for {@link partnershipOf}. */
const PARTNERSHIP_TUPLE = Prisma.sql`
  json_build_array(p.id, p.name, p.purpose, p.model, p.status, to_char(p.start_date, 'YYYY-MM-DD'),
                   to_char(p.end_date, 'YYYY-MM-DD'), p.currency, p.fy_start_month,
                   p.discount_rate::text, p.discount_convention, p.contract_value::text,
                   p.created_at, p.updated_at, p.count_unverified, p.report_price_year,
                   p.price_index_series_id, p.discount_schedule, p.payback_method,
                   p.share_open_book_with_providers, p.provisional_returns_count,
                   p.settlement_separation)`;

type PartnershipTuple = [
  string,
  string,
  string | null,
  Partnership['model'],
  Partnership['status'],
  string,
  string,
  string,
  number,
  string,
  Partnership['discountConvention'],
  string | null,
  string,
  string,
  boolean,
  number | null,
  string | null,
  Partnership['discountSchedule'],
  Partnership['paybackMethod'],
  boolean,
  boolean,
  boolean,
];

/** A partnership as Prisma gives it, from {@link PARTNERSHIP_TUPLE} (decimals as text, dates as YYYY-MM-DD). */
function partnershipOf(p: PartnershipTuple): Partnership {
  return {
    id: p[0],
    name: p[1],
    purpose: p[2],
    model: p[3],
    status: p[4],
    startDate: new Date(`${p[5]}T00:00:00Z`),
    endDate: new Date(`${p[6]}T00:00:00Z`),
    currency: p[7],
    fyStartMonth: p[8],
    discountRate: new Prisma.Decimal(p[9]),
    discountConvention: p[10],
    contractValue: p[11] === null ? null : new Prisma.Decimal(p[11]),
    countUnverified: p[14],
    reportPriceYear: p[15],
    priceIndexSeriesId: p[16],
    discountSchedule: p[17],
    paybackMethod: p[18],
    shareOpenBookWithProviders: p[19],
    provisionalReturnsCount: p[20],
    settlementSeparation: p[21],
    createdAt: new Date(p[12]),
    updatedAt: new Date(p[13]),
  };
}

/**
 * Job runs: the outbox of work. A run is written in the caller's transaction; asking again for
 * the same work while a run of it is pending joins that run; while one is running, a new pending
 * run follows it (so what was committed meanwhile is counted), and starts once it has ended.
 */
@Injectable()
export class RunRepository {
  constructor(private readonly db: Db) {}

  /** Creates a pending run, or returns the outstanding run with the same key. */
  async request(
    partnershipId: string,
    run: {
      kind: RunKind;
      dedupeKey: string;
      params: Prisma.InputJsonValue;
      requestedBy?: string | null;
      notBefore?: Date;
    },
  ): Promise<{ run: JobRun; created: boolean }> {
    const notBefore = run.notBefore ?? new Date();
    const inserted = await this.db.client.$queryRaw<{ id: string }[]>`
      INSERT INTO job_runs (partnership_id, kind, dedupe_key, params, requested_by, not_before)
      VALUES (${partnershipId}::uuid, ${run.kind}::run_kind, ${run.dedupeKey}, ${JSON.stringify(run.params)}::jsonb,
              ${run.requestedBy ?? null}::uuid, ${notBefore})
      ON CONFLICT (partnership_id, kind, dedupe_key) WHERE status = 'pending' DO NOTHING
      RETURNING id::text AS id`;
    if (inserted.length)
      return { run: (await this.find(partnershipId, inserted[0].id))!, created: true };
    const existing = await this.db.client.jobRun.findFirst({
      where: { partnershipId, kind: run.kind, dedupeKey: run.dedupeKey, status: 'pending' },
    });
    if (existing) {
      // A later debounce deadline moves the pending run's start (one recompute for a burst).
      if (notBefore > existing.notBefore) {
        return {
          run: await this.db.client.jobRun.update({
            where: { partnershipId_id: { partnershipId, id: existing.id } },
            data: { notBefore },
          }),
          created: false,
        };
      }
      return { run: existing, created: false };
    }
    // The pending run started between the two statements: ask again (a new run follows it).
    return this.request(partnershipId, run);
  }

  find(partnershipId: string, id: string): Promise<JobRun | null> {
    return this.db.client.jobRun.findUnique({ where: { partnershipId_id: { partnershipId, id } } });
  }

  /**
   * Marks a run running (another attempt) and returns it, in one statement. Returns null when it
   * is already done or failed, so a job delivered twice does the work once; with `dueWithinMs`,
   * also when its start (`not_before`) is further away than that (a debounced run moved later);
   * and while another run of the same work is running (this one follows it: see {@link postpone}).
   */
  async start(
    partnershipId: string,
    id: string,
    options: { dueWithinMs?: number } = {},
  ): Promise<JobRun | null> {
    const rows = await this.db.client.$queryRaw<JobRun[]>(
      this.startSql(partnershipId, id, options),
    );
    return rows[0] ?? null;
  }

  /**
   * Moves a pending run's start `ms` later (it waits for another run of the same work to end);
   * returns it, or null when it is no longer pending.
   */
  async postpone(partnershipId: string, id: string, ms: number): Promise<JobRun | null> {
    const rows = await this.db.client.$queryRaw<JobRun[]>`
      UPDATE job_runs SET not_before = now() + ${ms}::int * interval '1 millisecond'
      WHERE partnership_id = ${partnershipId}::uuid AND id = ${id}::uuid AND status = 'pending'
      RETURNING ${RUN_COLUMNS}`;
    return rows[0] ?? null;
  }

  /** Whether another run of the same work is running. */
  async siblingRunning(
    run: Pick<JobRun, 'partnershipId' | 'id' | 'kind' | 'dedupeKey'>,
  ): Promise<boolean> {
    const n = await this.db.client.jobRun.count({
      where: {
        partnershipId: run.partnershipId,
        kind: run.kind,
        dedupeKey: run.dedupeKey,
        status: 'running',
        id: { not: run.id },
      },
    });
    return n > 0;
  }

  /** The statement {@link start} runs, to run inside a larger one ({@link startWithPartnership}). */
  private startSql(
    partnershipId: string,
    id: string,
    options: { dueWithinMs?: number; asyncCommit?: boolean },
  ): Prisma.Sql {
    const dueWithinMs = options.dueWithinMs ?? null;
    return Prisma.sql`
      UPDATE job_runs SET status = 'running', attempts = attempts + 1, started_at = now()
      WHERE partnership_id = ${partnershipId}::uuid AND id = ${id}::uuid AND status IN ('pending', 'running')
        AND (${dueWithinMs}::int IS NULL
             OR not_before <= now() + ${dueWithinMs}::int * interval '1 millisecond')
        AND NOT EXISTS (SELECT 1 FROM job_runs o
                         WHERE o.partnership_id = job_runs.partnership_id AND o.kind = job_runs.kind
                           AND o.dedupe_key = job_runs.dedupe_key AND o.status = 'running'
                           AND o.id <> job_runs.id)
        ${options.asyncCommit ? Prisma.sql`AND ${ASYNC_COMMIT}` : Prisma.empty}
      RETURNING ${RUN_COLUMNS}`;
  }

  /**
   * {@link start}, returning the run's partnership with it: one round trip for the two, as a
   * prepared statement ({@link Db.prepared}, outside any transaction; lookups by primary key, so
   * PostgreSQL plans it once per connection). A report run starts with it.
   *
   * Its commit does not wait for the disk ({@link ASYNC_COMMIT}): losing a start in a crash of
   * PostgreSQL costs nothing (the run is as it was before, pending or running from an earlier
   * attempt; the job is retried and starts it again, and the reconciler catches a run left
   * behind), and the run's result, committed synchronously afterwards, makes the start durable
   * with it. One disk flush less per report: with two worker processes the flushes were
   * what backends waited on as often as they computed (bench/REPORT-RESULTS.md, session 6).
   */
  async startWithPartnership(
    partnershipId: string,
    id: string,
    options: { dueWithinMs?: number } = {},
  ): Promise<{ run: JobRun; partnership: Partnership } | null> {
    const rows = await this.db.prepared<JobRun & { partnership: PartnershipTuple }>(
      'RunRepository.startWithPartnership',
      Prisma.sql`
        WITH run AS (${this.startSql(partnershipId, id, { ...options, asyncCommit: true })})
        SELECT run.*, ${PARTNERSHIP_TUPLE} AS partnership
          FROM run JOIN partnerships p ON p.id = ${partnershipId}::uuid`,
    );
    if (rows.length === 0) return null;
    const { partnership, ...run } = rows[0];
    return { run, partnership: partnershipOf(partnership) };
  }

  async progress(partnershipId: string, id: string, percent: number): Promise<void> {
    await this.db.client.$executeRaw`
      UPDATE job_runs SET progress = ${Math.max(0, Math.min(100, Math.round(percent)))}
      WHERE partnership_id = ${partnershipId}::uuid AND id = ${id}::uuid AND status = 'running'`;
  }

  /** Marks a run done with what it produced (in the transaction that wrote the result). */
  async complete(partnershipId: string, id: string, resultRef: string | null): Promise<boolean> {
    const n = await this.db.client.$executeRaw(this.completeSql(partnershipId, id, resultRef));
    return n === 1;
  }

  /**
   * The statement {@link complete} runs, to run inside a larger one (`ReportRepository.createLarge`);
   * `resultRef` may be SQL naming what the larger statement wrote.
   */
  completeSql(
    partnershipId: string,
    id: string,
    resultRef: string | null | Prisma.Sql,
  ): Prisma.Sql {
    return Prisma.sql`
      UPDATE job_runs SET status = 'done', progress = 100, result_ref = ${resultRef}, finished_at = now(), error = NULL
      WHERE partnership_id = ${partnershipId}::uuid AND id = ${id}::uuid AND status IN ('pending', 'running')`;
  }

  /** Records the run's error, and with `final` marks it failed; false when it had already ended. */
  async fail(partnershipId: string, id: string, error: string, final: boolean): Promise<boolean> {
    const n = await this.db.client.$executeRaw`
      UPDATE job_runs SET error = ${error.slice(0, 2000)},
        status = CASE WHEN ${final} THEN 'failed'::run_status ELSE status END,
        finished_at = CASE WHEN ${final} THEN now() ELSE finished_at END
      WHERE partnership_id = ${partnershipId}::uuid AND id = ${id}::uuid AND status IN ('pending', 'running')`;
    return n === 1;
  }

  /** Runs that should be in the queue: pending and due, or running but silent for too long. */
  due(limit: number, staleAfterSeconds: number): Promise<JobRun[]> {
    return this.db.client.$queryRaw<JobRun[]>`
      SELECT ${RUN_COLUMNS}
      FROM job_runs
      WHERE (status = 'pending' AND not_before <= now())
         OR (status = 'running' AND started_at < now() - make_interval(secs => ${staleAfterSeconds}))
      ORDER BY not_before
      LIMIT ${limit}`;
  }

  list(
    partnershipId: string,
    filter: { kind?: RunKind; status?: JobRun['status'] },
    limit: number,
  ): Promise<JobRun[]> {
    return this.db.client.jobRun.findMany({
      where: {
        partnershipId,
        ...(filter.kind ? { kind: filter.kind } : {}),
        ...(filter.status ? { status: filter.status } : {}),
      },
      orderBy: { createdAt: 'desc' },
      take: limit,
    });
  }
}
