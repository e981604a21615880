import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Db, PartnershipRepository, Prisma, PrismaService, RunRepository } from '@ol/persistence';
import { ASYNC_COMMIT } from '../../libs/persistence/src/util/async-commit';
import { createPartnership } from '../factories';
import { createTestApp } from '../setup/test-app';

/**
 * `RunRepository.startWithPartnership` starts a run and reads its partnership in one prepared
 * statement: the run must be what `start` returns and the partnership what the repository's model
 * read gives (its Decimals and dates included), and it must refuse what `start` refuses.
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
    expect(started!.partnership).toEqual(await app.get(PartnershipRepository).findById(p.id));
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
    expect(started!.partnership).toEqual(await app.get(PartnershipRepository).findById(p.id));
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

  it('commits a report start without waiting for the disk, and only that transaction', async () => {
    // The condition turns synchronous_commit off for the transaction it runs in, and no further:
    // the pooled connection keeps its setting (the extended protocol, as the product sends it).
    const client = await prisma.pool.connect();
    const condition = Prisma.sql`SELECT ${1}::int AS one WHERE ${ASYNC_COMMIT}`;
    const setting = async () =>
      (await client.query<{ s: string }>(`SELECT current_setting('synchronous_commit') AS s`))
        .rows[0].s;
    let broken = false;
    try {
      await client.query('BEGIN');
      expect((await client.query(condition.text, condition.values)).rows).toEqual([{ one: 1 }]);
      expect(await setting()).toBe('off');
      await client.query('COMMIT');
      expect(await setting()).toBe('on');
      await client.query(condition.text, condition.values); // its own implicit transaction
      expect(await setting()).toBe('on');
    } catch (error) {
      broken = true; // not back to the pool mid-transaction
      throw error;
    } finally {
      client.release(broken);
    }

    // What each commit used: a deferred trigger runs at commit, just before the commit record is
    // written, and records the setting then (test-only objects, dropped again).
    await prisma.$executeRawUnsafe(
      `CREATE TABLE test_commit_modes (seq serial PRIMARY KEY, run_id uuid, status text, mode text)`,
    );
    await prisma.$executeRawUnsafe(`
      CREATE FUNCTION test_commit_mode() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO test_commit_modes (run_id, status, mode)
        VALUES (NEW.id, NEW.status, current_setting('synchronous_commit'));
        RETURN NULL;
      END $$`);
    await prisma.$executeRawUnsafe(`
      CREATE CONSTRAINT TRIGGER test_commit_mode AFTER UPDATE ON job_runs
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION test_commit_mode()`);
    try {
      const p = await createPartnership(prisma);
      const a = await request(p.id, 'quarter:g');
      const b = await request(p.id, 'quarter:h');
      await runs.start(p.id, a.id);
      await runs.startWithPartnership(p.id, b.id);
      await runs.complete(p.id, b.id, null);
      const modes = await prisma.$queryRawUnsafe<{ run: string; status: string; mode: string }[]>(
        `SELECT run_id::text AS run, status, mode FROM test_commit_modes ORDER BY seq`,
      );
      expect(modes).toEqual([
        { run: a.id, status: 'running', mode: 'on' }, // a plain start (share evaluations)
        { run: b.id, status: 'running', mode: 'off' }, // a report's start
        { run: b.id, status: 'done', mode: 'on' }, // its result: durable, and the start with it
      ]);
    } finally {
      await prisma.$executeRawUnsafe(`DROP TRIGGER test_commit_mode ON job_runs`);
      await prisma.$executeRawUnsafe(`DROP FUNCTION test_commit_mode()`);
      await prisma.$executeRawUnsafe(`DROP TABLE test_commit_modes`);
    }
  });
});
