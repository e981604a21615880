import { Injectable } from '@nestjs/common';
import {
  aggregateTotals,
  analyseSensitivity,
  combineTotals,
  computeSroiReport,
  daysBetween,
  evaluateTargetProgress,
  proRataInvestment,
  toFixedString,
  toMoneyString,
  windowTarget,
  ValidationError,
  type DiscountSettings,
  type OutcomeLineInput,
  type PeriodTotals,
  type SensitivityCase,
} from '@ol/outcomes';
import {
  ReportRepository,
  stableStringify,
  type Partnership,
  type PriorVersions,
  type ReportOutcome,
  type ResolvedProxy,
} from '@ol/persistence';
import { createHash } from 'node:crypto';
import { windowQuarters, type ReportWindow } from './report-window';

const CONVENTIONS = {
  end_of_year: 'end-of-year',
  start_of_year: 'start-of-year',
  mid_year: 'mid-year',
  none: 'none',
} as const;

/** The standard sensitivity table: each adjustment ±10 points, proxy values ±20%, duration ±1 year. */
export const SENSITIVITY_CASES: SensitivityCase[] = [
  { parameter: 'deadweight', change: '0.1' },
  { parameter: 'deadweight', change: '-0.1' },
  { parameter: 'attribution', change: '0.1' },
  { parameter: 'attribution', change: '-0.1' },
  { parameter: 'displacement', change: '0.1' },
  { parameter: 'displacement', change: '-0.1' },
  { parameter: 'dropOff', change: '0.1' },
  { parameter: 'dropOff', change: '-0.1' },
  { parameter: 'proxyValue', change: '0.2' },
  { parameter: 'proxyValue', change: '-0.2' },
  { parameter: 'duration', change: '1' },
  { parameter: 'duration', change: '-1' },
];

/**
 * Aggregate rows in a fixed order for the fingerprint: by outcome id, then quarter start, compared
 * by code unit (a uuid and an ISO date: the same on every machine, whatever its locale).
 */
