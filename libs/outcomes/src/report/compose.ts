import type { Decimal } from 'decimal.js';

import { ValidationError } from '../errors';
import { step, type ExplanationStep } from '../explanation/steps';
import { ZERO, divide } from '../money/decimal';
import { roundMoney, toFixedString, toMoneyString, toRatioString } from '../money/money';
import { daysBetween } from '../periods/calendar-date';
import type { DiscountSettings } from '../sroi/discount';
import { computeSroiReport, type SroiReport } from '../sroi/report';
import { evaluateTargetProgress, type TargetProgress } from '../targets/progress';
import { proRataInvestment, windowTarget } from '../targets/window';
import { baselineFor, counted, countedDeliveryOf, valueOf, verificationOf } from './delivery';
import {
  REPORT_METHOD,
  type MissingDataFigures,
  type MonetisedLineFigures,
  type OutcomeFigures,
  type PriceFigures,
  type ReportFigures,
  type ReportWarning,
  type UnmonetisedLineFigures,
  type ValueShareFigures,
} from './figures';
import {
  DISCOUNT_CONVENTION_OF,
  type QuarterDelivery,
  type ReportInputs,
  type ReportOutcomeInput,
  type ReportPartnership,
  type ReportQuarter,
  type ReportTargetInput,
} from './inputs';
import {
  latestOver,
  rollUpHierarchy,
  valuedAbove,
  type EffectiveOutcome,
  type RollUp,
} from './hierarchy';
import { impliedBasis, linesFor, type BasedLine } from './lines';
import { reportPriceYearOf, UPRATING_FACTOR_PLACES, type PriceContext } from './prices';
import { valueByProvider } from './providers';
import { composeSensitivity } from './sensitivity';

export { STANDARD_SENSITIVITY_CASES } from './sensitivity';

/** The target a report compares an outcome with, and the target rows that decided it. */
export interface ChosenTarget {
  readonly target: string | null;
  readonly rows: readonly ReportTargetInput[];
}

/**
 * The target for an outcome over a window: a year target covering exactly the window, else the
 * window's quarter targets combined by the outcome's aggregation (summed for counts; the last
 * quarter's for scores and stock levels; none when a summed quarter has no target).
 */
export function chooseTarget(
  outcome: Pick<ReportOutcomeInput, 'aggregation' | 'targets'>,
  quarters: readonly ReportQuarter[],
  window: { readonly start: string; readonly end: string },
): ChosenTarget {
  const byStart = new Map(
    outcome.targets.filter((t) => t.periodKind === 'quarter').map((t) => [t.periodStart, t]),
  );
  const year = outcome.targets.find(
    (t) => t.periodKind === 'year' && t.periodStart === window.start && t.periodEnd === window.end,
  );
  const rows = [...byStart.values(), ...(year ? [year] : [])];
  if (year) return { target: year.value, rows };
  const combined = windowTarget(
    outcome.aggregation,
    quarters.map((q) => byStart.get(q.start)?.value ?? null),
  );
  return { target: combined === null ? null : combined.toString(), rows };
}

/**
 * The partnership's discounting: the Green Book declining schedule when the partnership chose it
 * (its own setting: a rate of 3.5% alone never implies it), else its rate every year.
 */
export function discountOf(p: ReportPartnership): DiscountSettings {
  const convention = DISCOUNT_CONVENTION_OF[p.discountConvention];
  return p.discountSchedule === 'green_book_declining'
    ? { convention }
    : { convention, rate: p.discountRate };
}

