import { Injectable } from '@nestjs/common';
import { quarterOf, quartersBetween } from '@ol/outcomes';
import { Db, PartnershipRepository, ReportRepository, type Partnership } from '@ol/persistence';
import { reportRun, type ReportRunParams } from './run-params';
import { RunRequester } from './run-requester';

/** The quarter a report's period label ends at ("2025-26 Q3", "2025-26 to Q3", "since start to 2025-26 Q3"). */
function quarterLabelOf(periodLabel: string): string | null {
  const quarter = /(\d{4}-\d{2}) (?:to )?(Q[1-4])$/.exec(periodLabel);
  return quarter ? `${quarter[1]} ${quarter[2]}` : null;
}

/**
 * After new delivery data for a closed period: asks (debounced) for the quarter's report, the
 * year-to-date report at that quarter and every issued report covering the data (later years to
 * date, since-start reports) to be recomputed. Runs are keyed by report, so an import of
 * 100k rows — or many single records — makes one run per report, started after the burst.
 */
@Injectable()
export class ReportRefresher {
  constructor(
    private readonly partnerships: PartnershipRepository,
    private readonly requester: RunRequester,
    private readonly reports: ReportRepository,
    private readonly db: Db,
  ) {}

  /** After a bulk import: the same, for every quarter between the import's first and last dates. */
  async afterImport(
    partnershipId: string,
    importId: string,
    today: string,
    debounceMs: number,
    requestedBy: string | null,
  ): Promise<number> {
    const [range] = await this.db.client.$queryRaw<{ first: string | null; last: string | null }[]>`
      SELECT to_char(min(activity_date), 'YYYY-MM-DD') AS first, to_char(max(activity_date), 'YYYY-MM-DD') AS last
        FROM delivery_records WHERE partnership_id = ${partnershipId}::uuid AND import_id = ${importId}::uuid`;
    const partnership = await this.partnerships.findById(partnershipId);
    if (!range?.first || !range.last || !partnership) return 0;
    const dates = quartersBetween(range.first, range.last, partnership.fyStartMonth).map(
      (q) => q.start,
    );
    return this.requestClosed(partnership, dates, today, debounceMs, requestedBy);
  }

  /**
   * @param today the caller's calendar date (time is an input); quarters ending before it are closed
   * @param debounceMs how long new data waits before the reports it touches are recomputed
   */
  async afterNewData(
    partnership: string | Partnership,
    activityDates: Iterable<string>,
    today: string,
    debounceMs: number,
    requestedBy: string | null = null,
  ): Promise<number> {
    // A caller that has just read the partnership passes it: one read fewer on a record's write.
    const found =
      typeof partnership === 'string' ? await this.partnerships.findById(partnership) : partnership;
    if (!found) return 0;
    return this.requestClosed(found, activityDates, today, debounceMs, requestedBy);
  }

  /**
   * After a change to how a partnership's figures are computed (an outcome's valuation, its kind,
   * baseline or place in the hierarchy): asks (debounced) for every report with a current version
   * to be recomputed. A run whose inputs changed stores a restatement; stored versions are never
   * edited. Returns how many reports were asked for.
   */
  async afterSettingsChange(
    partnershipId: string,
    debounceMs: number,
    requestedBy: string | null = null,
  ): Promise<number> {
    const reports = await this.reports.currentAll(partnershipId);
    for (const r of reports) {
      const quarter = quarterLabelOf(r.periodLabel);
      if (!quarter) continue;
      await this.requester.request(partnershipId, {
        ...reportRun({ scope: r.scope, quarter }),
        requestedBy,
        delayMs: debounceMs,
      });
    }
    return reports.length;
  }

  private async requestClosed(
    partnership: Partnership,
    activityDates: Iterable<string>,
    today: string,
    debounceMs: number,
    requestedBy: string | null,
  ): Promise<number> {
    const partnershipId = partnership.id;
    const closed = new Map<string, string>();
    const closedDates: string[] = [];
    for (const date of activityDates) {
      const q = quarterOf(date, partnership.fyStartMonth);
      if (q.end < today) {
        closed.set(q.label, q.label);
        closedDates.push(date);
      }
    }
    // The quarter and year to date at each closed quarter, and every report already issued whose
    // window covers the data (years to date and since-start reports of later quarters).
    const wanted = new Map<string, ReportRunParams>();
    for (const label of closed.keys()) {
      for (const scope of ['quarter', 'year_to_date'] as const) {
        wanted.set(`${scope}:${label}`, { scope, quarter: label });
      }
    }
    for (const r of await this.reports.covering(partnershipId, [...new Set(closedDates)])) {
      const quarter = quarterLabelOf(r.periodLabel);
      if (quarter) wanted.set(`${r.scope}:${quarter}`, { scope: r.scope, quarter });
    }
    for (const params of wanted.values()) {
      await this.requester.request(partnershipId, {
        ...reportRun(params),
        requestedBy,
        delayMs: debounceMs,
      });
    }
    return closed.size;
  }
}
