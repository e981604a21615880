import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  escalationDue,
  obligationStepDue,
  remindsAnything,
  type ReminderPolicy,
} from '@ol/outcomes';
import {
  CalendarRepository,
  PartnershipRepository,
  ReminderRepository,
  type Partnership,
} from '@ol/persistence';
import { WorkerConfig } from '../config/worker.config';
import { ObligationSubjects } from './obligation-subjects';
import {
  disputeMessage,
  obligationMessage,
  triggerMessage,
  type MessageContext,
} from './reminder-messages';
import { ReminderSender, type DueStep } from './reminder-sender';
import { WorkerClock } from './worker-clock';

/** What one evaluation decided and sent. */
export interface ReminderTally {
  due: number;
  sent: number;
}

/**
 * Decides which reminder and escalation steps are due for a partnership on the clock's day
 * (libs/outcomes obligationStepDue and escalationDue, from what was already sent) and sends each
 * through {@link ReminderSender}, which makes it once however many evaluations run.
 */
@Injectable()
export class ReminderEvaluator {
  private readonly logger = new Logger(ReminderEvaluator.name);

  constructor(
    @Inject(WorkerConfig) private readonly config: WorkerConfig,
    private readonly clock: WorkerClock,
    private readonly partnerships: PartnershipRepository,
    private readonly calendars: CalendarRepository,
    private readonly reminders: ReminderRepository,
    private readonly subjects: ObligationSubjects,
    private readonly sender: ReminderSender,
  ) {}

  async evaluate(partnershipId: string): Promise<ReminderTally> {
    const policy = await this.reminders.policy(partnershipId);
    const partnership = await this.partnerships.findById(partnershipId);
    if (!policy || !remindsAnything(policy) || !partnership) return { due: 0, sent: 0 };
    const asOf = this.clock.today();
    const holidays = (await this.calendars.holidays(partnershipId)).map((h) => h.date);
    const ctx: MessageContext = {
      publicUrl: this.config.PUBLIC_URL,
      partnershipId,
      partnershipName: partnership.name,
    };
    const due = [
      ...(await this.obligationSteps(partnership, policy, asOf, holidays, ctx)),
      ...(await this.triggerSteps(partnershipId, policy, asOf, holidays, ctx)),
      ...(await this.disputeSteps(partnershipId, policy, asOf, holidays, ctx)),
    ];
    let sent = 0;
    for (const step of due) if (await this.sender.send(partnershipId, ctx, step)) sent += 1;
    if (sent > 0) this.logger.log({ partnershipId, asOf, sent }, 'reminders sent');
    return { due: due.length, sent };
  }

  private async obligationSteps(
    partnership: Partnership,
    policy: ReminderPolicy,
    asOf: string,
    holidays: string[],
    ctx: MessageContext,
  ): Promise<DueStep[]> {
    if (
      policy.remindBeforeWorkingDays === null &&
      policy.overdueEveryWorkingDays === null &&
      policy.escalateAfterWorkingDays === null
    )
      return [];
    const { subjects, outcomeNames } = await this.subjects.of(partnership, asOf, holidays);
    const sent = await this.reminders.sentSteps(
      partnership.id,
      subjects.map((s) => s.key),
    );
    const due: DueStep[] = [];
    for (const subject of subjects) {
      const { obligation } = subject;
      const step = obligationStepDue({
        policy,
        dueBy: obligation.dueBy,
        status: obligation.status,
        asOf,
        holidays,
        sent: sent.get(subject.key) ?? [],
      });
      if (!step) continue;
      due.push({
        subjectKey: subject.key,
        step: step.key,
        asOf,
        message: obligationMessage(
          ctx,
          { ...obligation, quarter: subject.quarter, providerName: subject.providerName },
          step,
          outcomeNames,
        ),
        audience:
          step.kind === 'escalation'
            ? { roles: ['admin'] }
            : { roles: ['provider'], organisationId: obligation.providerId },
        entity: { type: 'organisation', id: obligation.providerId },
      });
    }
    return due;
  }

  private async triggerSteps(
    partnershipId: string,
    policy: ReminderPolicy,
    asOf: string,
    holidays: string[],
    ctx: MessageContext,
  ): Promise<DueStep[]> {
    const after = policy.triggerEscalationWorkingDays;
    if (after === null) return [];
    const open = await this.reminders.openTriggers(partnershipId);
    const sent = await this.reminders.sentSteps(
      partnershipId,
      open.map((t) => `trigger:${t.id}`),
    );
    return open
      .filter((t) =>
        escalationDue({
          since: t.raisedOn,
          asOf,
          afterWorkingDays: after,
          holidays,
          sent: sent.has(`trigger:${t.id}`),
        }),
      )
      .map((t) => ({
        subjectKey: `trigger:${t.id}`,
        step: 'escalation',
        asOf,
        message: triggerMessage(ctx, t, after),
        audience: { roles: ['finance'] },
        entity: { type: 'share_trigger', id: t.id },
      }));
  }

  private async disputeSteps(
    partnershipId: string,
    policy: ReminderPolicy,
    asOf: string,
    holidays: string[],
    ctx: MessageContext,
  ): Promise<DueStep[]> {
    const after = policy.disputeEscalationWorkingDays;
    if (after === null) return [];
    const open = await this.reminders.unansweredDisputes(partnershipId);
    const keyOf = (d: { recordId: string; reviewId: string }) =>
      `dispute:${d.recordId}:${d.reviewId}`;
    const sent = await this.reminders.sentSteps(partnershipId, open.map(keyOf));
    return open
      .filter((d) =>
        escalationDue({
          since: d.disputedOn,
          asOf,
          afterWorkingDays: after,
          holidays,
          sent: sent.has(keyOf(d)),
        }),
      )
      .map((d) => ({
        subjectKey: keyOf(d),
        step: 'escalation',
        asOf,
        message: disputeMessage(ctx, d, after),
        audience: { roles: ['verifier', 'admin'] },
        entity: { type: 'delivery_record', id: d.recordId },
      }));
  }
}
