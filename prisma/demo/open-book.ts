import { randomUUID } from 'node:crypto';
import type { ContractRule } from '@ol/outcomes';
import type { Prisma, PrismaService, ReturnReviewEvent } from '@ol/persistence';
import { PROVIDERS, type OrgIds, type ProviderKey } from './alliance';
import { DEMO_QUARTERS, PARTNERSHIP_ID, day, plusDays } from './calendar';
import type { DemoPeople } from './people';

/** A quarter's open-book return: revenue and cost lines, in pounds (decimal strings). */
interface DemoReturn {
  revenue: string;
  direct: string;
  indirect: string;
  overhead: string;
  managementFee: string;
}

const r = (
  revenue: string,
  direct: string,
  indirect: string,
  overhead: string,
  managementFee: string,
): DemoReturn => ({ revenue, direct, indirect, overhead, managementFee });

/**
 * Each provider's returns for the eight quarters. Against the rule's reasonable surplus (8% of
 * cost, warning at 80% of it, i.e. 6.4%): Acorn ran at 3.4% while mobilising (2024-25), then
 * 16.4% in 2025-26 and 19.6% in 2026-27: over the threshold; Riverside and Brightpath stay
 * between 4% and 5.5%, below the warning level, in every year.
 */
export const DEMO_RETURNS: Record<ProviderKey, readonly DemoReturn[]> = {
  acorn: [
    r('240000.00', '175000.00', '42000.00', '0.00', '15000.00'),
    r('240000.00', '175000.00', '42000.00', '0.00', '15000.00'),
    ...Array<DemoReturn>(4).fill(r('320000.00', '210000.00', '45000.00', '0.00', '20000.00')),
    r('345000.00', '220000.00', '47000.00', '0.00', '21562.50'),
    r('345000.00', '220000.00', '47000.00', '0.00', '21562.50'),
  ],
  riverside: [
    r('142000.00', '104000.00', '20500.00', '9000.00', '2500.00'),
    r('150000.00', '110000.00', '21500.00', '9500.00', '2800.00'),
    r('156000.00', '114500.00', '22500.00', '9800.00', '2900.00'),
    r('158000.00', '116000.00', '22800.00', '10000.00', '3000.00'),
    r('160000.00', '117500.00', '23000.00', '10100.00', '3000.00'),
    r('162000.00', '119000.00', '23300.00', '10200.00', '3100.00'),
    r('166000.00', '122000.00', '23900.00', '10400.00', '3200.00'),
    r('168000.00', '123500.00', '24200.00', '10500.00', '3200.00'),
  ],
  brightpath: [
    r('96000.00', '71000.00', '14000.00', '6500.00', '0.00'),
    r('102000.00', '75500.00', '14800.00', '6900.00', '0.00'),
    r('108000.00', '80000.00', '15500.00', '7200.00', '0.00'),
    r('110000.00', '81500.00', '15800.00', '7400.00', '0.00'),
    r('114000.00', '84500.00', '16300.00', '7600.00', '0.00'),
    r('114000.00', '84000.00', '16500.00', '7700.00', '0.00'),
    r('118000.00', '87000.00', '17000.00', '8000.00', '0.00'),
    r('120000.00', '88500.00', '17300.00', '8100.00', '0.00'),
  ],
};

/**
 * The alliance agreement's open-book terms, one rule for every provider: a reasonable surplus of
 * 8% of cost; of the excess, the first £20,000 shared half and half between the provider and the
 * council, beyond it 80% to the council and 20% to the community foundation.
 */
export function demoShareTerms(orgs: OrgIds): ContractRule {
  return {
    kind: 'reasonable_surplus',
    parties: [
      { id: 'provider', name: 'Provider', role: 'provider' },
      { id: orgs.council, name: 'Northshire County Council', role: 'commissioner' },
      { id: orgs.foundation, name: 'Northshire Community Foundation', role: 'community_fund' },
    ],
    reasonableSurplus: { basis: 'cost', rate: '0.08' },
    earlyWarningLevel: '0.8',
    bands: [
      { upTo: '20000', shares: { provider: '0.5', [orgs.council]: '0.5' } },
      { shares: { [orgs.council]: '0.8', [orgs.foundation]: '0.2' } },
    ],
  };
}

/**
 * Every provider's return for every quarter, submitted by its demo user about three weeks after
 * the quarter and accepted by finance ten days later (only accepted returns count); Acorn's
 * 2025-26 Q2 return was queried first and answered. Then the share rule. Returns the rule's id.
 */
export async function seedOpenBook(
  prisma: PrismaService,
  orgs: OrgIds,
  people: DemoPeople,
): Promise<string> {
  for (const provider of PROVIDERS) {
    for (const [q, quarter] of DEMO_QUARTERS.entries()) {
      const money = DEMO_RETURNS[provider][q];
      const submittedAt = plusDays(new Date(`${quarter.end}T10:00:00Z`), 20);
      const queried = provider === 'acorn' && quarter.label === '2025-26 Q2';
      const submitter = people.providers[provider];
      const review = (
        event: ReturnReviewEvent,
        actorId: string,
        note: string | null,
        d: number,
      ) => ({
        event,
        actorId,
        note,
        occurredAt: plusDays(submittedAt, d),
      });
      const lines = (
        [
          ['direct', money.direct],
          ['indirect', money.indirect],
          ['overhead', money.overhead],
          ['management_fee', money.managementFee],
        ] as const
      ).filter(([, amount]) => amount !== '0.00');
      await prisma.financialReturn.create({
        data: {
          partnershipId: PARTNERSHIP_ID,
          providerOrgId: orgs[provider],
          periodStart: day(quarter.start),
          periodEnd: day(quarter.end),
          periodLabel: quarter.label,
          revision: 1,
          submittedBy: submitter,
          submittedAt,
          reviewStatus: 'accepted',
          reviewedBy: people.finance,
          reviewedAt: plusDays(submittedAt, 10),
          reviewNote: 'Agrees with the management accounts',
          reviews: {
            create: [
              review('submitted', submitter, null, 0),
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
                      submitter,
                      'Schedule 4, clause 2.1 of the alliance agreement (6.25%, fixed)',
                      5,
                    ),
                  ]
                : []),
              review('accepted', people.finance, 'Agrees with the management accounts', 10),
            ],
          },
          revenue: money.revenue,
          lines: {
            create: lines.map(([category, amount], i) => ({ lineNo: i + 1, category, amount })),
          },
        },
      });
    }
  }
  const ruleId = randomUUID();
  const terms = demoShareTerms(orgs);
  await prisma.shareRule.create({
    data: {
      partnershipId: PARTNERSHIP_ID,
      id: ruleId,
      lineageId: ruleId,
      name: 'Alliance open-book margin share',
      kind: terms.kind,
      terms: terms as unknown as Prisma.InputJsonValue,
      createdAt: new Date('2024-09-16T09:00:00Z'),
    },
  });
  return ruleId;
}
