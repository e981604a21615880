import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import type {
  CountedDelivery,
  DiscountConvention,
  DiscountSchedule,
  MissingDataFigures,
  NotMonetisedFigures,
  NotUpratedFigures,
  OutcomeFigures,
  PaybackMethod,
  PriceFigures,
  ProviderFigures,
  ReportFigures,
  ReportPriceYearSource,
  ReportScope,
  ReportVersionStatus,
  ReportWarning,
  SensitivityFigures,
  StakeholderFigures,
  StoredDiscountConvention,
  ThemeFigures,
  TotalsFigures,
  ValuationLineFigures,
  ValueShareFigures,
  WithheldFigures,
} from '@ol/outcomes';
import {
  DECIMAL_PATTERN,
  DecimalProperty,
  MoneyProperty,
} from '../../../common/http/decimal-property';
import { ExplanationStepResponse } from '../../../common/http/explanation-step.response';
import type { Assert, SameShape } from '../../../common/http/schema-contract';
import { OutcomeFiguresResponse } from './outcome-figures.response';
import {
  COUNTED_DELIVERY_VALUES,
  DISCOUNT_CONVENTION_VALUES,
  DISCOUNT_SCHEDULE_VALUES,
  PAYBACK_METHOD_VALUES,
  PRICE_YEAR_SOURCE_VALUES,
  REPORT_SCOPE_VALUES,
  STORED_DISCOUNT_CONVENTION_VALUES,
  VERSION_STATUS_VALUES,
  WARNING_CODE_VALUES,
} from './report-enums';
import { SensitivityFiguresResponse } from './sensitivity.response';
import { VALUATION_LINES, ValuationLineModels } from './valuation-line.response';

/*
 * The report JSON as the OpenAPI document describes it: one class per type of
 * libs/outcomes/src/report/figures.ts (the schema takes the type's name), each checked against its
 * type both ways (`Assert<SameShape<…>>`), so a field added in libs/outcomes fails to compile here
 * until it is described.
 */

type ReportPartnership = ReportFigures['partnership'];
type ReportPeriod = ReportFigures['period'];
type ReportDiscount = ReportFigures['discount'];
type ThemeNotMonetised = ThemeFigures['notMonetised'][number];
type ProviderRef = MissingDataFigures['expectedFrom'][number];
type PaybackAlternative = TotalsFigures['paybackAlternative'];
type IndexSeriesRef = NonNullable<PriceFigures['indexSeries']>;

/** {@link ReportFigures}`['partnership']`: the settings the report used. */
@ApiSchema({ name: 'ReportPartnership' })
export class ReportPartnershipResponse implements ReportPartnership {
  @ApiProperty({ format: 'uuid' }) readonly id!: string;
  @ApiProperty({ example: 'Northside Alliance' }) readonly name!: string;
  @ApiProperty({ example: 'GBP' }) readonly currency!: string;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 12, example: 4 })
  readonly fyStartMonth!: number;
  @DecimalProperty({ description: 'Discount rate with its stored scale', example: '0.0350' })
  readonly discountRate!: string;
  @ApiProperty({
    enum: STORED_DISCOUNT_CONVENTION_VALUES,
    enumName: 'StoredDiscountConvention',
  })
  readonly discountConvention!: StoredDiscountConvention;
  @ApiProperty({
    enum: DISCOUNT_SCHEDULE_VALUES,
    enumName: 'DiscountSchedule',
    description:
      "constant: the rate every year; green_book_declining: HM Treasury's long-term schedule",
  })
  readonly discountSchedule!: DiscountSchedule;
  @ApiProperty({
    enum: PAYBACK_METHOD_VALUES,
    enumName: 'PaybackMethod',
    description: 'The headline payback definition the partnership chose',
  })
  readonly paybackMethod!: PaybackMethod;
}

/** {@link ReportFigures}`['period']`: the window. */
@ApiSchema({ name: 'ReportPeriod' })
export class ReportPeriodResponse implements ReportPeriod {
  @ApiProperty({ example: '2026-27 Q1' }) readonly label!: string;
  @ApiProperty({ format: 'date', example: '2026-04-01' }) readonly start!: string;
  @ApiProperty({ format: 'date', example: '2026-06-30' }) readonly end!: string;
  @ApiProperty({
    type: [String],
    example: ['2026-27 Q1'],
    description: 'The financial quarters the window spans',
  })
  readonly quarters!: readonly string[];
}

