import { Injectable, Logger } from '@nestjs/common';
import {
  detectStateCrossing,
  DomainError,
  evaluateSurplusShare,
  toMoneyString,
  type SurplusShareEvaluation,
} from '@ol/outcomes';
import {
  Db,
  FinanceRepository,
  NotificationEventType,
  NotificationRepository,
  RunRepository,
  RunRequester,
  type Prisma,
} from '@ol/persistence';
import { NotificationKicker } from '../notifications/notification-kicker';
import { ShareEvaluationFailures } from './share-evaluation-failures';
import {
  entryOf,
  ShareEvaluationInputReader,
  termsOf,
  type ShareRunParams,
} from './share-evaluation-inputs';

export type { ShareRunParams } from './share-evaluation-inputs';

/**
 * Evaluates a surplus-share rule for a provider's financial year to date and raises a trigger
 * once per crossing. Everything happens in one transaction under an advisory lock per rule ×
 * provider × year, and an evaluation with the same inputs is stored once, so running the same job
 * twice (or in two workers) raises one trigger. When the rule cannot evaluate the returns (a
 * domain error), the evaluation is stored as failed, with the reason ({@link ShareEvaluationFailures}).
 */
@Injectable()
export class ShareEvaluator {
  private readonly logger = new Logger(ShareEvaluator.name);

  constructor(
    private readonly db: Db,
    private readonly runs: RunRepository,
    private readonly requester: RunRequester,
    private readonly finance: FinanceRepository,
    private readonly notifications: NotificationRepository,
    private readonly kicker: NotificationKicker,
    private readonly inputs: ShareEvaluationInputReader,
    private readonly failures: ShareEvaluationFailures,
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
    const params = run.params as unknown as ShareRunParams;
    try {
      return await this.db.transaction(() => this.evaluate(partnershipId, runId, params));
    } catch (error) {
      this.logger.warn({ err: error, runId }, 'share evaluation failed');
      await this.failures.recordError(partnershipId, runId, params, error as Error, final);
      throw error;
    }
  }

  private async evaluate(
    partnershipId: string,
    runId: string,
    params: ShareRunParams,
  ): Promise<{ evaluationId: string | null; triggerId: string | null }> {
    const inputs = await this.inputs.load(partnershipId, params);
    if (!inputs) {
      await this.runs.complete(partnershipId, runId, null);
      return { evaluationId: null, triggerId: null };
    }
    const { rule, returns, year, windowStart, windowEnd, fingerprint, previous } = inputs;
    let evaluation: SurplusShareEvaluation;
    try {
      evaluation = evaluateSurplusShare(termsOf(rule), returns.map(entryOf), {
        start: year.start,
        end: windowEnd,
      });
    } catch (error) {
      // The rule cannot evaluate these returns, however often it is tried: a failed evaluation.
      if (!(error instanceof DomainError)) throw error;
      const failed = await this.failures.record(partnershipId, runId, inputs, error);
      return { evaluationId: failed.id, triggerId: null };
    }
    const shares = evaluation.roundedShares;
    const { evaluation: stored } = await this.finance.saveEvaluation(partnershipId, {
      ruleId: rule.id,
      providerOrgId: params.providerOrgId,
      windowStart,
      windowEnd: new Date(`${windowEnd}T00:00:00Z`),
      windowLabel: `${year.label} to ${windowEnd}`,
      fingerprint,
      state: evaluation.state,
      revenue: toMoneyString(evaluation.revenue),
      allowableCost: toMoneyString(evaluation.allowableCost),
      surplus: toMoneyString(evaluation.surplus),
      reasonableSurplus: toMoneyString(evaluation.reasonableSurplus),
      excess: toMoneyString(shares.excess),
      providerShare: toMoneyString(shares.provider),
      commissionerShare: toMoneyString(shares.commissioner),
      communityShare: toMoneyString(shares.communityFund),
      result: JSON.parse(
        JSON.stringify({
          ...evaluation,
          steps: evaluation.steps,
          provisionalReturnIds: inputs.provisionalReturnIds,
        }),
      ) as Prisma.InputJsonValue,
      runId,
    });
    let triggerId: string | null = null;
    if (!previous || previous.lastEvaluationId !== stored.id) {
      const crossing = detectStateCrossing(previous ? previous.state : null, evaluation.state);
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
          // The state before the first evaluation of a window is `below` (no excess), as the
          // crossing reads it: the API, the webhook and the stored row say the same.
          fromState: crossing.from,
          toState: evaluation.state,
          excess: stored.excess,
          providerShare: stored.providerShare,
          commissionerShare: stored.commissionerShare,
          communityShare: stored.communityShare,
        });
        triggerId = trigger.id;
        // The payload is the trigger as the API gives it (TriggerResponse): the same field names
        // and words (`fromState`, `toState`: below | warning | above | pain_share).
        const events = await this.notifications.recordEvent(partnershipId, {
          type: NotificationEventType.TriggerRaised,
          key: `trigger:${trigger.id}`,
          payload: {
            triggerId: trigger.id,
            ruleId: rule.id,
            providerOrganisationId: params.providerOrgId,
            windowStart: year.start,
            windowEnd,
            crossingNo: crossings,
            fromState: crossing.from,
            toState: crossing.to,
            excess: stored.excess.toFixed(2),
            shares: {
              provider: stored.providerShare.toFixed(2),
              commissioner: stored.commissionerShare.toFixed(2),
              communityFund: stored.communityShare.toFixed(2),
            },
            evaluationId: stored.id,
          },
        });
        if (events > 0) await this.kicker.kick(partnershipId);
      }
      await this.finance.saveState(
        partnershipId,
        { ruleId: rule.id, providerOrgId: params.providerOrgId, windowStart },
        { state: evaluation.state, crossings, lastEvaluationId: stored.id },
      );
    }
    await this.runs.complete(partnershipId, runId, stored.id);
    return { evaluationId: stored.id, triggerId };
  }
}
