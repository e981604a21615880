import type { PrismaService } from '@ol/persistence';
import { DEMO_QUARTERS, PARTNERSHIP_ID, day } from './calendar';
import { DEMO_OUTCOMES } from './outcome-plan';

/**
 * The outcomes of {@link DEMO_OUTCOMES} (parents before children), their proxies' links (with the
 * valuation basis) and a target for each of the eight quarters. Returns outcome ids by code.
 */
export async function seedOutcomes(
  prisma: PrismaService,
  proxyIds: Map<string, string>,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const o of DEMO_OUTCOMES) {
    const outcome = await prisma.outcome.create({
      data: {
        partnershipId: PARTNERSHIP_ID,
        code: o.code,
        theme: o.theme,
        title: o.title,
        unit: o.unit,
        stakeholder: o.stakeholder ?? null,
        aggregation: o.aggregation,
        direction: o.direction ?? 'increase',
        baselineValue: o.baseline ?? null,
        baselineDate: o.baseline ? day('2024-09-30') : null,
        isPrevention: o.prevention ?? false,
        parentId: o.parent ? ids.get(o.parent)! : null,
        createdAt: new Date('2024-09-16T09:00:00Z'),
      },
    });
    ids.set(o.code, outcome.id);
  }
  await prisma.outcomeValuation.createMany({
    data: DEMO_OUTCOMES.filter((o) => o.proxy).map((o) => ({
      partnershipId: PARTNERSHIP_ID,
      outcomeId: ids.get(o.code)!,
      proxyId: proxyIds.get(o.proxy!)!,
      basis: o.basis,
      countOutcomeId: o.countOutcome ? ids.get(o.countOutcome)! : null,
    })),
  });
  await prisma.target.createMany({
    data: DEMO_OUTCOMES.flatMap((o) =>
      DEMO_QUARTERS.map((quarter, q) => ({
        partnershipId: PARTNERSHIP_ID,
        outcomeId: ids.get(o.code)!,
        periodKind: 'quarter' as const,
        periodLabel: quarter.label,
        periodStart: day(quarter.start),
        periodEnd: day(quarter.end),
        targetValue: String(o.targets[q]),
      })),
    ),
  });
  return ids;
}
