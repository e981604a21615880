import Decimal from 'decimal.js';
import { CorrectionError, RecordFitError } from '@ol/outcomes';
import type {
  DeliveryRecord,
  DeliveryRecordRepository,
  MemberRepository,
  NewDeliveryRecord,
  OutcomeRepository,
} from '@ol/persistence';
import type { ReportRefresher } from '@ol/jobs';
import type { ApiConfig } from '../../config/api.config';
import { ProblemType } from '../../common/problems/problem';
import { toProblem } from '../../common/problems/problem-details.filter';
import {
  ACTOR,
  FakeAudit,
  FakePeriods,
  accessTo,
  fakeDb,
  problemOf,
  refusalOf,
  fakePartnerships,
} from '../../testing/service-fakes';
import { DeliveryRecordsService } from './delivery-records.service';
import type { CreateDeliveryRecordDto } from './dto/delivery-record.dto';

const PID = '11111111-1111-4111-8111-111111111111';
const ORG_A = '22222222-2222-4222-8222-22222222222a';
const ORG_B = '22222222-2222-4222-8222-22222222222b';
const OUTCOME = '33333333-3333-4333-8333-333333333333';
const ARCHIVED = '33333333-3333-4333-8333-3333333333ad';
const TERM = { start: '2026-04-01', end: '2099-03-31' };

/** Delivery records in memory: ids in order, idempotent on (provider, external reference). */
class FakeRecords implements Pick<DeliveryRecordRepository, 'insert' | 'find' | 'correctionsOf'> {
  readonly stored: DeliveryRecord[] = [];

  insert(
    partnershipId: string,
    data: NewDeliveryRecord,
  ): Promise<{ record: DeliveryRecord; created: boolean }> {
    const same = this.stored.find(
      (r) =>
        data.externalRef &&
        r.providerOrgId === data.providerOrgId &&
        r.externalRef === data.externalRef,
    );
    if (same) return Promise.resolve({ record: same, created: false });
    const record = {
      id: BigInt(this.stored.length + 1),
      partnershipId,
      outcomeId: data.outcomeId,
      providerOrgId: data.providerOrgId,
      activityDate: data.activityDate,
      quantity: new Decimal(data.quantity).toFixed(4),
      evidenceRef: data.evidenceRef ?? null,
      evidenceGrade: data.evidenceGrade ?? 'self_reported',
      externalRef: data.externalRef ?? null,
      kind: data.kind ?? 'original',
      correctsId: data.correctsId ?? null,
      correctionReason: data.correctionReason ?? null,
    } as unknown as DeliveryRecord;
    this.stored.push(record);
    return Promise.resolve({ record, created: true });
  }

  find(partnershipId: string, id: bigint): Promise<DeliveryRecord | null> {
    const r = this.stored.find((s) => s.id === id && s.partnershipId === partnershipId);
    return Promise.resolve(r ?? null);
  }

  correctionsOf(partnershipId: string, id: bigint): Promise<DeliveryRecord[]> {
    return Promise.resolve(
      this.stored.filter((s) => s.partnershipId === partnershipId && s.correctsId === id),
    );
  }

  /** What was stored, as the facts a spec compares. */
  get facts(): {
    kind: string;
    quantity: string;
    activityDate: string;
    correctsId: string | null;
  }[] {
    return this.stored.map((r) => ({
      kind: r.kind,
      quantity: r.quantity,
      activityDate: r.activityDate,
      correctsId: r.correctsId?.toString() ?? null,
    }));
  }
}

function setUp(closed: FakePeriods['closed'] = []) {
  const records = new FakeRecords();
  const outcomes: Pick<OutcomeRepository, 'stateOf'> = {
    stateOf: (_pid, id) =>
      Promise.resolve(id === ARCHIVED ? 'archived' : id === OUTCOME ? 'open' : 'missing'),
  };
  const members: Pick<MemberRepository, 'hasRole'> = {
    hasRole: (_pid, orgId, role) =>
      Promise.resolve(role === 'provider' && [ORG_A, ORG_B].includes(orgId)),
  };
  const refreshed: string[] = [];
  const refresher: Pick<ReportRefresher, 'afterNewData'> = {
    afterNewData: (_pid, dates) => {
      refreshed.push(...dates);
      return Promise.resolve(0);
    },
  };
  const audit = new FakeAudit();
  const service = new DeliveryRecordsService(
    fakeDb(),
    records as unknown as DeliveryRecordRepository,
    outcomes as OutcomeRepository,
    members as MemberRepository,
    fakePartnerships(PID, TERM),
    audit.asRepository(),
    refresher as ReportRefresher,
    new FakePeriods(closed).asGuard(),
    { REPORT_DEBOUNCE_MS: 0 } as ApiConfig,
  );
  return { service, records, audit, refreshed };
}