export function byOutcomeAndQuarter<T extends { outcomeId: string; quarterStart: string }>(
  rows: readonly T[],
): T[] {
  const keyed = rows.map((row) => ({ key: row.outcomeId + row.quarterStart, row }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((entry) => entry.row);
}

const d = (date: Date): string => date.toISOString().slice(0, 10);
const dec = (v: { toString(): string } | null | undefined): string | null =>
  v === null || v === undefined ? null : v.toString();

export interface BuiltReport {
  fingerprint: string;
  /** The figures as built (decimals already formatted as strings, explanations as steps). */
  figures: Record<string, unknown>;
  /** The figures as stored: serialised once. */
  figuresJson: string;
}

/** A report's inputs read and fingerprinted; `finish` computes the figures. */
export interface PreparedReport {
  fingerprint: string;
  /** The stored versions of this report, read with the inputs. */
  prior: PriorVersions;
  finish(): BuiltReport;
}

/**
 * Builds one report's figures: SQL aggregates per outcome and quarter (ReportRepository), then
 * every number from libs/outcomes (aggregation, progress and RAG, SROI valuation, totals,
 * sensitivity). Deterministic: the fingerprint is a hash of every input, so the same inputs give
 * the same fingerprint and no new version.
 */
@Injectable()
export class ReportBuilder {
  constructor(private readonly reports: ReportRepository) {}

  /**
   * Reads the report's inputs (the SQL aggregates, targets, proxies, open book), works out each
   * outcome's figures and the fingerprint of the inputs; `finish` then values the lines (SROI,
   * sensitivity) and assembles the figures. A caller that finds a version with the same
   * fingerprint skips `finish`, most of a large report's computing. `onProgress` is told the
   * percentage reached (40, 55, 70, then 90 in `finish`) and must not hold the build up.
   */
  async prepare(
    partnership: Partnership,
    window: ReportWindow,
    onProgress: (percent: number) => void = () => undefined,
  ): Promise<PreparedReport> {
    const partnershipId = partnership.id;
    const fy = partnership.fyStartMonth;
    const pStart = d(partnership.startDate);
    const { quarters, trend } = windowQuarters(window, fy, pStart);
    const allQuarters = [...trend, ...quarters];

    // 1. The reads, on two pooled connections at once (a worker runs several reports and shares
    //    its pool with imports): the sums, the biggest aggregate; and everything else
    //    (`reportInputs`: outcomes, targets, proxies, the open book and the stored versions in
    //    one prepared statement, then the records in force of mean/latest outcomes).
    const from = allQuarters[0].start;
    const [sums, { outcomes, targetsByOutcome, resolveProxy, effective, book, prior }] =
      await Promise.all([
        this.reports.quarterSums(partnershipId, fy, from, window.end),
        this.reports.reportInputs(partnershipId, {
          fyStartMonth: fy,
          from,
          start: window.start,
          end: window.end,
          scope: window.scope,
        }),
      ]);
    onProgress(40);
    const sumBy = new Map(sums.map((r) => [`${r.outcomeId}|${r.quarterStart}`, r]));
    const effBy = new Map(effective.map((r) => [`${r.outcomeId}|${r.quarterStart}`, r]));
    const totalsFor = (o: ReportOutcome, qStart: string): PeriodTotals => {
      if (o.aggregation === 'sum') {
        const r = sumBy.get(`${o.id}|${qStart}`);
        return { count: r?.records ?? 0, sum: r?.sum ?? '0', latest: null };
      }
      const r = effBy.get(`${o.id}|${qStart}`);
      return { count: r?.count ?? 0, sum: r?.sum ?? '0', latest: r?.latest ?? null };
    };

    // 2. Targets, progress and trend per outcome.
    const outcomeRows = outcomes.map((o) => {
      const targets = targetsByOutcome.get(o.id) ?? [];
      const byStart = new Map(
        targets.filter((t) => t.periodKind === 'quarter').map((t) => [t.periodStart, t]),
      );
      const yearTarget = targets.find(
        (t) =>
          t.periodKind === 'year' && t.periodStart === window.start && t.periodEnd === window.end,
      );
      // Each quarter's totals, trend quarters first (allQuarters' order), read once.
      const quarterTotals = allQuarters.map((q) => totalsFor(o, q.start));
      const windowQuarterTotals = quarterTotals.slice(trend.length);
      const windowTotals = combineTotals(windowQuarterTotals);
      const actual = aggregateTotals(windowTotals, o.aggregation);
      const target = yearTarget
        ? yearTarget.targetValue
        : dec(
            windowTarget(
              o.aggregation,
              quarters.map((q) => byStart.get(q.start)?.targetValue ?? null),
            ),
          );
      // A target on the wrong side of the baseline (say a decrease outcome whose baseline was
      // never set, so 0) leaves that outcome's progress unmeasured; the report still goes out.
      let progress: ReturnType<typeof evaluateTargetProgress> | null = null;
      let progressProblem: string | null = null;
      if (target !== null) {
        try {
          progress = evaluateTargetProgress({
            direction: o.direction,
            baseline: o.baseline ?? undefined,
            target,
            actual: actual.value,
            thresholds: { green: o.greenThreshold, amber: o.amberThreshold },
          });
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          progressProblem = `progress not measured: ${error.field} ${error.reason}`;
        }
      }
      const quartersWithData = windowQuarterTotals.filter((t) => t.count > 0).length;
      const verifiedQuantity = combineTotals(
        quarters.map((q) => ({
          count: 0,
          sum: sumBy.get(`${o.id}|${q.start}`)?.verifiedSum ?? '0',
          latest: null,
        })),
      ).sum.toString();
      return {
        outcome: o,
        windowQuarterTotals,
        targetUsed: target,
        targetRows: [...byStart.values(), ...(yearTarget ? [yearTarget] : [])],
        figures: {
          outcomeId: o.id,
          code: o.code,
          title: o.title,
          theme: o.theme,
          unit: o.unit,
          direction: o.direction,
          aggregation: o.aggregation,
          parentId: o.parentId,
          isPrevention: o.isPrevention,
          baseline: o.baseline,
          actual: dec(actual.value),
          entries: actual.entryCount,
          target,
          progress: progress?.progress ? toFixedString(progress.progress, 4) : null,
          rag: progress?.rag ?? null,
          procurementRating: progress?.procurementRating ?? null,
          met: progress?.met ?? null,
          progressNote:
            target === null
              ? 'no target set for this period'
              : (progressProblem ?? (progress?.basis === 'no-data' ? 'no data' : null)),
          verifiedQuantity,
          quartersWithData,
          trend: allQuarters.map((q, i) => ({
            period: q.label,
            actual: dec(aggregateTotals(quarterTotals[i], o.aggregation).value),
          })),
          explanation: progress?.steps ?? [],
        },
      };
    });
    onProgress(55);

    // 3. Valuation lines: per outcome and proxy version in force at each quarter's end (quarters
    //    sharing a version are valued together; valuation is linear in quantity).
    const lines: OutcomeLineInput[] = [];
    const proxyInputs: Record<string, unknown>[] = [];
    for (const row of outcomeRows) {
      const o = row.outcome;
      if (!o.proxyId) {
        const quantity = row.figures.actual;
        if (quantity !== null)
          lines.push({
            outcomeId: o.id,
            title: o.title,
            theme: o.theme,
            unit: o.unit,
            quantity,
            proxy: null,
          });
        continue;
      }
      const groups = new Map<
        string,
        { version: ResolvedProxy | null; totals: PeriodTotals[]; periods: string[] }
      >();
      for (const [index, q] of quarters.entries()) {
        const version = resolveProxy(o.proxyId, new Date(`${q.end}T00:00:00Z`));
        const key = version?.versionId ?? 'none';
        const g = groups.get(key) ?? { version, totals: [], periods: [] };
        g.totals.push(row.windowQuarterTotals[index]);
        g.periods.push(q.label);
        groups.set(key, g);
      }
      for (const g of groups.values()) {
        const quantity = aggregateTotals(combineTotals(g.totals), o.aggregation).value;
        if (quantity === null || quantity.isZero()) continue;
        const v = g.version;
        proxyInputs.push({
          outcomeId: o.id,
          periods: g.periods,
          versionId: v?.versionId ?? null,
          source: v?.source ?? null,
        });
        lines.push({
          outcomeId: o.id,
          title: o.title,
          theme: o.theme,
          unit: o.unit,
          quantity,
          isCorrection: quantity.isNegative(),
          proxy: v
            ? {
                code: v.proxy.code,
                valuePerUnit: v.valuePerUnit,
                deadweight: v.deadweight,
                attribution: v.attribution,
                displacement: v.displacement,
                dropOff: v.dropOff,
                durationYears: v.durationYears,
              }
            : null,
        });
      }
    }
    onProgress(70);

    const inputs = {
      partnership: {
        fy,
        start: pStart,
        end: d(partnership.endDate),
        rate: partnership.discountRate.toString(),
        convention: partnership.discountConvention,
        contract: dec(partnership.contractValue),
      },
      window,
      outcomes: outcomeRows.map((r) => ({
        id: r.outcome.id,
        code: r.outcome.code,
        title: r.outcome.title,
        theme: r.outcome.theme,
        direction: r.outcome.direction,
        aggregation: r.outcome.aggregation,
        baseline: r.outcome.baseline,
        thresholds: [r.outcome.greenThreshold, r.outcome.amberThreshold],
        target: r.targetUsed,
        trendTargets: r.targetRows.map((t) => [t.id, t.targetValue]),
      })),
      sums: byOutcomeAndQuarter(sums),
      effective: byOutcomeAndQuarter(effective),
      proxyInputs,
      book,
    };
    const fingerprint = createHash('sha256').update(stableStringify(inputs)).digest('hex');

    // The rest only when the caller still needs the figures (a version with these inputs may
    // already exist).
    const finish = (): BuiltReport => {
      // 4. Investment: the open book's allowable cost for the window, else the contract value pro rata.
      let investment = book.cost;
      let investmentBasis = 'open-book allowable cost of returns in the period';
      if (book.returns === 0) {
        if (partnership.contractValue) {
          const days = daysBetween(window.start, window.end) + 1;
          const contractDays = daysBetween(pStart, d(partnership.endDate)) + 1;
          investment = proRataInvestment(
            partnership.contractValue.toString(),
            Math.min(days, contractDays),
            contractDays,
          ).toString();
          investmentBasis = `contract value pro rata (${days} of ${contractDays} days): no open-book returns for the period`;
        } else {
          investment = '0';
          investmentBasis = 'none: no open-book returns and no contract value';
        }
      }

      const discount = this.discountOf(partnership);
      const sroi = computeSroiReport({ lines, investment, discount });
      const hasMonetised = sroi.lines.some((l) => l.monetised);
      const sensitivity = hasMonetised
        ? analyseSensitivity({ lines, investment, discount }, SENSITIVITY_CASES, { report: sroi })
        : null;
      onProgress(90);

      const pvByOutcome = new Map(sroi.byOutcome.map((t) => [t.outcomeId, t]));

      const figures = {
        partnership: {
          id: partnership.id,
          name: partnership.name,
          currency: partnership.currency,
          fyStartMonth: fy,
          discountRate: partnership.discountRate.toFixed(4),
          discountConvention: partnership.discountConvention,
        },
        scope: window.scope,
        period: {
          label: window.label,
          start: window.start,
          end: window.end,
          quarters: quarters.map((q) => q.label),
        },
        outcomes: outcomeRows.map((r) => {
          const t = pvByOutcome.get(r.outcome.id);
          return {
            ...r.figures,
            monetised: r.outcome.proxyId !== null,
            presentValue: t?.presentValue ? toMoneyString(t.presentValue) : null,
            notMonetisedNote: r.outcome.proxyId ? null : 'not monetised: reported in its own units',
          };
        }),
        valuationLines: sroi.lines.map((l) =>
          l.monetised
            ? {
                outcomeId: l.outcomeId,
                monetised: true,
                quantity: l.quantity.toString(),
                proxyCode: l.proxyCode,
                valuePerUnit: l.valuePerUnit.toString(),
                gross: toMoneyString(l.gross),
                deductions: l.deductions.map((x) => ({
                  name: x.name,
                  rate: x.rate.toString(),
                  amount: toMoneyString(x.amount),
                })),
                impact: toMoneyString(l.impact),
                dropOff: l.dropOff.toString(),
                durationYears: l.durationYears,
                years: l.years.map((y) => ({
                  year: y.year,
                  value: toMoneyString(y.value),
                  discountFactor: toFixedString(y.discountFactor, 6),
                  presentValue: toMoneyString(y.presentValue),
                })),
                presentValue: toMoneyString(l.presentValue),
                explanation: l.steps,
              }
            : {
                outcomeId: l.outcomeId,
                monetised: false,
                quantity: l.quantity.toString(),
                unit: l.unit,
                reason: l.reason,
              },
        ),
        totals: {
          presentValue: toMoneyString(sroi.totalPresentValue),
          undiscountedValue: toMoneyString(sroi.totalUndiscountedValue),
          investment: toMoneyString(sroi.investment),
          investmentBasis,
          netPresentValue: toMoneyString(sroi.netPresentValue),
          sroiRatio: sroi.sroiRatio ? toFixedString(sroi.sroiRatio, 2) : null,
          netSroiRatio: sroi.netSroiRatio ? toFixedString(sroi.netSroiRatio, 2) : null,
          ratioUnavailableReason: sroi.ratioUnavailableReason,
          paybackMonths: sroi.paybackMonths ? toFixedString(sroi.paybackMonths, 1) : null,
          paybackUnavailableReason: sroi.paybackUnavailableReason,
        },
        byTheme: sroi.byTheme.map((t) => ({
          theme: t.theme,
          presentValue: toMoneyString(t.presentValue),
          outcomes: t.outcomeIds,
          notMonetised: t.notMonetised.map((n) => ({
            outcomeId: n.outcomeId,
            quantity: n.quantity.toString(),
            unit: n.unit,
          })),
        })),
        notMonetised: sroi.notMonetised.map((n) => ({
          outcomeId: n.outcomeId,
          title: n.title,
          unit: n.unit,
          quantity: n.quantity.toString(),
        })),
        sensitivity: sensitivity
          ? {
              baseRatio: sensitivity.baseRatio ? toFixedString(sensitivity.baseRatio, 2) : null,
              results: sensitivity.results.map((s) => ({
                parameter: s.parameter,
                change: s.change.toString(),
                clamped: s.clamped,
                presentValue: toMoneyString(s.presentValue),
                ratio: s.ratio ? toFixedString(s.ratio, 2) : null,
                breakEven: JSON.parse(JSON.stringify(s.breakEven)) as unknown,
              })),
            }
          : null,
        discount: sroi.discount,
        // The totals' working; each valuation line carries its own.
        explanation: sroi.totalSteps,
      };
      return { fingerprint, figures, figuresJson: JSON.stringify(figures) };
    };
    return { fingerprint, prior, finish };
  }

  /** The partnership's discounting: the Green Book declining schedule for the 3.5% default. */
  private discountOf(p: Partnership): DiscountSettings {
    const convention = CONVENTIONS[p.discountConvention];
    return p.discountRate.toFixed(4) === '0.0350'
      ? { convention }
      : { convention, rate: p.discountRate.toString() };
  }
}
