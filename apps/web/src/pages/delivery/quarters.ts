/**
 * Quarter labels of a partnership's financial year, as the API names them: "2026-27 Q1", or
 * "2026 Q1" when the year starts in January (libs/outcomes formatFinancialYearLabel).
 */
export function quarterLabel(day: string, fyStartMonth: number): string {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  const offset = (month - fyStartMonth + 12) % 12;
  const startYear = month >= fyStartMonth ? year : year - 1;
  const fy =
    fyStartMonth === 1
      ? String(startYear)
      : `${startYear}-${String((startYear + 1) % 100).padStart(2, '0')}`;
  return `${fy} Q${Math.floor(offset / 3) + 1}`;
}

/** Every quarter of the term from its start up to `today` (or the term's end), newest first. */
export function quartersSoFar(
  term: { startDate: string; endDate: string; fyStartMonth: number },
  today: string,
): string[] {
  const last = today < term.endDate ? today : term.endDate;
  const labels: string[] = [];
  let year = Number(term.startDate.slice(0, 4));
  let month = Number(term.startDate.slice(5, 7));
  for (;;) {
    const first = `${year}-${String(month).padStart(2, '0')}-01`;
    if (first > last) break;
    const label = quarterLabel(first, term.fyStartMonth);
    if (labels.at(-1) !== label) labels.push(label);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return labels.reverse();
}

/** Today's date in UTC (the API judges days in UTC). */
export const todayUtc = (): string => new Date().toISOString().slice(0, 10);
