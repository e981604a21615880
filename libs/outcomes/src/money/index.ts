/** libs/outcomes' money: exported through the package index (src/index.ts). */

export {
  INTERNAL_PRECISION,
  OutcomesDecimal,
  QUOTIENT_SIGNIFICANT_DIGITS,
  toDecimal,
  type DecimalInput,
} from './decimal';
export {
  MONEY_DECIMAL_PLACES,
  allocateRounded,
  roundHalfUp,
  roundMoney,
  toFixedString,
  toMoneyString,
  toPercentString,
  toRatioString,
  totalOf,
} from './money';