/** {@link TotalsFigures}`['paybackAlternative']`: payback by the other definition. */
@ApiSchema({ name: 'PaybackAlternative' })
export class PaybackAlternativeResponse implements PaybackAlternative {
  @ApiProperty({ enum: PAYBACK_METHOD_VALUES, enumName: 'PaybackMethod' })
  readonly method!: PaybackMethod;
  @DecimalProperty({ places: 1, description: 'Payback in months', example: '7.5', nullable: true })
  readonly months!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'not-paid-back-within-duration' })
  readonly unavailableReason!: string | null;
}

/** {@link TotalsFigures}: the headline figures. */
@ApiSchema({ name: 'TotalsFigures' })
export class TotalsFiguresResponse implements TotalsFigures {
  @MoneyProperty('Total present value of the valuation lines') readonly presentValue!: string;
  @MoneyProperty('The part of it resting on claimed, not yet verified, delivery')
  readonly presentValueFromClaims!: string;
  @ApiProperty({
    enum: COUNTED_DELIVERY_VALUES,
    enumName: 'CountedDelivery',
    description: 'Which delivery the headline figures count',
  })
  readonly countedDelivery!: CountedDelivery;
  @MoneyProperty('Total value before discounting') readonly undiscountedValue!: string;
  @MoneyProperty(
    'The investment the ratio is taken against (null only where withheld from a reader who may not see the open book)',
    true,
  )
  readonly investment!: string | null;
  @ApiProperty({
    description: 'Where the investment comes from (the open book, or the contract value pro rata)',
    example: 'open book: allowable cost of 1 return',
  })
  readonly investmentBasis!: string;
  @MoneyProperty('Present value − investment (null only where withheld)', true)
  readonly netPresentValue!: string | null;
  @DecimalProperty({
    places: 2,
    description: 'SROI ratio: present value ÷ investment (N:1)',
    example: '1.93',
    nullable: true,
  })
  readonly sroiRatio!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '1.93:1', description: 'The ratio as N:1' })
  readonly sroiRatioText!: string | null;
  @DecimalProperty({
    places: 2,
    description: 'Net SROI ratio: net present value ÷ investment',
    example: '0.93',
    nullable: true,
  })
  readonly netSroiRatio!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '0.93:1' })
  readonly netSroiRatioText!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'zero-investment' })
  readonly ratioUnavailableReason!: string | null;
  @ApiProperty({
    enum: PAYBACK_METHOD_VALUES,
    enumName: 'PaybackMethod',
    description:
      "sroi_guide: investment ÷ (first year's value ÷ 12); cumulative: months until cumulative undiscounted value covers the investment",
  })
  readonly paybackMethod!: PaybackMethod;
  @DecimalProperty({
    places: 1,
    description: 'Payback in months by paybackMethod',
    example: '6.2',
    nullable: true,
  })
  readonly paybackMonths!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'not-paid-back-within-duration' })
  readonly paybackUnavailableReason!: string | null;
  @ApiProperty({ type: () => PaybackAlternativeResponse })
  readonly paybackAlternative!: PaybackAlternative;
}

/** The share and ratio columns every breakdown group has ({@link ValueShareFigures}). */
class ValueShareResponse implements ValueShareFigures {
  @MoneyProperty("Present value of the group's lines") readonly presentValue!: string;
  @DecimalProperty({
    places: 4,
    description: 'Share of the total present value (null when the total is not positive)',
    example: '0.7500',
    nullable: true,
  })
  readonly share!: string | null;
  @DecimalProperty({
    places: 2,
    description:
      "The group's present value ÷ the whole investment: the groups' ratios add up to the SROI ratio (null when the investment is zero)",
    example: '1.50',
    nullable: true,
  })
  readonly ratio!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '1.50:1' })
  readonly ratioText!: string | null;
}

/** {@link StakeholderFigures}: the value of the outcomes naming one stakeholder group. */
@ApiSchema({ name: 'StakeholderFigures' })
export class StakeholderFiguresResponse extends ValueShareResponse implements StakeholderFigures {
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Residents',
    description: 'null: outcomes naming no stakeholder',
  })
  readonly stakeholder!: string | null;
  @ApiProperty({
    type: 'array',
    items: { type: 'string', format: 'uuid' },
    description: 'Its outcomes (ids)',
  })
  readonly outcomes!: readonly string[];
}