const providerA = accessTo(PID, { roles: ['provider'], providerOrganisationIds: [ORG_A] });
const providerB = accessTo(PID, { roles: ['provider'], providerOrganisationIds: [ORG_B] });
let refs = 0;
const record = (facts: Partial<CreateDeliveryRecordDto> = {}): CreateDeliveryRecordDto => ({
  outcomeId: OUTCOME,
  activityDate: '2026-05-14',
  quantity: '5',
  evidenceGrade: 'documented',
  externalRef: `ref-${++refs}`,
  ...facts,
});

describe(DeliveryRecordsService.name, () => {
  describe('create', () => {
    it('stores a record for the caller’s provider, audits it and refreshes its reports', async () => {
      const { service, records, audit, refreshed } = setUp();
      const { record: stored, created } = await service.create(providerA, ACTOR, record());
      expect(created).toBe(true);
      expect(stored.providerOrgId).toBe(ORG_A);
      expect(records.facts).toEqual([
        { kind: 'original', quantity: '5.0000', activityDate: '2026-05-14', correctsId: null },
      ]);
      expect(audit.actions).toEqual(['delivery_record.created']);
      expect(refreshed).toEqual(['2026-05-14']);
    });

    it.each([
      ['before the partnership', '2026-03-31'],
      ['after the partnership', '2099-04-01'],
    ])('refuses a date %s (422 on activityDate), storing nothing', async (_, activityDate) => {
      const { service, records } = setUp();
      const error = await refusalOf(service.create(providerA, ACTOR, record({ activityDate })));
      expect(error).toBeInstanceOf(RecordFitError);
      expect(toProblem(error)).toMatchObject({
        type: ProblemType.DomainRule,
        status: 422,
        errors: [
          {
            field: 'activityDate',
            value: activityDate,
            reason: 'must be within the partnership (2026-04-01 to 2099-03-31)',
          },
        ],
      });
      expect(records.stored).toEqual([]);
    });

    it('refuses delivery dated after today (wherever the provider is)', async () => {
      const { service } = setUp();
      const tomorrowPlusOne = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
      const problem = await problemOf(
        service.create(providerA, ACTOR, record({ activityDate: tomorrowPlusOne })),
      );
      expect(problem.status).toBe(422);
      expect(problem.errors?.[0].reason).toMatch(/^must not be after today/);
    });

    it('names an unknown and an archived outcome', async () => {
      const { service } = setUp();
      for (const [outcomeId, reason] of [
        ['33333333-3333-4333-8333-000000000000', 'no such outcome in this partnership'],
        [ARCHIVED, 'the outcome is archived'],
      ]) {
        const problem = await problemOf(service.create(providerA, ACTOR, record({ outcomeId })));
        expect(problem.errors).toEqual([{ field: 'outcomeId', value: outcomeId, reason }]);
      }
    });

    it('answers the stored record for a repeated external reference, 409 for different facts', async () => {
      const { service, records } = setUp();
      await service.create(providerA, ACTOR, record({ externalRef: 'x-1' }));
      const again = await service.create(providerA, ACTOR, record({ externalRef: 'x-1' }));
      expect(again.created).toBe(false);
      const clash = await problemOf(
        service.create(providerA, ACTOR, record({ externalRef: 'x-1', quantity: '6' })),
      );
      expect(clash).toMatchObject({ type: ProblemType.Conflict, status: 409 });
      expect(records.stored).toHaveLength(1);
    });

    it('refuses a date in a closed quarter (409 period-locked), storing nothing', async () => {
      const { service, records } = setUp([
        { label: '2026-27 Q1', start: '2026-04-01', end: '2026-06-30' },
      ]);
      const problem = await problemOf(service.create(providerA, ACTOR, record()));
      expect(problem).toMatchObject({
        type: ProblemType.PeriodLocked,
        status: 409,
        quarters: ['2026-27 Q1'],
      });
      expect(records.stored).toEqual([]);
    });
  });

  describe('createBatch', () => {
    it('names every problem of the batch, prefixed by record, and stores nothing', async () => {
      const { service, records } = setUp();
      const problem = await problemOf(
        service.createBatch(providerA, ACTOR, [
          record({ externalRef: 'b-1', activityDate: '2040-01-01' }),
          record({ externalRef: 'b-2', outcomeId: ARCHIVED }),
          record({ externalRef: 'b-1' }),
        ]),
      );
      expect(problem).toMatchObject({ type: ProblemType.DomainRule, status: 422 });
      expect(problem.errors?.map((e) => e.field)).toEqual([
        'records[0].activityDate',
        'records[1].outcomeId',
        'records[2].externalRef',
      ]);
      expect(records.stored).toEqual([]);
    });

    it('stores a valid batch once: re-sending it adds nothing', async () => {
      const { service, records, audit } = setUp();
      const batch = [record({ externalRef: 'b-1' }), record({ externalRef: 'b-2', quantity: '2' })];
      const first = await service.createBatch(providerA, ACTOR, batch);
      const second = await service.createBatch(providerA, ACTOR, batch);
      expect(first.map((r) => r.created)).toEqual([true, true]);
      expect(second.map((r) => r.created)).toEqual([false, false]);
      expect(records.stored).toHaveLength(2);
      expect(audit.events.map((e) => e.details)).toEqual([
        { created: 2, duplicates: 0 },
        { created: 0, duplicates: 2 },
      ]);
    });
  });

  describe('correct', () => {
    async function withOriginal(closed: FakePeriods['closed'] = []) {
      const env = setUp(closed);
      const { record: original } = await env.service.create(providerA, ACTOR, record());
      return { ...env, original };
    }

    it('amends by appending a reversal (quantity negated, same date) and the corrected facts', async () => {
      const { service, records, audit, original } = await withOriginal();
      const { reversal, amendment } = await service.correct(providerA, ACTOR, original.id, {
        action: 'amend',
        reason: 'Two were duplicates',
        quantity: '3',
        activityDate: '2026-05-20',
      });
      expect(reversal.correctsId).toBe(original.id);
      expect(amendment?.correctsId).toBe(original.id);
      expect(records.facts).toEqual([
        { kind: 'original', quantity: '5.0000', activityDate: '2026-05-14', correctsId: null },
        { kind: 'reversal', quantity: '-5.0000', activityDate: '2026-05-14', correctsId: '1' },
        { kind: 'amendment', quantity: '3.0000', activityDate: '2026-05-20', correctsId: '1' },
      ]);
      expect(audit.actions.at(-1)).toBe('delivery_record.amended');
    });

    it('reverses a record: only the reversal is appended', async () => {
      const { service, records, original } = await withOriginal();
      const result = await service.correct(providerA, ACTOR, original.id, {
        action: 'reverse',
        reason: 'Logged twice',
      });
      expect(result.amendment).toBeNull();
      expect(records.facts.map((f) => f.kind)).toEqual(['original', 'reversal']);
    });

    it('refuses a second correction (409) and the correction of a reversal (422)', async () => {
      const { service, records, original } = await withOriginal();
      const { reversal } = await service.correct(providerA, ACTOR, original.id, {
        action: 'reverse',
        reason: 'once',
      });
      const again = service.correct(providerA, ACTOR, original.id, {
        action: 'reverse',
        reason: 'twice',
      });
      expect(await problemOf(again)).toMatchObject({ type: ProblemType.Conflict, status: 409 });
      const ofReversal = service.correct(providerA, ACTOR, reversal.id, {
        action: 'reverse',
        reason: 'undo',
      });
      const error = await refusalOf(ofReversal);
      expect(error).toBeInstanceOf(CorrectionError);
      expect(toProblem(error)).toMatchObject({
        type: ProblemType.DomainRule,
        status: 422,
      });
      expect(records.stored).toHaveLength(2);
    });

    it('refuses a reversal given facts (400 on action), appending nothing', async () => {
      const { service, records, original } = await withOriginal();
      const problem = await problemOf(
        service.correct(providerA, ACTOR, original.id, {
          action: 'reverse',
          reason: 'x',
          quantity: '1',
        }),
      );
      expect(problem).toMatchObject({
        type: ProblemType.Validation,
        status: 400,
        errors: [{ field: 'action', value: 'reverse' }],
      });
      expect(records.stored).toHaveLength(1);
    });

    it('refuses an amendment dated outside the partnership (422 on activityDate)', async () => {
      const { service, original } = await withOriginal();
      const problem = await problemOf(
        service.correct(providerA, ACTOR, original.id, {
          action: 'amend',
          reason: 'wrong year',
          activityDate: '2025-05-14',
        }),
      );
      expect(problem).toMatchObject({ status: 422, errors: [{ field: 'activityDate' }] });
    });

    it('hides another provider’s record (404)', async () => {
      const { service, original } = await withOriginal();
      const problem = await problemOf(
        service.correct(providerB, ACTOR, original.id, { action: 'reverse', reason: 'not mine' }),
      );
      expect(problem).toMatchObject({ type: ProblemType.NotFound, status: 404 });
    });
  });
});
