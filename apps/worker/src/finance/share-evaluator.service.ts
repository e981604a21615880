import { Injectable, Logger } from '@nestjs/common';
import {
  detectStateCrossing,
  evaluateSurplusShare,
  financialYearOf,
  toMoneyString,
  type ShareBand,
  type SurplusState,
} from '@ol/outcomes';
import {
  Db,
  FinanceRepository,
  NotificationEventType,
  NotificationRepository,
  PartnershipRepository,
  RunRepository,
  RunRequester,
  stableStringify,
  type Prisma,
  type SurplusStateDb,
} from '@ol/persistence';
import { createHash } from 'node:crypto';
import { NotificationKicker } from '../notifications/notification-kicker';

/** Parameters of a share-evaluation run: which rule, provider and financial year. */
export interface ShareRunParams {
  ruleId: string;
  providerOrgId: string;
  /** First day of the financial year evaluated (year to date). */
  fyStart: string;
}

const toLib = (s: SurplusStateDb): SurplusState => (s === 'pain_share' ? 'pain-share' : s);
const toDb = (s: SurplusState): SurplusStateDb => (s === 'pain-share' ? 'pain_share' : s);
const d = (date: Date): string => date.toISOString().slice(0, 10);

/**
 * Evaluates a surplus-share rule for a provider's financial year to date and raises a trigger
 * once per crossing. Everything happens in one transaction under an advisory lock per rule ×
 * provider × year, and an evaluation with the same inputs is stored once, so running the same job
 * twice (or in two workers) raises one trigger.
 */
@Injectable()
export class ShareEvaluator {
  private readonly logger = new Logger(ShareEvaluator.name);

  constructor(
    private readonly db: Db,
    private readonly runs: RunRepository,
    private readonly requester: RunRequester,
    private readonly finance: FinanceRepository,
    private readonly partnerships: PartnershipRepository,
    private readonly notifications: NotificationRepository,
    private readonly kicker: NotificationKicker,
  ) {}

  async run(
    partnershipId: string,
    runId: string,
    final: boolean,
  ): Promise<{ evaluationId: string | null; triggerId: string | null }> {
    const run = await this.runs.start(partnershipId, runId);
    if (!run) {
      // Done already, or following an evaluation of the same rule that is running.
      await this.requester.notStarted(partnershipId, runId);
      return { evaluationId: null, triggerId: null };
    }
    try {
      const params = run.params as unknown as ShareRunParams;
      return await this.db.transaction(() => this.evaluate(partnershipId, runId, params));
    } catch (error) {
      this.logger.warn({ err: error, runId }, 'share evaluation failed');
      await this.runs.fail(partnershipId, runId, (error as Error).message, final);
      throw error;
    }
  }