/** {@link ProviderFigures}: the value one provider delivered, or what no one provider did. */
@ApiSchema({ name: 'ProviderFigures' })
export class ProviderFiguresResponse extends ValueShareResponse implements ProviderFigures {
  @ApiProperty({
    type: () => ReportProviderResponse,
    nullable: true,
    description:
      'null: value no one provider delivered (units avoided, changes in a stock level: measured against the partnership’s baseline)',
  })
  readonly provider!: ProviderRef | null;
  @ApiProperty({
    type: 'array',
    items: { type: 'string', format: 'uuid' },
    description: 'The outcomes (ids) whose value is attributed here',
  })
  readonly outcomes!: readonly string[];
  @ApiProperty({
    example:
      'its share of the counted quantity of each count it delivered, line by line (verified and claimed)',
    description: 'How the value was attributed, or why it is no one provider’s',
  })
  readonly basis!: string;
}

/** {@link PriceFigures}`['indexSeries']`. */
@ApiSchema({ name: 'ReportIndexSeries' })
export class IndexSeriesRefResponse implements IndexSeriesRef {
  @ApiProperty({ format: 'uuid' }) readonly id!: string;
  @ApiProperty({ example: 'GDP-DEFLATOR' }) readonly code!: string;
  @ApiProperty({ example: 'GDP deflator at market prices' }) readonly name!: string;
}

/** {@link NotUpratedFigures}: a line left unvalued because its value could not be uprated. */
@ApiSchema({ name: 'NotUpratedFigures' })
export class NotUpratedFiguresResponse implements NotUpratedFigures {
  @ApiProperty({ format: 'uuid' }) readonly outcomeId!: string;
  @ApiProperty({ example: 'JOBS' }) readonly code!: string;
  @ApiProperty({ example: 'EX-EMPLOY' }) readonly proxyCode!: string;
  @ApiProperty({ type: 'integer', example: 2019 }) readonly priceYear!: number;
  @ApiProperty({
    type: 'array',
    items: { type: 'integer' },
    description: 'Index years the series lacks (empty when no series is named)',
    example: [2019],
  })
  readonly missingYears!: readonly number[];
  @ApiProperty() readonly reason!: string;
}

/** {@link PriceFigures}: the price year of the report's pounds. */
@ApiSchema({ name: 'PriceFigures' })
export class PriceFiguresResponse implements PriceFigures {
  @ApiProperty({ type: 'integer', example: 2026 }) readonly reportPriceYear!: number;
  @ApiProperty({
    enum: PRICE_YEAR_SOURCE_VALUES,
    enumName: 'ReportPriceYearSource',
    description: "setting: the partnership's; window_end: the calendar year the period ends",
  })
  readonly source!: ReportPriceYearSource;
  @ApiProperty({ type: () => IndexSeriesRefResponse, nullable: true })
  readonly indexSeries!: IndexSeriesRef | null;
  @ApiProperty({ description: 'The price year in words, as printed on the report' })
  readonly statement!: string;
  @ApiProperty({ type: () => [NotUpratedFiguresResponse] })
  readonly notUprated!: readonly NotUpratedFigures[];
}

/** {@link ReportWarning}: something a reader must know before trusting a figure. */
@ApiSchema({ name: 'ReportWarning' })
export class ReportWarningResponse implements ReportWarning {
  @ApiProperty({ enum: WARNING_CODE_VALUES, enumName: 'ReportWarningCode' })
  readonly code!: ReportWarning['code'];
  @ApiProperty() readonly text!: string;
  @ApiProperty({ type: 'array', items: { type: 'string', format: 'uuid' } })
  readonly outcomeIds!: readonly string[];
}

/** {@link ThemeFigures}`['notMonetised'][number]`. */
@ApiSchema({ name: 'ThemeNotMonetised' })
export class ThemeNotMonetisedResponse implements ThemeNotMonetised {
  @ApiProperty({ format: 'uuid' }) readonly outcomeId!: string;
  @DecimalProperty({ description: 'The quantity, in its own units', example: '7' })
  readonly quantity!: string;
  @ApiProperty({ type: String, nullable: true, example: 'score' }) readonly unit!: string | null;
}

