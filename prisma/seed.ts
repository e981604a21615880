/**
 * `npm run db:seed`: a small demo partnership with people in every role and demo API keys.
 * Idempotent (re-running changes nothing). DEMO ONLY: the keys below are public; never seed a
 * real installation with them (use `npm run admin:create` there).
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseConfig, loadConfig } from '@ol/config';
import { hashPassword } from '../apps/api/src/modules/auth/passwords';
import { reportRun, shareEvaluationRun } from '@ol/jobs';
import { evaluateContract, toMoneyString, type ContractRule } from '@ol/outcomes';
import {
  createPool,
  Prisma,
  PrismaService,
  type PartnershipRole,
  type ReturnReviewEvent,
} from '@ol/persistence';

const DEMO_KEYS: {
  email: string;
  name: string;
  key: string;
  admin: boolean;
  role?: PartnershipRole;
  org?: string;
}[] = [
  {
    email: 'admin@demo.test',
    name: 'Demo platform admin',
    key: 'ol_demoadmin001_DemoAdminKeyDoNotUseInProduction',
    admin: true,
  },
  {
    email: 'board@demo.test',
    name: 'Demo board member',
    key: 'ol_demoboard001_DemoBoardKeyDoNotUseInProduction',
    admin: false,
    role: 'board',
  },
  {
    email: 'finance@demo.test',
    name: 'Demo finance officer',
    key: 'ol_demofinanc01_DemoFinanceKeyDoNotUseInProducti',
    admin: false,
    role: 'finance',
  },
  {
    email: 'provider@demo.test',
    name: 'Demo provider user',
    key: 'ol_demoprovid01_DemoProviderKeyDoNotUseInProduct',
    admin: false,
    role: 'provider',
    org: 'Acorn Employment CIC',
  },
  {
    email: 'verifier@demo.test',
    name: 'Demo verifier',
    key: 'ol_demoverif001_DemoVerifierKeyDoNotUseInProduct',
    admin: false,
    role: 'verifier',
  },
];

const PARTNERSHIP_ID = '00000000-0000-4000-8000-00000000d001';
/** Every demo user's web sign-in password (public: demo only). */
const DEMO_PASSWORD = 'outcomes-ledger-demo';

/**
 * An illustrative price index (ILLUSTRATIVE values shaped like a GDP deflator, not official
 * statistics): the demo partnership reports in 2025 prices, so its 2023 and 2024 proxies are
 * uprated with it.
 */
async function seedIndexSeries(prisma: PrismaService): Promise<string> {
  const code = 'EX-GDPD';
  const series =
    (await prisma.indexSeries.findUnique({ where: { code } })) ??
    (await prisma.indexSeries.create({
      data: {
        code,
        name: 'GDP deflator (ILLUSTRATIVE)',
        sourceCitation:
          'Illustrative values for demonstration only; import the published series your partnership uses.',
      },
    }));
  const [, ...rows] = readFileSync(
    join(__dirname, 'index-series', 'example-gdp-deflator.csv'),
    'utf8',
  )
    .trim()
    .split('\n');
  for (const row of rows) {
    const [year, value] = row.split(',');
    await prisma.indexSeriesValue.upsert({
      where: { seriesId_year: { seriesId: series.id, year: Number.parseInt(year, 10) } },
      update: {},
      create: { seriesId: series.id, year: Number.parseInt(year, 10), value },
    });
  }
  return series.id;
}

