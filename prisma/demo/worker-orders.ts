import { reportRun, shareEvaluationRun } from '@ol/jobs';
import type { Prisma, PrismaService } from '@ol/persistence';
import { PROVIDERS, type OrgIds } from './alliance';
import { DEMO_FINANCIAL_YEARS, DEMO_QUARTERS, PARTNERSHIP_ID } from './calendar';

/**
 * Reminders (issue 19): with the worker running, a provider late with a quarter's data is
 * reminded (provider@demo.test: GET /v1/me/notifications); emails are stored as not sent unless
 * SMTP_URL is set (GET …/emails). Kept as an admin left it on a second run.
 */
export async function seedReminderPolicy(prisma: PrismaService): Promise<void> {
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
}

/**
 * Asks the worker (through the run outbox: its reconciler enqueues pending runs) for the eight
 * quarters' reports (the latest first, so the board's overview is there soonest), the latest
 * year to date, and the open book's evaluation of each provider's financial years. Idempotent:
 * outstanding runs are not repeated.
 */
export async function orderWorkerRuns(prisma: PrismaService, orgs: OrgIds): Promise<void> {
  const rule = await prisma.shareRule.findFirst({
    where: { partnershipId: PARTNERSHIP_ID, supersededAt: null },
    orderBy: { createdAt: 'asc' },
  });
  const latest = DEMO_QUARTERS.at(-1)!.label;
  const orders = [
    ...[...DEMO_QUARTERS].reverse().map((q) => reportRun({ scope: 'quarter', quarter: q.label })),
    reportRun({ scope: 'year_to_date', quarter: latest }),
    ...(rule
      ? PROVIDERS.flatMap((provider) =>
          DEMO_FINANCIAL_YEARS.map((fyStart) =>
            shareEvaluationRun({ ruleId: rule.id, providerOrgId: orgs[provider], fyStart }),
          ),
        )
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
}
