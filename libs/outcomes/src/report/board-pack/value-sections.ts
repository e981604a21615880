import type { DeductionName } from '../../sroi/outcome-line';
import type { PaybackMethod } from '../../sroi/report';
import type {
  MonetisedLineFigures,
  SensitivityGridFigures,
  ThemeFigures,
  ValuationLineFigures,
  ValueShareFigures,
} from '../figures';
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

type StoredLine = Stored<ValuationLineFigures>;

const DEDUCTIONS: readonly DeductionName[] = [
  'deadweight',
  'displacement',
  'attribution',
  'leakage',
];

type StoredMonetisedLine = Stored<MonetisedLineFigures>;

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
    integer(l.priceYear),
    scaled(l.valuePerUnitAtPriceYear, 4),
    integer(l.reportPriceYear),
    factor(l.upratingFactor),
    scaled(l.valuePerUnit, 4),
    money(l.gross),
    ...DEDUCTIONS.flatMap((name) => {
      const d = deductions.find((x) => x.name === name);
      return [rate(d?.rate), money(d?.amount)];
    }),
    money(l.impact),
    rate(l.dropOff),
    integer(l.durationYears),
    money(l.presentValue),
    money(l.presentValueFromClaims),
    null,
  ];
}

/** The impact map: one row per valuation line, its basis, deductions and present value. */
export function valuationLinesSection(ctx: Context): BoardPackSection {
  const valuationColumns = [
    'proxy_code',
    'price_year',
    'value_per_unit_at_price_year',
    'report_price_year',
    'uprating_factor',
    'value_per_unit',
    'gross',
    ...DEDUCTIONS.flatMap((d) => [`${d}_rate`, `${d}_amount`]),
    'impact',
    'drop_off',
    'duration_years',
    'present_value',
    'present_value_from_claims',
    'not_valued_reason',
  ];
  return {
    id: 'valuation_lines',
    title: 'Valuation lines',
    note: 'One row per valuation line (numbered; the years and the working refer to the number). A negative quantity and value is a disbenefit. value_per_unit is the proxy’s value at its price year times the uprating factor (the index at the report’s price year ÷ the index at the proxy’s); price-year columns are empty for versions composed without uprating',
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

/** What each payback definition measures, in words. */
const PAYBACK: Record<PaybackMethod, string> = {
  sroi_guide:
    'the SROI Guide’s: investment ÷ (first-year value after deductions, undiscounted ÷ 12)',
  cumulative:
    'cumulative: the month cumulative undiscounted value first covers the investment (value accruing evenly through each year)',
};

const paybackText = (method: unknown): string | null =>
  method === 'sroi_guide' || method === 'cumulative' ? PAYBACK[method] : text(method);

/** The headline figures, one per row, with the investment's basis and the ratios as N:1. */
export function totalsSection(ctx: Context): BoardPackSection {
  const t = ctx.f.totals ?? {};
  const alt = t.paybackAlternative;
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
      row('sroi_ratio_n_to_1', text(t.sroiRatioText) ?? ratioText(t.sroiRatio)),
      row('net_sroi_ratio', ratio(t.netSroiRatio)),
      row('net_sroi_ratio_n_to_1', text(t.netSroiRatioText) ?? ratioText(t.netSroiRatio)),
      row(
        'payback_method',
        text(t.paybackMethod),
        t.paybackMethod == null
          ? 'not recorded: composed before payback definitions'
          : `the headline payback’s definition: ${paybackText(t.paybackMethod)}`,
      ),
      row(
        'payback_months',
        scaled(t.paybackMonths, 1),
        ctx.words(t.paybackUnavailableReason) ??
          (t.paybackMethod == null ? null : `headline, by ${text(t.paybackMethod)}`),
      ),
      row(
        'payback_alternative_method',
        text(alt?.method),
        alt?.method == null ? null : `not the headline: ${paybackText(alt.method)}`,
      ),
      row(
        'payback_alternative_months',
        scaled(alt?.months, 1),
        ctx.words(alt?.unavailableReason) ??
          (alt?.method == null ? null : `by ${text(alt.method)}, shown beside the headline`),
      ),
    ],
  };
}

