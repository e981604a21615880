import { Injectable } from '@nestjs/common';
import { NO_REMINDERS, reminderPolicyProblems, type ReminderPolicy } from '@ol/outcomes';
import {
  AuditRepository,
  Db,
  EmailRepository,
  ReminderRepository,
  type Actor,
  type Email,
  type Paged,
} from '@ol/persistence';
import { ProblemException } from '../../common/problems/problem';
import type { ListEmailsQuery, ReminderPolicyDto } from './dto/reminder-policy.dto';

/**
 * A partnership's reminder policy (the worker sends the steps it makes due, each once) and the
 * emails its steps produced, for admins (sent or, without SMTP, stored as not sent).
 */
@Injectable()
export class RemindersService {
  constructor(
    private readonly db: Db,
    private readonly reminders: ReminderRepository,
    private readonly emails: EmailRepository,
    private readonly audit: AuditRepository,
  ) {}

  async policy(partnershipId: string): Promise<{ policy: ReminderPolicy; isSet: boolean }> {
    const own = await this.reminders.policy(partnershipId);
    return { policy: own ?? NO_REMINDERS, isSet: own !== null };
  }

  /** @throws 422 naming each field that breaks a rule (a reminder after the escalation); nothing changes */
  savePolicy(
    partnershipId: string,
    actor: Actor,
    dto: ReminderPolicyDto,
  ): Promise<{ policy: ReminderPolicy; isSet: boolean }> {
    const policy: ReminderPolicy = {
      remindBeforeWorkingDays: dto.remindBeforeWorkingDays,
      overdueEveryWorkingDays: dto.overdueEveryWorkingDays,
      escalateAfterWorkingDays: dto.escalateAfterWorkingDays,
      triggerEscalationWorkingDays: dto.triggerEscalationWorkingDays,
      disputeEscalationWorkingDays: dto.disputeEscalationWorkingDays,
    };
    const problems = reminderPolicyProblems(policy);
    if (problems.length > 0) {
      throw ProblemException.unprocessable(
        'The reminder policy breaks a rule.',
        problems.map((p) => ({ field: p.field, value: p.value, reason: p.reason })),
      );
    }
    return this.db.transaction(async () => {
      await this.reminders.savePolicy(partnershipId, policy);
      await this.audit.record(partnershipId, actor, {
        action: 'reminders.policy_updated',
        entityType: 'partnership',
        entityId: partnershipId,
        details: { ...policy },
      });
      return { policy, isSet: true };
    });
  }

  listEmails(partnershipId: string, query: ListEmailsQuery): Promise<Paged<Email>> {
    return this.emails.list(
      partnershipId,
      { status: query.status, userId: query.userId },
      { limit: query.limit, offset: query.offset },
    );
  }
}
