/** A money column (`Decimal(18, 2)`) → its decimal string with pence ("1234.50"). */
export function moneyOf(value: { toFixed(dp: number): string }): string {
  return value.toFixed(2);
}

/** A nullable money column → its decimal string with pence, or null. */
export function moneyOrNull(value: { toFixed(dp: number): string } | null): string | null {
  return value === null ? null : moneyOf(value);
}
