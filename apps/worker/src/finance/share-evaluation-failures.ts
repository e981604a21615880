import { NotificationKicker } from '@ol/jobs';
import { Injectable, Logger } from '@nestjs/common';
import { ValidationError } from '@ol/outcomes';
import {
  Db,
  FinanceRepository,
  NotificationEventType,
  NotificationRepository,
  RunRepository,
  type FinancialReturnWithLines,
  type ShareEvaluation,
  type ShareEvaluationFailure,
} from '@ol/persistence';
import {
  ShareEvaluationInputReader,
  type ShareEvaluationInputs,
  type ShareRunParams,
} from './share-evaluation-inputs';

/** `entries[2].targetCost` → the third return, field `targetCost`. */
const ENTRY_FIELD = /^entries\[(\d+)\](?:\.(.+))?$/;

/**
 * What finance staff are told about an evaluation that failed: libs/outcomes names the input
 * (`entries[1].targetCost`), which becomes the return it is (its quarter and id) and its field.
 */
export function failureFrom(
  error: Error,
  returns: readonly FinancialReturnWithLines[],
): ShareEvaluationFailure {
  if (error instanceof ValidationError) {
    const match = ENTRY_FIELD.exec(error.field);
    const r = match ? returns[Number(match[1])] : undefined;
    if (r) {
      const field = match![2] ?? null;
      return {
        reason: `The ${r.periodLabel} return (revision ${r.revision}): ${field ? `${field} ` : ''}${error.reason}.`,
        field,
        returnId: r.id,
        period: r.periodLabel,
      };
    }
    return { reason: `${error.message}.`, field: error.field, returnId: null, period: null };
  }
  return { reason: error.message, field: null, returnId: null, period: null };
}

/**
 * Failed share evaluations: stored as an evaluation with status `failed` and the reason (the same
 * inputs fail once), the run marked failed with it, and an `evaluation.failed` event for the
 * partnership's webhooks, all in one transaction.
 */
@Injectable()
export class ShareEvaluationFailures {
  private readonly logger = new Logger(ShareEvaluationFailures.name);

  constructor(
    private readonly db: Db,
    private readonly runs: RunRepository,
    private readonly finance: FinanceRepository,
    private readonly notifications: NotificationRepository,
    private readonly kicker: NotificationKicker,
    private readonly inputs: ShareEvaluationInputReader,
  ) {}

  /**
   * In the evaluation's transaction (its lock held): the rule could not evaluate these inputs.
   * The run fails at once, since the same inputs fail the same way however often they are tried.
   */
  async record(
    partnershipId: string,
    runId: string,
    inputs: ShareEvaluationInputs,
    error: Error,
  ): Promise<ShareEvaluation> {
    const failure = failureFrom(error, inputs.returns);
    const { evaluation, created } = await this.finance.saveFailedEvaluation(partnershipId, {
      ruleId: inputs.rule.id,
      providerOrgId: inputs.params.providerOrgId,
      windowStart: inputs.windowStart,
      windowEnd: inputs.windowEnd,
      windowLabel: `${inputs.year.label} to ${inputs.windowEnd}`,
      fingerprint: inputs.fingerprint,
      failure,
      runId,
    });
    if (created) {
      const events = await this.notifications.recordEvent(partnershipId, {
        type: NotificationEventType.EvaluationFailed,
        key: `evaluation:${evaluation.id}`,
        payload: {
          evaluationId: evaluation.id,
          jobId: runId,
          ruleId: inputs.rule.id,
          providerOrganisationId: inputs.params.providerOrgId,
          window: { start: inputs.year.start, end: inputs.windowEnd },
          reason: failure.reason,
          field: failure.field,
          returnId: failure.returnId,
          period: failure.period,
        },
      });
      if (events > 0) await this.kicker.kick(partnershipId);
    }
    await this.runs.fail(partnershipId, runId, failure.reason, true);
    return evaluation;
  }

  /**
   * An error the evaluation did not expect (the database away, a bug): written on the run; after
   * the last attempt the run fails, and the evaluation is stored as failed too when its inputs
   * can still be read (otherwise the run alone says it).
   */
  async recordError(
    partnershipId: string,
    runId: string,
    params: ShareRunParams,
    error: Error,
    final: boolean,
  ): Promise<void> {
    if (final) {
      try {
        const recorded = await this.db.transaction(async () => {
          const inputs = await this.inputs.load(partnershipId, params);
          if (!inputs) return false;
          const reason = `The evaluation could not complete: ${error.message}`.slice(0, 2000);
          await this.record(partnershipId, runId, inputs, new Error(reason));
          return true;
        });
        if (recorded) return;
      } catch (e) {
        this.logger.warn({ err: e, runId }, 'could not store the failed evaluation');
      }
    }
    await this.runs.fail(partnershipId, runId, error.message, final);
  }
}
