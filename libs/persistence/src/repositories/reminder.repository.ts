import { Injectable } from '@nestjs/common';
import type { ReminderPolicy } from '@ol/outcomes';
import { Db } from '../db';
import { Prisma, type PartnershipRole } from '../prisma-client';

/** A step to send once: what is chased, which step, and what it says. */
export interface NewReminderStep {
  subjectKey: string;
  step: string;
  eventType: string;
  /** The day the step was decided on (`YYYY-MM-DD`). */
  asOf: string;
  payload: Prisma.InputJsonValue;
}

/** A profit-share trigger still open (not acknowledged). */
export interface OpenTrigger {
  id: string;
  providerOrgId: string;
  providerName: string;
  toState: string;
  windowStart: string;
  windowEnd: string;
  /** The day it was raised (UTC). */
  raisedOn: string;
}

/** A dispute the provider has not answered: the record and its latest dispute event. */
export interface UnansweredDispute {
  recordId: string;
  reviewId: string;
  providerOrgId: string;
  providerName: string;
  outcomeId: string;
  outcomeTitle: string;
  activityDate: string;
  reason: string | null;
  /** The day the dispute was raised (UTC). */
  disputedOn: string;
}

/** A user a step goes to, with their channels. */
export interface Recipient {
  userId: string;
  email: string;
  name: string;
  inApp: boolean;
  emailOn: boolean;
}

/**
 * Reminders and escalations: a partnership's policy, the steps sent (one row per chased subject
 * and step: the sent-once key) and the reads the worker decides steps from (open triggers,
 * unanswered disputes, who receives what).
 */
@Injectable()
export class ReminderRepository {
  constructor(private readonly db: Db) {}

  /** The partnership's policy, or null when it has none (nothing is sent). */
  async policy(partnershipId: string): Promise<ReminderPolicy | null> {
    const row = await this.db.client.reminderPolicy.findUnique({ where: { partnershipId } });
    if (!row) return null;
    return {
      remindBeforeWorkingDays: row.remindBeforeWorkingDays,
      overdueEveryWorkingDays: row.overdueEveryWorkingDays,
      escalateAfterWorkingDays: row.escalateAfterWorkingDays,
      triggerEscalationWorkingDays: row.triggerEscalationWorkingDays,
      disputeEscalationWorkingDays: row.disputeEscalationWorkingDays,
    };
  }

  async savePolicy(partnershipId: string, policy: ReminderPolicy): Promise<void> {
    const values = {
      remindBeforeWorkingDays: policy.remindBeforeWorkingDays,
      overdueEveryWorkingDays: policy.overdueEveryWorkingDays,
      escalateAfterWorkingDays: policy.escalateAfterWorkingDays,
      triggerEscalationWorkingDays: policy.triggerEscalationWorkingDays,
      disputeEscalationWorkingDays: policy.disputeEscalationWorkingDays,
    };
    await this.db.client.reminderPolicy.upsert({
      where: { partnershipId },
      create: { partnershipId, ...values },
      update: { ...values, updatedAt: new Date() },
    });
  }

  /** Active partnerships whose policy sends anything, the ones the worker evaluates. */
  async partnershipsToRemind(): Promise<string[]> {
    const rows = await this.db.client.$queryRaw<{ id: string }[]>`
      SELECT p.partnership_id::text AS id
        FROM reminder_policies p JOIN partnerships s ON s.id = p.partnership_id
       WHERE s.status <> 'closed'
         AND num_nonnulls(p.remind_before_working_days, p.overdue_every_working_days,
                          p.escalate_after_working_days, p.trigger_escalation_working_days,
                          p.dispute_escalation_working_days) > 0
       ORDER BY p.partnership_id`;
    return rows.map((r) => r.id);
  }

  /** The steps sent about a quarter's obligations (its data and returns), oldest first. */
  quarterSteps(
    partnershipId: string,
    quarterLabel: string,
  ): Promise<{ subjectKey: string; step: string; recipients: number; sentAt: Date }[]> {
    return this.db.client.reminderStep.findMany({
      where: { partnershipId, subjectKey: { startsWith: `obligation:${quarterLabel}:` } },
      select: { subjectKey: true, step: true, recipients: true, sentAt: true },
      orderBy: { sentAt: 'asc' },
    });
  }

  /** The steps already sent for these subjects, by subject. */
  async sentSteps(partnershipId: string, subjectKeys: string[]): Promise<Map<string, string[]>> {
    const sent = new Map<string, string[]>();
    if (subjectKeys.length === 0) return sent;
    const rows = await this.db.client.reminderStep.findMany({
      where: { partnershipId, subjectKey: { in: subjectKeys } },
      select: { subjectKey: true, step: true },
    });
    for (const r of rows) sent.set(r.subjectKey, [...(sent.get(r.subjectKey) ?? []), r.step]);
    return sent;
  }

