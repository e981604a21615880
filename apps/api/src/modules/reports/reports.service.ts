import { Injectable } from '@nestjs/common';
import { parseQuarterLabel } from '@ol/outcomes';
import {
  AuditRepository,
  Db,
  PartnershipRepository,
  ReportRepository,
  RunRepository,
  RunRequester,
  type Actor,
  type JobRun,
  type Report,
} from '@ol/persistence';
import type { PartnershipAccess } from '../../common/auth/auth-context';
import { ProblemException } from '../../common/problems/problem';
import { dateOnlyToDate } from '../../common/validation/validators';
import type { ListReportsQuery, RequestReportDto } from './dto/report.dto';

/** Report requests (runs in the outbox), immutable versions, and the state of runs. */
@Injectable()
export class ReportsService {
  constructor(
    private readonly db: Db,
    private readonly requester: RunRequester,
    private readonly runs: RunRepository,
    private readonly reports: ReportRepository,
    private readonly partnerships: PartnershipRepository,
    private readonly audit: AuditRepository,
  ) {}

  request(partnershipId: string, actor: Actor, dto: RequestReportDto): Promise<JobRun> {
    return this.db.transaction(async () => {
      const partnership = (await this.partnerships.findById(partnershipId))!;
      let label: string;
      try {
        const q = parseQuarterLabel(dto.quarter.trim(), partnership.fyStartMonth);
        if (
          dateOnlyToDate(q.end) < partnership.startDate ||
          dateOnlyToDate(q.start) > partnership.endDate
        )
          throw new Error('outside');
        label = q.label;
      } catch {
        throw ProblemException.validation([
          {
            field: 'quarter',
            value: dto.quarter,
            reason: 'must be a quarter of the partnership, e.g. "2026-27 Q1"',
          },
        ]);
      }
      const { run } = await this.requester.request(partnershipId, {
        kind: 'report',
        dedupeKey: `${dto.scope}:${label}`,
        params: { scope: dto.scope, quarter: label },
        requestedBy: actor.userId,
      });
      await this.audit.record(partnershipId, actor, {
        action: 'report.requested',
        entityType: 'job_run',
        entityId: run.id,
        details: { scope: dto.scope, quarter: label },
      });
      return run;
    });
  }

  list(partnershipId: string, query: ListReportsQuery): Promise<Omit<Report, 'figures'>[]> {
    return this.reports.list(
      partnershipId,
      { scope: query.scope, periodLabel: query.period },
      query,
    );
  }

  async get(partnershipId: string, id: string): Promise<Report> {
    const report = await this.reports.find(partnershipId, id);
    if (!report) throw ProblemException.notFound('Report');
    return report;
  }

  /** A run's state; visible to whoever asked for it and to board, finance and admin roles. */
  async run(access: PartnershipAccess, actor: Actor, id: string): Promise<JobRun> {
    const run = await this.runs.find(access.partnershipId, id);
    const privileged =
      access.isPlatformAdmin || access.roles.some((r) => ['admin', 'board', 'finance'].includes(r));
    if (!run || (!privileged && run.requestedBy !== actor.userId))
      throw ProblemException.notFound('Job');
    return run;
  }
}
