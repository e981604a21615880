import type { DeductionName } from '../../sroi/outcome-line';
import type { MonetisedLineFigures, ThemeFigures, ValuationLineFigures } from '../figures';
import type { Context } from './context';
import {
  factor,
  integer,
  items,
  list,
  money,
  quantity,
  rate,
  ratio,
  ratioText,
  scaled,
  text,
  upTo,
  yesNo,
  type BoardPackCell,
  type BoardPackSection,
  type Stored,
} from './table';

/**
 * Price-year uprating a line may carry: the proxy's price year, the report's, and the factor that
 * took the one to the other. Shown when present; versions without it leave the columns empty.
 */
interface Uprating {
  readonly priceYear?: number | null;
  readonly reportPriceYear?: number | null;
  readonly upratingFactor?: string | null;
}

type StoredLine = Stored<ValuationLineFigures> & Uprating;

const DEDUCTIONS: readonly DeductionName[] = [
  'deadweight',
  'displacement',
  'attribution',
  'leakage',
];

type StoredMonetisedLine = Stored<MonetisedLineFigures> & Uprating;

const lines = (ctx: Context): readonly StoredLine[] => items(ctx.f.valuationLines);

/** A line valued in money (anything else is shown in its own units). */
export const isMonetised = (l: StoredLine): l is StoredMonetisedLine => l.monetised === true;

/** The quantity a line values: a score's at 2 places, a count's or a change's as recorded. */
const lineQuantity = (ctx: Context, l: StoredLine): BoardPackCell =>
  quantity(l.quantity, l.basis ? 'sum' : ctx.aggregation(l.outcomeId));

function monetisedCells(l: StoredMonetisedLine): BoardPackCell[] {
  const deductions = items(l.deductions);
  return [
    text(l.proxyCode),
    scaled(l.valuePerUnit, 4),
    money(l.gross),
    ...DEDUCTIONS.flatMap((name) => {
      const d = deductions.find((x) => x.name === name);
      return [rate(d?.rate), money(d?.amount)];
    }),
    money(l.impact),
    rate(l.dropOff),
    integer(l.durationYears),
    integer(l.priceYear),
    integer(l.reportPriceYear),
    factor(l.upratingFactor),
    money(l.presentValue),
    money(l.presentValueFromClaims),
    null,
  ];
}

/** The impact map: one row per valuation line, its basis, deductions and present value. */
export function valuationLinesSection(ctx: Context): BoardPackSection {
  const valuationColumns = [
    'proxy_code',
    'value_per_unit',
    'gross',
    ...DEDUCTIONS.flatMap((d) => [`${d}_rate`, `${d}_amount`]),
    'impact',
    'drop_off',
    'duration_years',
    'price_year',
    'report_price_year',
    'uprating_factor',
    'present_value',
    'present_value_from_claims',
    'not_valued_reason',
  ];
  return {
    id: 'valuation_lines',
    title: 'Valuation lines',
    note: 'One row per valuation line (numbered; the years and the working refer to the number). A negative quantity and value is a disbenefit. Price-year columns are empty for versions composed without uprating',
    columns: [
      'line',
      'code',
      'title',
      'monetised',
      'basis',
      'basis_text',
      'quantity',
      'unit',
      ...valuationColumns,
    ],
    rows: lines(ctx).map((l, i) => [
      integer(i + 1),
      ctx.code(l.outcomeId),
      ctx.title(l.outcomeId),
      yesNo(l.monetised),
      text(l.basis),
      ctx.words(l.basisText),
      lineQuantity(ctx, l),
      ...(isMonetised(l)
        ? [l.basis === 'count_outcome' ? null : ctx.unit(l.outcomeId), ...monetisedCells(l)]
        : [text(l.unit), ...valuationColumns.slice(0, -1).map(() => null), ctx.words(l.reason)]),
    ]),
  };
}

/** Each monetised line's years: value after drop-off, discount factor and present value. */
export function valuationYearsSection(ctx: Context): BoardPackSection {
  return {
    id: 'valuation_years',
    title: 'Valuation years',
    note: 'One row per year of benefit of each monetised line: value after drop-off, discount factor (6 dp) and present value',
    columns: ['line', 'code', 'year', 'value', 'discount_factor', 'present_value'],
    rows: lines(ctx).flatMap((l, i) =>
      !isMonetised(l)
        ? []
        : items(l.years).map((y) => [
            integer(i + 1),
            ctx.code(l.outcomeId),
            integer(y.year),
            money(y.value),
            factor(y.discountFactor),
            money(y.presentValue),
          ]),
    ),
  };
}

