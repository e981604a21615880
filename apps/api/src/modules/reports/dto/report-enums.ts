import type {
  CountedDelivery,
  DiscountConvention,
  DiscountSchedule,
  PaybackMethod,
  ProcurementKpiRating,
  Rag,
  ReportPriceYearSource,
  ReportScope,
  ReportVersionStatus,
  ReportWarning,
  SensitivityParameter,
  StoredDiscountConvention,
  ValuationBasis,
} from '@ol/outcomes';
import { allOf } from '../../../common/http/schema-contract';

/*
 * The values of each union the report figures use, for the OpenAPI document. allOf makes a value
 * added to (or dropped from) a union in libs/outcomes fail to compile here until it is listed.
 */
export const REPORT_SCOPE_VALUES = allOf<ReportScope>()('quarter', 'year_to_date', 'since_start');
export const VERSION_STATUS_VALUES = allOf<ReportVersionStatus>()('provisional', 'final');
export const STORED_DISCOUNT_CONVENTION_VALUES = allOf<StoredDiscountConvention>()(
  'end_of_year',
  'start_of_year',
  'mid_year',
  'none',
);
export const DISCOUNT_CONVENTION_VALUES = allOf<DiscountConvention>()(
  'end-of-year',
  'start-of-year',
  'mid-year',
  'none',
);
export const RAG_VALUES = allOf<Rag | 'no_data'>()('green', 'amber', 'red', 'no_data');
export const PROCUREMENT_RATING_VALUES = allOf<ProcurementKpiRating>()(
  'good',
  'approaching-target',
  'requires-improvement',
  'inadequate',
);
export const VALUATION_BASIS_VALUES = allOf<ValuationBasis>()(
  'achieved',
  'avoided',
  'change_in_stock',
  'count_outcome',
);
export const COUNTED_DELIVERY_VALUES = allOf<CountedDelivery>()(
  'verified and claimed',
  'verified only',
);
export const SENSITIVITY_PARAMETER_VALUES = allOf<SensitivityParameter>()(
  'deadweight',
  'displacement',
  'attribution',
  'leakage',
  'dropOff',
  'duration',
  'proxyValue',
  'investment',
);
export const PAYBACK_METHOD_VALUES = allOf<PaybackMethod>()('sroi_guide', 'cumulative');
export const DISCOUNT_SCHEDULE_VALUES = allOf<DiscountSchedule>()(
  'constant',
  'green_book_declining',
);
export const PRICE_YEAR_SOURCE_VALUES = allOf<ReportPriceYearSource>()('setting', 'window_end');
export const SENSITIVITY_SOURCE_VALUES = allOf<'standard' | 'partnership'>()(
  'standard',
  'partnership',
);
export const WARNING_CODE_VALUES = allOf<ReportWarning['code']>()('price_year_not_uprated');
