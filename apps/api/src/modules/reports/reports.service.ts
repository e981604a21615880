import { RunRequester, reportRun, paramsOf } from '@ol/jobs';
import { Injectable } from '@nestjs/common';
import {
  overlapsTerm,
  parseQuarterLabel,
  quarterOf,
  reportWindow as reportWindowOf,
  withholdOpenBook,
  withholdOpenBookChanges,
  type Quarter,
} from '@ol/outcomes';
import {
  AuditRepository,
  Db,
  PartnershipRepository,
  ReportRepository,
  RunRepository,
  type Actor,
  type JobRun,
  type Partnership,
  type Report,
  type JsonValue,
} from '@ol/persistence';
import type { PartnershipAccess } from '../../common/auth/auth-context';
import { allows, readsOpenBookTotals, scopeOf } from '../../common/auth/policy';
import { ProblemException } from '../../common/problems/problem';
import type { CurrentReportQuery, ListReportsQuery, RequestReportDto } from './dto/report.dto';
import { ReportTrendPoint, type ReportTrend, type ReportTrendQuery } from './dto/report-trend.dto';
import type { SignOffResponse, SinceSignedOffResponse } from './dto/sign-off.dto';
import { SignOffReader } from './sign-off-reader';
import { termOf } from '../partnerships/partnership-term';

/** A version as GET …/reports/:id and …/reports/current show it. */
export interface ReportView {
  report: Report;
  current: boolean;
  signOff: SignOffResponse;
  sinceSignedOff: SinceSignedOffResponse | null;
}

