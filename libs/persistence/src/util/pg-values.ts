/**
 * Parameters of a statement Prisma built (`Prisma.sql`), for running it with pg itself: a Date
 * becomes its ISO instant. (pg would format it in the process's time zone, and `'…-04:00'::date`
 * is the day before in UTC.) Everything else passes as Prisma's adapter would pass it.
 */
export function pgValues(values: readonly unknown[]): unknown[] {
  return values.map((v) => (v instanceof Date ? v.toISOString() : v));
}
