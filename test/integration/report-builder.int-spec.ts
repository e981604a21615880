import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { parseQuarterLabel, reportWindow, type ReportScope } from '@ol/outcomes';
import { PrismaService, ReportRepository } from '@ol/persistence';
import { ReportBuilder } from '../../apps/worker/src/reports/report-builder.service';
import { freshIds, seedReportData } from '../factories/report-data';
import { createTestApp } from '../setup/test-app';

const id = (n: number) => `00000000-0000-4000-8000-0000000f${String(n).padStart(4, '0')}`;

/**
 * A stored version is found again by the fingerprint of its inputs: a change to how the inputs
 * are read must not change the fingerprint of the same data, or every report would be issued
 * again as a restatement with nothing changed. The fingerprint is the hash of composeReport's
 * inputs and the report method (`REPORT_METHOD`); these values were computed when method 3 came
 * in (price years: each proxy version's price year, the report price year and the index values
 * used are inputs; every report is restated once, on purpose) for the same rows (`seedReportData`
 * with these fixed ids). Change them only with the method or the inputs.
 */
const FINGERPRINTS: Record<string, string> = {
  'quarter 2026-27 Q2': '86f16f2eeb992af07e9abf23d60a1db3a1081a8cbbd2b383c6e3d168b8a64758',
  'year_to_date 2026-27 Q4': 'c107ae07ef0d926dfe5f46516570d915d301f14bc09f92b2e57d74d816feb318',
};

let app: NestFastifyApplication;
let prisma: PrismaService;
let builder: ReportBuilder;

beforeAll(async () => {
  app = await createTestApp();
  prisma = app.get(PrismaService);
  builder = new ReportBuilder(app.get(ReportRepository));
});
afterAll(() => app.close());

describe('report fingerprints', () => {
  beforeAll(() => seedReportData(prisma, id));

  it.each(Object.keys(FINGERPRINTS))('%s: the same as before', async (key) => {
    const [scope, quarter] = [key.split(' ')[0] as ReportScope, key.slice(key.indexOf(' ') + 1)];
    const partnership = (await prisma.partnership.findUnique({ where: { id: id(1) } }))!;
    const window = reportWindow(scope, parseQuarterLabel(quarter, 4), '2026-04-01');
    // Final, whatever today is: the fingerprint covers the status, which depends on the date.
    const prepared = await builder.prepare(partnership, window, undefined, 'final');
    expect(prepared.fingerprint).toBe(FINGERPRINTS[key]);
    // The data is a valid report: it values and builds.
    const built = prepared.finish();
    expect(built.fingerprint).toBe(prepared.fingerprint);
    expect((built.figures.outcomes as unknown[]).length).toBe(4);
  });
});

describe('ReportBuilder', () => {
  it('tells its progress as it goes (reads, outcomes, lines, then valuation)', async () => {
    const s = await seedReportData(prisma, freshIds());
    const partnership = (await prisma.partnership.findUnique({ where: { id: s.p.id } }))!;
    const window = reportWindow('quarter', parseQuarterLabel('2026-27 Q2', 4), '2026-04-01');
    const progress: number[] = [];
    const prepared = await builder.prepare(partnership, window, (p) => progress.push(p));
    expect(progress).toEqual([40, 55, 70]);
    prepared.finish();
    expect(progress).toEqual([40, 55, 70, 90]);
  });

  it('still builds the report when a target is on the wrong side of its baseline, noting that outcome', async () => {
    const s = await seedReportData(prisma, freshIds());
    // A decrease outcome whose baseline was never set (so 0), with a target of 7 in Q3.
    await prisma.outcome.update({
      where: { partnershipId_id: { partnershipId: s.p.id, id: s.latest.id } },
      data: { baselineValue: null },
    });
    const partnership = (await prisma.partnership.findUnique({ where: { id: s.p.id } }))!;
    const window = reportWindow('year_to_date', parseQuarterLabel('2026-27 Q3', 4), '2026-04-01');
    const built = (await builder.prepare(partnership, window)).finish();
    const outcomes = built.figures.outcomes;
    expect(outcomes.find((o) => o.code === 'B3')).toMatchObject({
      target: '7',
      progress: null,
      rag: null,
      progressNote:
        'progress not measured: target must be at or below the baseline (0) for a decrease outcome',
    });
    // Only that outcome goes unmeasured, and the report is valued.
    expect(
      outcomes.filter((o) => String(o.progressNote).startsWith('progress not measured')),
    ).toHaveLength(1);
    expect(built.figures.totals.presentValue).not.toBeNull();
  });
});
