import { weekdayOf, type ChasedObligation, type ObligationStep } from '@ol/outcomes';
import {
  NotificationEventType,
  type OpenTrigger,
  type Recipient,
  type UnansweredDispute,
  type InputJsonObject,
} from '@ol/persistence';

/** What a step says, on every channel: a title, what is due by when, and a link. */
export interface StepMessage {
  eventType: NotificationEventType;
  /** In-app title; the email subject after the partnership's name. */
  title: string;
  /** Plain text: what is due, by when, how late. */
  body: string;
  link: string;
  /** The webhook event's data (ids, dates; no personal data). */
  payload: InputJsonObject;
}

/** Names the messages use. */
export interface MessageContext {
  publicUrl: string;
  partnershipId: string;
  partnershipName: string;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** `2027-01-14` as `Thursday 14 January 2027 (2027-01-14)`: no locale data needed. */
export function longDate(iso: string): string {
  const [year, month, day] = iso.split('-').map(Number);
  return `${WEEKDAYS[weekdayOf(iso) - 1]} ${day} ${MONTHS[month - 1]} ${year} (${iso})`;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function urlOf(ctx: MessageContext, path: string): string {
  return `${ctx.publicUrl.replace(/\/+$/, '')}/v1/partnerships/${ctx.partnershipId}${path}`;
}

/** A provider's delivery data or return for a quarter: one step of its chase. */
export function obligationMessage(
  ctx: MessageContext,
  obligation: ChasedObligation & { quarter: string; providerName: string },
  step: ObligationStep,
  outcomeNames: ReadonlyMap<string, string>,
): StepMessage {
  const what =
    obligation.kind === 'delivery'
      ? `delivery data for ${obligation.quarter}`
      : `open-book financial return for ${obligation.quarter}`;
  const due = longDate(obligation.dueBy);
  const lines: string[] = [];
  let title: string;
  if (step.kind === 'before_deadline') {
    title = `${capital(what)} is due by ${obligation.dueBy}`;
    lines.push(`${obligation.providerName}'s ${what} is due by ${due}.`);
  } else {
    const late = plural(step.workingDaysOverdue, 'working day');
    title =
      step.kind === 'escalation'
        ? `Escalation: ${obligation.providerName}'s ${what} is ${late} overdue`
        : `${capital(what)} is overdue (due ${obligation.dueBy})`;
    lines.push(`${obligation.providerName}'s ${what} was due by ${due} and is ${late} overdue.`);
  }
  if (obligation.outstanding.length > 0) {
    lines.push('', 'Still outstanding:');
    for (const o of obligation.outstanding) {
      const months =
        o.monthsMissing.length > 0 ? `: no data for ${o.monthsMissing.join(', ')}` : '';
      lines.push(`- ${outcomeNames.get(o.outcomeId) ?? o.outcomeId}${months}`);
    }
  }
  if (step.kind === 'escalation') {
    lines.push('', 'Reminders have not brought it in; it is escalated to the partnership admins.');
  }
  const link = urlOf(ctx, `/obligations?quarter=${encodeURIComponent(obligation.quarter)}`);
  return {
    eventType:
      step.kind === 'escalation'
        ? NotificationEventType.ObligationEscalated
        : NotificationEventType.ObligationReminder,
    title,
    body: lines.join('\n'),
    link,
    payload: {
      stage: step.kind,
      step: step.key,
      quarter: obligation.quarter,
      providerOrgId: obligation.providerId,
      obligation: obligation.kind,
      dueBy: obligation.dueBy,
      workingDaysOverdue: step.workingDaysOverdue,
      outstanding: obligation.outstanding.map((o) => ({
        outcomeId: o.outcomeId,
        monthsMissing: o.monthsMissing,
      })),
      link,
    },
  };
}

/** A trigger still unacknowledged, escalated to finance. */
export function triggerMessage(
  ctx: MessageContext,
  trigger: OpenTrigger,
  workingDays: number,
): StepMessage {
  const link = urlOf(ctx, `/triggers/${trigger.id}`);
  return {
    eventType: NotificationEventType.TriggerUnacknowledged,
    title: `Escalation: a profit-share trigger for ${trigger.providerName} is unacknowledged`,
    body: [
      `A profit-share trigger (${trigger.toState.replace('_', '-')}) for ${trigger.providerName}, window ${trigger.windowStart} to ${trigger.windowEnd}, was raised on ${longDate(trigger.raisedOn)} and has not been acknowledged after ${plural(workingDays, 'working day')}.`,
      '',
      'Finance: acknowledge it now (POST …/acknowledge), then settle it.',
    ].join('\n'),
    link,
    payload: {
      triggerId: trigger.id,
      providerOrgId: trigger.providerOrgId,
      raisedOn: trigger.raisedOn,
      workingDays,
      link,
    },
  };
}

/** A dispute the provider has not answered, escalated to verifiers and admins. */
export function disputeMessage(
  ctx: MessageContext,
  dispute: UnansweredDispute,
  workingDays: number,
): StepMessage {
  const link = urlOf(ctx, `/delivery-records/${dispute.recordId}`);
  return {
    eventType: NotificationEventType.DisputeUnanswered,
    title: `Escalation: a dispute on ${dispute.providerName}'s delivery record ${dispute.recordId} is unanswered`,
    body: [
      `${dispute.providerName}'s delivery record ${dispute.recordId} (${dispute.outcomeTitle}, ${dispute.activityDate}) was disputed on ${longDate(dispute.disputedOn)} and the provider has not answered after ${plural(workingDays, 'working day')}.`,
      ...(dispute.reason ? [`The dispute: ${dispute.reason}`] : []),
      '',
      'Verifiers: resolve it (accept or uphold), answered or not.',
    ].join('\n'),
    link,
    payload: {
      recordId: dispute.recordId,
      reviewId: dispute.reviewId,
      providerOrgId: dispute.providerOrgId,
      outcomeId: dispute.outcomeId,
      disputedOn: dispute.disputedOn,
      workingDays,
      link,
    },
  };
}

/** The email of a step to one recipient: subject and plain-text body. */
export function emailOf(
  ctx: MessageContext,
  message: StepMessage,
  recipient: Pick<Recipient, 'name'>,
): { subject: string; body: string } {
  return {
    subject: `${ctx.partnershipName}: ${message.title}`,
    body: [
      `Hello ${recipient.name},`,
      '',
      message.body,
      '',
      `Open it: ${message.link}`,
      '',
      '--',
      `Outcomes Ledger, for ${ctx.partnershipName}. Choose how you are told (in-app, email): ${ctx.publicUrl.replace(/\/+$/, '')}/v1/me/notification-preferences`,
    ].join('\n'),
  };
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
