import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Decimal } from 'decimal.js';
import { parseQuarterLabel, reportWindow, type ReportScope } from '@ol/outcomes';
import { PartnershipRepository, PrismaService, ReportInputsRepository } from '@ol/persistence';
import { ReportBuilder } from '../../apps/worker/src/reports/report-builder.service';
import { freshIds, seedReportData } from '../factories/report-data';
import { createTestApp } from '../setup/test-app';

const id = (n: number) => `00000000-0000-4000-8000-0000000f${String(n).padStart(4, '0')}`;

/**
 * A stored version is found again by the fingerprint of its inputs: a change to how the inputs
 * are read must not change the fingerprint of the same data, or every report would be issued
 * again as a restatement with nothing changed. The fingerprint is the hash of composeReport's
 * inputs and the report method (`REPORT_METHOD`); these values were computed when method 4 came
 * in (each count outcome's window delivery by provider, for value by provider; method 3 before it brought price years: each proxy version's price year, the report price year and the index values
 * used are inputs; payback by the SROI Guide, the discount schedule, payback method and the
 * partnership's own sensitivity cases and grid too: every report is restated once, on purpose)
 * for the same rows (`seedReportData` with these fixed ids). Change them only with the method or
 * the inputs.
 */
const FINGERPRINTS: Record<string, string> = {
  'quarter 2026-27 Q2': '0de263b1457a927b33d109c788e2fb99c54b8f8a8423e03e1dcc5f6dd9860671',
  'year_to_date 2026-27 Q4': '85d7d2e2989e5bc91342a0dd88b0e62cc6fb0fc4c54b85ea4fb02c7c6795f7a0',
};

let app: NestFastifyApplication;
let prisma: PrismaService;
let builder: ReportBuilder;

beforeAll(async () => {
  app = await createTestApp();
  prisma = app.get(PrismaService);
  builder = new ReportBuilder(app.get(ReportInputsRepository));
});
afterAll(() => app.close());

