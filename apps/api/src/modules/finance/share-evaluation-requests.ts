import { RunRequester, shareEvaluationRun } from '@ol/jobs';
import { Injectable } from '@nestjs/common';
import { financialYearOf } from '@ol/outcomes';
import { FinanceRepository, PartnershipRepository, type JobRun } from '@ol/persistence';

/**
 * Asks (through the run outbox) for share evaluations when what counts changes: a return decided,
 * a rule recorded, the partnership's provisional-returns setting changed. One run per rule ×
 * provider × financial year, joining one that waits to start.
 */
@Injectable()
export class ShareEvaluationRequests {
  constructor(
    private readonly finance: FinanceRepository,
    private readonly partnerships: PartnershipRepository,
    private readonly requester: RunRequester,
  ) {}

  /** One evaluation of a rule for a provider's financial year starting `fyStart`. */
  async request(
    partnershipId: string,
    ruleId: string,
    providerOrgId: string,
    fyStart: string,
    by: string | null,
  ): Promise<JobRun> {
    const { run } = await this.requester.request(partnershipId, {
      ...shareEvaluationRun({ ruleId, providerOrgId, fyStart }),
      requestedBy: by,
    });
    return run;
  }

  /** Every rule in force for the provider, for the financial year of `date`. */
  async forProviderYear(
    partnershipId: string,
    providerOrgId: string,
    date: string,
    by: string | null,
  ): Promise<JobRun[]> {
    const partnership = (await this.partnerships.findById(partnershipId))!;
    const year = financialYearOf(date, partnership.fyStartMonth);
    const runs: JobRun[] = [];
    for (const rule of await this.finance.activeRules(partnershipId, providerOrgId)) {
      runs.push(await this.request(partnershipId, rule.id, providerOrgId, year.start, by));
    }
    return runs;
  }

  /** Every provider's latest financial year with returns, under every rule in force for it. */
  async forLatestYears(partnershipId: string, by: string | null): Promise<JobRun[]> {
    const runs: JobRun[] = [];
    for (const latest of await this.finance.latestReturnPeriods(partnershipId)) {
      runs.push(
        ...(await this.forProviderYear(
          partnershipId,
          latest.providerOrgId,
          latest.periodStart,
          by,
        )),
      );
    }
    return runs;
  }
}
