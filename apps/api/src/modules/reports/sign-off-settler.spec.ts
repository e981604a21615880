import type { BoardMember } from '@ol/outcomes';
import type { AuditRepository, ReviewRoundView, SignOffRepository } from '@ol/persistence';
import { SignOffSettler } from './sign-off-settler';

const admin = { userId: 'admin', keyId: null };

function round(reportId: string, decisions: [string, 'approved' | 'declined'][]): ReviewRoundView {
  return {
    id: `round-${reportId}`,
    reportId,
    round: 1,
    rule: { kind: 'one_per_member_organisation' },
    status: 'in_review',
    openedBy: 'admin',
    openedAt: new Date('2026-07-20T09:00:00Z'),
    settledBy: null,
    settledAt: null,
    decisions: decisions.map(([reviewerId, decision], i) => ({
      id: String(i),
      reviewerId,
      organisationId: null,
      decision,
      comment: decision === 'declined' ? 'No' : null,
      decidedAt: new Date('2026-07-20T09:05:00Z'),
    })),
  };
}

/** A fake repository holding the open rounds and the board; records what it is asked to do. */
function fakes(rounds: ReviewRoundView[], board: BoardMember[]) {
  const settled: [string, string, string][] = [];
  const audited: string[] = [];
  const repo = {
    inReview: () => Promise.resolve(rounds.map((r) => r.reportId)),
    hold: () => Promise.resolve(),
    board: () => Promise.resolve(board),
    rounds: () => Promise.resolve(new Map(rounds.map((r) => [r.reportId, [r]]))),
    settle: (_: string, id: string, status: string, by: string) => {
      settled.push([id, status, by]);
      return Promise.resolve();
    },
  } as unknown as SignOffRepository;
  const audit = {
    record: (_: string, __: unknown, e: { action: string }) => {
      audited.push(e.action);
      return Promise.resolve();
    },
  } as unknown as AuditRepository;
  return { settler: new SignOffSettler(repo, audit), settled, audited };
}

describe(SignOffSettler.name, () => {
  it('signs off a round whose only missing organisation left the board', async () => {
    const { settler, settled, audited } = fakes(
      [round('v1', [['ann', 'approved']])],
      [{ userId: 'ann', organisationId: 'council' }],
    );
    await settler.afterBoardChange('p', admin, 'board role r revoked');
    expect(settled).toEqual([['round-v1', 'signed_off', 'admin']]);
    expect(audited).toEqual(['report.signed_off']);
  });

  it('declines a round the change puts out of reach, and leaves a round still open', async () => {
    const { settler, settled } = fakes(
      [round('v1', [['bob', 'declined']]), round('v2', [['ann', 'approved']])],
      [
        { userId: 'ann', organisationId: 'council' },
        { userId: 'bob', organisationId: 'trust' },
        { userId: 'cat', organisationId: 'fund' },
      ],
    );
    await settler.afterBoardChange('p', admin, 'member m removed');
    expect(settled).toEqual([['round-v1', 'declined', 'admin']]);
  });

  it('does nothing for a change made by a key without a user', async () => {
    const { settler, settled } = fakes([round('v1', [['ann', 'approved']])], []);
    await settler.afterBoardChange('p', { userId: null, keyId: 'k' }, 'x');
    expect(settled).toEqual([]);
  });
});