  /**
   * Takes the step's key: true when this call inserted it (the caller sends the step, in the same
   * transaction), false when it was taken before (another worker, an earlier run sent it).
   */
  async claimStep(partnershipId: string, step: NewReminderStep): Promise<boolean> {
    const inserted = await this.db.client.$executeRaw`
      INSERT INTO reminder_steps (partnership_id, subject_key, step, event_type, as_of, payload)
      VALUES (${partnershipId}::uuid, ${step.subjectKey}, ${step.step}, ${step.eventType},
              ${step.asOf}::date, ${JSON.stringify(step.payload)}::jsonb)
      ON CONFLICT (partnership_id, subject_key, step) DO NOTHING`;
    return inserted === 1;
  }

  async setRecipients(
    partnershipId: string,
    subjectKey: string,
    step: string,
    recipients: number,
  ): Promise<void> {
    await this.db.client.reminderStep.update({
      where: { partnershipId_subjectKey_step: { partnershipId, subjectKey, step } },
      data: { recipients },
    });
  }

  /** Triggers not yet acknowledged, oldest first. */
  openTriggers(partnershipId: string): Promise<OpenTrigger[]> {
    return this.db.client.$queryRaw<OpenTrigger[]>`
      SELECT t.id::text AS id, t.provider_org_id::text AS "providerOrgId", o.name AS "providerName",
             t.to_state::text AS "toState", to_char(t.window_start, 'YYYY-MM-DD') AS "windowStart",
             to_char(t.window_end, 'YYYY-MM-DD') AS "windowEnd",
             to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS "raisedOn"
        FROM share_triggers t JOIN organisations o ON o.id = t.provider_org_id
       WHERE t.partnership_id = ${partnershipId}::uuid AND t.status = 'open'
       ORDER BY t.created_at, t.id`;
  }

  /** Disputed records whose latest dispute has no answer after it, oldest dispute first. */
  unansweredDisputes(partnershipId: string): Promise<UnansweredDispute[]> {
    return this.db.client.$queryRaw<UnansweredDispute[]>`
      SELECT d.id::text AS "recordId", v.id::text AS "reviewId",
             d.provider_org_id::text AS "providerOrgId", o.name AS "providerName",
             d.outcome_id::text AS "outcomeId", oc.title AS "outcomeTitle",
             to_char(d.activity_date, 'YYYY-MM-DD') AS "activityDate", v.note AS reason,
             to_char(v.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS "disputedOn"
        FROM delivery_records d
        JOIN organisations o ON o.id = d.provider_org_id
        JOIN outcomes oc ON oc.partnership_id = d.partnership_id AND oc.id = d.outcome_id
        JOIN LATERAL (
          SELECT r.id, r.note, r.occurred_at FROM delivery_record_reviews r
           WHERE r.partnership_id = d.partnership_id AND r.record_id = d.id AND r.event = 'disputed'
           ORDER BY r.id DESC LIMIT 1) v ON true
       WHERE d.partnership_id = ${partnershipId}::uuid AND d.status = 'disputed'
         AND NOT EXISTS (SELECT 1 FROM delivery_record_reviews a
                          WHERE a.partnership_id = d.partnership_id AND a.record_id = d.id
                            AND a.event = 'answered' AND a.id > v.id)
       ORDER BY v.occurred_at, d.id`;
  }

  /**
   * Users holding one of `roles` in the partnership (only those for `organisationId` when given),
   * not disabled nor suspended in the partnership, with their channels (no preference row: both on); each user once.
   */
  recipients(
    partnershipId: string,
    roles: PartnershipRole[],
    organisationId?: string,
  ): Promise<Recipient[]> {
    const only = organisationId
      ? Prisma.sql`AND r.organisation_id = ${organisationId}::uuid`
      : Prisma.empty;
    return this.db.client.$queryRaw<Recipient[]>`
      SELECT DISTINCT u.id::text AS "userId", u.email, u.name,
             coalesce(p.in_app, true) AS "inApp", coalesce(p.email, true) AS "emailOn"
        FROM user_roles r
        JOIN users u ON u.id = r.user_id
        LEFT JOIN notification_preferences p ON p.user_id = u.id
       WHERE r.partnership_id = ${partnershipId}::uuid
         AND r.role::text = ANY(${roles}::text[]) ${only}
         AND r.suspended_at IS NULL AND u.disabled_at IS NULL
       ORDER BY u.email`;
  }
}
