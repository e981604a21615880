import {
  NO_REMINDERS,
  reminderPolicyProblems,
  remindsAnything,
  type ReminderPolicy,
} from './reminder-policy';

const policy = (over: Partial<ReminderPolicy>): ReminderPolicy => ({
  remindBeforeWorkingDays: 3,
  overdueEveryWorkingDays: 2,
  escalateAfterWorkingDays: 5,
  triggerEscalationWorkingDays: 5,
  disputeEscalationWorkingDays: 10,
  ...over,
});

describe(reminderPolicyProblems.name, () => {
  it('finds nothing wrong with a full policy, nothing set, or a reminder on the deadline day', () => {
    expect(reminderPolicyProblems(policy({}))).toEqual([]);
    expect(reminderPolicyProblems(NO_REMINDERS)).toEqual([]);
    expect(reminderPolicyProblems(policy({ remindBeforeWorkingDays: 0 }))).toEqual([]);
  });

  it.each([
    ['remindBeforeWorkingDays', -1],
    ['remindBeforeWorkingDays', 131],
    ['overdueEveryWorkingDays', 0],
    ['escalateAfterWorkingDays', 1.5],
    ['triggerEscalationWorkingDays', 0],
    ['disputeEscalationWorkingDays', 131],
  ] as const)('names %s = %s out of range', (field, value) => {
    expect(reminderPolicyProblems(policy({ [field]: value }))).toEqual([
      expect.objectContaining({ field, value }),
    ]);
  });

  it.each([
    [5, 5],
    [6, 5],
  ])('refuses a reminder every %i days when the escalation comes after %i', (every, escalate) => {
    const [problem] = reminderPolicyProblems(
      policy({ overdueEveryWorkingDays: every, escalateAfterWorkingDays: escalate }),
    );
    expect(problem).toMatchObject({ field: 'overdueEveryWorkingDays', value: every });
    expect(problem.reason).toContain('a reminder after the escalation');
  });

  it('allows overdue reminders one day before the escalation, or either alone', () => {
    expect(
      reminderPolicyProblems(policy({ overdueEveryWorkingDays: 4, escalateAfterWorkingDays: 5 })),
    ).toEqual([]);
    expect(reminderPolicyProblems(policy({ escalateAfterWorkingDays: null }))).toEqual([]);
    expect(reminderPolicyProblems(policy({ overdueEveryWorkingDays: null }))).toEqual([]);
  });
});

describe(remindsAnything.name, () => {
  it('is false only when every step is off', () => {
    expect(remindsAnything(NO_REMINDERS)).toBe(false);
    expect(remindsAnything({ ...NO_REMINDERS, disputeEscalationWorkingDays: 1 })).toBe(true);
  });
});