/** The headline figures, one per row, with the investment's basis and the ratios as N:1. */
export function totalsSection(ctx: Context): BoardPackSection {
  const t = ctx.f.totals ?? {};
  const currency = text(ctx.f.partnership?.currency);
  const row = (field: string, value: BoardPackCell, note: string | null = null) => [
    field,
    value,
    note,
  ];
  return {
    id: 'totals',
    title: 'Totals',
    note: `Headline figures; money in ${currency ?? 'the report currency'}`,
    columns: ['field', 'value', 'note'],
    rows: [
      row('present_value', money(t.presentValue)),
      row(
        'present_value_from_claims',
        money(t.presentValueFromClaims),
        'the part resting on claimed, not yet verified, delivery',
      ),
      row('counted_delivery', text(t.countedDelivery)),
      row('undiscounted_value', money(t.undiscountedValue)),
      row('investment', money(t.investment)),
      row('investment_basis', ctx.words(t.investmentBasis)),
      row('net_present_value', money(t.netPresentValue)),
      row('sroi_ratio', ratio(t.sroiRatio), ctx.words(t.ratioUnavailableReason)),
      row('sroi_ratio_n_to_1', ratioText(t.sroiRatio)),
      row('net_sroi_ratio', ratio(t.netSroiRatio)),
      row('net_sroi_ratio_n_to_1', ratioText(t.netSroiRatio)),
      row('payback_months', scaled(t.paybackMonths, 1), ctx.words(t.paybackUnavailableReason)),
    ],
  };
}

/** One group of a breakdown, whatever it is by. */
interface BreakdownGroup {
  readonly group: string | null;
  readonly presentValue: unknown;
  readonly outcomes: readonly unknown[];
  readonly notMonetised: readonly Stored<ThemeFigures['notMonetised'][number]>[];
}

/**
 * The breakdowns the figures carry, by dimension. A new one (by stakeholder group, by provider)
 * is one more entry reading its own figures into groups.
 */
const BREAKDOWNS: readonly {
  readonly dimension: string;
  readonly groups: (ctx: Context) => readonly BreakdownGroup[];
}[] = [
  {
    dimension: 'theme',
    groups: (ctx) =>
      items(ctx.f.byTheme).map((t) => ({
        group: text(t.theme) ?? '(no theme)',
        presentValue: t.presentValue,
        outcomes: list(t.outcomes),
        notMonetised: items(t.notMonetised),
      })),
  },
];

/** Present value by theme (and by any other dimension the figures carry). */
export function breakdownsSection(ctx: Context): BoardPackSection {
  const codes = (ids: readonly unknown[]) =>
    ids
      .map((id) => ctx.code(id))
      .filter((c): c is string => c !== null)
      .join('; ') || null;
  return {
    id: 'breakdowns',
    title: 'Breakdowns',
    note: 'Present value by group of each dimension, with its outcomes (codes) and what it holds that is not monetised',
    columns: ['dimension', 'group', 'present_value', 'outcomes', 'not_monetised'],
    rows: BREAKDOWNS.flatMap(({ dimension, groups }) =>
      groups(ctx).map((g) => [
        dimension,
        g.group,
        money(g.presentValue),
        codes(g.outcomes),
        g.notMonetised
          .map((n) => {
            const q = quantity(n.quantity, ctx.aggregation(n.outcomeId));
            const amount = q !== null && typeof q === 'object' ? q.number : q;
            return [ctx.code(n.outcomeId), amount, text(n.unit)].filter(Boolean).join(' ');
          })
          .join('; ') || null,
      ]),
    ),
  };
}

/** What is reported in its own units, never valued at zero. */
export function notMonetisedSection(ctx: Context): BoardPackSection {
  return {
    id: 'not_monetised',
    title: 'Not monetised',
    note: 'Outcomes reported in their own units: not in the value, never valued at zero',
    columns: ['code', 'title', 'quantity', 'unit'],
    rows: items(ctx.f.notMonetised).map((n) => [
      ctx.code(n.outcomeId),
      ctx.title(n.outcomeId) ?? text(n.title),
      quantity(n.quantity, ctx.aggregation(n.outcomeId)),
      text(n.unit),
    ]),
  };
}

/** The sensitivity table: the base ratio, then each case with its break-even point. */
export function sensitivitySection(ctx: Context): BoardPackSection {
  const s = ctx.f.sensitivity;
  const base: BoardPackCell[][] = s
    ? [
        [
          'base',
          null,
          null,
          money(ctx.f.totals?.presentValue),
          ratio(s.baseRatio),
          ratioText(s.baseRatio),
          null,
          null,
          null,
          null,
        ],
      ]
    : [];
  return {
    id: 'sensitivity',
    title: 'Sensitivity',
    note: s
      ? 'How the ratio moves when one input changes (rates in points, proxy value as a fraction, duration in years), and the change that brings it to 1:1'
      : 'None: no line is monetised',
    columns: [
      'parameter',
      'change',
      'clamped',
      'present_value',
      'ratio',
      'ratio_n_to_1',
      'break_even_reachable',
      'break_even_change',
      'break_even_ratio',
      'break_even_text',
    ],
    rows: [
      ...base,
      ...items(s?.results).map((r) => {
        const b = r.breakEven ?? {};
        return [
          text(r.parameter),
          upTo(r.change, 4),
          yesNo(r.clamped),
          money(r.presentValue),
          ratio(r.ratio),
          ratioText(r.ratio),
          yesNo(b.reachable),
          b.reachable === true ? upTo(b.change, 4) : null,
          b.reachable === true ? ratio(b.ratioAtChange) : null,
          ctx.words(b.text),
        ];
      }),
    ],
  };
}