/** One group of a breakdown, whatever it is by. */
interface BreakdownGroup {
  readonly group: string | null;
  readonly value: Stored<ValueShareFigures>;
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
        value: t,
        outcomes: list(t.outcomes),
        notMonetised: items(t.notMonetised),
      })),
  },
  {
    dimension: 'stakeholder',
    groups: (ctx) =>
      items(ctx.f.byStakeholder).map((s) => ({
        group: text(s.stakeholder) ?? '(not named)',
        value: s,
        outcomes: list(s.outcomes),
        notMonetised: [],
      })),
  },
  {
    dimension: 'provider',
    groups: (ctx) =>
      items(ctx.f.byProvider).map((p) => ({
        group: text(p.provider?.name) ?? '(no one provider)',
        value: p,
        outcomes: list(p.outcomes),
        notMonetised: [],
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
    note: 'Present value by group of each dimension (theme; stakeholder group, "(not named)" when an outcome names none; provider, each count achieved shared by the providers’ counted quantities, "(no one provider)" for units avoided and changes in a stock level, measured against the partnership’s baseline), its share of the total (4 dp) and its part of the SROI ratio (its value ÷ the whole investment; the groups’ ratios add up to the report’s), with its outcomes (codes) and what it holds that is not monetised',
    columns: [
      'dimension',
      'group',
      'present_value',
      'share',
      'ratio',
      'ratio_n_to_1',
      'outcomes',
      'not_monetised',
    ],
    rows: BREAKDOWNS.flatMap(({ dimension, groups }) =>
      groups(ctx).map((g) => [
        dimension,
        g.group,
        money(g.value.presentValue),
        scaled(g.value.share, 4),
        ratio(g.value.ratio),
        text(g.value.ratioText) ?? ratioText(g.value.ratio),
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
          null,
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
      ? 'How the ratio moves when one input changes (rates in points, proxy value and investment as a fraction, duration in years), and the change that brings it to 1:1; source: standard (every report) or partnership (the partnership’s own cases)'
      : 'None: no line is monetised',
    columns: [
      'source',
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
          text(r.source),
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

/** The partnership's two-way grid: one row per cell, the row parameter's change × the column's. */
export function sensitivityGridSection(ctx: Context): BoardPackSection {
  const g: Stored<SensitivityGridFigures> | null | undefined = ctx.f.sensitivity?.grid;
  const rowParameter = text(g?.rows?.parameter);
  const columnParameter = text(g?.columns?.parameter);
  return {
    id: 'sensitivity_grid',
    title: 'Sensitivity grid',
    note: g
      ? `The SROI ratio for each ${rowParameter ?? 'row'} change × ${columnParameter ?? 'column'} change (the partnership’s two-way grid; clamped: a rate held within 0 to 1)`
      : 'None: the partnership has no two-way grid, or the version was composed before grids',
    columns: [
      'row_parameter',
      'row_change',
      'column_parameter',
      'column_change',
      'present_value',
      'investment',
      'ratio',
      'ratio_n_to_1',
      'clamped',
    ],
    rows: list(g?.cells).flatMap((row) =>
      items(row).map((c) => [
        rowParameter,
        upTo(c.rowChange, 4),
        columnParameter,
        upTo(c.columnChange, 4),
        money(c.presentValue),
        money(c.investment),
        ratio(c.ratio),
        ratioText(c.ratio),
        yesNo(c.clamped),
      ]),
    ),
  };
}

/** Lines not valued because their value per unit could not be uprated to the report's prices. */
export function notUpratedSection(ctx: Context): BoardPackSection {
  return {
    id: 'not_uprated',
    title: 'Not uprated',
    note: 'Valuation lines left unvalued (shown in their own units, out of the totals) because the index series has no value for their proxy’s price year',
    columns: ['code', 'proxy_code', 'price_year', 'report_price_year', 'missing_years', 'reason'],
    rows: items(ctx.f.prices?.notUprated).map((n) => [
      ctx.code(n.outcomeId) ?? text(n.code),
      text(n.proxyCode),
      integer(n.priceYear),
      integer(ctx.f.prices?.reportPriceYear),
      list(n.missingYears)
        .filter((y) => typeof y === 'number')
        .join('; ') || null,
      ctx.words(n.reason),
    ]),
  };
}
