import { Injectable } from '@nestjs/common';
import {
  aggregateTotals,
  chooseTarget,
  combineTotals,
  composeReport,
  type PeriodTotals,
  type Quarter,
  type ReportFigures,
  type ReportInputs,
  type ReportOutcomeInput,
  type ReportProxyVersion,
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
const day = (iso: string): Date => new Date(`${iso}T00:00:00Z`);
const dec = (v: { toString(): string } | null | undefined): string | null =>
  v === null || v === undefined ? null : v.toString();

/** A resolved proxy version as the report's inputs carry it. */
function versionInput(v: ResolvedProxy | null): ReportProxyVersion | null {
  return v
    ? {
        versionId: v.versionId,
        source: v.source,
        code: v.proxy.code,
        valuePerUnit: v.valuePerUnit,
        deadweight: v.deadweight,
        attribution: v.attribution,
        displacement: v.displacement,
        dropOff: v.dropOff,
        durationYears: v.durationYears,
      }
    : null;
}

/**
 * For the fingerprint: per monetised outcome, the proxy version of each group of window quarters
 * valued together (those with a quantity), as the fingerprint has always listed them.
 */
function proxyInputsOf(
  outcomes: readonly ReportOutcomeInput[],
  quarters: readonly Quarter[],
): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const trendLength = (o: ReportOutcomeInput) => o.totals.length - quarters.length;
  for (const o of outcomes) {
    if (!o.monetised) continue;
    const groups = new Map<
      string,
      { version: ReportProxyVersion | null; totals: PeriodTotals[]; periods: string[] }
    >();
    quarters.forEach((q, index) => {
      const version = o.proxies[index];
      const key = version?.versionId ?? 'none';
      const g = groups.get(key) ?? { version, totals: [], periods: [] };
      g.totals.push(o.totals[trendLength(o) + index]);
      g.periods.push(q.label);
      groups.set(key, g);
    });
    for (const g of groups.values()) {
      const quantity = aggregateTotals(combineTotals(g.totals), o.aggregation).value;
      if (quantity === null || quantity.isZero()) continue;
      out.push({
        outcomeId: o.id,
        periods: g.periods,
        versionId: g.version?.versionId ?? null,
        source: g.version?.source ?? null,
      });
    }
  }
  return out;
}

export interface BuiltReport {
  fingerprint: string;
  /** The figures as composed by libs/outcomes. */
  figures: ReportFigures;
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

    // 2. Each outcome's inputs: its quarters' totals (trend quarters first), targets and the proxy
    //    version in force at each window quarter's end.
    const reportOutcomes: ReportOutcomeInput[] = outcomes.map((o) => ({
      id: o.id,
      code: o.code,
      title: o.title,
      theme: o.theme,
      unit: o.unit,
      direction: o.direction,
      aggregation: o.aggregation,
      parentId: o.parentId,
      isPrevention: o.isPrevention,
      baseline: o.baseline,
      greenThreshold: o.greenThreshold,
      amberThreshold: o.amberThreshold,
      monetised: o.proxyId !== null,
      targets: (targetsByOutcome.get(o.id) ?? []).map((t) => ({
        id: t.id,
        periodKind: t.periodKind,
        periodStart: t.periodStart,
        periodEnd: t.periodEnd,
        value: t.targetValue,
      })),
      totals: allQuarters.map((q) => totalsFor(o, q.start)),
      verifiedQuantity: combineTotals(
        quarters.map((q) => ({
          count: 0,
          sum: sumBy.get(`${o.id}|${q.start}`)?.verifiedSum ?? '0',
          latest: null,
        })),
      ).sum.toString(),
      proxies: o.proxyId
        ? quarters.map((q) => versionInput(resolveProxy(o.proxyId!, day(q.end))))
        : [],
    }));
    const reportInputs: ReportInputs = {
      partnership: {
        id: partnership.id,
        name: partnership.name,
        currency: partnership.currency,
        fyStartMonth: fy,
        startDate: pStart,
        endDate: d(partnership.endDate),
        discountRate: partnership.discountRate.toFixed(4),
        discountConvention: partnership.discountConvention,
        contractValue: dec(partnership.contractValue),
      },
      window,
      quarters,
      trend,
      outcomes: reportOutcomes,
      book: { cost: book.cost, returns: book.returns },
    };
    onProgress(55);

    // 3. The fingerprint: every input the figures depend on, in a fixed shape (the same inputs
    //    as before the figures were composed in libs/outcomes: unchanged data keeps its version).
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
      outcomes: reportOutcomes.map((o) => {
        const chosen = chooseTarget(o, quarters, window);
        return {
          id: o.id,
          code: o.code,
          title: o.title,
          theme: o.theme,
          direction: o.direction,
          aggregation: o.aggregation,
          baseline: o.baseline,
          thresholds: [o.greenThreshold, o.amberThreshold],
          target: chosen.target,
          trendTargets: chosen.rows.map((t) => [t.id, t.value]),
        };
      }),
      sums: byOutcomeAndQuarter(sums),
      effective: byOutcomeAndQuarter(effective),
      proxyInputs: proxyInputsOf(reportOutcomes, quarters),
      book,
    };
    const fingerprint = createHash('sha256').update(stableStringify(inputs)).digest('hex');
    onProgress(70);

    // The figures only when the caller still needs them (a version with these inputs may
    // already exist).
    const finish = (): BuiltReport => {
      const figures = composeReport(reportInputs);
      onProgress(90);
      return { fingerprint, figures, figuresJson: JSON.stringify(figures) };
    };
    return { fingerprint, prior, finish };
  }
}
