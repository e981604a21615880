import { ReportRefresher } from '@ol/jobs';
import { Inject, Injectable } from '@nestjs/common';
import { Decimal } from 'decimal.js';
import { AuditRepository, Db, SensitivitySettingsRepository, type Actor } from '@ol/persistence';
import { ApiConfig } from '../../config/api.config';
import type { ReportSensitivitySettings } from '@ol/outcomes';
import { ProblemException, type FieldProblem } from '../../common/problems/problem';
import type { SensitivitySettingsDto } from './dto/sensitivity-settings.dto';

/** Why a change is out of bounds for its parameter, or null when it is within them. */
function boundsProblem(parameter: string, change: string): string | null {
  const d = new Decimal(change);
  if (parameter === 'duration') {
    return d.isInteger() ? null : 'must be a whole number of years for duration';
  }
  if (parameter === 'proxyValue' || parameter === 'investment') {
    return d.gte(-1) && d.lte(10)
      ? null
      : `must be between -1 and 10 for ${parameter} (a relative change: -1 is −100%)`;
  }
  return d.gte(-1) && d.lte(1)
    ? null
    : `must be between -1 and 1 for ${parameter} (points as a fraction)`;
}

/** The rules a valid body can still break: each change within its parameter's bounds, two axes. */
function problemsOf(dto: SensitivitySettingsDto): FieldProblem[] {
  const problems: FieldProblem[] = [];
  dto.cases.forEach((c, i) => {
    const field = `cases[${i}].change`;
    if (new Decimal(c.change).isZero()) {
      problems.push({
        field,
        value: c.change,
        reason: 'must not be zero (the case would change nothing)',
      });
      return;
    }
    const reason = boundsProblem(c.parameter, c.change);
    if (reason) problems.push({ field, value: c.change, reason });
  });
  if (dto.grid) {
    const { rows, columns } = dto.grid;
    if (rows.parameter === columns.parameter) {
      problems.push({
        field: 'grid.columns.parameter',
        value: columns.parameter,
        reason: 'must differ from grid.rows.parameter',
      });
    }
    for (const [name, axis] of [
      ['rows', rows],
      ['columns', columns],
    ] as const) {
      axis.changes.forEach((change, i) => {
        const reason = boundsProblem(axis.parameter, change);
        if (reason) problems.push({ field: `grid.${name}.changes[${i}]`, value: change, reason });
      });
    }
  }
  return problems;
}

/**
 * A partnership's own sensitivity cases and two-way grid. They are report inputs: a change gives
 * the next run of each report a new fingerprint, so reports restate (never edited in place).
 */
@Injectable()
export class SensitivitySettingsService {
  constructor(
    private readonly db: Db,
    private readonly settings: SensitivitySettingsRepository,
    private readonly audit: AuditRepository,
    private readonly refresher: ReportRefresher,
    @Inject(ApiConfig) private readonly config: ApiConfig,
  ) {}

  get(partnershipId: string): Promise<ReportSensitivitySettings> {
    return this.settings.find(partnershipId);
  }

  /** @throws 422 naming each field that breaks a rule; nothing is changed then */
  replace(
    partnershipId: string,
    actor: Actor,
    dto: SensitivitySettingsDto,
  ): Promise<ReportSensitivitySettings> {
    const problems = problemsOf(dto);
    if (problems.length > 0) {
      throw ProblemException.unprocessable('The sensitivity settings break a rule.', problems);
    }
    return this.db.transaction(async () => {
      await this.settings.replace(partnershipId, dto);
      await this.audit.record(partnershipId, actor, {
        action: 'partnership.sensitivity_updated',
        entityType: 'partnership',
        entityId: partnershipId,
        details: {
          cases: dto.cases.map((c) => ({ parameter: c.parameter, change: c.change })),
          grid: dto.grid && {
            rows: { parameter: dto.grid.rows.parameter, changes: dto.grid.rows.changes },
            columns: { parameter: dto.grid.columns.parameter, changes: dto.grid.columns.changes },
          },
        },
      });
      await this.refresher.afterSettingsChange(
        partnershipId,
        this.config.REPORT_DEBOUNCE_MS,
        actor.userId,
      );
      return this.settings.find(partnershipId);
    });
  }
}