async function main(): Promise<void> {
  const config = loadConfig(DatabaseConfig);
  const prisma = new PrismaService(createPool(config, 'ol-seed'));
  try {
    const orgs = new Map<string, string>();
    for (const [name, kind] of [
      ['Northshire County Council', 'commissioner'],
      ['Acorn Employment CIC', 'provider'],
      ['Riverside Housing Trust', 'provider'],
      ['Northshire Community Foundation', 'community'],
    ] as const) {
      const existing = await prisma.organisation.findFirst({ where: { name } });
      orgs.set(name, (existing ?? (await prisma.organisation.create({ data: { name, kind } }))).id);
    }
    const seriesId = await seedIndexSeries(prisma);
    await prisma.partnership.upsert({
      where: { id: PARTNERSHIP_ID },
      update: {},
      create: {
        id: PARTNERSHIP_ID,
        name: 'Northshire Employment Alliance (demo)',
        purpose: 'Help long-term unemployed residents into sustained work.',
        model: 'alliance',
        status: 'active',
        startDate: new Date('2025-04-01T00:00:00Z'),
        endDate: new Date('2030-03-31T00:00:00Z'),
        contractValue: '12500000.00',
        // Every report in 2025 prices: proxies priced in 2023 and 2024 are uprated with EX-GDPD.
        reportPriceYear: 2025,
        priceIndexSeriesId: seriesId,
        // The HM Treasury Green Book's declining long-term rates (3.5% to year 30), chosen
        // explicitly: a 3.5% rate alone is a constant rate.
        discountSchedule: 'green_book_declining',
      },
    });
    for (const [name, role] of [
      ['Northshire County Council', 'commissioner'],
      ['Acorn Employment CIC', 'provider'],
      ['Riverside Housing Trust', 'provider'],
      ['Northshire Community Foundation', 'community'],
    ] as const) {
      const organisationId = orgs.get(name)!;
      const found = await prisma.member.findFirst({
        where: { partnershipId: PARTNERSHIP_ID, organisationId, role },
      });
      if (!found)
        await prisma.member.create({
          data: { partnershipId: PARTNERSHIP_ID, organisationId, role },
        });
    }
    for (const demo of DEMO_KEYS) {
      const user = await prisma.user.upsert({
        where: { email: demo.email },
        update: {},
        create: { email: demo.email, name: demo.name, isPlatformAdmin: demo.admin },
      });
      const prefix = demo.key.split('_')[1];
      // A password to sign in to the web app with (every demo user the same: demo only).
      await prisma.userPassword.upsert({
        where: { userId: user.id },
        update: {},
        create: { userId: user.id, hash: await hashPassword(DEMO_PASSWORD) },
      });
      if (!(await prisma.apiKey.findUnique({ where: { prefix } }))) {
        const keyHash = createHash('sha256').update(demo.key).digest('hex');
        await prisma.apiKey.create({
          data: { userId: user.id, name: 'demo key', prefix, keyHash },
        });
      }
      if (demo.role) {
        const has = await prisma.userRole.findFirst({
          where: { partnershipId: PARTNERSHIP_ID, userId: user.id, role: demo.role },
        });
        if (!has) {
          await prisma.userRole.create({
            data: {
              partnershipId: PARTNERSHIP_ID,
              userId: user.id,
              role: demo.role,
              organisationId: demo.org ? orgs.get(demo.org)! : null,
            },
          });
        }
      }
    }
    await seedFramework(prisma, orgs);
    // Reminders (issue 19): with the worker running, a provider late with a quarter's data is
    // reminded (provider@demo.test: GET /v1/me/notifications); emails are stored as not sent
    // unless SMTP_URL is set (GET …/emails). Kept as an admin left it on a second run.
    await prisma.reminderPolicy.upsert({
      where: { partnershipId: PARTNERSHIP_ID },
      update: {},
      create: {
        partnershipId: PARTNERSHIP_ID,
        remindBeforeWorkingDays: 5,
        overdueEveryWorkingDays: 5,
        escalateAfterWorkingDays: null,
        triggerEscalationWorkingDays: 5,
        disputeEscalationWorkingDays: 10,
      },
    });
    // Ask the worker (through the run outbox: its reconciler enqueues pending runs) for the demo
    // year's reports and the open-book evaluation. Idempotent: outstanding runs are not repeated.
    const rule = await prisma.shareRule.findFirst({ where: { partnershipId: PARTNERSHIP_ID } });
    const orders = [
      ...['2025-26 Q1', '2025-26 Q2', '2025-26 Q3', '2025-26 Q4'].map((quarter) =>
        reportRun({ scope: 'quarter', quarter }),
      ),
      reportRun({ scope: 'year_to_date', quarter: '2025-26 Q4' }),
      ...(rule
        ? [
            shareEvaluationRun({
              ruleId: rule.id,
              providerOrgId: orgs.get('Acorn Employment CIC')!,
              fyStart: '2025-04-01',
            }),
          ]
        : []),
    ];
    await prisma.jobRun.createMany({
      skipDuplicates: true,
      data: orders.map((order) => ({
        partnershipId: PARTNERSHIP_ID,
        kind: order.kind,
        dedupeKey: order.dedupeKey,
        params: order.params as unknown as Prisma.InputJsonValue,
      })),
    });
    const site = process.env.PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? '3000'}`;
    console.log(`Demo data ready. Open ${site}/app and sign in (demo only, never in production):`);
    for (const d of DEMO_KEYS) {
      console.log(
        `  ${d.email.padEnd(20)} password ${DEMO_PASSWORD}   (${d.role ?? 'platform admin'})`,
      );
    }
    console.log('Demo API keys for systems (public, demo only):');
    for (const d of DEMO_KEYS) console.log(`  ${d.email.padEnd(20)} ${d.key}`);
    console.log(`Demo partnership: ${PARTNERSHIP_ID}`);
  } finally {
    await prisma.onModuleDestroy();
  }
}

/**
 * Outcomes (a count to raise, a count to bring down against its baseline, a survey score valued
 * through a count), illustrative proxies, targets, a year of delivery (mostly verified, some
 * claimed, one disputed and answered by the provider, one rejected) and an open-book return.
 */
async function seedFramework(prisma: PrismaService, orgs: Map<string, string>): Promise<void> {
  if (await prisma.outcome.count({ where: { partnershipId: PARTNERSHIP_ID } })) return;
  const userId = async (email: string) =>
    (await prisma.user.findUniqueOrThrow({ where: { email } })).id;
  const people = {
    verifier: await userId('verifier@demo.test'),
    provider: await userId('provider@demo.test'),
    finance: await userId('finance@demo.test'),
    admin: await userId('admin@demo.test'),
  };
  const csv = readFileSync(join(__dirname, 'proxies', 'example-proxies.csv'), 'utf8')
    .trim()
    .split('\n');
  const header = csv[0].split(',');
  const proxyIds = new Map<string, string>();
  for (const line of csv.slice(1)) {
    const cells = line.split(',');
    const row = Object.fromEntries(header.map((h, i) => [h, cells[i]]));
    const existing = await prisma.proxy.findUnique({ where: { code: row.code } });
    const proxy =
      existing ??
      (await prisma.proxy.create({
        data: {
          code: row.code,
          name: row.name,
          unit: row.unit,
          sourceCitation: row.source_citation,
          licence: row.licence,
        },
      }));
    if (!existing) {
      await prisma.proxyVersion.create({
        data: {
          proxyId: proxy.id,
          validFrom: new Date(`${row.valid_from}T00:00:00Z`),
          valuePerUnit: row.value_per_unit,
          currency: row.currency,
          priceYear: Number.parseInt(row.price_year, 10),
          deadweight: row.deadweight,
          attribution: row.attribution,
          displacement: row.displacement,
          dropOff: row.drop_off,
          durationYears: Number.parseInt(row.duration_years, 10),
        },
      });
    }
    proxyIds.set(row.code, proxy.id);
  }
  // Illustrative outcomes of every kind a board meets: a count to raise (JOBS-26W, TENANCY); a
  // count to bring down, valued on what it avoids against its baseline (AE); a survey score
  // (WELL) valued only through the count of people whose score improved (WELL-UP); and a
  // hierarchy: SETTLED has no data of its own and rolls up its two places (TENANCY, TENANCY-EAST),
  // each valued at its own level, so the value is counted once.
  const outcomes: {
    code: string;
    parent?: string;
    theme: string;
    title: string;
    unit: string;
    aggregation: 'sum' | 'mean';
    direction?: 'increase' | 'decrease';
    baseline?: string;
    proxy: string | null;
    basis?: 'achieved' | 'avoided' | 'count_outcome';
    countOutcome?: string;
    targets: string[];
    perQuarter: (quarter: number) => number;
  }[] = [
    {
      code: 'JOBS-26W',
      theme: 'Jobs',
      title: 'Residents in work for 26 weeks',
      unit: 'people',
      proxy: 'EX-EMPLOY',
      basis: 'achieved',
      aggregation: 'sum',
      targets: ['20', '25', '25', '30'],
      perQuarter: (i) => [22, 22, 27, 27][i],
    },
    {
      code: 'WELL-UP',
      theme: 'Health',
      title: 'Residents whose wellbeing score improved by 2 points or more',
      unit: 'people',
      proxy: null,
      aggregation: 'sum',
      targets: ['8', '8', '10', '10'],
      perQuarter: (i) => [9, 7, 11, 10][i],
    },
    {
      code: 'WELL',
      theme: 'Health',
      title: 'Average wellbeing score (0-10)',
      unit: 'score',
      proxy: 'EX-WELLBEING',
      basis: 'count_outcome',
      countOutcome: 'WELL-UP',
      aggregation: 'mean',
      targets: ['6.5', '6.8', '7', '7'],
      perQuarter: () => 12,
    },
    {
      code: 'AE',
      theme: 'Health',
      title: 'A&E attendances by residents on the programme',
      unit: 'attendances',
      direction: 'decrease',
      baseline: '40',
      proxy: 'EX-AE-AVOID',
      basis: 'avoided',
      aggregation: 'sum',
      targets: ['36', '36', '34', '34'],
      perQuarter: (i) => [35, 38, 33, 42][i],
    },
    {
      code: 'SETTLED',
      theme: 'Housing',
      title: 'Households settled in a secure home (all places)',
      unit: 'households',
      proxy: null,
      aggregation: 'sum',
      targets: ['18', '18', '22', '22'],
      perQuarter: () => 0,
    },
    {
      code: 'TENANCY',
      parent: 'SETTLED',
      theme: 'Housing',
      title: 'Tenancies sustained 12 months',
      unit: 'households',
      proxy: 'EX-TENANCY',
      basis: 'achieved',
      aggregation: 'sum',
      targets: ['10', '10', '12', '12'],
      perQuarter: (i) => [12, 7, 14, 9][i],
    },
    {
      code: 'TENANCY-EAST',
      parent: 'SETTLED',
      theme: 'Housing',
      title: 'Tenancies sustained 12 months (east)',
      unit: 'households',
      proxy: 'EX-TENANCY',
      basis: 'achieved',
      aggregation: 'sum',
      targets: ['8', '8', '10', '10'],
      perQuarter: (i) => [6, 9, 8, 11][i],
    },
  ];
  const quarters = [
    ['2025-26 Q1', '2025-04-01', '2025-06-30'],
    ['2025-26 Q2', '2025-07-01', '2025-09-30'],
    ['2025-26 Q3', '2025-10-01', '2025-12-31'],
    ['2025-26 Q4', '2026-01-01', '2026-03-31'],
  ];
  const provider = orgs.get('Acorn Employment CIC')!;
  const ids = new Map<string, string>();
  for (const o of outcomes) {
    const outcome = await prisma.outcome.create({
      data: {
        partnershipId: PARTNERSHIP_ID,
        code: o.code,
        theme: o.theme,
        title: o.title,
        unit: o.unit,
        aggregation: o.aggregation,
        direction: o.direction ?? 'increase',
        baselineValue: o.baseline ?? null,
        parentId: o.parent ? ids.get(o.parent)! : null,
      },
    });
    ids.set(o.code, outcome.id);
    if (o.proxy)
      await prisma.outcomeValuation.create({
        data: {
          partnershipId: PARTNERSHIP_ID,
          outcomeId: outcome.id,
          proxyId: proxyIds.get(o.proxy)!,
          basis: o.basis,
          countOutcomeId: o.countOutcome ? ids.get(o.countOutcome)! : null,
        },
      });
    for (const [i, [label, start, end]] of quarters.entries()) {
      await prisma.target.create({
        data: {
          partnershipId: PARTNERSHIP_ID,
          outcomeId: outcome.id,
          periodKind: 'quarter',
          periodLabel: label,
          periodStart: new Date(`${start}T00:00:00Z`),
          periodEnd: new Date(`${end}T00:00:00Z`),
          targetValue: o.targets[i],
        },
      });
      // Most delivery verified; each quarter's last two records still claimed; in Q3 one record
      // disputed (a verifier questioned it, the provider answered: it is shown, never counted);
      // in Q2 one record rejected (a dispute upheld: it counts nowhere).
      const count = o.perQuarter(i);
      await prisma.deliveryRecord.createMany({
        data: Array.from({ length: count }, (_, k) => {
          const activityDate = new Date(
            `${start.slice(0, 8)}${String((k % 28) + 1).padStart(2, '0')}T00:00:00Z`,
          );
          const status = demoStatus(i, k, count);
          const reviewed = status !== 'claimed';
          return {
            partnershipId: PARTNERSHIP_ID,
            outcomeId: outcome.id,
            providerOrgId: provider,
            activityDate,
            quantity: o.aggregation === 'mean' ? String(5 + ((k * 7 + i) % 5)) : '1',
            evidenceGrade: k % 3 ? ('documented' as const) : ('self_reported' as const),
            externalRef: `demo-${o.code}-${label}-${k}`,
            status,
            reviewedBy: reviewed ? people.verifier : null,
            reviewedAt: reviewed ? new Date(activityDate.getTime() + 30 * DAY) : null,
            reviewNote: DEMO_NOTES[status] ?? null,
            verifierEvidenceGrade:
              status === 'verified' || status === 'rejected' ? ('documented' as const) : null,
          };
        }),
      });
    }
  }
  await seedReviewHistory(prisma, people);
  // Each quarter's return submitted by the provider and accepted by finance (only accepted returns
  // count); Q2's was queried first and answered.
  for (const [i, [label, start, end]] of quarters.entries()) {
    const submittedAt = new Date(new Date(`${end}T00:00:00Z`).getTime() + 20 * DAY);
    const decidedAt = new Date(submittedAt.getTime() + 10 * DAY);
    const queried = i === 1;
    const review = (
      event: ReturnReviewEvent,
      actorId: string,
      note: string | null,
      days: number,
    ) => ({
      event,
      actorId,
      note,
      occurredAt: new Date(submittedAt.getTime() + days * DAY),
    });
    await prisma.financialReturn.create({
      data: {
        partnershipId: PARTNERSHIP_ID,
        providerOrgId: provider,
        periodStart: new Date(`${start}T00:00:00Z`),
        periodEnd: new Date(`${end}T00:00:00Z`),
        periodLabel: label,
        revision: 1,
        submittedBy: people.provider,
        submittedAt,
        reviewStatus: 'accepted',
        reviewedBy: people.finance,
        reviewedAt: decidedAt,
        reviewNote: 'Agrees with the management accounts',
        reviews: {
          create: [
            review('submitted', people.provider, null, 0),
            ...(queried
              ? [
                  review(
                    'queried',
                    people.finance,
                    'Management fee is 6.25% of revenue: which contract clause sets it?',
                    3,
                  ),
                  review(
                    'answered',
                    people.provider,
                    'Schedule 4, clause 2.1 of the alliance agreement (6.25%, fixed)',
                    5,
                  ),
                ]
              : []),
            review('accepted', people.finance, 'Agrees with the management accounts', 10),
          ],
        },
        revenue: '320000.00',
        lines: {
          create: [
            { lineNo: 1, category: 'direct', amount: '210000.00' },
            { lineNo: 2, category: 'indirect', amount: '45000.00' },
            { lineNo: 3, category: 'management_fee', amount: '20000.00' },
          ],
        },
      },
    });
  }
  await seedOpenBook(prisma, orgs, provider, people);
}

/**
 * The open book's first year as finance staff lived it: a rule with three parties (the provider
 * evaluated, the council, the community foundation); the first half-year crossed the reasonable
 * surplus, its trigger was acknowledged by finance and settled by someone else (settlements
 * recorded, the provider's share as retained). The worker's evaluation of the whole year (asked
 * for by the seed) then raises only the increase since: a later adjustment trigger, open.
 */
async function seedOpenBook(
  prisma: PrismaService,
  orgs: Map<string, string>,
  provider: string,
  people: { finance: string; admin: string },
): Promise<void> {
  const council = orgs.get('Northshire County Council')!;
  const fund = orgs.get('Northshire Community Foundation')!;
  const terms: ContractRule = {
    kind: 'reasonable_surplus',
    parties: [
      { id: 'provider', name: 'Provider', role: 'provider' },
      { id: council, name: 'Northshire County Council', role: 'commissioner' },
      { id: fund, name: 'Northshire Community Foundation', role: 'community_fund' },
    ],
    reasonableSurplus: { basis: 'cost', rate: '0.08' },
    earlyWarningLevel: '0.8',
    bands: [
      { upTo: '20000', shares: { provider: '0.5', [council]: '0.5' } },
      { shares: { [council]: '0.8', [fund]: '0.2' } },
    ],
  };
  const ruleId = randomUUID();
  await prisma.shareRule.create({
    data: {
      partnershipId: PARTNERSHIP_ID,
      id: ruleId,
      lineageId: ruleId,
      name: 'Demo open-book margin share',
      kind: terms.kind,
      terms: terms as unknown as Prisma.InputJsonValue,
      createdAt: new Date('2025-04-01T09:00:00Z'),
    },
  });
  // The first half-year, evaluated when Q2's return was accepted (as the worker would have).
  const halfYear = await prisma.financialReturn.findMany({
    where: {
      partnershipId: PARTNERSHIP_ID,
      providerOrgId: provider,
      periodEnd: { lte: new Date('2025-09-30T00:00:00Z') },
    },
    include: { lines: true },
    orderBy: { periodStart: 'asc' },
  });
  const window = { start: '2025-04-01', end: '2025-09-30' };
  const evaluation = evaluateContract(
    terms,
    halfYear.map((r) => ({
      label: r.periodLabel,
      periodStart: r.periodStart.toISOString().slice(0, 10),
      periodEnd: r.periodEnd.toISOString().slice(0, 10),
      revenue: r.revenue.toString(),
      costs: r.lines.map((l) => ({ category: l.category, amount: l.amount.toString() })),
    })),
    window,
  );
  if (evaluation.kind !== 'reasonable_surplus') return;
  const at = (iso: string) => new Date(iso);
  const evaluationId = randomUUID();
  const windowStart = at('2025-04-01T00:00:00Z');
  await prisma.shareEvaluation.create({
    data: {
      partnershipId: PARTNERSHIP_ID,
      id: evaluationId,
      ruleId,
      providerOrgId: provider,
      windowStart,
      windowEnd: at('2025-09-30T00:00:00Z'),
      windowLabel: '2025-26 to 2025-09-30',
      fingerprint: createHash('sha256').update(`demo-half-year:${ruleId}`).digest('hex'),
      state: evaluation.state,
      kind: evaluation.kind,
      revenue: toMoneyString(evaluation.revenue),
      allowableCost: toMoneyString(evaluation.allowableCost),
      surplus: toMoneyString(evaluation.surplus),
      reasonableSurplus: toMoneyString(evaluation.reasonableSurplus),
      variation: toMoneyString(evaluation.variation),
      gain: toMoneyString(evaluation.gain.roundedTotal),
      positions: evaluation.positions.map((p) => ({
        partyId: p.partyId,
        name: p.name,
        role: p.role,
        receives: toMoneyString(p.receives),
        bears: toMoneyString(p.bears),
        net: toMoneyString(p.net),
      })),
      result: JSON.parse(
        JSON.stringify({ ...evaluation, provisionalReturnIds: [] }),
      ) as Prisma.InputJsonValue,
      createdAt: at('2025-10-31T10:00:00Z'),
    },
  });
  const triggerId = randomUUID();
  await prisma.shareTrigger.create({
    data: {
      partnershipId: PARTNERSHIP_ID,
      id: triggerId,
      ruleId,
      providerOrgId: provider,
      windowStart,
      windowEnd: at('2025-09-30T00:00:00Z'),
      crossingNo: 1,
      evaluationId,
      reason: 'crossing',
      fromState: 'below',
      toState: evaluation.state,
      gain: toMoneyString(evaluation.gain.roundedTotal),
      variation: toMoneyString(evaluation.variation),
      status: 'settled',
      acknowledgedBy: people.finance,
      acknowledgedAt: at('2025-11-03T10:00:00Z'),
      acknowledgeNote: 'Checked against the management accounts; invoices to follow',
      settledBy: people.admin,
      settledAt: at('2025-11-28T15:00:00Z'),
      settleNote: 'Paid by BACS',
      createdAt: at('2025-10-31T10:00:00Z'),
    },
  });
  const ledgerKey = {
    partnershipId: PARTNERSHIP_ID,
    lineageId: ruleId,
    providerOrgId: provider,
    windowStart,
    triggerId,
  };
  await prisma.shareAdjustment.createMany({
    data: evaluation.positions.map((p, position) => ({
      ...ledgerKey,
      position,
      partyId: p.partyId,
      partyName: p.name,
      partyRole: p.role,
      entitlement: toMoneyString(p.net),
      raisedBefore: '0.00',
      amount: toMoneyString(p.net),
      createdAt: at('2025-10-31T10:00:00Z'),
    })),
  });
  await prisma.shareSettlement.createMany({
    data: evaluation.positions
      .filter((p) => !p.net.isZero())
      .map((p, position) => ({
        ...ledgerKey,
        position,
        partyId: p.partyId,
        amount: toMoneyString(p.net),
        paidOn: at('2025-11-28T00:00:00Z'),
        // The provider keeps its share of the excess: recorded, no money moved.
        retained: p.role === 'provider',
        reference: 'BACS NEA-2025-H1',
        settledBy: people.admin,
        createdAt: at('2025-11-28T15:00:00Z'),
      })),
  });
  await prisma.shareState.create({
    data: {
      partnershipId: PARTNERSHIP_ID,
      ruleId,
      providerOrgId: provider,
      windowStart,
      state: evaluation.state,
      crossings: 1,
      lastEvaluationId: evaluationId,
    },
  });
}

const DAY = 86_400_000;

/** The demo's review status of record k (of `count`) in quarter i. */
function demoStatus(
  i: number,
  k: number,
  count: number,
): 'claimed' | 'verified' | 'disputed' | 'rejected' {
  if (i === 2 && k === 0) return 'disputed';
  if (i === 1 && k === 0) return 'rejected';
  return k >= count - 2 ? 'claimed' : 'verified';
}

/** The demo's dispute texts: the verifier's reason, the provider's answer, the resolution. */
const DEMO_DISPUTES = {
  disputed: {
    reason: 'No evidence of the 26-week check yet',
    answer: 'The employer confirmed the 26 weeks by letter, on file as CASE-26W-0193',
    resolution: null,
  },
  rejected: {
    reason: 'Looks like the same person as a record in the quarter before',
    answer: 'It is a second job for the same resident',
    resolution: 'Same job and start date as in Q1: a duplicate',
  },
} as const;
const DEMO_NOTES: Partial<Record<string, string>> = {
  disputed: DEMO_DISPUTES.disputed.reason,
  rejected: DEMO_DISPUTES.rejected.resolution,
};

/**
 * The review history behind the demo's statuses: a verification for each verified record; for
 * each disputed one the dispute and the provider's answer (awaiting the verifier); for each
 * rejected one the dispute, the answer and the verifier upholding it.
 */
async function seedReviewHistory(
  prisma: PrismaService,
  people: { verifier: string; provider: string },
): Promise<void> {
  const reviewed = await prisma.deliveryRecord.findMany({
    where: { partnershipId: PARTNERSHIP_ID, status: { not: 'claimed' } },
    orderBy: { id: 'asc' },
  });
  const at = (r: (typeof reviewed)[number], days: number) =>
    new Date(r.reviewedAt!.getTime() + days * DAY);
  const dispute = (r: (typeof reviewed)[number], texts: { reason: string; answer: string }) => [
    {
      event: 'disputed' as const,
      actorId: people.verifier,
      note: texts.reason,
      occurredAt: at(r, -10),
    },
    {
      event: 'answered' as const,
      actorId: people.provider,
      note: texts.answer,
      occurredAt: at(r, -5),
    },
  ];
  await prisma.deliveryRecordReview.createMany({
    data: reviewed.flatMap((r) => {
      const events =
        r.status === 'verified'
          ? [
              {
                event: 'verified' as const,
                actorId: people.verifier,
                note: null,
                occurredAt: at(r, 0),
              },
            ]
          : r.status === 'disputed'
            ? dispute(r, DEMO_DISPUTES.disputed)
            : [
                ...dispute(r, DEMO_DISPUTES.rejected),
                {
                  event: 'upheld' as const,
                  actorId: people.verifier,
                  note: r.reviewNote,
                  occurredAt: at(r, 0),
                },
              ];
      return events.map((e) => ({
        partnershipId: PARTNERSHIP_ID,
        recordId: r.id,
        ...e,
        evidenceGrade:
          e.event === 'verified' || e.event === 'upheld' ? r.verifierEvidenceGrade : null,
      }));
    }),
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
