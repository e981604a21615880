import { ValidationError } from '../errors';
import { parseQuarterLabel } from '../periods/financial-periods';
import { DEFAULT_CALENDAR_SETTINGS, quarterCalendar } from '../calendar/quarter-calendar';
import { quarterObligations } from '../calendar/obligations';
import type { ReminderPolicy } from './reminder-policy';
import {
  chasedObligations,
  escalationDue,
  obligationStepDue,
  type ObligationStepInput,
} from './reminder-steps';

// The deadline 2026-07-14 is a Tuesday. Working days: Wed 15, Thu 16, Fri 17, Mon 20, Tue 21,
// Wed 22, Thu 23, Fri 24, Mon 27 …
const policy: ReminderPolicy = {
  remindBeforeWorkingDays: 2,
  overdueEveryWorkingDays: 2,
  escalateAfterWorkingDays: 5,
  triggerEscalationWorkingDays: 3,
  disputeEscalationWorkingDays: 3,
};
const input = (over: Partial<ObligationStepInput>): ObligationStepInput => ({
  policy,
  dueBy: '2026-07-14',
  status: 'pending',
  asOf: '2026-07-10',
  sent: [],
  ...over,
});

describe(obligationStepDue.name, () => {
  it.each([
    // Friday 10th: Mon, Tue left (2 working days): the reminder before the deadline.
    ['2026-07-09', 'pending', null],
    ['2026-07-10', 'pending', 'before'],
    ['2026-07-12', 'pending', 'before'],
    ['2026-07-14', 'pending', 'before'],
    // Overdue: 1 working day late, nothing yet; 2 and 3: the first overdue reminder; 4: the second.
    ['2026-07-15', 'overdue', null],
    ['2026-07-16', 'overdue', 'overdue-2'],
    ['2026-07-17', 'overdue', 'overdue-2'],
    ['2026-07-19', 'overdue', 'overdue-2'],
    ['2026-07-20', 'overdue', 'overdue-4'],
    // 5 working days late: the escalation; and for ever after.
    ['2026-07-21', 'overdue', 'escalation'],
    ['2026-09-01', 'overdue', 'escalation'],
    // Complete: nothing, however late.
    ['2026-07-21', 'complete', null],
    ['2026-07-10', 'complete', null],
  ] as const)('on %s, %s: %s', (asOf, status, key) => {
    expect(obligationStepDue(input({ asOf, status }))?.key ?? null).toBe(key);
  });

  it('says how late the obligation is', () => {
    expect(obligationStepDue(input({ asOf: '2026-07-20', status: 'overdue' }))).toEqual({
      kind: 'overdue',
      key: 'overdue-4',
      workingDaysOverdue: 4,
    });
  });

  it('sends each step once', () => {
    expect(obligationStepDue(input({ sent: ['before'] }))).toBeNull();
    expect(
      obligationStepDue(
        input({ asOf: '2026-07-17', status: 'overdue', sent: ['before', 'overdue-2'] }),
      ),
    ).toBeNull();
    expect(
      obligationStepDue(input({ asOf: '2026-09-01', status: 'overdue', sent: ['escalation'] })),
    ).toBeNull();
  });

  it('sends the latest step reached after a stop, not each one missed', () => {
    const step = obligationStepDue(input({ asOf: '2026-07-20', status: 'overdue', sent: [] }));
    expect(step?.key).toBe('overdue-4');
    // And an earlier step is never sent after a later one.
    expect(
      obligationStepDue(input({ asOf: '2026-07-16', status: 'overdue', sent: ['overdue-4'] })),
    ).toBeNull();
  });

  it('counts working days around holidays', () => {
    // Thursday 16th a holiday: on the 17th the obligation is 2 working days late, not 3.
    const step = obligationStepDue(
      input({ asOf: '2026-07-20', status: 'overdue', holidays: ['2026-07-16'] }),
    );
    expect(step).toMatchObject({ key: 'overdue-2', workingDaysOverdue: 3 });
  });

  it.each([
    [{ remindBeforeWorkingDays: null }, '2026-07-14', 'pending'],
    [{ overdueEveryWorkingDays: null }, '2026-07-20', 'overdue'],
  ] as const)('sends nothing for a step switched off (%j on %s)', (off, asOf, status) => {
    expect(obligationStepDue(input({ policy: { ...policy, ...off }, asOf, status }))).toBeNull();
  });

  it('reminds while overdue for ever without an escalation', () => {
    const open = { ...policy, escalateAfterWorkingDays: null };
    expect(
      obligationStepDue(input({ policy: open, asOf: '2026-07-28', status: 'overdue' }))?.key,
    ).toBe('overdue-10');
  });

  it('escalates without overdue reminders', () => {
    const only = { ...policy, overdueEveryWorkingDays: null };
    expect(
      obligationStepDue(input({ policy: only, asOf: '2026-07-20', status: 'overdue' })),
    ).toBeNull();
    expect(
      obligationStepDue(input({ policy: only, asOf: '2026-07-21', status: 'overdue' }))?.kind,
    ).toBe('escalation');
  });

  it('refuses a policy that breaks a rule, or a key that is no step', () => {
    expect(() =>
      obligationStepDue(input({ policy: { ...policy, overdueEveryWorkingDays: 5 } })),
    ).toThrow(expect.objectContaining({ field: 'overdueEveryWorkingDays' }));
    expect(() => obligationStepDue(input({ sent: ['later'] }))).toThrow(ValidationError);
  });
});