/** The investment: the open book's allowable cost for the window, else the contract pro rata. */
export function investmentOf(inputs: ReportInputs): { investment: string; basis: string } {
  const { book, partnership: p, window } = inputs;
  if (book.returns > 0) {
    return { investment: book.cost, basis: 'open-book allowable cost of returns in the period' };
  }
  if (p.contractValue === null) {
    return { investment: '0', basis: 'none: no open-book returns and no contract value' };
  }
  const days = daysBetween(window.start, window.end) + 1;
  const contractDays = daysBetween(p.startDate, p.endDate) + 1;
  return {
    investment: proRataInvestment(
      p.contractValue,
      Math.min(days, contractDays),
      contractDays,
    ).toString(),
    basis: `contract value pro rata (${days} of ${contractDays} days): no open-book returns for the period`,
  };
}

const text = (v: { toString(): string } | null): string | null =>
  v === null ? null : v.toString();

/** Progress against the target; a target on the wrong side of the baseline leaves it unmeasured. */
function progressOf(
  o: ReportOutcomeInput,
  target: string | null,
  actual: string | null,
  baseline: Decimal | null,
): { progress: TargetProgress | null; problem: string | null } {
  if (target === null) return { progress: null, problem: null };
  try {
    return {
      progress: evaluateTargetProgress({
        direction: o.direction,
        baseline: baseline ?? undefined,
        target,
        actual,
        thresholds: { green: o.greenThreshold, amber: o.amberThreshold },
      }),
      problem: null,
    };
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return { progress: null, problem: `progress not measured: ${error.field} ${error.reason}` };
  }
}

interface OutcomeRow {
  readonly outcome: ReportOutcomeInput;
  readonly effective: EffectiveOutcome;
  /** The window's quarters' delivery (the children's rolled up for a parent without its own). */
  readonly window: readonly QuarterDelivery[];
  /** The counted actual, or null (no data for a score or level). */
  readonly actual: Decimal | null;
  readonly figures: Omit<
    OutcomeFigures,
    'monetised' | 'presentValue' | 'notMonetisedNote' | 'valuedIn'
  >;
}

const NO_DATA_NOTE = 'no data: nothing counts in this period';

/** What a rolled-up parent says about its children. */
function rollUpStep(o: ReportOutcomeInput, rollUp: RollUp): ExplanationStep {
  const how =
    o.aggregation === 'sum'
      ? 'their totals added'
      : o.aggregation === 'mean'
        ? 'their scores weighted by their number of responses'
        : "each child's latest level added";
  const excluded = rollUp.excluded.length
    ? ` Not rolled up: ${rollUp.excluded.map((x) => `${x.outcome.code} (${x.reason})`).join(', ')}.`
    : '';
  return step(
    'roll-up',
    `${o.code} has no data of its own in this period: its figures roll up ${rollUp.from
      .map((c) => c.code)
      .join(', ')} (${how}).${excluded}`,
  );
}

