import { Injectable } from '@nestjs/common';
import {
  REPORT_METHOD,
  composeReport,
  counted,
  type QuarterDelivery,
  type ReportFigures,
  type ReportInputs,
  type ReportOutcomeInput,
  type ReportPriceIndex,
  type ReportProxyVersion,
  type ReportVersionStatus,
  reportPriceYearOf,
  versionStatusOn,
  windowQuarters,
  type ReportWindow,
} from '@ol/outcomes';
import {
  ReportInputsRepository,
  type Partnership,
  type PriorVersions,
  type QuarterAggregate,
  type ReportReads,
  type ResolvedProxy,
} from '@ol/persistence';
import { createHash } from 'node:crypto';
import { deliveryReader, providersReader } from './delivery-readers';

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

/** A resolved proxy version as the report's inputs carry it. */
function versionInput(v: ResolvedProxy | null): ReportProxyVersion | null {
  return v
    ? {
        versionId: v.versionId,
        source: v.source,
        code: v.proxy.code,
        valuePerUnit: v.valuePerUnit,
        priceYear: v.priceYear,
        deadweight: v.deadweight,
        attribution: v.attribution,
        displacement: v.displacement,
        dropOff: v.dropOff,
        durationYears: v.durationYears,
      }
    : null;
}

/**
 * The partnership's index values for the years the report uses: its price year and the price years
 * of the proxy versions in force. Only these are inputs, so a value of another year changing does
 * not restate the report.
 */
export function priceIndexFor(
  read: ReportReads['priceIndex'],
  reportYear: number,
  outcomes: readonly Pick<ReportOutcomeInput, 'valuation'>[],
): ReportPriceIndex {
  const years = new Set([reportYear]);
  for (const o of outcomes) {
    for (const v of o.valuation?.proxies ?? []) if (v) years.add(v.priceYear);
  }
  return { series: read.series, values: read.values.filter((v) => years.has(v.year)) };
}

/**
 * The text a report's fingerprint hashes: the method, composeReport's inputs and the open book's
 * returns and revisions. The inputs are plain data this builder constructs in a fixed key order, so
 * native JSON is stable (and several times faster than sorting keys).
 */
function fingerprintText(inputs: ReportInputs, book: string): string {
  return JSON.stringify({ method: REPORT_METHOD, inputs, book });
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
  /** What `finish` composes (for a caller that times or inspects the computing alone). */
  inputs: ReportInputs;
  /** The stored versions of this report, read with the inputs. */
  prior: PriorVersions;
  finish(): BuiltReport;
}

/**
 * Builds one report's figures: SQL aggregates per outcome, quarter and review status
 * (ReportInputsRepository), then every number from libs/outcomes (composeReport). Deterministic: the
 * fingerprint is a hash of the inputs composeReport is given (and of the method it composes
 * with), so the same inputs give the same fingerprint and no new version.
 */
@Injectable()
export class ReportBuilder {
  constructor(private readonly reports: ReportInputsRepository) {}