describe(escalationDue.name, () => {
  // Raised Friday 2026-07-10; three working days later is Wednesday the 15th.
  it.each([
    ['2026-07-14', 3, false, false],
    ['2026-07-15', 3, false, true],
    ['2026-08-15', 3, false, true],
    ['2026-08-15', 3, true, false],
    ['2026-08-15', null, false, false],
  ] as const)('on %s after %s working days (sent %s): %s', (asOf, after, sent, due) => {
    expect(escalationDue({ since: '2026-07-10', asOf, afterWorkingDays: after, sent })).toBe(due);
  });

  it('skips holidays', () => {
    expect(
      escalationDue({
        since: '2026-07-10',
        asOf: '2026-07-15',
        afterWorkingDays: 3,
        holidays: ['2026-07-13'],
        sent: false,
      }),
    ).toBe(false);
  });
});

describe(chasedObligations.name, () => {
  const calendar = quarterCalendar(parseQuarterLabel('2026-27 Q1'), DEFAULT_CALENDAR_SETTINGS);
  const owed = (asOf: string, months: string[][], revisions: number) =>
    quarterObligations({
      calendar,
      asOf,
      providers: ['acme'],
      outcomes: [
        { id: 'jobs', hasChildren: false },
        { id: 'homes', hasChildren: false },
      ],
      deliveries: months.map((m, i) => ({
        providerId: 'acme',
        outcomeId: i === 0 ? 'jobs' : 'homes',
        monthsWithData: m,
        reportedBefore: true,
      })),
      returns: [{ providerId: 'acme', revisions }],
    })[0];

  it('makes the delivery data one obligation listing what is outstanding, and the return another', () => {
    const [delivery, ret] = chasedObligations(
      owed('2026-07-20', [['2026-04', '2026-05', '2026-06'], ['2026-04']], 0),
    );
    expect(delivery).toEqual({
      providerId: 'acme',
      kind: 'delivery',
      dueBy: '2026-07-14',
      status: 'overdue',
      outstanding: [{ outcomeId: 'homes', monthsMissing: ['2026-05', '2026-06'] }],
    });
    expect(ret).toEqual({
      providerId: 'acme',
      kind: 'return',
      dueBy: '2026-07-28',
      status: 'pending',
      outstanding: [],
    });
  });

  it.each([
    ['2026-07-01', [['2026-04'], ['2026-04']], 'pending'],
    [
      '2026-07-20',
      [
        ['2026-04', '2026-05', '2026-06'],
        ['2026-04', '2026-05', '2026-06'],
      ],
      'complete',
    ],
  ])('on %s with %j the delivery data is %s', (asOf, months, status) => {
    expect(chasedObligations(owed(asOf, months, 1))[0].status).toBe(status);
  });

  it('chases only the return of a provider that owes no delivery data', () => {
    const none = { ...owed('2026-07-20', [], 1), deliveries: [] };
    expect(chasedObligations(none).map((c) => c.kind)).toEqual(['return']);
  });
});