function outcomeRow(
  inputs: ReportInputs,
  e: EffectiveOutcome,
  byId: ReadonlyMap<string, EffectiveOutcome>,
): OutcomeRow {
  const o = e.outcome;
  const quarters = [...inputs.trend, ...inputs.quarters];
  const from = inputs.trend.length;
  const countUnverified = inputs.partnership.countUnverified;
  const countedOf = (q: QuarterDelivery) => counted(q, countUnverified);
  const all = e.delivery.map(countedOf);
  const window = e.delivery.slice(from);
  const windowTotals = all.slice(from);
  const entries = windowTotals.reduce((n, t) => n + t.count, 0);
  const noData = entries === 0;
  /** A rolled-up stock level adds each child's latest level, so it is read through the tree. */
  const rolledLevel = e.rollUp !== null && o.aggregation === 'latest';
  const actual = rolledLevel
    ? latestOver(e, byId, [from, quarters.length], countedOf)
    : noData && o.aggregation !== 'sum'
      ? null
      : valueOf(windowTotals, o.aggregation);
  const windowBaseline = baselineFor(o, inputs.quarters.length);
  const { target } = chooseTarget(o, inputs.quarters, inputs.window);
  const measured = noData
    ? { progress: null, problem: null }
    : progressOf(o, target, text(actual), windowBaseline);
  const { progress, problem } = measured;
  const verification = verificationOf(window, o.aggregation, countUnverified);
  const levelOf = (status: keyof QuarterDelivery) =>
    text(latestOver(e, byId, [from, quarters.length], (q) => q[status]));
  const steps = [...(e.rollUp ? [rollUpStep(o, e.rollUp)] : []), ...(progress?.steps ?? [])];
  return {
    outcome: o,
    effective: e,
    window,
    actual,
    figures: {
      outcomeId: o.id,
      code: o.code,
      title: o.title,
      theme: o.theme,
      stakeholder: o.stakeholder,
      unit: o.unit,
      direction: o.direction,
      aggregation: o.aggregation,
      parentId: o.parentId,
      isPrevention: o.isPrevention,
      baseline: o.baseline,
      windowBaseline: text(windowBaseline),
      actual: text(actual),
      entries,
      verification: rolledLevel
        ? {
            ...verification,
            verified: { ...verification.verified, quantity: levelOf('verified') },
            claimed: { ...verification.claimed, quantity: levelOf('claimed') },
            disputed: { ...verification.disputed, quantity: levelOf('disputed') },
          }
        : verification,
      rollUp: e.rollUp
        ? {
            from: e.rollUp.from.map((c) => c.code),
            excluded: e.rollUp.excluded.map((x) => ({ code: x.outcome.code, reason: x.reason })),
          }
        : null,
      valuationBasis: o.valuation ? (o.valuation.basis ?? impliedBasis(o)) : null,
      target,
      progress: progress?.progress ? toFixedString(progress.progress, 4) : null,
      rag: noData ? 'no_data' : (progress?.rag ?? null),
      procurementRating: progress?.procurementRating ?? null,
      met: noData ? (target === null ? null : false) : (progress?.met ?? null),
      progressNote: noData
        ? NO_DATA_NOTE
        : target === null
          ? 'no target set for this period'
          : problem,
      quartersWithData: windowTotals.filter((t) => t.count > 0).length,
      trend: quarters.map((q, i) => ({
        period: q.label,
        actual: rolledLevel
          ? text(latestOver(e, byId, [i, i + 1], countedOf))
          : all[i].count === 0 && o.aggregation !== 'sum'
            ? null
            : text(valueOf([all[i]], o.aggregation)),
      })),
      explanation: steps,
    },
  };
}

/** Each line's figures, with what the report shows beside it (its basis, the claimed share). */
function lineFigures(
  sroi: SroiReport,
  based: readonly BasedLine[],
): (MonetisedLineFigures | UnmonetisedLineFigures)[] {
  return sroi.lines.map((l, i) => {
    const { basis, claimedShare, line, uprating } = based[i];
    const basisText = line.basisText ?? null;
    if (l.monetised && !uprating) {
      throw new ValidationError(
        `valuationLines[${i}]`,
        l.outcomeId,
        'is valued without a price year',
      );
    }
    return l.monetised
      ? {
          outcomeId: l.outcomeId,
          monetised: true,
          basis,
          basisText,
          quantity: l.quantity.toString(),
          proxyCode: l.proxyCode,
          priceYear: uprating!.priceYear,
          reportPriceYear: uprating!.reportYear,
          upratingFactor: uprating!.factor.toFixed(UPRATING_FACTOR_PLACES),
          valuePerUnitAtPriceYear: toFixedString(uprating!.valuePerUnit, 4),
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
          presentValueFromClaims: toMoneyString(l.presentValue.times(claimedShare)),
          explanation: withUprating(l.steps, uprating!.step),
        }
      : {
          outcomeId: l.outcomeId,
          monetised: false,
          basis,
          basisText,
          quantity: l.quantity.toString(),
          unit: l.unit,
          reason: l.reason,
        };
  });
}

/**
 * Present value by the stakeholder group each outcome names, groups in order of first appearance
 * (an outcome without one: null, "not named"). Only outcomes with valued lines carry value.
 */
