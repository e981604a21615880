import type { ReviewRoundView } from '@ol/persistence';
import { historyOf, signOffOf } from './sign-off-state';

const at = (minute: number) => new Date(Date.UTC(2026, 6, 20, 9, minute));
const board = [
  { userId: 'ann', organisationId: 'council' },
  { userId: 'bob', organisationId: 'trust' },
  { userId: 'cat', organisationId: null },
];

function round(
  n: number,
  status: ReviewRoundView['status'],
  decisions: [string, 'approved' | 'declined', string | null][],
  settled?: { by: string; minute: number },
): ReviewRoundView {
  return {
    id: `r${n}`,
    reportId: 'v1',
    round: n,
    rule: { kind: 'quorum', quorum: 2 },
    status,
    openedBy: 'admin',
    openedAt: at(n * 10),
    settledBy: settled?.by ?? null,
    settledAt: settled ? at(settled.minute) : null,
    decisions: decisions.map(([reviewerId, decision, comment], i) => ({
      id: `${n}-${i}`,
      reviewerId,
      organisationId: board.find((b) => b.userId === reviewerId)?.organisationId ?? null,
      decision,
      comment,
      decidedAt: at(n * 10 + i + 1),
    })),
  };
}

describe('signOffOf', () => {
  it('is none for a version never put to review', () => {
    expect(signOffOf([], board)).toMatchObject({
      status: 'none',
      round: null,
      ruleKind: null,
      progress: null,
      approvals: [],
      declines: [],
    });
  });

  it('shows an open round’s progress with today’s board', () => {
    const state = signOffOf([round(1, 'in_review', [['ann', 'approved', null]])], board);
    expect(state).toMatchObject({
      status: 'in_review',
      round: 1,
      ruleKind: 'quorum',
      quorum: 2,
      putToReviewBy: 'admin',
      progress: { needed: 2, counted: 1, awaitingOrganisations: [] },
      approvals: [{ round: 1, reviewerId: 'ann', organisationId: 'council' }],
    });
  });

  it('keeps every round’s declines and the latest round’s approvals and end', () => {
    const rounds = [
      round(
        1,
        'declined',
        [
          ['ann', 'declined', 'Targets look wrong'],
          ['bob', 'declined', 'Agreed'],
        ],
        { by: 'bob', minute: 13 },
      ),
      round(
        2,
        'signed_off',
        [
          ['ann', 'approved', null],
          ['cat', 'approved', 'Fine'],
        ],
        { by: 'cat', minute: 23 },
      ),
    ];
    expect(signOffOf(rounds, board)).toMatchObject({
      status: 'signed_off',
      round: 2,
      progress: null,
      approvals: [{ reviewerId: 'ann' }, { reviewerId: 'cat', comment: 'Fine' }],
      declines: [
        { round: 1, reviewerId: 'ann', comment: 'Targets look wrong' },
        { round: 1, reviewerId: 'bob', comment: 'Agreed' },
      ],
      signedOffBy: 'cat',
      signedOffAt: at(23).toISOString(),
      declinedAt: null,
    });
    expect(signOffOf(rounds.slice(0, 1), board)).toMatchObject({
      status: 'declined',
      declinedAt: at(13).toISOString(),
      signedOffAt: null,
    });
  });
});

describe('historyOf', () => {
  it('orders versions, the quarter’s steps and review steps by time', () => {
    const history = historyOf(
      [
        {
          id: 'v1',
          version: 1,
          restatement: false,
          createdAt: at(0),
          rounds: [
            round(
              1,
              'signed_off',
              [
                ['ann', 'approved', null],
                ['bob', 'approved', null],
              ],
              { by: 'bob', minute: 12 },
            ),
          ],
        },
        { id: 'v2', version: 2, restatement: true, createdAt: at(40), rounds: [] },
      ],
      [
        { id: '1', event: 'closed', actorId: 'admin', reason: null, occurredAt: at(5) },
        { id: '2', event: 'reopened', actorId: 'admin', reason: 'Late data', occurredAt: at(30) },
      ],
    );
    expect(history.map((e) => [e.event, e.version, e.round])).toEqual([
      ['issued', 1, null],
      ['period_closed', null, null],
      ['put_to_review', 1, 1],
      ['approved', 1, 1],
      ['approved', 1, 1],
      ['signed_off', 1, 1],
      ['period_reopened', null, null],
      ['restated', 2, null],
    ]);
    expect(history[6]).toMatchObject({ actorUserId: 'admin', comment: 'Late data' });
  });

  it('puts a decision before the end it caused at the same instant', () => {
    const r = round(1, 'signed_off', [['ann', 'approved', null]], { by: 'ann', minute: 11 });
    const history = historyOf(
      [{ id: 'v1', version: 1, restatement: false, createdAt: at(0), rounds: [r] }],
      [],
    );
    expect(history.map((e) => e.event)).toEqual([
      'issued',
      'put_to_review',
      'approved',
      'signed_off',
    ]);
  });
});

describe('historyOf with reminders', () => {
  it('puts the reminders and escalations about the quarter’s obligations in time order, naming the provider', () => {
    const history = historyOf(
      [{ id: 'v1', version: 1, restatement: false, createdAt: at(20), rounds: [] }],
      [{ id: '1', event: 'closed', actorId: 'admin', reason: null, occurredAt: at(30) }],
      [
        {
          subjectKey: 'obligation:2026-27 Q1:acme:delivery',
          step: 'overdue-2',
          recipients: 1,
          sentAt: at(5),
        },
        {
          subjectKey: 'obligation:2026-27 Q1:acme:return',
          step: 'escalation',
          recipients: 2,
          sentAt: at(10),
        },
      ],
    );
    expect(history.map((e) => [e.event, e.organisationId, e.comment])).toEqual([
      ['reminder_sent', 'acme', 'delivery data: overdue-2 (1 recipient)'],
      ['reminder_escalated', 'acme', 'financial return: escalation (2 recipients)'],
      ['issued', null, null],
      ['period_closed', null, null],
    ]);
  });
});
