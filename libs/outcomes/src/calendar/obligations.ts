import type { IsoDate } from '../periods/calendar-date';
import { previousQuarter, type DateWindow, type Quarter } from '../periods/financial-periods';
import {
  deliveryArrival,
  obligationStatus,
  returnArrival,
  type Arrival,
  type ObligationStatus,
} from './arrival';
import type { QuarterCalendar } from './quarter-calendar';

/** How many quarters before the one owed count as a provider's recent delivery of an outcome. */
export const LOOKBACK_QUARTERS = 4;

/** An outcome data may be owed for: active (not archived), with whether it has active children. */
export interface ObligationOutcome {
  readonly id: string;
  /** A parent rolls up its children's data; a provider with no history owes the leaves only. */
  readonly hasChildren: boolean;
}

/** What one provider logged for one outcome: in the quarter by month, and in the lookback. */
export interface DeliveryHistory {
  readonly providerId: string;
  readonly outcomeId: string;
  /** Months of the quarter (`YYYY-MM`) with records in force. */
  readonly monthsWithData: readonly string[];
  /** Whether it has records in force in the {@link LOOKBACK_QUARTERS} quarters before. */
  readonly reportedBefore: boolean;
}

/** Why a provider owes data for an outcome. */
export type OwedBecause = 'recent_delivery' | 'no_delivery_history';

export interface DeliveryObligation {
  readonly outcomeId: string;
  readonly because: OwedBecause;
  readonly dueBy: IsoDate;
  readonly arrival: Arrival;
  readonly monthsWithData: readonly string[];
  readonly monthsMissing: readonly string[];
  readonly status: ObligationStatus;
}

export interface ReturnObligation {
  readonly dueBy: IsoDate;
  readonly arrival: Arrival;
  readonly revisions: number;
  readonly status: ObligationStatus;
}

/** Everything one provider owes for the quarter, and whether any of it is overdue. */
export interface ProviderObligations {
  readonly providerId: string;
  readonly deliveries: readonly DeliveryObligation[];
  readonly financialReturn: ReturnObligation;
  /** Overdue obligations (deliveries and the return). */
  readonly overdue: number;
  /** True when anything is overdue. */
  readonly late: boolean;
}

export interface ObligationsInput {
  readonly calendar: QuarterCalendar;
  /** The day the obligations are judged on. */
  readonly asOf: IsoDate;
  /** Provider organisations of the partnership, in the order to list them. */
  readonly providers: readonly string[];
  /** Active outcomes, in the order to list them. */
  readonly outcomes: readonly ObligationOutcome[];
  /** Per provider and outcome with records in the quarter or the lookback. */
  readonly deliveries: readonly DeliveryHistory[];
  /** Revisions of the quarter's return per provider (providers without one may be left out). */
  readonly returns: readonly { readonly providerId: string; readonly revisions: number }[];
}

/**
 * The window whose records say what a provider delivers: from the first day of the
 * {@link LOOKBACK_QUARTERS}-th quarter before `quarter` to `quarter`'s last day.
 */
export function deliveryLookback(quarter: Quarter): DateWindow {
  let first = quarter;
  for (let i = 0; i < LOOKBACK_QUARTERS; i++) first = previousQuarter(first);
  return { start: first.start, end: quarter.end };
}

/**
 * Which outcomes each provider owes delivery data for. There is no list of who delivers what, so
 * the data says it: a provider owes an active outcome it logged in the quarter or in the
 * {@link LOOKBACK_QUARTERS} quarters before (`recent_delivery`); a provider that logged none of the
 * active outcomes in that time owes every active outcome without active children
 * (`no_delivery_history`), so a silent provider shows as late instead of owing nothing.
 */
function owedOutcomes(
  outcomes: readonly ObligationOutcome[],
  byOutcome: ReadonlyMap<string, DeliveryHistory>,
): { outcomeId: string; because: OwedBecause; months: readonly string[] }[] {
  const recent = outcomes.filter((o) => {
    const h = byOutcome.get(o.id);
    return h !== undefined && (h.reportedBefore || h.monthsWithData.length > 0);
  });
  if (recent.length > 0) {
    return recent.map((o) => ({
      outcomeId: o.id,
      because: 'recent_delivery' as const,
      months: byOutcome.get(o.id)!.monthsWithData,
    }));
  }
  return outcomes
    .filter((o) => !o.hasChildren)
    .map((o) => ({ outcomeId: o.id, because: 'no_delivery_history' as const, months: [] }));
}

/**
 * Per provider, what is owed for the quarter, by when, what has arrived and whether it is late:
 * each owed outcome's delivery data (arrival by months covered, {@link deliveryArrival}) due by
 * the delivery deadline, and the open-book return (arrived once any revision is in,
 * {@link returnArrival}) due by the return deadline; overdue when past its deadline on `asOf` and
 * not complete ({@link obligationStatus}).
 */
export function quarterObligations(input: ObligationsInput): ProviderObligations[] {
  const { calendar, asOf } = input;
  return input.providers.map((providerId) => {
    const byOutcome = new Map(
      input.deliveries.filter((d) => d.providerId === providerId).map((d) => [d.outcomeId, d]),
    );
    const deliveries = owedOutcomes(input.outcomes, byOutcome).map((owed) => {
      const arrived = deliveryArrival(calendar.quarter, owed.months);
      return {
        outcomeId: owed.outcomeId,
        because: owed.because,
        dueBy: calendar.deliveryDeadline,
        ...arrived,
        status: obligationStatus(arrived.arrival, calendar.deliveryDeadline, asOf),
      };
    });
    const revisions = input.returns
      .filter((r) => r.providerId === providerId)
      .reduce((sum, r) => sum + r.revisions, 0);
    const returnArrived = returnArrival(revisions);
    const financialReturn = {
      dueBy: calendar.returnDeadline,
      arrival: returnArrived,
      revisions,
      status: obligationStatus(returnArrived, calendar.returnDeadline, asOf),
    };
    const overdue =
      deliveries.filter((d) => d.status === 'overdue').length +
      (financialReturn.status === 'overdue' ? 1 : 0);
    return { providerId, deliveries, financialReturn, overdue, late: overdue > 0 };
  });
}
