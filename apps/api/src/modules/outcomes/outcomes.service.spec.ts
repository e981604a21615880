import Decimal from 'decimal.js';
import { OutsideTermError } from '@ol/outcomes';
import type {
  OutcomeData,
  OutcomeRepository,
  OutcomeWithValuation,
  Target,
  TargetData,
} from '@ol/persistence';
import { ProblemType } from '../../common/problems/problem';
import { toProblem } from '../../common/problems/problem-details.filter';
import {
  ACTOR,
  FakeAudit,
  fakeDb,
  fakePartnerships,
  problemOf,
  refusalOf,
} from '../../testing/service-fakes';
import type { CreateOutcomeDto } from './dto/outcome.dto';
import type { SetTargetsDto } from './dto/target.dto';
import type { OutcomeValuationsService } from './outcome-valuations.service';
import { OutcomesService } from './outcomes.service';

const PID = '11111111-1111-4111-8111-111111111111';

/** Outcomes and their targets in memory; `parents` answers ancestorIds. */
class FakeOutcomes implements Pick<
  OutcomeRepository,
  'create' | 'update' | 'find' | 'findByCode' | 'ancestorIds' | 'upsertTargets' | 'deleteTarget'
> {
  readonly stored: (OutcomeData & { id: string })[] = [];
  readonly targets: TargetData[] = [];

  create(_pid: string, data: OutcomeData): Promise<OutcomeWithValuation> {
    const outcome = { id: `outcome-${this.stored.length + 1}`, ...data };
    this.stored.push(outcome);
    return this.find(_pid, outcome.id) as Promise<OutcomeWithValuation>;
  }

  update(_pid: string, id: string, data: Partial<OutcomeData>): Promise<OutcomeWithValuation> {
    Object.assign(
      this.stored.find((o) => o.id === id)!,
      data,
    );
    return this.find(_pid, id) as Promise<OutcomeWithValuation>;
  }

  find(_pid: string, id: string): Promise<OutcomeWithValuation | null> {
    const o = this.stored.find((s) => s.id === id);
    if (!o) return Promise.resolve(null);
    return Promise.resolve({
      ...o,
      greenThreshold: new Decimal(o.greenThreshold ?? '1').toFixed(4),
      amberThreshold: new Decimal(o.amberThreshold ?? '0.8').toFixed(4),
      valuation: null,
    } as unknown as OutcomeWithValuation);
  }

  findByCode(_pid: string, code: string): Promise<OutcomeWithValuation | null> {
    const o = this.stored.find((s) => s.code === code);
    return o ? this.find(_pid, o.id) : Promise.resolve(null);
  }

  ancestorIds(_pid: string, id: string): Promise<string[]> {
    const up: string[] = [];
    for (let o = this.stored.find((s) => s.id === id); o?.parentId;) {
      up.push(o.parentId);
      o = this.stored.find((s) => s.id === o!.parentId);
    }
    return Promise.resolve(up);
  }

  upsertTargets(_pid: string, outcomeId: string, rows: TargetData[]): Promise<Target[]> {
    this.targets.push(...rows);
    return Promise.resolve(
      rows.map((r, i) => ({ id: `t${i}`, outcomeId, ...r }) as unknown as Target),
    );
  }

  deleteTarget(): Promise<boolean> {
    return Promise.resolve(false);
  }

  /** The stored targets as labels and values. */
  get targetValues(): string[] {
    return this.targets.map((t) => `${t.periodLabel}=${t.targetValue}`);
  }
}

function setUp() {
  const outcomes = new FakeOutcomes();
  let restated = 0;
  const valuations: Pick<
    OutcomeValuationsService,
    'checkOneValuedLevel' | 'checkKindChange' | 'restateReports'
  > = {
    checkOneValuedLevel: () => Promise.resolve(),
    checkKindChange: () => Promise.resolve(),
    restateReports: () => {
      restated++;
      return Promise.resolve();
    },
  };
  const audit = new FakeAudit();
  const service = new OutcomesService(
    fakeDb(),
    outcomes as unknown as OutcomeRepository,
    fakePartnerships(PID, { start: '2026-04-01', end: '2031-03-31' }),
    audit.asRepository(),
    valuations as OutcomeValuationsService,
  );
  return { service, outcomes, audit, restated: () => restated };
}

const outcome = (dto: Partial<CreateOutcomeDto> = {}): CreateOutcomeDto => ({
  code: 'EMP-1',
  theme: 'Employment',
  title: 'Sustained jobs',
  unit: 'people',
  ...dto,
});

