import { createHash, randomUUID } from 'node:crypto';
import { evaluateContract, toMoneyString } from '@ol/outcomes';
import type { Prisma, PrismaService } from '@ol/persistence';
import type { OrgIds } from './alliance';
import { PARTNERSHIP_ID, at, day } from './calendar';
import { demoShareTerms } from './open-book';
import type { DemoPeople } from './people';

/**
 * The open book's history as finance staff lived it: Acorn's first half of 2025-26 crossed the
 * reasonable surplus (evaluated when its Q2 return was accepted, as the worker would have); the
 * trigger was acknowledged by finance and settled by someone else (settlements recorded, the
 * provider's share as retained). The worker's evaluation of the whole year (asked for by the
 * seed) then raises only the increase since: a later adjustment trigger, open.
 */
export async function seedShareHistory(
  prisma: PrismaService,
  orgs: OrgIds,
  ruleId: string,
  people: DemoPeople,
): Promise<void> {
  const provider = orgs.acorn;
  const windowStart = day('2025-04-01');
  const windowEnd = day('2025-09-30');
  const halfYear = await prisma.financialReturn.findMany({
    where: {
      partnershipId: PARTNERSHIP_ID,
      providerOrgId: provider,
      periodStart: { gte: windowStart },
      periodEnd: { lte: windowEnd },
    },
    include: { lines: true },
    orderBy: { periodStart: 'asc' },
  });
  const evaluation = evaluateContract(
    demoShareTerms(orgs),
    halfYear.map((r) => ({
      label: r.periodLabel,
      periodStart: r.periodStart.toISOString().slice(0, 10),
      periodEnd: r.periodEnd.toISOString().slice(0, 10),
      revenue: r.revenue.toString(),
      costs: r.lines.map((l) => ({ category: l.category, amount: l.amount.toString() })),
    })),
    { start: '2025-04-01', end: '2025-09-30' },
  );
  if (evaluation.kind !== 'reasonable_surplus') return;
  const evaluationId = randomUUID();
  await prisma.shareEvaluation.create({
    data: {
      partnershipId: PARTNERSHIP_ID,
      id: evaluationId,
      ruleId,
      providerOrgId: provider,
      windowStart,
      windowEnd,
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
      windowEnd,
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
        paidOn: day('2025-11-28'),
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