const today = (): string => new Date().toISOString().slice(0, 10);

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
    private readonly signOffs: SignOffReader,
  ) {}

  request(partnershipId: string, actor: Actor, dto: RequestReportDto): Promise<JobRun> {
    return this.db.transaction(async () => {
      const partnership = (await this.partnerships.findById(partnershipId))!;
      const { label } = this.quarterOf(partnership, dto.quarter);
      const current = quarterOf(today(), partnership.fyStartMonth);
      if (parseQuarterLabel(label, partnership.fyStartMonth).start > current.start) {
        throw ProblemException.unprocessable('A report covers what has happened.', [
          {
            field: 'quarter',
            value: dto.quarter,
            reason: `is after the current quarter (${current.label})`,
          },
        ]);
      }
      const { run } = await this.requester.request(partnershipId, {
        ...reportRun({ scope: dto.scope, quarter: label }),
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

  /**
   * Versions, newest first, each with whether it is its report's current version (and what
   * changed, without the open book's figures for a reader who may not see them).
   */
  async list(
    access: PartnershipAccess,
    query: ListReportsQuery,
  ): Promise<{ report: Omit<Report, 'figures'>; current: boolean; signOff: SignOffResponse }[]> {
    const partnershipId = access.partnershipId;
    const [reports, view] = await Promise.all([
      this.reports.listMarked(
        partnershipId,
        { scope: query.scope, periodLabel: query.period },
        query,
      ),
      this.viewFor(access),
    ]);
    const signOffs = await this.signOffs.statesOf(
      partnershipId,
      reports.map((r) => r.id),
    );
    return reports.map(({ current, ...report }) => ({
      report: view(report),
      current,
      signOff: signOffs.get(report.id)!,
    }));
  }

  async get(access: PartnershipAccess, id: string): Promise<ReportView> {
    const partnershipId = access.partnershipId;
    const report = await this.reports.find(partnershipId, id);
    if (!report) throw ProblemException.notFound('Report');
    const current = await this.reports.currentOf(partnershipId, [id]);
    return this.withSignOff(access, await this.viewFor(access), report, current.has(id));
  }

  /** A version with its sign-off and what changed since the last version signed off. */
  private async withSignOff(
    access: PartnershipAccess,
    view: <T extends Pick<Report, 'changes'> & { figures?: JsonValue }>(r: T) => T,
    report: Report,
    current: boolean,
  ): Promise<ReportView> {
    const [states, since] = await Promise.all([
      this.signOffs.statesOf(access.partnershipId, [report.id]),
      this.signOffs.sinceSignedOff(access.partnershipId, report),
    ]);
    // The differences in open-book figures are withheld as the version's own changes are.
    const sinceSignedOff =
      since &&
      (view({ changes: since as unknown as JsonValue })
        .changes as unknown as SinceSignedOffResponse);
    return { report: view(report), current, signOff: states.get(report.id)!, sinceSignedOff };
  }

  /**
   * The current quarter versions' present value and SROI ratio, oldest first, up to `until`: the
   * trend a board's chart plots, read from each version's totals (not its figures). The ratio is
   * withheld from readers without the open book, as in the versions themselves.
   */
  async trend(access: PartnershipAccess, query: ReportTrendQuery): Promise<ReportTrend> {
    const partnership = (await this.partnerships.findById(access.partnershipId))!;
    const until =
      query.until === undefined ? null : this.quarterOf(partnership, query.until, 'until').end;
    const rows = await this.reports.trend(access.partnershipId, until, query.limit);
    const withheld = !readsOpenBookTotals(access, partnership);
    return {
      data: rows.map((row) => ReportTrendPoint.from(row, withheld)),
      sroiRatioWithheld: withheld,
    };
  }

  /** The current version of a report (scope and quarter). */
  async current(access: PartnershipAccess, query: CurrentReportQuery): Promise<ReportView> {
    const partnershipId = access.partnershipId;
    const partnership = (await this.partnerships.findById(partnershipId))!;
    const quarter = this.quarterOf(partnership, query.quarter);
    const window = reportWindowOf(query.scope, quarter, partnership.startDate);
    const report = await this.reports.findCurrent(partnershipId, {
      scope: query.scope,
      periodStart: window.start,
      periodEnd: window.end,
    });
    if (!report) throw ProblemException.notFound('Report');
    return this.withSignOff(access, this.viewOf(access, partnership), report, true);
  }

  /**
   * How the caller reads versions: as stored, or (a provider, unless the partnership shares the
   * open book with providers) without the investment and every figure worked from it, so that no
   * provider can subtract its own costs from the total and learn its rivals'.
   */
  private async viewFor(
    access: PartnershipAccess,
  ): Promise<<T extends Pick<Report, 'changes'> & { figures?: JsonValue }>(r: T) => T> {
    // The open-book roles need no read of the partnership's setting.
    if (allows(access, 'open-book', 'read')) return (r) => r;
    const partnership = (await this.partnerships.findById(access.partnershipId))!;
    return this.viewOf(access, partnership);
  }

  private viewOf(
    access: PartnershipAccess,
    partnership: Partnership,
  ): <T extends Pick<Report, 'changes'> & { figures?: JsonValue }>(r: T) => T {
    if (readsOpenBookTotals(access, partnership)) return (r) => r;
    return (r) => ({
      ...r,
      ...(r.figures === undefined ? {} : { figures: withholdOpenBook(r.figures) as JsonValue }),
      changes: withholdOpenBookChanges(r.changes) as JsonValue,
    });
  }

  /** A quarter of the partnership by its label: 400 on `quarter` when it is not one. */
  private quarterOf(partnership: Partnership, label: string, field = 'quarter'): Quarter {
    let quarter: Quarter | undefined;
    try {
      quarter = parseQuarterLabel(label.trim(), partnership.fyStartMonth);
    } catch {
      // Not a quarter label: refused below, as a quarter outside the partnership is.
    }
    if (!quarter || !overlapsTerm(termOf(partnership), quarter)) {
      throw ProblemException.validation([
        {
          field,
          value: label,
          reason: 'must be a quarter of the partnership, e.g. "2026-27 Q1"',
        },
      ]);
    }
    return quarter;
  }

  /**
   * A run's state; visible to whoever asked for it, to board, finance and admin roles, and to a
   * provider for the evaluations of its own open book (a return may join a run someone else asked
   * for).
   */
  async run(access: PartnershipAccess, actor: Actor, id: string): Promise<JobRun> {
    const run = await this.runs.find(access.partnershipId, id);
    const privileged = scopeOf(access, 'jobs', 'read') === 'any';
    const ownEvaluation =
      run?.kind === 'share_evaluation' &&
      access.providerOrganisationIds.includes(paramsOf(run, 'share_evaluation').providerOrgId);
    if (!run || (!privileged && !ownEvaluation && run.requestedBy !== actor.userId))
      throw ProblemException.notFound('Job');
    return run;
  }
}