describe('report fingerprints', () => {
  beforeAll(() => seedReportData(prisma, id));

  it.each(Object.keys(FINGERPRINTS))('%s: the same as before', async (key) => {
    const [scope, quarter] = [key.split(' ')[0] as ReportScope, key.slice(key.indexOf(' ') + 1)];
    const partnership = (await app.get(PartnershipRepository).findById(id(1)))!;
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
    const partnership = (await app.get(PartnershipRepository).findById(s.p.id))!;
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
    const partnership = (await app.get(PartnershipRepository).findById(s.p.id))!;
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

describe('value by provider', () => {
  it('shares a count achieved by who delivered it, naming members and former members alike', async () => {
    const s = await seedReportData(prisma, freshIds());
    // A member provider delivering alongside the seed's provider (who is not a member: its name
    // is read apart). Z1 in 2026-27 Q2: 12.5 by the seed's provider, 7.5 by the member.
    const member = await prisma.organisation.create({
      data: { name: `Alder ${s.p.id.slice(-8)}`, kind: 'provider' },
    });
    await prisma.member.create({
      data: { partnershipId: s.p.id, organisationId: member.id, role: 'provider' },
    });
    await prisma.deliveryRecord.create({
      data: {
        partnershipId: s.p.id,
        outcomeId: s.summed.id,
        providerOrgId: member.id,
        activityDate: new Date('2026-08-10T00:00:00Z'),
        quantity: '7.5',
        status: 'verified',
      },
    });
    const partnership = (await app.get(PartnershipRepository).findById(s.p.id))!;
    const window = reportWindow('quarter', parseQuarterLabel('2026-27 Q2', 4), '2026-04-01');
    const f = (await builder.prepare(partnership, window, undefined, 'final')).finish().figures;
    const z1 = f.outcomes.find((o) => o.code === 'Z1')!;
    expect(z1.actual).toBe('20');
    const named = f.byProvider.filter((g) => g.provider !== null);
    expect(named.map((g) => [g.provider!.name, g.outcomes])).toEqual([
      [member.name, [s.summed.id]],
      [s.org.name, [s.summed.id]],
    ]);
    // 7.5 : 12.5 of Z1's present value, to the penny; the groups add up to the total.
    const [alder, seed] = named.map((g) => new Decimal(g.presentValue));
    expect(alder.gt(0)).toBe(true);
    expect(alder.times(12.5).minus(seed.times(7.5)).abs().lte('0.20')).toBe(true);
    const sum = f.byProvider.reduce((t, g) => t.plus(g.presentValue), new Decimal(0));
    expect(sum.toFixed(2)).toBe(f.totals.presentValue);
  });
});

describe("the partnership's payback, discount schedule and sensitivity settings", () => {
  it('reads its own sensitivity cases and grid into the report, and restates when they change', async () => {
    const s = await seedReportData(prisma, freshIds());
    const window = reportWindow('year_to_date', parseQuarterLabel('2026-27 Q4', 4), '2026-04-01');
    const prepare = async () =>
      builder.prepare(
        (await app.get(PartnershipRepository).findById(s.p.id))!,
        window,
        undefined,
        'final',
      );
    const before = await prepare();
    expect(before.finish().figures.sensitivity).toMatchObject({ grid: null });

    await prisma.sensitivityCase.createMany({
      data: [
        { partnershipId: s.p.id, position: 0, parameter: 'investment', change: '-0.5' },
        { partnershipId: s.p.id, position: 1, parameter: 'dropOff', change: '0.05' },
      ],
    });
    await prisma.sensitivityGrid.create({
      data: {
        partnershipId: s.p.id,
        rowParameter: 'proxyValue',
        rowChanges: ['-0.2', '0', '0.2'],
        columnParameter: 'duration',
        columnChanges: ['-1', '0'],
      },
    });
    const after = await prepare();
    // Report inputs: a new fingerprint, so the report restates rather than changes silently.
    expect(after.fingerprint).not.toBe(before.fingerprint);
    const { sensitivity, totals } = after.finish().figures;
    const custom = sensitivity!.results.filter((r) => r.source === 'partnership');
    expect(custom.map((r) => [r.parameter, r.change])).toEqual([
      ['investment', '-0.5'],
      ['dropOff', '0.05'],
    ]);
    expect(sensitivity!.results.slice(0, 12).every((r) => r.source === 'standard')).toBe(true);
    const grid = sensitivity!.grid!;
    expect(grid.rows).toEqual({ parameter: 'proxyValue', changes: ['-0.2', '0', '0.2'] });
    expect(grid.columns).toEqual({ parameter: 'duration', changes: ['-1', '0'] });
    expect(grid.cells).toHaveLength(3);
    // No change on either axis: the report's own ratio.
    expect(grid.cells[1][1].ratio).toBe(totals.sroiRatio);
    expect(grid.cells[1][1].presentValue).toBe(totals.presentValue);
  });

  it('discounts on the schedule and pays back by the method the partnership chose', async () => {
    const s = await seedReportData(prisma, freshIds());
    const window = reportWindow('year_to_date', parseQuarterLabel('2026-27 Q4', 4), '2026-04-01');
    const build = async () =>
      (
        await builder.prepare(
          (await app.get(PartnershipRepository).findById(s.p.id))!,
          window,
          undefined,
          'final',
        )
      ).finish().figures;
    const constant = await build();
    expect(constant.partnership).toMatchObject({
      discountRate: '0.0350',
      discountSchedule: 'constant',
      paybackMethod: 'sroi_guide',
    });
    expect(constant.discount.statement).toContain('discount rate (3.5% every year)');
    expect(constant.totals.paybackMethod).toBe('sroi_guide');
    await prisma.partnership.update({
      where: { id: s.p.id },
      data: { discountSchedule: 'green_book_declining', paybackMethod: 'cumulative' },
    });
    const declining = await build();
    expect(declining.discount.statement).toContain('HM Treasury Green Book declining schedule');
    expect(declining.totals.paybackMethod).toBe('cumulative');
    expect(declining.totals.paybackAlternative.method).toBe('sroi_guide');
    expect(declining.totals.paybackAlternative.months).toBe(constant.totals.paybackMonths);
  });

  it('refuses, in the database, a Green Book schedule at another rate and out-of-bounds changes', async () => {
    const s = await seedReportData(prisma, freshIds());
    await expect(
      prisma.partnership.update({
        where: { id: s.p.id },
        data: { discountSchedule: 'green_book_declining', discountRate: '0.04' },
      }),
    ).rejects.toThrow(/partnerships_green_book_rate_check/);
    const bad = [
      { parameter: 'deadweight' as const, change: '1.5' },
      { parameter: 'duration' as const, change: '0.5' },
      { parameter: 'investment' as const, change: '0' },
    ];
    for (const c of bad) {
      await expect(
        prisma.sensitivityCase.create({ data: { partnershipId: s.p.id, position: 0, ...c } }),
      ).rejects.toThrow(/sensitivity_cases_change_check/);
    }
    const grid = (rows: string[], columnParameter: 'duration' | 'proxyValue') =>
      prisma.sensitivityGrid.create({
        data: {
          partnershipId: s.p.id,
          rowParameter: 'proxyValue',
          rowChanges: rows,
          columnParameter,
          columnChanges: ['1'],
        },
      });
    await expect(grid(['0', '11'], 'duration')).rejects.toThrow(
      /sensitivity_grids_row_changes_check/,
    );
    await expect(grid(['0'], 'proxyValue')).rejects.toThrow(/sensitivity_grids_parameters_check/);
    await expect(grid([], 'duration')).rejects.toThrow(/sensitivity_grids_sizes_check/);
  });
});