/** {@link ThemeFigures}: the present value of one theme. */
@ApiSchema({ name: 'ThemeFigures' })
export class ThemeFiguresResponse extends ValueShareResponse implements ThemeFigures {
  @ApiProperty({ type: String, nullable: true, example: 'Jobs' }) readonly theme!: string | null;
  @ApiProperty({
    type: 'array',
    items: { type: 'string', format: 'uuid' },
    description: 'Its outcomes (ids)',
  })
  readonly outcomes!: readonly string[];
  @ApiProperty({ type: () => [ThemeNotMonetisedResponse] })
  readonly notMonetised!: readonly ThemeNotMonetised[];
}

/** {@link NotMonetisedFigures}: an outcome reported in its own units, never valued at zero. */
@ApiSchema({ name: 'NotMonetisedFigures' })
export class NotMonetisedFiguresResponse implements NotMonetisedFigures {
  @ApiProperty({ format: 'uuid' }) readonly outcomeId!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Wellbeing score' })
  readonly title!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'score' }) readonly unit!: string | null;
  @ApiProperty({ type: String, pattern: DECIMAL_PATTERN, example: '7' })
  readonly quantity!: string;
}

/** {@link MissingDataFigures}`['expectedFrom'][number]`: a provider owing data. */
@ApiSchema({ name: 'ReportProvider' })
export class ReportProviderResponse implements ProviderRef {
  @ApiProperty({ format: 'uuid' }) readonly id!: string;
  @ApiProperty({ example: 'Acorn Trust' }) readonly name!: string;
}

/** {@link MissingDataFigures}: an outcome without data in the window, and who owes it. */
@ApiSchema({ name: 'MissingDataFigures' })
export class MissingDataFiguresResponse implements MissingDataFigures {
  @ApiProperty({ format: 'uuid' }) readonly outcomeId!: string;
  @ApiProperty({ example: 'AE' }) readonly code!: string;
  @ApiProperty({ example: 'A&E attendances' }) readonly title!: string;
  @ApiProperty({
    type: () => [ReportProviderResponse],
    description: 'Providers who reported the outcome before the window (empty: nobody has yet)',
  })
  readonly expectedFrom!: readonly ProviderRef[];
}

/** {@link ReportFigures}`['discount']`: the discounting used. */
@ApiSchema({ name: 'ReportDiscount' })
export class ReportDiscountResponse implements ReportDiscount {
  @ApiProperty({ enum: DISCOUNT_CONVENTION_VALUES, enumName: 'DiscountConvention' })
  readonly convention!: DiscountConvention;
  @ApiProperty({ example: 'Discounted at 3.5% a year, end of year (year 1 discounted once)' })
  readonly statement!: string;
}

/** {@link WithheldFigures}: what a view leaves out and why. */
@ApiSchema({ name: 'WithheldFigures' })
export class WithheldFiguresResponse implements WithheldFigures {
  @ApiProperty({
    type: [String],
    example: ['totals.investment', 'totals.sroiRatio', 'byTheme[].ratio'],
    description: 'The figures withheld (null), as paths',
  })
  readonly fields!: readonly string[];
  @ApiProperty({ example: 'withheld: the investment is the open book’s total …' })
  readonly reason!: string;
}

