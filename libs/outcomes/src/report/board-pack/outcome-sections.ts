import type { Context } from './context';
import {
  integer,
  items,
  list,
  money,
  progress,
  quantity,
  rate,
  text,
  yesNo,
  type BoardPackCell,
  type BoardPackSection,
} from './table';

/** The scales every number is written at (also in README). */
export const SCALES =
  'money 2 dp; value per unit 4 dp; ratios 2 dp (also as N:1); progress as a fraction 4 dp (1.0000 = 100%); rates 4 dp; discount and uprating factors 6 dp; scores (means) 2 dp; counts and stock levels as recorded (up to 4 dp); payback months 1 dp';

const STATUS_NOTE = {
  provisional:
    'produced before the period ended: a later version may supersede it without a restatement',
  final: 'produced after the period ended',
} as const;

const PRICE_YEAR_SOURCE = {
  setting: 'every value is in this year’s prices: the partnership’s report price year',
  window_end: 'every value is in this year’s prices: the calendar year the period ends',
} as const;

/** The report header: what, for whom, which version and how it was composed. */
export function reportSection(ctx: Context): BoardPackSection {
  const { f, version } = ctx;
  const p = f.partnership ?? {};
  const period = f.period ?? {};
  const row = (
    field: string,
    value: BoardPackCell,
    note: string | null = null,
  ): BoardPackCell[] => [field, value, note];
  return {
    id: 'report',
    title: 'Report',
    note: 'What the report covers, its version and how it was composed; one field per row',
    columns: ['field', 'value', 'note'],
    rows: [
      row('partnership', text(p.name)),
      row('currency', text(p.currency), 'every money amount is in this currency'),
      row('scope', text(f.scope)),
      row('period', text(period.label)),
      row('period_start', text(period.start)),
      row('period_end', text(period.end)),
      row('quarters', list(period.quarters).filter(Boolean).join('; ') || null),
      row('status', version.status, STATUS_NOTE[version.status]),
      row('version', integer(version.version)),
      row(
        'method',
        integer(f.method),
        f.method == null
          ? 'not recorded: composed before method 2 (valuation basis, review status)'
          : null,
      ),
      row(
        'counted_delivery',
        text(f.totals?.countedDelivery),
        f.totals?.countedDelivery == null
          ? 'not recorded: composed before delivery was split by review status'
          : 'which delivery the headline figures count; disputed delivery never counts',
      ),
      row('discount_rate', rate(p.discountRate)),
      row('discount_convention', text(f.discount?.convention ?? p.discountConvention)),
      row(
        'discount_schedule',
        text(p.discountSchedule),
        p.discountSchedule == null ? 'not recorded: composed before discount schedules' : null,
      ),
      row('discount_statement', ctx.words(f.discount?.statement)),
      row(
        'payback_method',
        text(f.totals?.paybackMethod ?? p.paybackMethod),
        f.totals?.paybackMethod == null && p.paybackMethod == null
          ? 'not recorded: composed before payback definitions'
          : 'the definition of the headline payback (the other is shown beside it in the totals)',
      ),
      row(
        'report_price_year',
        integer(f.prices?.reportPriceYear),
        f.prices == null
          ? 'not recorded: composed before price years'
          : (PRICE_YEAR_SOURCE[f.prices.source as 'setting' | 'window_end'] ??
              text(f.prices.source)),
      ),
      row('price_statement', ctx.words(f.prices?.statement)),
      row(
        'price_index_series',
        f.prices?.indexSeries
          ? [text(f.prices.indexSeries.code), text(f.prices.indexSeries.name)]
              .filter(Boolean)
              .join(' ') || null
          : null,
      ),
      row('fingerprint', version.fingerprint, 'SHA-256 of every input'),
      row('issued_at', version.issuedAt),
      row('number_scales', SCALES),
    ],
  };
}

