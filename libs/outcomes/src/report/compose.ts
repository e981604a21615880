import type { Decimal } from 'decimal.js';

import { ValidationError } from '../errors';
import { ZERO } from '../money/decimal';
import { roundMoney, toFixedString, toMoneyString } from '../money/money';
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
  type ReportFigures,
  type UnmonetisedLineFigures,
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
import { impliedBasis, linesFor, type BasedLine } from './lines';
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
  /** The window's quarters' delivery. */
  readonly window: readonly QuarterDelivery[];
  /** The counted actual, or null (no data for a score or level). */
  readonly actual: Decimal | null;
  readonly figures: Omit<OutcomeFigures, 'monetised' | 'presentValue' | 'notMonetisedNote'>;
}

const NO_DATA_NOTE = 'no data: nothing counts in this period';

function outcomeRow(inputs: ReportInputs, o: ReportOutcomeInput): OutcomeRow {
  const quarters = [...inputs.trend, ...inputs.quarters];
  if (o.delivery.length !== quarters.length) {
    throw new ValidationError(
      `outcomes[${o.code}].delivery`,
      o.delivery.length,
      `must have one entry per quarter (${quarters.length})`,
    );
  }
  const countUnverified = inputs.partnership.countUnverified;
  const all = o.delivery.map((q) => counted(q, countUnverified));
  const window = o.delivery.slice(inputs.trend.length);
  const windowTotals = all.slice(inputs.trend.length);
  const entries = windowTotals.reduce((n, t) => n + t.count, 0);
  const noData = entries === 0;
  const actual = noData && o.aggregation !== 'sum' ? null : valueOf(windowTotals, o.aggregation);
  const windowBaseline = baselineFor(o, inputs.quarters.length);
  const { target } = chooseTarget(o, inputs.quarters, inputs.window);
  const measured = noData
    ? { progress: null, problem: null }
    : progressOf(o, target, text(actual), windowBaseline);
  const { progress, problem } = measured;
  return {
    outcome: o,
    window,
    actual,
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
      windowBaseline: text(windowBaseline),
      actual: text(actual),
      entries,
      verification: verificationOf(window, o.aggregation, countUnverified),
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
        actual:
          all[i].count === 0 && o.aggregation !== 'sum'
            ? null
            : text(valueOf([all[i]], o.aggregation)),
      })),
      explanation: progress?.steps ?? [],
    },
  };
}

/** Each line's figures, with what the report shows beside it (its basis, the claimed share). */
function lineFigures(
  sroi: SroiReport,
  based: readonly BasedLine[],
): (MonetisedLineFigures | UnmonetisedLineFigures)[] {
  return sroi.lines.map((l, i) => {
    const { basis, claimedShare, line } = based[i];
    const basisText = line.basisText ?? null;
    return l.monetised
      ? {
          outcomeId: l.outcomeId,
          monetised: true,
          basis,
          basisText,
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
          presentValueFromClaims: toMoneyString(l.presentValue.times(claimedShare)),
          explanation: l.steps,
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

function missingDataOf(r: OutcomeRow): MissingDataFigures {
  return {
    outcomeId: r.outcome.id,
    code: r.outcome.code,
    title: r.outcome.title,
    expectedFrom: r.outcome.expectedProviders,
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
  const rows = inputs.outcomes.map((o) => outcomeRow(inputs, o));
  const byId = new Map(rows.map((r) => [r.outcome.id, r]));
  const countUnverified = inputs.partnership.countUnverified;
  const based = rows.flatMap((row) => {
    const companionId = row.outcome.valuation?.countOutcomeId;
    const companion = companionId ? byId.get(companionId) : undefined;
    return linesFor(
      {
        outcome: row.outcome,
        window: row.window,
        companion: companion && { outcome: companion.outcome, window: companion.window },
        countUnverified,
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
      const monetised = r.outcome.valuation !== null;
      return {
        ...r.figures,
        monetised,
        presentValue: total?.presentValue ? toMoneyString(total.presentValue) : null,
        notMonetisedNote: monetised ? null : 'not monetised: reported in its own units',
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
      netSroiRatio: sroi.netSroiRatio ? toFixedString(sroi.netSroiRatio, 2) : null,
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
    missingData: rows.filter((r) => r.figures.rag === 'no_data').map(missingDataOf),
    sensitivity,
    discount: sroi.discount,
    explanation: sroi.totalSteps,
  };
}
