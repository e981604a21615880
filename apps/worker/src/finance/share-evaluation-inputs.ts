import type { ShareRunParams } from '@ol/jobs';
import { Injectable } from '@nestjs/common';
import {
  countingReturnStatuses,
  financialYearOf,
  type ContractRule,
  type FinancialReturnEntry,
  type FinancialYear,
  type IsoDate,
} from '@ol/outcomes';
import {
  FinanceRepository,
  PartnershipRepository,
  stableStringify,
  type FinancialReturnWithLines,
  type ShareRule,
  type ShareState,
} from '@ol/persistence';
import { createHash } from 'node:crypto';

export type { ShareRunParams } from '@ol/jobs';

/**
 * What one evaluation reads: the rule, the year's returns (the latest counting revision of each
 * period: accepted, or awaiting a decision where the partnership counts those as provisional) and
 * the state so far.
 */
export interface ShareEvaluationInputs {
  params: ShareRunParams;
  year: FinancialYear;
  /** The year's first day (YYYY-MM-DD). */
  windowStart: IsoDate;
  /** The end of the latest return in the year: the window is the year to that date. */
  windowEnd: IsoDate;
  rule: ShareRule;
  /** In period order; `entries[i]` of the evaluation is `returns[i]`. Rejected and superseded revisions never count. */
  returns: FinancialReturnWithLines[];
  /** Of the rule, the window and each return's id and revision: the same inputs, the same value. */
  fingerprint: string;
  /** The returns counted while awaiting review (provisional: the partnership counts them). */
  provisionalReturnIds: string[];
  previous: ShareState | null;
}

/** The rule's terms as libs/outcomes takes them (validated by the API when stored). */
export function termsOf(rule: ShareRule): ContractRule {
  return rule.terms as unknown as ContractRule;
}

/** A stored return as libs/outcomes takes it. */
export function entryOf(r: FinancialReturnWithLines): FinancialReturnEntry {
  return {
    label: r.periodLabel,
    periodStart: r.periodStart,
    periodEnd: r.periodEnd,
    revenue: r.revenue,
    targetCost: r.targetCost ?? undefined,
    costs: r.lines.map((l) => ({
      category: l.category,
      amount: l.amount,
      allowable: l.allowable,
    })),
  };
}

/**
 * Reads an evaluation's inputs in the caller's transaction, first taking the advisory lock of its
 * ledger (the rule's lineage × provider × year) (so decisions about one state are serialised across workers). Null when
 * there is nothing to evaluate: the rule is gone, or the provider has no counting return in the year.
 */
@Injectable()
export class ShareEvaluationInputReader {
  constructor(
    private readonly finance: FinanceRepository,
    private readonly partnerships: PartnershipRepository,
  ) {}

  async load(partnershipId: string, params: ShareRunParams): Promise<ShareEvaluationInputs | null> {
    const partnership = (await this.partnerships.findById(partnershipId))!;
    const year = financialYearOf(params.fyStart, partnership.fyStartMonth);
    const windowStart = year.start;
    const found = await this.finance.findRule(partnershipId, params.ruleId);
    if (!found) return null;
    const previous = await this.finance.lockState(
      partnershipId,
      found,
      params.providerOrgId,
      windowStart,
    );
    // Read again under the lock: a replacement committed meanwhile makes this rule superseded.
    const rule = await this.finance.findRule(partnershipId, params.ruleId);
    const returns = (
      await this.finance.listReturns(partnershipId, {
        providerOrgIds: [params.providerOrgId],
        from: windowStart,
        to: year.end,
        reviewStatuses: countingReturnStatuses(partnership.provisionalReturnsCount),
      })
    ).filter((r) => r.periodStart >= year.start && r.periodEnd <= year.end);
    // A rule replaced since the run was asked for is not evaluated: its successor is (and the
    // ledger would otherwise move back towards the old terms).
    if (!rule || rule.supersededAt || returns.length === 0) return null;
    const windowEnd = returns
      .map((r) => r.periodEnd)
      .sort()
      .at(-1)!;
    const provisionalReturnIds = returns
      .filter((r) => r.reviewStatus !== 'accepted')
      .map((r) => r.id);
    // Provisional returns are named only when there are some: an evaluation of accepted returns
    // keeps the fingerprint it had before returns were reviewed; accepting a provisional one
    // makes a new evaluation (the same figures, no longer provisional).
    const fingerprint = createHash('sha256')
      .update(
        stableStringify({
          rule: rule.id,
          window: [year.start, windowEnd],
          returns: returns.map((r) => [r.id, r.revision]),
          ...(provisionalReturnIds.length ? { provisional: provisionalReturnIds } : {}),
        }),
      )
      .digest('hex');
    return {
      params,
      year,
      windowStart,
      windowEnd,
      rule,
      returns,
      fingerprint,
      provisionalReturnIds,
      previous,
    };
  }
}
