import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  Db,
  Prisma,
  PrismaService,
  ProxyRepository,
  ReportInputsRepository,
  ReportRepository,
  type ReportOutcome,
  type ReportTarget,
} from '@ol/persistence';
import { seedReportData } from '../factories/report-data';
import { createTestApp } from '../setup/test-app';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const iso = (date: Date) => date.toISOString().slice(0, 10);

/**
 * `ReportInputsRepository.reportInputs` reads with one prepared statement (and the effective aggregate)
 * what a report used to read with nine queries: Prisma's model reads of outcomes, valuations,
 * targets, proxies, versions and overrides, and the investment and prior-version statements. Its
 * rows must be exactly what those reads gave (the same decimal strings, dates and order), or
 * stored fingerprints would stop matching.
 */
describe('ReportInputsRepository.reportInputs', () => {
  let app: NestFastifyApplication;
  let prisma: PrismaService;
  let reports: ReportRepository;
  let reads: ReportInputsRepository;
  let proxies: ProxyRepository;

  beforeAll(async () => {
    app = await createTestApp();
    prisma = app.get(PrismaService);
    reports = app.get(ReportRepository);
    reads = app.get(ReportInputsRepository);
    proxies = app.get(ProxyRepository);
  });
  afterAll(() => app.close());

  const seed = () => seedReportData(prisma);

  it('gives the rows of the separate reads: outcomes, targets, proxies in force, records in force, open book', async () => {
    const s = await seed();
    const inputs = await reads.reportInputs(s.p.id, {
      fyStartMonth: 4,
      from: '2026-04-01',
      start: '2026-04-01',
      end: '2026-12-31',
      scope: 'year_to_date',
    });

    // Outcomes: as Prisma's model read gives them, decimals as Prisma's Decimal prints them.
    const models = await prisma.outcome.findMany({
      where: { partnershipId: s.p.id },
      include: { valuation: true },
      orderBy: [{ theme: 'asc' }, { code: 'asc' }],
    });
    expect(inputs.outcomes).toEqual(
      models.map((o): ReportOutcome => ({
        id: o.id,
        code: o.code,
        title: o.title,
        theme: o.theme,
        unit: o.unit,
        direction: o.direction,
        aggregation: o.aggregation,
        parentId: o.parentId,
        isPrevention: o.isPrevention,
        baseline: o.baselineValue?.toString() ?? null,
        greenThreshold: o.greenThreshold.toString(),
        amberThreshold: o.amberThreshold.toString(),
        proxyId: o.valuation?.proxyId ?? null,
        valuationBasis: o.valuation?.basis ?? null,
        countOutcomeId: o.valuation?.countOutcomeId ?? null,
        valueDisbenefits: o.valueDisbenefits,
        stakeholder: o.stakeholder,
      })),
    );
    expect(inputs.outcomes.map((o) => o.code)).toEqual(['B3', 'Z1', 'A2', 'C4']);
    expect(inputs.outcomes.find((o) => o.code === 'Z1')?.baseline).toBe('12.5');
    expect(inputs.outcomes.find((o) => o.code === 'A2')?.greenThreshold).toBe('0.95');

    // Targets: every target, by outcome, in period order (start, then kind).
    const targetRows = await prisma.target.findMany({
      where: { partnershipId: s.p.id },
      orderBy: [{ periodStart: 'asc' }, { periodKind: 'asc' }],
    });
    const expected = new Map<string, ReportTarget[]>();
    for (const t of targetRows) {
      const list = expected.get(t.outcomeId) ?? [];
      list.push({
        id: t.id,
        outcomeId: t.outcomeId,
        periodKind: t.periodKind,
        periodStart: iso(t.periodStart),
        periodEnd: iso(t.periodEnd),
        targetValue: t.targetValue.toString(),
      });
      expected.set(t.outcomeId, list);
    }
    expect(inputs.targetsByOutcome).toEqual(expected);
    expect(inputs.targetsByOutcome.get(s.summed.id)?.map((t) => t.targetValue)).toEqual([
      '100',
      '400',
      '100.25',
    ]);

    // Proxies: on every date, the version or override ProxyRepository.resolve finds.
    for (const proxyId of [s.proxyA.id, s.proxyB.id]) {
      for (let m = 0; m < 48; m++) {
        const date = iso(new Date(Date.UTC(2025, 6 + m, m % 2 ? 1 : 28)));
        expect(inputs.resolveProxy(proxyId, date)).toEqual(
          await proxies.resolve(s.p.id, proxyId, date),
        );
      }
    }
    expect(inputs.resolveProxy(s.proxyB.id, '2027-02-01')).toMatchObject({
      source: 'partnership',
      valuePerUnit: '120.0000',
      deadweight: '0.5000',
    });
    expect(inputs.resolveProxy(randomUUID(), '2026-06-30')).toBeNull();

    // Records in force of mean and latest outcomes, per financial quarter and review status; the
    // reversed record and its reversal left out; the latest by date, then by id.
    const byKey = new Map(
      inputs.effective.map((e) => [`${e.outcomeId}|${e.quarterStart}|${e.status}`, e]),
    );
    expect(inputs.effective).toHaveLength(3);
    expect(byKey.get(`${s.mean.id}|2026-04-01|claimed`)).toEqual({
      outcomeId: s.mean.id,
      quarterStart: '2026-04-01',
      status: 'claimed',
      count: 2,
      sum: '6.5000',
      latest: '4.5000',
      latestAt: '2026-06-01',
    });
    expect(byKey.get(`${s.mean.id}|2026-07-01|claimed`)).toMatchObject({ count: 1, sum: '3.0000' });
    expect(byKey.get(`${s.latest.id}|2026-04-01|claimed`)).toMatchObject({
      count: 3,
      latest: '8.0000',
    });

    // The sums: records in force per quarter, by status (the reversed record counts nowhere);
    // from the window's start (2026-07-01) on, per provider too.
    const sums = await reads.quarterSums(s.p.id, 4, '2026-04-01', '2026-12-31', '2026-07-01');
    const sumBy = new Map(sums.map((r) => [`${r.outcomeId}|${r.quarterStart}`, r]));
    expect(sums.filter((r) => r.quarterStart < '2026-07-01').map((r) => r.providerId)).toEqual(
      sums.filter((r) => r.quarterStart < '2026-07-01').map(() => null),
    );
    expect(sumBy.get(`${s.summed.id}|2026-07-01`)).toMatchObject({ providerId: s.org.id });
    expect(sumBy.get(`${s.summed.id}|2026-04-01`)).toMatchObject({
      providerId: null,
      claimedRecords: 1,
      claimedSum: '10.0000',
      verifiedRecords: 0,
      verifiedSum: '0',
    });
    expect(sumBy.get(`${s.summed.id}|2026-07-01`)).toMatchObject({
      verifiedRecords: 1,
      verifiedSum: '12.5000',
    });
    expect(sumBy.get(`${s.mean.id}|2026-04-01`)).toMatchObject({
      claimedRecords: 2,
      claimedSum: '6.5000',
    });

    // The open book: the latest revision of each return within the window.
    const ids = [s.q1r2.id, s.q2.id].sort();
    expect(inputs.book).toEqual({
      cost: '650.95',
      returns: 2,
      fingerprint: ids.map((id) => `${id}:${id === s.q1r2.id ? 2 : 1}`).join(','),
    });
    expect(inputs.prior).toEqual({ byFingerprint: new Map(), current: null, maxVersion: 0 });
  });

  it('counts the latest accepted revision of each period; one awaiting review only where the partnership counts it as provisional, a rejected one never', async () => {
    const s = await seed();
    const book = async () =>
      (
        await reads.reportInputs(s.p.id, {
          fyStartMonth: 4,
          from: '2026-04-01',
          start: '2026-04-01',
          end: '2026-06-30',
          scope: 'quarter',
        })
      ).book;
    const revision = async (n: number, status: 'submitted' | 'rejected', amount: string) => {
      const r = await prisma.financialReturn.create({
        data: {
          partnershipId: s.p.id,
          providerOrgId: s.org.id,
          periodStart: day('2026-04-01'),
          periodEnd: day('2026-06-30'),
          periodLabel: '2026-27 Q1',
          revision: n,
          revenue: '1000',
          reviewStatus: status,
          ...(status === 'rejected' ? { reviewedAt: new Date(), reviewNote: 'Wrong quarter' } : {}),
          lines: { create: [{ lineNo: 1, category: 'direct', amount }] },
        },
      });
      return r.id;
    };
    const accepted = { cost: '400.95', returns: 1, fingerprint: `${s.q1r2.id}:2` };
    await revision(3, 'rejected', '900.00');
    const r4 = await revision(4, 'submitted', '300.00');
    expect(await book()).toEqual(accepted);
    await prisma.partnership.update({
      where: { id: s.p.id },
      data: { provisionalReturnsCount: true },
    });
    expect(await book()).toEqual({ cost: '300.00', returns: 1, fingerprint: `${r4}:4` });
  });

  it('gives the stored versions by fingerprint and the latest one cut to what a restatement compares', async () => {
    const s = await seed();
    const window = { start: '2026-04-01', end: '2026-06-30' };
    const figures = (pv: string) => ({
      totals: { presentValue: pv, investment: '1' },
      outcomes: [
        {
          outcomeId: s.summed.id,
          code: 'Z1',
          actual: '10',
          target: '100',
          rag: 'red',
          presentValue: pv,
          trend: [{ period: 'x', actual: '1' }],
        },
      ],
      valuationLines: [{ big: 'not compared' }],
    });
    const version = (n: number, fingerprint: string) =>
      reports.create(s.p.id, {
        scope: 'quarter',
        periodLabel: '2026-27 Q1',
        periodStart: window.start,
        periodEnd: window.end,
        version: n,
        fingerprint,
        figures: figures(`${n}00.00`),
        changes: null,
        restatesId: null,
        runId: null,
      });
    const v1 = await version(1, 'a'.repeat(64));
    const v2 = await version(2, 'b'.repeat(64));
    // The current version is the one the latest run produced or found: here v2.
    await reports.setCurrent(
      s.p.id,
      { scope: 'quarter', periodStart: window.start, periodEnd: window.end },
      v2.id,
    );
    const inputs = await reads.reportInputs(s.p.id, {
      fyStartMonth: 4,
      from: '2025-04-01',
      ...window,
      scope: 'quarter',
    });
    expect(inputs.prior.byFingerprint).toEqual(
      new Map([
        ['a'.repeat(64), v1.id],
        ['b'.repeat(64), v2.id],
      ]),
    );
    expect(inputs.prior.maxVersion).toBe(2);
    expect(inputs.prior.current).toEqual({
      id: v2.id,
      version: 2,
      status: 'final',
      figures: {
        totals: { presentValue: '200.00', investment: '1' },
        outcomes: [
          {
            outcomeId: s.summed.id,
            code: 'Z1',
            actual: '10',
            target: '100',
            rag: 'red',
            presentValue: '200.00',
          },
        ],
      },
    });
    // Another scope of the same period has no versions.
    const other = await reads.reportInputs(s.p.id, {
      fyStartMonth: 4,
      from: '2025-04-01',
      ...window,
      scope: 'year_to_date',
    });
    expect(other.prior).toMatchObject({ current: null, maxVersion: 0 });

    // The inputs switched back to v1's: v1 is current again, and is what a new version compares with.
    await reports.setCurrent(
      s.p.id,
      { scope: 'quarter', periodStart: window.start, periodEnd: window.end },
      v1.id,
    );
    const again = await reads.reportInputs(s.p.id, {
      fyStartMonth: 4,
      from: '2025-04-01',
      ...window,
      scope: 'quarter',
    });
    expect(again.prior).toMatchObject({ maxVersion: 2, current: { id: v1.id, version: 1 } });
  });

  it('createLarge stores the version with the statements alongside, all or nothing', async () => {
    const s = await seed();
    const id = randomUUID();
    // Large enough to be compressed; keys in an order jsonb would not keep (it sorts `a` first).
    const figuresJson = JSON.stringify({
      totals: { presentValue: '1.00' },
      working: 'w'.repeat(20_000),
      a: 1,
    });
    const written = await reports.createLarge(
      s.p.id,
      {
        id,
        scope: 'quarter',
        periodLabel: '2026-27 Q1',
        periodStart: '2026-04-01',
        periodEnd: '2026-06-30',
        version: 1,
        fingerprint: 'c'.repeat(64),
        figuresJson,
        comparedJson: JSON.stringify({ totals: { presentValue: '1.00' }, outcomes: [] }),
        changes: null,
        restatesId: null,
        runId: null,
      },
      [
        Prisma.sql`UPDATE outcomes SET title = title WHERE partnership_id = ${s.p.id}::uuid`,
        Prisma.sql`UPDATE outcomes SET title = title WHERE partnership_id = ${randomUUID()}::uuid`,
      ],
    );
    expect(written).toEqual([4, 0]);
    // Stored as written, byte for byte, and compressed with lz4.
    const [raw] = await prisma.$queryRaw<{ text: string; compression: string }[]>`
      SELECT figures::text AS text, pg_column_compression(figures) AS compression
        FROM reports WHERE id = ${id}::uuid`;
    expect(raw).toEqual({ text: figuresJson, compression: 'lz4' });
    const stored = await prisma.report.findUnique({
      where: { partnershipId_id: { partnershipId: s.p.id, id } },
    });
    expect(stored).toMatchObject({
      version: 1,
      figures: { totals: { presentValue: '1.00' } },
      compared: { totals: { presentValue: '1.00' }, outcomes: [] },
      changes: null,
    });
    // What the next version compares with is read from `compared`, not unpacked from the figures.
    const next = await reads.reportInputs(s.p.id, {
      fyStartMonth: 4,
      from: '2025-04-01',
      start: '2026-04-01',
      end: '2026-06-30',
      scope: 'quarter',
    });
    expect(next.prior.current).toEqual({
      id,
      version: 1,
      status: 'final',
      figures: { totals: { presentValue: '1.00' }, outcomes: [] },
    });
    expect([iso(stored!.periodStart), iso(stored!.periodEnd)]).toEqual([
      '2026-04-01',
      '2026-06-30',
    ]);
    // The same version again breaks the unique key: nothing alongside is written either.
    await expect(
      reports.createLarge(
        s.p.id,
        {
          id: randomUUID(),
          scope: 'quarter',
          periodLabel: '2026-27 Q1',
          periodStart: '2026-04-01',
          periodEnd: '2026-06-30',
          version: 1,
          fingerprint: 'd'.repeat(64),
          figuresJson: '{}',
          comparedJson: '{}',
          changes: null,
          restatesId: null,
          runId: null,
        },
        [Prisma.sql`UPDATE outcomes SET title = 'changed' WHERE partnership_id = ${s.p.id}::uuid`],
      ),
    ).rejects.toThrow(/duplicate key/);
    expect(await prisma.outcome.count({ where: { partnershipId: s.p.id, title: 'changed' } })).toBe(
      0,
    );
  });

  it('refuses to run inside a transaction it could not join', async () => {
    const s = await seed();
    const db = app.get(Db);
    await expect(
      db.transaction(() =>
        reads.reportInputs(s.p.id, {
          fyStartMonth: 4,
          from: '2026-04-01',
          start: '2026-04-01',
          end: '2026-06-30',
          scope: 'quarter',
        }),
      ),
    ).rejects.toThrow(/ReportRepository.reportInputs runs on its own connection/);
    // The sums, an unnamed statement on the pool, refuse too rather than read outside it.
    await expect(
      db.transaction(() => reads.quarterSums(s.p.id, 4, '2026-04-01', '2026-06-30', '2026-04-01')),
    ).rejects.toThrow(/runs on its own connection and cannot join a transaction/);
  });
});