function byStakeholder(
  rows: readonly OutcomeRow[],
  pvByOutcome: ReadonlyMap<string, { readonly presentValue: Decimal | null }>,
): { stakeholder: string | null; presentValue: Decimal; outcomes: string[] }[] {
  const groups = new Map<string | null, { presentValue: Decimal; outcomes: string[] }>();
  for (const r of rows) {
    const key = r.outcome.stakeholder;
    const group = groups.get(key) ?? { presentValue: ZERO, outcomes: [] };
    const pv = pvByOutcome.get(r.outcome.id)?.presentValue;
    group.presentValue = pv ? group.presentValue.plus(pv) : group.presentValue;
    group.outcomes.push(r.outcome.id);
    groups.set(key, group);
  }
  return [...groups].map(([stakeholder, g]) => ({ stakeholder, ...g }));
}

function uniqueProviders(
  providers: readonly { readonly id: string; readonly name: string }[],
): { readonly id: string; readonly name: string }[] {
  return [...new Map(providers.map((p) => [p.id, p])).values()];
}

/** The working with the uprating step after the basis (the first step of a line with one). */
function withUprating(
  steps: readonly ExplanationStep[],
  uprating: ExplanationStep,
): ExplanationStep[] {
  const at = steps[0]?.code === 'basis' ? 1 : 0;
  return [...steps.slice(0, at), uprating, ...steps.slice(at)];
}

/** The report's price year, how lines were uprated to it, and the lines that could not be. */
function priceFiguresOf(
  inputs: ReportInputs,
  prices: PriceContext,
  based: readonly BasedLine[],
): { prices: PriceFigures; warnings: ReportWarning[] } {
  const codeOf = new Map(inputs.outcomes.map((o) => [o.id, o.code]));
  const notUprated = based.flatMap((b) =>
    b.notUprated
      ? [
          {
            outcomeId: b.line.outcomeId,
            code: codeOf.get(b.line.outcomeId) ?? b.line.outcomeId,
            proxyCode: b.notUprated.proxyCode,
            priceYear: b.notUprated.priceYear,
            missingYears: b.notUprated.missingYears,
            reason: b.notUprated.reason,
          },
        ]
      : [],
  );
  const series = prices.index.series;
  const year = prices.reportYear;
  const whence =
    prices.source === 'setting'
      ? "the partnership's report price year"
      : 'the default: the calendar year in which the period ends';
  const statement = `Values are in ${year} prices (${whence}); proxies in other price years are uprated with ${series ? `${series.code} (${series.name})` : 'no index series: none is named'}, factor = index[${year}] ÷ index[price year] to ${UPRATING_FACTOR_PLACES} places.`;
  const warnings: ReportWarning[] = notUprated.length
    ? [
        {
          code: 'price_year_not_uprated',
          text: `${notUprated.length} valuation line(s) not valued because their proxy's value could not be uprated to ${year} prices; they are shown in their own units and left out of the totals: ${notUprated
            .map(
              (n) =>
                `${n.code} (proxy ${n.proxyCode}, ${n.priceYear} prices${n.missingYears.length ? `; no index for ${n.missingYears.join(', ')}` : '; no index series'})`,
            )
            .join('; ')}.`,
          outcomeIds: [...new Set(notUprated.map((n) => n.outcomeId))],
        },
      ]
    : [];
  return {
    prices: {
      reportPriceYear: year,
      source: prices.source,
      indexSeries: series,
      statement,
      notUprated,
    },
    warnings,
  };
}

function missingDataOf(r: OutcomeRow): MissingDataFigures {
  return {
    outcomeId: r.outcome.id,
    code: r.outcome.code,
    title: r.outcome.title,
    expectedFrom: uniqueProviders([
      ...r.outcome.expectedProviders,
      ...(r.effective.rollUp?.from ?? []).flatMap((c) => c.expectedProviders),
    ]),
  };
}

