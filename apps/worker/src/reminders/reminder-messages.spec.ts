import type { ChasedObligation, ObligationStep } from '@ol/outcomes';
import {
  disputeMessage,
  emailOf,
  longDate,
  obligationMessage,
  triggerMessage,
  type MessageContext,
} from './reminder-messages';

const ctx: MessageContext = {
  publicUrl: 'https://ledger.example.org/',
  partnershipId: 'p1',
  partnershipName: 'Riverside Alliance',
};
const delivery: ChasedObligation & { quarter: string; providerName: string } = {
  providerId: 'acme',
  kind: 'delivery',
  dueBy: '2027-01-14',
  status: 'overdue',
  outstanding: [{ outcomeId: 'jobs', monthsMissing: ['2026-11', '2026-12'] }],
  quarter: '2026-27 Q3',
  providerName: 'Acme Care',
};
const names = new Map([['jobs', 'Into work (JOBS)']]);
const step = (kind: ObligationStep['kind'], key: string, late: number): ObligationStep => ({
  kind,
  key,
  workingDaysOverdue: late,
});

describe(longDate.name, () => {
  it.each([
    ['2027-01-14', 'Thursday 14 January 2027 (2027-01-14)'],
    ['2026-02-28', 'Saturday 28 February 2026 (2026-02-28)'],
  ])('writes %s as %s', (iso, text) => {
    expect(longDate(iso)).toBe(text);
  });
});

describe(obligationMessage.name, () => {
  it('says what is due, by when and links to the quarter’s obligations, before the deadline', () => {
    const m = obligationMessage(
      ctx,
      { ...delivery, status: 'pending' },
      step('before_deadline', 'before', 0),
      names,
    );
    expect(m.eventType).toBe('obligation.reminder');
    expect(m.title).toBe('Delivery data for 2026-27 Q3 is due by 2027-01-14');
    expect(m.body).toBe(
      [
        "Acme Care's delivery data for 2026-27 Q3 is due by Thursday 14 January 2027 (2027-01-14).",
        '',
        'Still outstanding:',
        '- Into work (JOBS): no data for 2026-11, 2026-12',
      ].join('\n'),
    );
    expect(m.link).toBe(
      'https://ledger.example.org/v1/partnerships/p1/obligations?quarter=2026-27%20Q3',
    );
    expect(m.payload).toMatchObject({
      stage: 'before_deadline',
      step: 'before',
      providerOrgId: 'acme',
    });
  });

  it('says how late, and escalates a return to the admins', () => {
    const overdue = obligationMessage(ctx, delivery, step('overdue', 'overdue-2', 3), names);
    expect(overdue.title).toBe('Delivery data for 2026-27 Q3 is overdue (due 2027-01-14)');
    expect(overdue.body).toContain('and is 3 working days overdue.');
    const escalated = obligationMessage(
      ctx,
      { ...delivery, kind: 'return', dueBy: '2027-01-28', outstanding: [] },
      step('escalation', 'escalation', 1),
      names,
    );
    expect(escalated.eventType).toBe('obligation.escalated');
    expect(escalated.title).toBe(
      "Escalation: Acme Care's open-book financial return for 2026-27 Q3 is 1 working day overdue",
    );
    expect(escalated.body).toContain('escalated to the partnership admins');
    expect(escalated.body).not.toContain('Still outstanding');
  });
});

describe(triggerMessage.name, () => {
  it('names the provider, the window and when it was raised', () => {
    const m = triggerMessage(
      ctx,
      {
        id: 't1',
        providerOrgId: 'acme',
        providerName: 'Acme Care',
        toState: 'pain_share',
        windowStart: '2026-04-01',
        windowEnd: '2026-12-31',
        raisedOn: '2027-01-04',
      },
      5,
    );
    expect(m.eventType).toBe('trigger.unacknowledged');
    expect(m.body).toContain('(pain-share) for Acme Care, window 2026-04-01 to 2026-12-31');
    expect(m.body).toContain('after 5 working days');
    expect(m.link).toBe('https://ledger.example.org/v1/partnerships/p1/triggers/t1');
  });
});

describe(disputeMessage.name, () => {
  it('names the record, its outcome and the dispute’s reason', () => {
    const dispute = {
      recordId: '42',
      reviewId: '7',
      providerOrgId: 'acme',
      providerName: 'Acme Care',
      outcomeId: 'jobs',
      outcomeTitle: 'Into work',
      activityDate: '2026-11-15',
      disputedOn: '2027-01-04',
    };
    const m = disputeMessage(ctx, { ...dispute, reason: 'No evidence' }, 1);
    expect(m.eventType).toBe('dispute.unanswered');
    expect(m.body).toContain('delivery record 42 (Into work, 2026-11-15)');
    expect(m.body).toContain('The dispute: No evidence');
    expect(m.link).toBe('https://ledger.example.org/v1/partnerships/p1/delivery-records/42');
    expect(disputeMessage(ctx, { ...dispute, reason: null }, 1).body).not.toContain('The dispute');
  });
});

describe(emailOf.name, () => {
  it('greets the recipient, says what is due and gives the link', () => {
    const m = obligationMessage(ctx, delivery, step('overdue', 'overdue-2', 2), names);
    const mail = emailOf(ctx, m, { name: 'Sam' });
    expect(mail.subject).toBe(
      'Riverside Alliance: Delivery data for 2026-27 Q3 is overdue (due 2027-01-14)',
    );
    expect(mail.body.split('\n').slice(0, 3)).toEqual([
      'Hello Sam,',
      '',
      "Acme Care's delivery data for 2026-27 Q3 was due by Thursday 14 January 2027 (2027-01-14) and is 2 working days overdue.",
    ]);
    expect(mail.body).toContain(`Open it: ${m.link}`);
    expect(mail.body).toContain('https://ledger.example.org/v1/me/notification-preferences');
  });
});