/** One row per outcome: actual against target, rating and value. */
export function outcomesSection(ctx: Context): BoardPackSection {
  return {
    id: 'outcomes',
    title: 'Outcomes',
    note: 'One row per outcome: actual against target with its rating, and its present value',
    columns: [
      'code',
      'title',
      'theme',
      'stakeholder',
      'unit',
      'direction',
      'aggregation',
      'parent_code',
      'roll_up_from',
      'roll_up_excluded',
      'prevention',
      'baseline',
      'window_baseline',
      'actual',
      'entries',
      'target',
      'progress',
      'rag',
      'procurement_rating',
      'met',
      'progress_note',
      'quarters_with_data',
      'valuation_basis',
      'monetised',
      'present_value',
      'valued_in',
      'not_monetised_note',
    ],
    rows: items(ctx.f.outcomes).map((o) => {
      const q = (v: unknown) => quantity(v, o.aggregation);
      return [
        text(o.code),
        text(o.title),
        text(o.theme),
        text(o.stakeholder),
        text(o.unit),
        text(o.direction),
        text(o.aggregation),
        ctx.code(o.parentId),
        list(o.rollUp?.from)
          .filter((c) => typeof c === 'string')
          .join('; ') || null,
        items(o.rollUp?.excluded)
          .map((x) => [text(x.code), ctx.words(x.reason)].filter(Boolean).join(': '))
          .join('; ') || null,
        yesNo(o.isPrevention),
        q(o.baseline),
        q(o.windowBaseline),
        q(o.actual),
        integer(o.entries),
        q(o.target),
        progress(o.progress),
        text(o.rag),
        text(o.procurementRating),
        yesNo(o.met),
        ctx.words(o.progressNote),
        integer(o.quartersWithData),
        text(o.valuationBasis),
        yesNo(o.monetised),
        money(o.presentValue),
        text(o.valuedIn),
        ctx.words(o.notMonetisedNote),
      ];
    }),
  };
}

/** Each outcome's delivery by review status (outcomes composed before the split are left out). */
export function verificationSection(ctx: Context): BoardPackSection {
  const statuses = ['verified', 'claimed', 'disputed'] as const;
  return {
    id: 'verification',
    title: 'Verification',
    note: 'Delivery behind each actual by review status: disputed never counts; claimed counts unless the partnership counts verified delivery only',
    columns: [
      'code',
      'title',
      'counted_delivery',
      ...statuses.flatMap((s) => [`${s}_entries`, `${s}_quantity`]),
    ],
    rows: items(ctx.f.outcomes)
      .filter((o) => o.verification)
      .map((o) => {
        const v = o.verification!;
        return [
          text(o.code),
          text(o.title),
          text(v.counted),
          ...statuses.flatMap((s) => [
            integer(v[s]?.entries),
            quantity(v[s]?.quantity, o.aggregation),
          ]),
        ];
      }),
  };
}

/** What a reader must know before relying on the totals: one row per report-level warning. */
export function warningsSection(ctx: Context): BoardPackSection {
  return {
    id: 'warnings',
    title: 'Warnings',
    note: 'What a reader must know before relying on the totals (none for versions composed before warnings)',
    columns: ['code', 'text', 'outcomes'],
    rows: items(ctx.f.warnings).map((w) => [
      text(w.code),
      ctx.words(w.text),
      list(w.outcomeIds)
        .map((id) => ctx.code(id))
        .filter((c): c is string => c !== null)
        .join('; ') || null,
    ]),
  };
}

/** Outcomes without data in the window and who owes it. */
export function missingDataSection(ctx: Context): BoardPackSection {
  return {
    id: 'missing_data',
    title: 'Missing data',
    note: 'Outcomes with nothing counted in the period (rated no_data, never met) and the providers who reported them before',
    columns: ['code', 'title', 'expected_from', 'note'],
    rows: items(ctx.f.missingData).map((m) => {
      const names = items(m.expectedFrom)
        .map((p) => text(p.name))
        .filter((n): n is string => n !== null);
      return [
        text(m.code),
        text(m.title),
        names.length ? names.join('; ') : null,
        names.length ? null : 'no provider has reported this outcome yet',
      ];
    }),
  };
}

/** Each outcome's actual per quarter: the quarters before the window, then the window's. */
export function trendSection(ctx: Context): BoardPackSection {
  const inWindow = new Set(list(ctx.f.period?.quarters));
  return {
    id: 'trend',
    title: 'Trend',
    note: 'One row per outcome and quarter: up to four quarters before the period, then the period’s own',
    columns: ['code', 'title', 'period', 'in_period', 'actual'],
    rows: items(ctx.f.outcomes).flatMap((o) =>
      items(o.trend).map((t) => [
        text(o.code),
        text(o.title),
        text(t.period),
        typeof t.period === 'string' ? yesNo(inWindow.has(t.period)) : null,
        quantity(t.actual, o.aggregation),
      ]),
    ),
  };
}
