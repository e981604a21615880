import type { ReminderPolicy } from '@ol/outcomes';
import type { Partnership } from '@ol/persistence';
import type { WorkerConfig } from '../config/worker.config';
import type { ChasedSubject, ObligationSubjects } from './obligation-subjects';
import { ReminderEvaluator } from './reminder-evaluator.service';
import type { DueStep, ReminderSender } from './reminder-sender';
import { WorkerClock } from './worker-clock';

const POLICY: ReminderPolicy = {
  remindBeforeWorkingDays: 3,
  overdueEveryWorkingDays: 2,
  escalateAfterWorkingDays: 5,
  triggerEscalationWorkingDays: 3,
  disputeEscalationWorkingDays: 3,
};

const subject = (kind: 'delivery' | 'return', status: 'pending' | 'overdue' | 'complete') =>
  ({
    key: `obligation:2026-27 Q3:acme:${kind}`,
    quarter: '2026-27 Q3',
    providerName: 'Acme Care',
    obligation: { providerId: 'acme', kind, dueBy: '2027-01-14', status, outstanding: [] },
  }) satisfies ChasedSubject;

/** The evaluator on fakes: what it decides on a day, and to whom (the sender records). */
function evaluatorOn(
  day: string,
  opts: {
    policy?: ReminderPolicy | null;
    sent?: Map<string, string[]>;
    subjects?: ChasedSubject[];
  } = {},
) {
  const sent: DueStep[] = [];
  const config = { PUBLIC_URL: 'https://ledger.example.org', CLOCK_FIXED_AT: `${day}T09:00:00Z` };
  const reminders = {
    policy: () => Promise.resolve(opts.policy === undefined ? POLICY : opts.policy),
    sentSteps: (_: string, keys: string[]) =>
      Promise.resolve(
        new Map([...(opts.sent ?? new Map<string, string[]>())].filter(([k]) => keys.includes(k))),
      ),
    openTriggers: () =>
      Promise.resolve([
        {
          id: 't1',
          providerOrgId: 'acme',
          providerName: 'Acme Care',
          toState: 'above',
          windowStart: '2026-04-01',
          windowEnd: '2026-12-31',
          raisedOn: '2027-01-11',
        },
      ]),
    unansweredDisputes: () =>
      Promise.resolve([
        {
          recordId: '42',
          reviewId: '7',
          providerOrgId: 'acme',
          providerName: 'Acme Care',
          outcomeId: 'jobs',
          outcomeTitle: 'Into work',
          activityDate: '2026-11-15',
          reason: null,
          disputedOn: '2027-01-13',
        },
      ]),
  };
  const evaluator = new ReminderEvaluator(
    config as WorkerConfig,
    new WorkerClock(config as WorkerConfig),
    { findById: () => Promise.resolve({ id: 'p1', name: 'Riverside' } as Partnership) } as never,
    { holidays: () => Promise.resolve([]) } as never,
    reminders as never,
    {
      of: () =>
        Promise.resolve({
          subjects: opts.subjects ?? [subject('delivery', 'overdue'), subject('return', 'pending')],
          outcomeNames: new Map(),
        }),
    } as unknown as ObligationSubjects,
    {
      send: (_: string, __: unknown, step: DueStep) => {
        sent.push(step);
        return Promise.resolve(true);
      },
    } as unknown as ReminderSender,
  );
  return { evaluator, sent };
}

describe(ReminderEvaluator.name, () => {
  it('on the deadline day reminds the provider of each obligation not complete', async () => {
    const { evaluator, sent } = evaluatorOn('2027-01-14', {
      subjects: [subject('delivery', 'pending'), subject('return', 'complete')],
      policy: { ...POLICY, triggerEscalationWorkingDays: null },
    });
    await expect(evaluator.evaluate('p1')).resolves.toEqual({ due: 1, sent: 1 });
    expect(sent[0]).toMatchObject({
      subjectKey: 'obligation:2026-27 Q3:acme:delivery',
      step: 'before',
      asOf: '2027-01-14',
      audience: { roles: ['provider'], organisationId: 'acme' },
      entity: { type: 'organisation', id: 'acme' },
    });
  });

  it('escalates an obligation to the admins, a trigger to finance, a dispute to verifiers and admins', async () => {
    const { evaluator, sent } = evaluatorOn('2027-01-21', {
      subjects: [subject('delivery', 'overdue')],
    });
    await evaluator.evaluate('p1');
    expect(sent.map((s) => [s.subjectKey, s.step, s.audience.roles])).toEqual([
      ['obligation:2026-27 Q3:acme:delivery', 'escalation', ['admin']],
      ['trigger:t1', 'escalation', ['finance']],
      ['dispute:42:7', 'escalation', ['verifier', 'admin']],
    ]);
    expect(sent[1].message.eventType).toBe('trigger.unacknowledged');
  });

  it('decides nothing already sent', async () => {
    const { evaluator, sent } = evaluatorOn('2027-01-21', {
      subjects: [subject('delivery', 'overdue')],
      sent: new Map([
        ['obligation:2026-27 Q3:acme:delivery', ['before', 'overdue-2', 'escalation']],
        ['trigger:t1', ['escalation']],
        ['dispute:42:7', ['escalation']],
      ]),
    });
    await expect(evaluator.evaluate('p1')).resolves.toEqual({ due: 0, sent: 0 });
    expect(sent).toEqual([]);
  });

  it('waits until the trigger and dispute are old enough', async () => {
    const { evaluator, sent } = evaluatorOn('2027-01-14', { subjects: [] });
    await evaluator.evaluate('p1');
    expect(sent.map((s) => s.subjectKey)).toEqual(['trigger:t1']);
  });

  it.each([
    ['no policy', null],
    [
      'every step off',
      {
        remindBeforeWorkingDays: null,
        overdueEveryWorkingDays: null,
        escalateAfterWorkingDays: null,
        triggerEscalationWorkingDays: null,
        disputeEscalationWorkingDays: null,
      },
    ],
  ])('sends nothing with %s', async (_, policy) => {
    const { evaluator, sent } = evaluatorOn('2027-01-21', { policy });
    await expect(evaluator.evaluate('p1')).resolves.toEqual({ due: 0, sent: 0 });
    expect(sent).toEqual([]);
  });
});
