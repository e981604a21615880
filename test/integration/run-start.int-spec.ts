import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Db, PrismaService, RunRepository } from '@ol/persistence';
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
});