describe(OutcomesService.name, () => {
  describe('create', () => {
    it('stores and audits an outcome', async () => {
      const { service, outcomes, audit } = setUp();
      const created = await service.create(PID, ACTOR, outcome());
      expect(outcomes.stored.map((o) => o.code)).toEqual(['EMP-1']);
      expect(created.code).toBe('EMP-1');
      expect(audit.actions).toEqual(['outcome.created']);
    });

    it('refuses an amber threshold above the green one (422 on amberThreshold)', async () => {
      const { service, outcomes } = setUp();
      const problem = await problemOf(() =>
        service.create(PID, ACTOR, outcome({ greenThreshold: '0.9', amberThreshold: '0.95' })),
      );
      expect(problem).toMatchObject({
        type: ProblemType.DomainRule,
        status: 422,
        errors: [{ field: 'amberThreshold', value: '0.95' }],
      });
      expect(outcomes.stored).toEqual([]);
    });

    it('refuses a code already used (409) and a parent that does not exist (422 on parentId)', async () => {
      const { service, outcomes } = setUp();
      await service.create(PID, ACTOR, outcome());
      expect(await problemOf(service.create(PID, ACTOR, outcome()))).toMatchObject({
        type: ProblemType.Conflict,
        status: 409,
      });
      const orphan = await problemOf(
        service.create(PID, ACTOR, outcome({ code: 'EMP-2', parentId: 'nope' })),
      );
      expect(orphan).toMatchObject({ status: 422, errors: [{ field: 'parentId', value: 'nope' }] });
      expect(outcomes.stored).toHaveLength(1);
    });
  });

  describe('update', () => {
    it('refuses a parent that is the outcome itself or one of its descendants (422 on parentId)', async () => {
      const { service } = setUp();
      const top = await service.create(PID, ACTOR, outcome({ code: 'TOP' }));
      const child = await service.create(PID, ACTOR, outcome({ code: 'CHILD', parentId: top.id }));
      const self = await problemOf(service.update(PID, ACTOR, top.id, { parentId: top.id }));
      expect(self.errors).toEqual([
        { field: 'parentId', value: top.id, reason: 'is the outcome itself' },
      ]);
      const cycle = await problemOf(service.update(PID, ACTOR, top.id, { parentId: child.id }));
      expect(cycle.errors).toEqual([
        { field: 'parentId', value: child.id, reason: 'is a descendant of this outcome' },
      ]);
    });

    it('archives an outcome and restates the reports', async () => {
      const { service, outcomes, restated } = setUp();
      const o = await service.create(PID, ACTOR, outcome());
      await service.update(PID, ACTOR, o.id, { archived: true });
      expect(outcomes.stored[0]).toMatchObject({ archivedAt: expect.any(Date) });
      expect(restated()).toBe(1);
    });
  });

  describe('setTargets', () => {
    async function withOutcome() {
      const env = setUp();
      const o = await env.service.create(PID, ACTOR, outcome());
      const set = (dto: SetTargetsDto) => env.service.setTargets(PID, ACTOR, o.id, dto);
      return { ...env, set };
    }

    it('sets a financial year’s quarters and its annual target, and restates the reports', async () => {
      const { set, outcomes, audit, restated } = await withOutcome();
      await set({
        financialYear: '2026-27',
        quarterValues: ['1', '2', '3', '4'],
        annualValue: '10',
      });
      expect(outcomes.targetValues).toEqual([
        '2026-27 Q1=1',
        '2026-27 Q2=2',
        '2026-27 Q3=3',
        '2026-27 Q4=4',
        '2026-27=10',
      ]);
      expect(audit.actions.at(-1)).toBe('targets.set');
      expect(restated()).toBe(1);
    });

    it('refuses a period outside the partnership (OutsideTermError, 422 on targets)', async () => {
      const { set, outcomes } = await withOutcome();
      const error = await refusalOf(set({ targets: [{ period: '2040-41 Q1', value: '1' }] }));
      expect(error).toBeInstanceOf(OutsideTermError);
      expect(toProblem(error)).toMatchObject({
        type: ProblemType.DomainRule,
        status: 422,
        errors: [
          {
            field: 'targets',
            value: '2040-41 Q1',
            reason: "is outside the partnership's dates (2026-04-01 to 2031-03-31)",
          },
        ],
      });
      expect(outcomes.targets).toEqual([]);
    });

    it.each<[string, SetTargetsDto, string]>([
      [
        'a period given twice',
        {
          targets: [
            { period: '2026-27 Q1', value: '1' },
            { period: '2026-27 Q1', value: '2' },
          ],
        },
        'targets',
      ],
      [
        'a label that is not a period',
        { targets: [{ period: 'Q1 2026', value: '1' }] },
        'targets[0].period',
      ],
      ['a financial year without values', { financialYear: '2026-27' }, 'financialYear'],
      ['quarter values without their year', { quarterValues: ['1'] }, 'financialYear'],
      ['nothing', {}, 'targets'],
    ])('refuses %s (400)', async (_, dto, field) => {
      const { set, outcomes } = await withOutcome();
      const problem = await problemOf(set(dto));
      expect(problem).toMatchObject({ type: ProblemType.Validation, status: 400 });
      expect(problem.errors?.[0].field).toBe(field);
      expect(outcomes.targets).toEqual([]);
    });
  });

  it('answers 404 for a target that does not exist', async () => {
    const { service } = setUp();
    expect(await problemOf(service.deleteTarget(PID, ACTOR, 'o', 't'))).toMatchObject({
      type: ProblemType.NotFound,
      status: 404,
    });
  });
});