/** {@link ReportFigures}: every figure of a report version, with its working. */
@ApiSchema({ name: 'ReportFigures' })
@ValuationLineModels()
export class ReportFiguresResponse implements ReportFigures {
  @ApiProperty({
    type: 'integer',
    example: 2,
    description:
      'The version of the method the figures were composed with. These are method 4 figures; a version stored before it holds the figures of its own method',
  })
  readonly method!: number;
  @ApiProperty({
    enum: VERSION_STATUS_VALUES,
    enumName: 'ReportVersionStatus',
    description: 'provisional: produced before the window ended; final: after',
  })
  readonly status!: ReportVersionStatus;
  @ApiProperty({ type: () => ReportPartnershipResponse })
  readonly partnership!: ReportPartnership;
  @ApiProperty({ enum: REPORT_SCOPE_VALUES, enumName: 'ReportScope' })
  readonly scope!: ReportScope;
  @ApiProperty({ type: () => ReportPeriodResponse }) readonly period!: ReportPeriod;
  @ApiProperty({ type: () => [OutcomeFiguresResponse] })
  readonly outcomes!: readonly OutcomeFigures[];
  @ApiProperty(VALUATION_LINES) readonly valuationLines!: readonly ValuationLineFigures[];
  @ApiProperty({ type: () => TotalsFiguresResponse }) readonly totals!: TotalsFigures;
  @ApiProperty({ type: () => [ThemeFiguresResponse] }) readonly byTheme!: readonly ThemeFigures[];
  @ApiProperty({ type: () => [StakeholderFiguresResponse] })
  readonly byStakeholder!: readonly StakeholderFigures[];
  @ApiProperty({
    type: () => [ProviderFiguresResponse],
    description:
      'Value by the provider who delivered it (each count achieved shared by the providers’ counted quantities), then what no one provider delivered',
  })
  readonly byProvider!: readonly ProviderFigures[];
  @ApiProperty({ type: () => PriceFiguresResponse }) readonly prices!: PriceFigures;
  @ApiProperty({
    type: () => [ReportWarningResponse],
    description: 'What a reader must know before trusting a figure (e.g. lines not uprated)',
  })
  readonly warnings!: readonly ReportWarning[];
  @ApiPropertyOptional({
    type: () => WithheldFiguresResponse,
    description:
      'Present only when figures are withheld from this reader: a provider, where the partnership does not share the open book’s total (the investment) with providers. Every figure it could be worked back from is null: ratios, net present value, payback, break-even points, the grid',
  })
  readonly withheld?: WithheldFigures;
  @ApiProperty({
    type: () => [NotMonetisedFiguresResponse],
    description: 'Everything not monetised, in its own units (never valued at zero)',
  })
  readonly notMonetised!: readonly NotMonetisedFigures[];
  @ApiProperty({
    type: () => [MissingDataFiguresResponse],
    description: 'Outcomes without data in the window, and who owes it',
  })
  readonly missingData!: readonly MissingDataFigures[];
  @ApiProperty({
    type: () => SensitivityFiguresResponse,
    nullable: true,
    description: 'The sensitivity table; null when no line is monetised',
  })
  readonly sensitivity!: SensitivityFigures | null;
  @ApiProperty({ type: () => ReportDiscountResponse }) readonly discount!: ReportDiscount;
  @ApiProperty({
    type: () => [ExplanationStepResponse],
    description: 'The working of the totals; each valuation line carries its own',
  })
  readonly explanation!: readonly ExplanationStepResponse[];
}

type _Partnership = Assert<SameShape<ReportPartnershipResponse, ReportPartnership>>;
type _Period = Assert<SameShape<ReportPeriodResponse, ReportPeriod>>;
type _Totals = Assert<SameShape<TotalsFiguresResponse, TotalsFigures>>;
type _ThemeNotMonetised = Assert<SameShape<ThemeNotMonetisedResponse, ThemeNotMonetised>>;
type _Theme = Assert<SameShape<ThemeFiguresResponse, ThemeFigures>>;
type _NotMonetised = Assert<SameShape<NotMonetisedFiguresResponse, NotMonetisedFigures>>;
type _Provider = Assert<SameShape<ReportProviderResponse, ProviderRef>>;
type _MissingData = Assert<SameShape<MissingDataFiguresResponse, MissingDataFigures>>;
type _Discount = Assert<SameShape<ReportDiscountResponse, ReportDiscount>>;
type _PaybackAlternative = Assert<SameShape<PaybackAlternativeResponse, PaybackAlternative>>;
type _Stakeholder = Assert<SameShape<StakeholderFiguresResponse, StakeholderFigures>>;
type _Withheld = Assert<SameShape<WithheldFiguresResponse, WithheldFigures>>;
type _ProviderFigures = Assert<SameShape<ProviderFiguresResponse, ProviderFigures>>;
type _IndexSeries = Assert<SameShape<IndexSeriesRefResponse, IndexSeriesRef>>;
type _NotUprated = Assert<SameShape<NotUpratedFiguresResponse, NotUpratedFigures>>;
type _Prices = Assert<SameShape<PriceFiguresResponse, PriceFigures>>;
type _Warning = Assert<SameShape<ReportWarningResponse, ReportWarning>>;
type _Figures = Assert<SameShape<ReportFiguresResponse, ReportFigures>>;
