import { randomUUID } from 'node:crypto';
import type { PrismaService } from '@ol/persistence';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** Fresh ids for {@link seedReportData}: the same number gives the same id within one seed. */
export function freshIds(): (n: number) => string {
  const ids = new Map<number, string>();
  return (n) => {
    if (!ids.has(n)) ids.set(n, randomUUID());
    return ids.get(n)!;
  };
}

/**
 * A partnership with every kind of report input, in financial years from April 2026: outcomes of
 * each aggregation (codes and themes out of order; one archived and not monetised; baselines of
 * 12.5, 10 and 0), two proxies used (one with two versions, one with a partnership override for
 * 2027-01-01..2027-03-31) and one unused, quarter and year targets, delivery records with a
 * reversal, a same-day pair and a verified record, and open-book returns with a restatement and a
 * line that is not allowable. `id` gives every row's id (fixed ids make fingerprints comparable
 * across runs); proxy codes come from the proxies' ids.
 */
export async function seedReportData(
  prisma: PrismaService,
  id: (n: number) => string = freshIds(),
) {
  // An index series for the proxies' price years (2021-2026) and the reports' (to 2027): every
  // line is uprated to the report's price year.
  const series = await prisma.indexSeries.create({
    data: {
      id: id(3),
      code: `IDX-${id(1).slice(-8)}`,
      name: 'Test deflator',
      sourceCitation: 'Test data',
      values: {
        create: [2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027].map((year, i) => ({
          year,
          value: (100 + 3 * i).toFixed(1),
        })),
      },
    },
  });
  const p = await prisma.partnership.create({
    data: {
      id: id(1),
      priceIndexSeriesId: series.id,
      name: `Report data ${id(1).slice(-8)}`,
      model: 'alliance',
      startDate: day('2026-04-01'),
      endDate: day('2031-03-31'),
      contractValue: '1250000.50',
    },
  });
  const org = await prisma.organisation.create({
    data: { id: id(2), name: `Provider ${id(2).slice(-8)}`, kind: 'provider' },
  });
  const outcome = (n: number, code: string, theme: string, data: Record<string, unknown> = {}) =>
    prisma.outcome.create({
      data: {
        id: id(n),
        partnershipId: p.id,
        code,
        theme,
        title: `Outcome ${code}`,
        unit: 'people',
        ...data,
      },
    });
  const summed = await outcome(10, 'Z1', 'Health', {
    baselineValue: '12.5000',
    stakeholder: 'Residents',
  });
  const mean = await outcome(11, 'A2', 'Work', {
    aggregation: 'mean',
    greenThreshold: '0.9500',
    amberThreshold: '0.8000',
  });
  const latest = await outcome(12, 'B3', 'Health', {
    aggregation: 'latest',
    direction: 'decrease',
    baselineValue: '10',
    isPrevention: true,
  });
  const unvalued = await outcome(13, 'C4', 'Work', {
    baselineValue: '0',
    archivedAt: day('2026-11-01'),
  });

  const proxy = (n: number, name: string) =>
    prisma.proxy.create({
      data: {
        id: id(n),
        code: `P${name}-${id(n).slice(-8)}`,
        name,
        unit: 'person',
        sourceCitation: 's',
        licence: 'l',
      },
    });
  const proxyA = await proxy(20, 'A');
  const proxyB = await proxy(21, 'B');
  const unused = await proxy(22, 'U');
  await prisma.proxyVersion.createMany({
    data: [
      {
        id: id(30),
        proxyId: proxyA.id,
        validFrom: day('2020-01-01'),
        validTo: day('2026-09-30'),
        valuePerUnit: '1542',
        priceYear: 2024,
        deadweight: '0.25',
        dropOff: '0.1',
        durationYears: 5,
      },
      {
        id: id(31),
        proxyId: proxyA.id,
        validFrom: day('2026-10-01'),
        valuePerUnit: '1600.5',
        priceYear: 2025,
        attribution: '0.1',
        displacement: '0.2',
        durationYears: 3,
      },
      {
        id: id(32),
        proxyId: proxyB.id,
        validFrom: day('2021-04-01'),
        valuePerUnit: '99.99',
        priceYear: 2021,
      },
      {
        id: id(33),
        proxyId: unused.id,
        validFrom: day('2021-04-01'),
        valuePerUnit: '1',
        priceYear: 2021,
      },
    ],
  });
  await prisma.partnershipProxyOverride.create({
    data: {
      id: id(34),
      partnershipId: p.id,
      proxyId: proxyB.id,
      validFrom: day('2027-01-01'),
      validTo: day('2027-03-31'),
      valuePerUnit: '120',
      priceYear: 2026,
      deadweight: '0.5',
      durationYears: 2,
      note: 'local evidence',
    },
  });
  await prisma.outcomeValuation.createMany({
    data: [
      { partnershipId: p.id, outcomeId: summed.id, proxyId: proxyA.id },
      { partnershipId: p.id, outcomeId: mean.id, proxyId: proxyA.id },
      { partnershipId: p.id, outcomeId: latest.id, proxyId: proxyB.id },
    ],
  });
  const target = (
    n: number,
    outcomeId: string,
    kind: 'quarter' | 'year',
    start: string,
    end: string,
    v: string,
  ) => ({
    id: id(n),
    partnershipId: p.id,
    outcomeId,
    periodKind: kind,
    periodStart: day(start),
    periodEnd: day(end),
    periodLabel: `${kind} ${start}`,
    targetValue: v,
  });
  await prisma.target.createMany({
    data: [
      target(40, summed.id, 'year', '2026-04-01', '2027-03-31', '400'),
      target(41, summed.id, 'quarter', '2026-07-01', '2026-09-30', '100.2500'),
      target(42, summed.id, 'quarter', '2026-04-01', '2026-06-30', '100'),
      target(43, mean.id, 'quarter', '2026-04-01', '2026-06-30', '0.5'),
      target(44, latest.id, 'quarter', '2026-10-01', '2026-12-31', '7'),
    ],
  });

  const record = (outcomeId: string, date: string, quantity: string, extra: object = {}) =>
    prisma.deliveryRecord.create({
      data: {
        partnershipId: p.id,
        outcomeId,
        providerOrgId: org.id,
        activityDate: day(date),
        quantity,
        ...extra,
      },
    });
  await record(summed.id, '2026-05-01', '10');
  await record(summed.id, '2026-08-01', '12.5', { status: 'verified' });
  await record(unvalued.id, '2026-08-02', '3');
  await record(mean.id, '2026-05-01', '2');
  await record(mean.id, '2026-06-01', '4.5');
  const reversed = await record(mean.id, '2026-06-15', '100');
  await record(mean.id, '2026-06-16', '-100', {
    kind: 'reversal',
    correctsId: reversed.id,
    correctionReason: 'entered twice',
  });
  await record(mean.id, '2026-08-01', '3');
  await record(latest.id, '2026-05-01', '9');
  await record(latest.id, '2026-05-20', '7.25');
  await record(latest.id, '2026-05-20', '8'); // same day: the later record is the latest
  await record(latest.id, '2027-05-01', '1'); // after the year

  const ret = async (
    n: number,
    revision: number,
    start: string,
    end: string,
    lines: [string, boolean][],
  ) => {
    const created = await prisma.financialReturn.create({
      data: {
        id: id(n),
        partnershipId: p.id,
        providerOrgId: org.id,
        periodStart: day(start),
        periodEnd: day(end),
        periodLabel: start,
        revision,
        revenue: '1000',
        // Accepted: only accepted returns count in a report's investment (the latest per period).
        reviewStatus: 'accepted',
        reviewedAt: day(end),
      },
    });
    await prisma.financialReturnLine.createMany({
      data: lines.map(([amount, allowable], i) => ({
        partnershipId: p.id,
        returnId: created.id,
        lineNo: i + 1,
        category: 'direct' as const,
        amount,
        allowable,
      })),
    });
    return created;
  };
  const q1r1 = await ret(50, 1, '2026-04-01', '2026-06-30', [['500.10', true]]);
  const q1r2 = await ret(51, 2, '2026-04-01', '2026-06-30', [
    ['400.05', true],
    ['99.99', false],
    ['0.90', true],
  ]);
  const q2 = await ret(52, 1, '2026-07-01', '2026-09-30', [['250', true]]);
  await ret(53, 1, '2027-04-01', '2027-06-30', [['7', true]]); // after the year
  return { p, org, summed, mean, latest, unvalued, proxyA, proxyB, q1r1, q1r2, q2 };
}