/**
 * A report's figures from its inputs, every number computed here: each outcome's actual, target,
 * progress and rating with the trend; valuation lines (SROI: deductions, drop-off, discounting);
 * totals with the investment and its basis, ratios and payback; totals by theme; what is not
 * monetised, in its own units; the standard sensitivity table then the partnership's own cases
 * with break-even points, and its two-way grid; and the working of every figure. Pure and deterministic.
 *
 * @throws {@link ValidationError} naming the input that cannot be computed with
 */
export function composeReport(inputs: ReportInputs): ReportFigures {
  const quarterCount = inputs.trend.length + inputs.quarters.length;
  for (const o of inputs.outcomes) {
    if (o.delivery.length !== quarterCount) {
      throw new ValidationError(
        `outcomes[${o.code}].delivery`,
        o.delivery.length,
        `must have one entry per quarter (${quarterCount})`,
      );
    }
  }
  const effective = rollUpHierarchy(inputs.outcomes, inputs.trend.length);
  const effectiveById = new Map(effective.map((e) => [e.outcome.id, e]));
  const above = valuedAbove(effective);
  const rows = effective.map((e) => outcomeRow(inputs, e, effectiveById));
  const byId = new Map(rows.map((r) => [r.outcome.id, r]));
  const countUnverified = inputs.partnership.countUnverified;
  const year = reportPriceYearOf(inputs.partnership.reportPriceYear, inputs.window.end);
  const prices: PriceContext = {
    reportYear: year.year,
    source: year.source,
    index: inputs.priceIndex,
  };
  const based = rows.flatMap((row) => {
    // Value is counted once per branch: a valued parent's roll-up already holds this delivery,
    // and an unvalued parent's roll-up is shown in its children's own lines.
    if (above.has(row.outcome.id)) return [];
    if (row.effective.rollUp && row.outcome.valuation === null) return [];
    const companionId = row.outcome.valuation?.countOutcomeId;
    const companion = companionId ? byId.get(companionId) : undefined;
    return linesFor(
      {
        outcome: row.outcome,
        window: row.window,
        companion: companion && { outcome: companion.outcome, window: companion.window },
        countUnverified,
        prices,
      },
      row.actual,
    );
  });
  const lines = based.map((b) => b.line);
  const { investment, basis } = investmentOf(inputs);
  const discount = discountOf(inputs.partnership);
  const paybackMethod = inputs.partnership.paybackMethod;
  const sroi = computeSroiReport({ lines, investment, discount, paybackMethod });
  const sensitivity = composeSensitivity({ lines, investment, discount }, sroi, inputs.sensitivity);
  const valuationLines = lineFigures(sroi, based);
  const fromClaims = sroi.lines.reduce(
    (total, l, i) =>
      l.monetised ? total.plus(l.presentValue.times(based[i].claimedShare)) : total,
    ZERO,
  );
  const pvByOutcome = new Map(sroi.byOutcome.map((t) => [t.outcomeId, t]));
  const p = inputs.partnership;
  const shares = (presentValue: Decimal): ValueShareFigures => {
    const ratio = sroi.investment.isZero() ? null : divide(presentValue, sroi.investment);
    return {
      presentValue: toMoneyString(presentValue),
      share: sroi.totalPresentValue.gt(0)
        ? toFixedString(divide(presentValue, sroi.totalPresentValue), 4)
        : null,
      ratio: ratio ? toFixedString(ratio, 2) : null,
      ratioText: ratio ? toRatioString(ratio) : null,
    };
  };
  return {
    method: REPORT_METHOD,
    status: inputs.status,
    partnership: {
      id: p.id,
      name: p.name,
      currency: p.currency,
      fyStartMonth: p.fyStartMonth,
      discountRate: p.discountRate,
      discountConvention: p.discountConvention,
      discountSchedule: p.discountSchedule,
      paybackMethod: p.paybackMethod,
    },
    scope: inputs.window.scope,
    period: {
      label: inputs.window.label,
      start: inputs.window.start,
      end: inputs.window.end,
      quarters: inputs.quarters.map((q) => q.label),
    },
    outcomes: rows.map((r) => {
      const total = pvByOutcome.get(r.outcome.id);
      const valuedIn = above.get(r.outcome.id)?.outcome.code ?? null;
      const monetised = r.outcome.valuation !== null && valuedIn === null;
      return {
        ...r.figures,
        monetised,
        presentValue: total?.presentValue ? toMoneyString(total.presentValue) : null,
        valuedIn,
        notMonetisedNote: monetised
          ? null
          : valuedIn
            ? `valued in ${valuedIn}, which rolls it up: value is counted once per branch`
            : r.effective.rollUp
              ? 'rolled up from its children, whose own lines show what they are worth'
              : 'not monetised: reported in its own units',
      };
    }),
    valuationLines,
    totals: {
      presentValue: toMoneyString(sroi.totalPresentValue),
      presentValueFromClaims: toMoneyString(roundMoney(fromClaims)),
      countedDelivery: countedDeliveryOf(countUnverified),
      undiscountedValue: toMoneyString(sroi.totalUndiscountedValue),
      investment: toMoneyString(sroi.investment),
      investmentBasis: basis,
      netPresentValue: toMoneyString(sroi.netPresentValue),
      sroiRatio: sroi.sroiRatio ? toFixedString(sroi.sroiRatio, 2) : null,
      sroiRatioText: sroi.sroiRatio ? toRatioString(sroi.sroiRatio) : null,
      netSroiRatio: sroi.netSroiRatio ? toFixedString(sroi.netSroiRatio, 2) : null,
      netSroiRatioText: sroi.netSroiRatio ? toRatioString(sroi.netSroiRatio) : null,
      ratioUnavailableReason: sroi.ratioUnavailableReason,
      paybackMethod: sroi.paybackMethod,
      paybackMonths: sroi.paybackMonths ? toFixedString(sroi.paybackMonths, 1) : null,
      paybackUnavailableReason: sroi.paybackUnavailableReason,
      paybackAlternative: {
        method: sroi.paybackAlternative.method,
        months: sroi.paybackAlternative.months
          ? toFixedString(sroi.paybackAlternative.months, 1)
          : null,
        unavailableReason: sroi.paybackAlternative.unavailableReason,
      },
    },
    byTheme: sroi.byTheme.map((t) => ({
      theme: t.theme,
      ...shares(t.presentValue),
      outcomes: t.outcomeIds,
      notMonetised: t.notMonetised.map((n) => ({
        outcomeId: n.outcomeId,
        quantity: n.quantity.toString(),
        unit: n.unit,
      })),
    })),
    byStakeholder: byStakeholder(rows, pvByOutcome).map((g) => ({
      stakeholder: g.stakeholder,
      ...shares(g.presentValue),
      outcomes: g.outcomes,
    })),
    byProvider: valueByProvider(
      based.map((b, i) => {
        const l = sroi.lines[i];
        return { based: b, presentValue: l.monetised ? l.presentValue : null };
      }),
      effectiveById,
      countUnverified,
    ).map((g) => ({
      provider: g.provider,
      ...shares(g.presentValue),
      outcomes: g.outcomes,
      basis: g.basis,
    })),
    notMonetised: sroi.notMonetised.map((n) => ({
      outcomeId: n.outcomeId,
      title: n.title,
      unit: n.unit,
      quantity: n.quantity.toString(),
    })),
    missingData: rows.filter((r) => r.figures.rag === 'no_data').map(missingDataOf),
    sensitivity,
    discount: sroi.discount,
    ...priceFiguresOf(inputs, prices, based),
    explanation: sroi.totalSteps,
  };
}
