import { Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import {
  checkWithinTerm,
  financialYear,
  parseFinancialYearLabel,
  parseQuarterLabel,
} from '@ol/outcomes';
import {
  AuditRepository,
  Db,
  OutcomeRepository,
  PartnershipRepository,
  type Actor,
  type OutcomeWithValuation,
  type Paged,
  type Target,
  type TargetData,
} from '@ol/persistence';
import { ProblemException } from '../../common/problems/problem';
import { OutcomeValuationsService } from './outcome-valuations.service';
import type { CreateOutcomeDto, ListOutcomesQuery, UpdateOutcomeDto } from './dto/outcome.dto';
import type { SetTargetsDto } from './dto/target.dto';
import { termOf } from '../partnerships/partnership-term';

/** Target outcomes of a partnership and their targets per period (valuation: OutcomeValuationsService). */
@Injectable()
export class OutcomesService {
  constructor(
    private readonly db: Db,
    private readonly outcomes: OutcomeRepository,
    private readonly partnerships: PartnershipRepository,
    private readonly audit: AuditRepository,
    private readonly valuations: OutcomeValuationsService,
  ) {}

  create(
    partnershipId: string,
    actor: Actor,
    dto: CreateOutcomeDto,
  ): Promise<OutcomeWithValuation> {
    this.checkThresholds(dto.greenThreshold, dto.amberThreshold);
    return this.db.transaction(async () => {
      if (await this.outcomes.findByCode(partnershipId, dto.code)) {
        throw ProblemException.conflict(
          `An outcome with code ${dto.code} already exists in this partnership.`,
        );
      }
      if (dto.parentId) await this.get(partnershipId, dto.parentId, 'parentId');
      const outcome = await this.outcomes.create(partnershipId, dto);
      await this.audit.record(partnershipId, actor, {
        action: 'outcome.created',
        entityType: 'outcome',
        entityId: outcome.id,
        details: { ...dto },
      });
      return outcome;
    });
  }

  async get(partnershipId: string, id: string, field?: string): Promise<OutcomeWithValuation> {
    const outcome = await this.outcomes.find(partnershipId, id);
    if (!outcome) {
      if (field) {
        throw ProblemException.unprocessable('The outcome does not exist in this partnership.', [
          { field, value: id, reason: 'no such outcome' },
        ]);
      }
      throw ProblemException.notFound('Outcome');
    }
    return outcome;
  }

  list(partnershipId: string, query: ListOutcomesQuery): Promise<Paged<OutcomeWithValuation>> {
    return this.outcomes.list(
      partnershipId,
      {
        theme: query.theme,
        parentId: query.parentId,
        q: query.q,
        includeArchived: query.includeArchived === 'true',
      },
      query,
    );
  }

  update(
    partnershipId: string,
    actor: Actor,
    id: string,
    dto: UpdateOutcomeDto,
  ): Promise<OutcomeWithValuation> {
    return this.db.transaction(async () => {
      const current = await this.get(partnershipId, id);
      this.checkThresholds(
        dto.greenThreshold ?? current.greenThreshold,
        dto.amberThreshold ?? current.amberThreshold,
      );
      if (dto.parentId) {
        if (dto.parentId === id) {
          throw ProblemException.unprocessable('An outcome cannot be its own parent.', [
            { field: 'parentId', value: dto.parentId, reason: 'is the outcome itself' },
          ]);
        }
        await this.get(partnershipId, dto.parentId, 'parentId');
        const ancestors = await this.outcomes.ancestorIds(partnershipId, dto.parentId);
        if (ancestors.includes(id)) {
          throw ProblemException.unprocessable('The hierarchy would have a cycle.', [
            { field: 'parentId', value: dto.parentId, reason: 'is a descendant of this outcome' },
          ]);
        }
      }
      if (dto.parentId !== undefined) {
        await this.valuations.checkOneValuedLevel(
          partnershipId,
          { id, parentId: dto.parentId },
          { field: 'parentId', value: dto.parentId },
        );
      }
      await this.valuations.checkKindChange(partnershipId, current, dto);
      const { archived, ...rest } = dto;
      const outcome = await this.outcomes.update(partnershipId, id, {
        ...rest,
        ...(archived !== undefined ? { archivedAt: archived ? new Date() : null } : {}),
      });
      await this.audit.record(partnershipId, actor, {
        action: 'outcome.updated',
        entityType: 'outcome',
        entityId: id,
        details: { ...dto },
      });
      await this.valuations.restateReports(partnershipId, actor);
      return outcome;
    });
  }

  /**
   * Sets targets by period label ("2026-27 Q1", "2026-27") in the partnership's financial
   * calendar, or for a whole year at once. Existing targets of the same periods are replaced.
   */
  setTargets(
    partnershipId: string,
    actor: Actor,
    outcomeId: string,
    dto: SetTargetsDto,
  ): Promise<Target[]> {
    return this.db.transaction(async () => {
      await this.get(partnershipId, outcomeId);
      const partnership = (await this.partnerships.findById(partnershipId))!;
      const fy = partnership.fyStartMonth;
      const term = termOf(partnership);
      const rows: TargetData[] = [];
      (dto.targets ?? []).forEach((t, i) =>
        rows.push(this.targetRow(t.period, t.value, fy, `targets[${i}].period`)),
      );
      if (dto.financialYear !== undefined) {
        const year = parseFinancialYearLabel(dto.financialYear, fy);
        dto.quarterValues?.forEach((value, i) =>
          rows.push(this.targetRow(`${year.label} Q${i + 1}`, value, fy, 'quarterValues')),
        );
        if (dto.annualValue !== undefined)
          rows.push(this.targetRow(year.label, dto.annualValue, fy, 'annualValue'));
        if (!dto.quarterValues && dto.annualValue === undefined) {
          throw ProblemException.validation([
            {
              field: 'financialYear',
              value: dto.financialYear,
              reason: 'needs quarterValues and/or annualValue',
            },
          ]);
        }
      } else if (dto.quarterValues || dto.annualValue !== undefined) {
        throw ProblemException.validation([
          { field: 'financialYear', reason: 'is required with quarterValues or annualValue' },
        ]);
      }
      if (rows.length === 0)
        throw ProblemException.validation([
          { field: 'targets', reason: 'give targets, or financialYear with values' },
        ]);
      const seen = new Set<string>();
      for (const r of rows) {
        const key = `${r.periodKind}:${r.periodLabel}`;
        if (seen.has(key))
          throw ProblemException.validation([
            { field: 'targets', value: r.periodLabel, reason: 'period given twice' },
          ]);
        seen.add(key);
        checkWithinTerm(
          term,
          { start: r.periodStart, end: r.periodEnd },
          { field: 'targets', value: r.periodLabel, what: 'A target period' },
        );
      }
      const saved = await this.outcomes.upsertTargets(partnershipId, outcomeId, rows);
      await this.audit.record(partnershipId, actor, {
        action: 'targets.set',
        entityType: 'outcome',
        entityId: outcomeId,
        details: { targets: rows.map((r) => ({ period: r.periodLabel, value: r.targetValue })) },
      });
      await this.valuations.restateReports(partnershipId, actor);
      return saved;
    });
  }

  async listTargets(
    partnershipId: string,
    outcomeId: string,
    filter: { periodKind?: 'quarter' | 'year'; from?: string; to?: string },
  ): Promise<Target[]> {
    await this.get(partnershipId, outcomeId);
    return this.outcomes.listTargets(partnershipId, outcomeId, filter);
  }

  deleteTarget(
    partnershipId: string,
    actor: Actor,
    outcomeId: string,
    targetId: string,
  ): Promise<void> {
    return this.db.transaction(async () => {
      if (!(await this.outcomes.deleteTarget(partnershipId, outcomeId, targetId)))
        throw ProblemException.notFound('Target');
      await this.audit.record(partnershipId, actor, {
        action: 'target.deleted',
        entityType: 'target',
        entityId: targetId,
        details: { outcomeId },
      });
      await this.valuations.restateReports(partnershipId, actor);
    });
  }

  private targetRow(period: string, value: string, fy: number, field: string): TargetData {
    const trimmed = period.trim();
    try {
      if (/Q[1-4]$/.test(trimmed)) {
        const q = parseQuarterLabel(trimmed, fy);
        return {
          periodKind: 'quarter',
          periodLabel: q.label,
          periodStart: q.start,
          periodEnd: q.end,
          targetValue: value,
        };
      }
      const y = parseFinancialYearLabel(trimmed, fy);
      const year = financialYear(y.startYear, fy);
      return {
        periodKind: 'year',
        periodLabel: year.label,
        periodStart: year.start,
        periodEnd: year.end,
        targetValue: value,
      };
    } catch {
      throw ProblemException.validation([
        {
          field,
          value: period,
          reason: `must be a quarter like "${fy === 1 ? '2026 Q1' : '2026-27 Q1'}" or a financial year like "${fy === 1 ? '2026' : '2026-27'}"`,
        },
      ]);
    }
  }

  private checkThresholds(green?: string, amber?: string): void {
    if (green !== undefined && amber !== undefined && new Decimal(amber).gt(green)) {
      throw ProblemException.unprocessable(
        'The amber threshold must not be above the green threshold.',
        [
          {
            field: 'amberThreshold',
            value: amber,
            reason: `must be at most greenThreshold (${green})`,
          },
        ],
      );
    }
  }
}
