import Decimal from 'decimal.js';
import { RunRequester, NotificationKicker, paramsOf } from '@ol/jobs';
import { Injectable, Logger } from '@nestjs/common';
import {
  detectStateCrossing,
  DomainError,
  evaluateContract,
  ledger,
  partyOrganisation,
  toMoneyString,
  type ContractEvaluation,
} from '@ol/outcomes';
import {
  Db,
  FinanceRepository,
  NotificationEventType,
  NotificationRepository,
  RunRepository,
  ShareLedgerRepository,
  ledgerInputOf,
  type LedgerKey,
  type NewShareAdjustment,
  type StoredPartyPosition,
  type InputJsonValue,
} from '@ol/persistence';
import { ShareEvaluationFailures } from './share-evaluation-failures';
import {
  entryOf,
  ShareEvaluationInputReader,
  termsOf,
  type ShareRunParams,
} from './share-evaluation-inputs';

export type { ShareRunParams } from './share-evaluation-inputs';

/**
 * Evaluates a contract rule for a provider's financial year to date and raises a trigger on a
 * crossing, or when the ledger has an adjustment to raise (a party's entitlement moved since what
 * was raised before): the trigger carries only the difference, never the gross again. Everything happens in one transaction under an advisory lock per rule ×
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
    private readonly ledgers: ShareLedgerRepository,
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
    const params = paramsOf(run, 'share_evaluation');
    try {
      return await this.db.transaction(() => this.evaluate(partnershipId, runId, params));
    } catch (error) {
      this.logger.warn({ err: error, runId }, 'share evaluation failed');
      await this.failures.recordError(partnershipId, runId, params, error as Error, final);
      throw error;
    }
  }

  /**
   * Each party's adjustment under the ledger of the rule's lineage, provider and year: its
   * entitlement under this evaluation (net position) minus what was raised for it before. A party
   * no longer in the evaluation (a rule change removed it) is entitled to 0, so what was raised for
   * it comes back.
   */
  private async adjustmentsDue(
    partnershipId: string,
    key: LedgerKey,
    positions: StoredPartyPosition[],
  ): Promise<NewShareAdjustment[]> {
    const records = await this.ledgers.records(partnershipId, key);
    const { input, parties } = ledgerInputOf(positions, records);
    return ledger(input).lines.map((line) => ({
      partyId: line.partyId,
      partyName: parties.get(line.partyId)!.name,
      partyRole: parties.get(line.partyId)!.role,
      entitlement: toMoneyString(line.entitlement),
      raisedBefore: toMoneyString(line.raisedBefore),
      amount: toMoneyString(line.adjustment),
    }));
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
    let evaluation: ContractEvaluation;
    try {
      evaluation = evaluateContract(termsOf(rule), returns.map(entryOf), {
        start: year.start,
        end: windowEnd,
      });
    } catch (error) {
      // The rule cannot evaluate these returns, however often it is tried: a failed evaluation.
      if (!(error instanceof DomainError)) throw error;
      const failed = await this.failures.record(partnershipId, runId, inputs, error);
      return { evaluationId: failed.id, triggerId: null };
    }
    const positions: StoredPartyPosition[] = evaluation.positions.map((p, i) => {
      const pain = evaluation.pain?.parties[i];
      return {
        partyId: p.partyId,
        name: p.name,
        role: p.role,
        receives: toMoneyString(p.receives),
        bears: toMoneyString(p.bears),
        net: toMoneyString(p.net),
        painCap: pain?.cap ? toMoneyString(pain.cap) : null,
        painCapped: pain?.capped ?? false,
      };
    });
    const { evaluation: stored } = await this.finance.saveEvaluation(partnershipId, {
      ruleId: rule.id,
      providerOrgId: params.providerOrgId,
      windowStart,
      windowEnd,
      windowLabel: `${year.label} to ${windowEnd}`,
      fingerprint,
      state: evaluation.state,
      kind: evaluation.kind,
      revenue: toMoneyString(evaluation.revenue),
      allowableCost: toMoneyString(evaluation.allowableCost),
      surplus: toMoneyString(evaluation.surplus),
      reasonableSurplus:
        evaluation.kind === 'reasonable_surplus'
          ? toMoneyString(evaluation.reasonableSurplus)
          : null,
      variation: toMoneyString(evaluation.variation),
      gain: toMoneyString(evaluation.gain.roundedTotal),
      pain: evaluation.pain ? toMoneyString(evaluation.pain.roundedTotal) : null,
      positions,
      result: JSON.parse(
        JSON.stringify({
          ...evaluation,
          steps: evaluation.steps,
          provisionalReturnIds: inputs.provisionalReturnIds,
        }),
      ) as InputJsonValue,
      runId,
    });
    let triggerId: string | null = null;
    if (!previous || previous.lastEvaluationId !== stored.id) {
      const crossing = detectStateCrossing(previous ? previous.state : null, evaluation.state);
      const key = { lineageId: rule.lineageId, providerOrgId: params.providerOrgId, windowStart };
      const adjustments = await this.adjustmentsDue(partnershipId, key, stored.positions);
      let crossings = previous?.crossings ?? 0;
      const adjusts = adjustments.some((a) => !new Decimal(a.amount).isZero());
      if (crossing.raisesTrigger || adjusts) {
        crossings += 1;
        const reason = crossing.raisesTrigger ? 'crossing' : 'adjustment';
        // Numbered within the ledger (a replaced rule's triggers continue its predecessor's).
        const triggerNo = await this.ledgers.nextTriggerNo(partnershipId, key);
        const trigger = await this.finance.createTrigger(partnershipId, {
          ruleId: rule.id,
          providerOrgId: params.providerOrgId,
          windowStart,
          windowEnd,
          crossingNo: triggerNo,
          evaluationId: stored.id,
          reason,
          // The state before the first evaluation of a window is `below` (no excess), as the
          // crossing reads it: the API, the webhook and the stored row say the same.
          fromState: crossing.from,
          toState: evaluation.state,
          gain: stored.gain,
          pain: stored.pain,
          variation: stored.variation,
        });
        await this.ledgers.saveAdjustments(
          partnershipId,
          { ...key, triggerId: trigger.id },
          adjustments,
        );
        triggerId = trigger.id;
        // The payload is the trigger as the API gives it (TriggerResponse): the same field names
        // and words (`fromState`, `toState`: below | warning | above | pain_share), and the money
        // to move: each party's adjustment (the difference from what was raised before).
        const events = await this.notifications.recordEvent(partnershipId, {
          type: NotificationEventType.TriggerRaised,
          key: `trigger:${trigger.id}`,
          payload: {
            triggerId: trigger.id,
            ruleId: rule.id,
            providerOrganisationId: params.providerOrgId,
            windowStart: year.start,
            windowEnd,
            crossingNo: triggerNo,
            reason,
            fromState: crossing.from,
            toState: crossing.to,
            variation: stored.variation,
            gain: stored.gain,
            pain: stored.pain,
            adjustments: adjustments.map((a) => ({
              partyId: a.partyId,
              organisationId: partyOrganisation(a.partyId, params.providerOrgId),
              name: a.partyName,
              role: a.partyRole,
              entitlement: a.entitlement,
              raisedBefore: a.raisedBefore,
              amount: a.amount,
            })),
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