  /**
   * Reads the report's inputs (the SQL aggregates, targets, proxies, open book) and fingerprints
   * them with the version's `status` (provisional until the window has ended: a final version of
   * the same data is a new version); `finish` then composes the figures. A caller that finds a version with the same
   * fingerprint skips `finish`, most of a large report's computing. `onProgress` is told the
   * percentage reached (40, 55, 70, then 90 in `finish`) and must not hold the build up.
   */
  async prepare(
    partnership: Partnership,
    window: ReportWindow,
    onProgress: (percent: number) => void = () => undefined,
    status: ReportVersionStatus = versionStatusOn(
      window.end,
      new Date().toISOString().slice(0, 10),
    ),
  ): Promise<PreparedReport> {
    const partnershipId = partnership.id;
    const fy = partnership.fyStartMonth;
    const pStart = partnership.startDate;
    const { quarters, trend } = windowQuarters(window, fy, pStart);
    const allQuarters = [...trend, ...quarters];

    // 1. The reads, on two pooled connections at once (a worker runs several reports and shares
    //    its pool with imports): the sums, the biggest aggregate; and everything else
    //    (`reportInputs`: outcomes, targets, proxies, the open book and the stored versions in
    //    one prepared statement, then the records in force of mean/latest outcomes).
    const from = allQuarters[0].start;
    const [
      sums,
      {
        outcomes,
        targetsByOutcome,
        resolveProxy,
        effective,
        book,
        prior,
        priceIndex,
        sensitivity,
        organisationNames,
      },
    ] = await Promise.all([
      this.reports.quarterSums(partnershipId, fy, from, window.end, window.start),
      this.reports.reportInputs(partnershipId, {
        fyStartMonth: fy,
        from,
        start: window.start,
        end: window.end,
        scope: window.scope,
      }),
    ]);
    onProgress(40);
    const deliveryOf = deliveryReader(sums, effective);
    const providersOf = providersReader(
      sums,
      quarters,
      await this.namesFor(sums, organisationNames),
    );

    // 2. Each outcome's inputs: its quarters' delivery (trend quarters first), targets and the
    //    proxy version in force at each window quarter's end.
    const reportOutcomes = outcomes.map((o) => ({
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
      valueDisbenefits: o.valueDisbenefits,
      stakeholder: o.stakeholder,
      greenThreshold: o.greenThreshold,
      amberThreshold: o.amberThreshold,
      valuation: o.proxyId
        ? {
            basis: o.valuationBasis,
            countOutcomeId: o.countOutcomeId,
            proxies: quarters.map((q) => versionInput(resolveProxy(o.proxyId!, q.end))),
          }
        : null,
      targets: (targetsByOutcome.get(o.id) ?? []).map((t) => ({
        id: t.id,
        periodKind: t.periodKind,
        periodStart: t.periodStart,
        periodEnd: t.periodEnd,
        value: t.targetValue,
      })),
      delivery: allQuarters.map((q) => deliveryOf(o, q.start)),
      providers: providersOf(o),
      expectedProviders: [] as ReportOutcomeInput['expectedProviders'],
    }));
    await this.addExpectedProviders(partnership, reportOutcomes, trend, window);
    const reportInputs: ReportInputs = {
      status,
      partnership: {
        id: partnership.id,
        name: partnership.name,
        currency: partnership.currency,
        fyStartMonth: fy,
        startDate: pStart,
        endDate: partnership.endDate,
        discountRate: partnership.discountRate.toFixed(4),
        discountConvention: partnership.discountConvention,
        discountSchedule: partnership.discountSchedule,
        paybackMethod: partnership.paybackMethod,
        contractValue: partnership.contractValue?.toString() ?? null,
        countUnverified: partnership.countUnverified,
        reportPriceYear: partnership.reportPriceYear,
      },
      window,
      quarters,
      trend,
      outcomes: reportOutcomes,
      book: { cost: book.cost, returns: book.returns },
      priceIndex: priceIndexFor(
        priceIndex,
        reportPriceYearOf(partnership.reportPriceYear, window.end).year,
        reportOutcomes,
      ),
      sensitivity,
    };
    onProgress(55);

    // 3. The fingerprint: everything composeReport is given, the open book's returns and
    //    revisions, and the method it composes with (a new method restates every report).
    const fingerprint = createHash('sha256')
      .update(fingerprintText(reportInputs, book.fingerprint))
      .digest('hex');
    onProgress(70);

    // The figures only when the caller still needs them (a version with these inputs may
    // already exist).
    const finish = (): BuiltReport => {
      const figures = composeReport(reportInputs);
      onProgress(90);
      return { fingerprint, figures, figuresJson: JSON.stringify(figures) };
    };
    return { fingerprint, inputs: reportInputs, prior, finish };
  }

  /**
   * Names for the providers in the sums: the partnership's members, read with the inputs; one
   * more read only for a provider no longer a member.
   */
  private async namesFor(
    sums: readonly QuarterAggregate[],
    members: ReadonlyMap<string, string>,
  ): Promise<(id: string) => string> {
    const unknown = [
      ...new Set(
        sums.flatMap((r) => (r.providerId && !members.has(r.providerId) ? [r.providerId] : [])),
      ),
    ];
    const others = new Map(
      (await this.reports.organisationNames(unknown)).map((o) => [o.id, o.name]),
    );
    return (id) => members.get(id) ?? others.get(id) ?? id;
  }

  /**
   * For outcomes with no delivery that counts in the window: the providers who reported them in
   * the trend quarters before it, who owe the data (one more read, only when there are such).
   */
  private async addExpectedProviders(
    partnership: Partnership,
    outcomes: { id: string; delivery: QuarterDelivery[]; expectedProviders: unknown }[],
    trend: readonly { start: string }[],
    window: ReportWindow,
  ): Promise<void> {
    const windowQuarterCount = outcomes[0]?.delivery.length ?? 0;
    const missing = outcomes.filter((o) =>
      o.delivery
        .slice(trend.length, windowQuarterCount)
        .every((q) => counted(q, partnership.countUnverified).count === 0),
    );
    if (missing.length === 0) return;
    const from = trend[0]?.start ?? window.start;
    const rows = await this.reports.reporters(
      partnership.id,
      missing.map((o) => o.id),
      from,
      window.start,
    );
    for (const o of missing) {
      o.expectedProviders = rows
        .filter((r) => r.outcomeId === o.id)
        .map((r) => ({ id: r.providerId, name: r.name }));
    }
  }
}
