import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ASYNC_COMMIT, Db, Prisma, PrismaService, RunRepository } from '@ol/persistence';
import { createPartnership } from '../factories';
import { createTestApp } from '../setup/test-app';

/**
 * `RunRepository.startWithPartnership` starts a run and reads its partnership in one prepared
 * statement: the run must be what `start` returns and the partnership what Prisma's model read
 * gives (its Decimals and dates included), and it must refuse what `start` refuses.
 */
describe('RunRepository.startWithPartnership', () => {
  let app: NestFastifyApplication;
  let prisma: PrismaService;
  let runs: RunRepository;

  beforeAll(async () => {
    app = await createTestApp();
    prisma = app.get(PrismaService);
    runs = app.get(RunRepository);
  });
  afterAll(() => app.close());

  const request = async (partnershipId: string, key: string, notBefore?: Date) =>
    (
      await runs.request(partnershipId, {
        kind: 'report',
        dedupeKey: key,
        params: { scope: 'quarter', quarter: '2026-27 Q1' },
        notBefore,
      })
    ).run;

  it('starts the run and returns it with its partnership as Prisma reads it', async () => {
    const plain = await createPartnership(prisma);
    const p = await prisma.partnership.update({
      where: { id: plain.id },
      data: {
        purpose: 'Fewer admissions',
        fyStartMonth: 1,
        discountRate: '0.0425',
        discountConvention: 'mid_year',
        contractValue: '1250000.50',
      },
    });
    const run = await request(p.id, 'quarter:a');

    const started = await runs.startWithPartnership(p.id, run.id);
    expect(started).not.toBeNull();
    expect(started!.partnership).toEqual(
      await prisma.partnership.findUnique({ where: { id: p.id } }),
    );
    expect(started!.partnership.discountRate.toFixed(4)).toBe('0.0425');
    expect(started!.partnership.contractValue?.toString()).toBe('1250000.5');
    expect(started!.run).toEqual(await runs.find(p.id, run.id));
    expect(started!.run).toMatchObject({ status: 'running', attempts: 1 });

    // A running run starts again (a job retried after a crash).
    const again = await runs.startWithPartnership(p.id, run.id);
    expect(again!.run.attempts).toBe(2);
  });

  it('keeps a partnership without purpose or contract value as Prisma gives it', async () => {
    const p = await createPartnership(prisma);
    const run = await request(p.id, 'quarter:b');
    const started = await runs.startWithPartnership(p.id, run.id);
    expect(started!.partnership).toEqual(
      await prisma.partnership.findUnique({ where: { id: p.id } }),
    );
    expect(started!.partnership.contractValue).toBeNull();
  });

  it('refuses a finished run, another partnership’s run and a run not due yet, as start does', async () => {
    const p = await createPartnership(prisma);
    const other = await createPartnership(prisma);
    const done = await request(p.id, 'quarter:c');
    await runs.complete(p.id, done.id, null);
    expect(await runs.startWithPartnership(p.id, done.id)).toBeNull();

    const theirs = await request(other.id, 'quarter:d');
    expect(await runs.startWithPartnership(p.id, theirs.id)).toBeNull();

    const later = await request(p.id, 'quarter:e', new Date(Date.now() + 60_000));
    expect(await runs.startWithPartnership(p.id, later.id, { dueWithinMs: 1_000 })).toBeNull();
    expect((await runs.find(p.id, later.id))!.status).toBe('pending');
    expect(await runs.startWithPartnership(p.id, later.id)).not.toBeNull();
  });

  it('refuses to run inside a transaction it could not join, and starts nothing', async () => {
    const p = await createPartnership(prisma);
    const run = await request(p.id, 'quarter:f');
    await expect(
      app.get(Db).transaction(() => runs.startWithPartnership(p.id, run.id)),
    ).rejects.toThrow(/cannot join a transaction/);
    expect((await runs.find(p.id, run.id))!.status).toBe('pending');
  });

  it('commits a start without waiting for the disk, and leaves the connection synchronous', async () => {
    // The condition turns synchronous_commit off for its own transaction only.
    const client = await prisma.pool.connect();
    const condition = Prisma.sql`SELECT 1 AS one WHERE ${ASYNC_COMMIT}`;
    const setting = async () =>
      (await client.query<{ s: string }>(`SELECT current_setting('synchronous_commit') AS s`))
        .rows[0].s;
    try {
      await client.query('BEGIN');
      expect((await client.query(condition.sql)).rows).toEqual([{ one: 1 }]);
      expect(await setting()).toBe('off');
      await client.query('COMMIT');
      expect(await setting()).toBe('on');
      await client.query(condition.sql); // a statement of its own: its implicit transaction
      expect(await setting()).toBe('on');
    } finally {
      client.release();
    }

    // Right after a synchronous commit the WAL is on disk up to where it ends; after the
    // report's start it is not, until the WAL writer flushes it (every 200 ms by default).
    const unflushed = async () =>
      (
        await prisma.pool.query<{ behind: boolean }>(
          `SELECT pg_current_wal_flush_lsn() < pg_current_wal_insert_lsn() AS behind`,
        )
      ).rows[0].behind;
    const p = await createPartnership(prisma);
    const a = await request(p.id, 'quarter:g');
    const b = await request(p.id, 'quarter:h');
    const starts = 20;
    let behindAfterStart = 0;
    let behindAfterReportStart = 0;
    for (let i = 0; i < starts; i++) {
      await runs.start(p.id, a.id);
      if (await unflushed()) behindAfterStart++;
    }
    for (let i = 0; i < starts; i++) {
      await runs.startWithPartnership(p.id, b.id);
      if (await unflushed()) behindAfterReportStart++;
    }
    expect(behindAfterStart).toBeLessThan(starts / 4);
    expect(behindAfterReportStart).toBeGreaterThan((starts * 3) / 4);
    expect((await runs.find(p.id, b.id))!.attempts).toBe(starts);
  });
});