  private async evaluate(
    partnershipId: string,
    runId: string,
    params: ShareRunParams,
  ): Promise<{ evaluationId: string | null; triggerId: string | null }> {
    const partnership = (await this.partnerships.findById(partnershipId))!;
    const year = financialYearOf(params.fyStart, partnership.fyStartMonth);
    const windowStart = new Date(`${year.start}T00:00:00Z`);
    const previous = await this.finance.lockState(
      partnershipId,
      params.ruleId,
      params.providerOrgId,
      windowStart,
    );
    const rule = await this.finance.findRule(partnershipId, params.ruleId);
    const returns = await this.finance.listReturns(partnershipId, {
      providerOrgIds: [params.providerOrgId],
      from: windowStart,
      to: new Date(`${year.end}T00:00:00Z`),
    });
    const inYear = returns.filter(
      (r) => d(r.periodStart) >= year.start && d(r.periodEnd) <= year.end,
    );
    if (!rule || inYear.length === 0) {
      await this.runs.complete(partnershipId, runId, null);
      return { evaluationId: null, triggerId: null };
    }
    const windowEnd = inYear
      .map((r) => d(r.periodEnd))
      .sort()
      .at(-1)!;
    const evaluation = evaluateSurplusShare(
      {
        basis: rule.basis,
        reasonableSurplusRate: rule.reasonableRate.toString(),
        earlyWarningLevel: rule.warningLevel.toString(),
        bands: rule.bands as unknown as ShareBand[],
        painShare: rule.painShareProvider
          ? {
              providerShare: rule.painShareProvider.toString(),
              providerCap: rule.painShareCap?.toString(),
            }
          : undefined,
      },
      inYear.map((r) => ({
        label: r.periodLabel,
        periodStart: d(r.periodStart),
        periodEnd: d(r.periodEnd),
        revenue: r.revenue.toString(),
        targetCost: r.targetCost?.toString(),
        costs: r.lines.map((l) => ({
          category: l.category,
          amount: l.amount.toString(),
          allowable: l.allowable,
        })),
      })),
      { start: year.start, end: windowEnd },
    );
    const fingerprint = createHash('sha256')
      .update(
        stableStringify({
          rule: rule.id,
          window: [year.start, windowEnd],
          returns: inYear.map((r) => [r.id, r.revision]),
        }),
      )
      .digest('hex');
    const shares = evaluation.roundedShares;
    const { evaluation: stored } = await this.finance.saveEvaluation(partnershipId, {
      ruleId: rule.id,
      providerOrgId: params.providerOrgId,
      windowStart,
      windowEnd: new Date(`${windowEnd}T00:00:00Z`),
      windowLabel: `${year.label} to ${windowEnd}`,
      fingerprint,
      state: toDb(evaluation.state),
      revenue: toMoneyString(evaluation.revenue),
      allowableCost: toMoneyString(evaluation.allowableCost),
      surplus: toMoneyString(evaluation.surplus),
      reasonableSurplus: toMoneyString(evaluation.reasonableSurplus),
      excess: toMoneyString(shares.excess),
      providerShare: toMoneyString(shares.provider),
      commissionerShare: toMoneyString(shares.commissioner),
      communityShare: toMoneyString(shares.communityFund),
      result: JSON.parse(
        JSON.stringify({ ...evaluation, steps: evaluation.steps }),
      ) as Prisma.InputJsonValue,
      runId,
    });
    let triggerId: string | null = null;
    if (!previous || previous.lastEvaluationId !== stored.id) {
      const crossing = detectStateCrossing(
        previous ? toLib(previous.state) : null,
        evaluation.state,
      );
      let crossings = previous?.crossings ?? 0;
      if (crossing.raisesTrigger) {
        crossings += 1;
        const trigger = await this.finance.createTrigger(partnershipId, {
          ruleId: rule.id,
          providerOrgId: params.providerOrgId,
          windowStart,
          windowEnd: new Date(`${windowEnd}T00:00:00Z`),
          crossingNo: crossings,
          evaluationId: stored.id,
          fromState: previous ? previous.state : null,
          toState: toDb(evaluation.state),
          excess: stored.excess,
          providerShare: stored.providerShare,
          commissionerShare: stored.commissionerShare,
          communityShare: stored.communityShare,
        });
        triggerId = trigger.id;
        const events = await this.notifications.recordEvent(partnershipId, {
          type: NotificationEventType.TriggerRaised,
          key: `trigger:${trigger.id}`,
          payload: {
            triggerId: trigger.id,
            ruleId: rule.id,
            providerOrganisationId: params.providerOrgId,
            window: { start: year.start, end: windowEnd },
            from: crossing.from,
            to: crossing.to,
            excess: stored.excess.toFixed(2),
            shares: {
              provider: stored.providerShare.toFixed(2),
              commissioner: stored.commissionerShare.toFixed(2),
              communityFund: stored.communityShare.toFixed(2),
            },
          },
        });
        if (events > 0) await this.kicker.kick(partnershipId);
      }
      await this.finance.saveState(
        partnershipId,
        { ruleId: rule.id, providerOrgId: params.providerOrgId, windowStart },
        { state: toDb(evaluation.state), crossings, lastEvaluationId: stored.id },
      );
    }
    await this.runs.complete(partnershipId, runId, stored.id);
    return { evaluationId: stored.id, triggerId };
  }
}
