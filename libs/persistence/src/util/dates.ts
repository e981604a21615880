/** A `date` column's value → "YYYY-MM-DD" (Prisma gives it as UTC midnight). */
export function isoDay(value: Date): string {
  return value.toISOString().slice(0, 10);
}

/** "YYYY-MM-DD" → the Date Prisma writes to a `date` column (UTC midnight, no drift). */
export function dateOfDay(value: string): Date {
  return new Date(`${value}T00:00:00Z`);
}

/** A `timestamptz` column's value → its ISO instant. */
export function isoInstant(value: Date): string {
  return value.toISOString();
}

/** A nullable `timestamptz` column's value → its ISO instant, or null. */
export function instantOrNull(value: Date | null): string | null {
  return value === null ? null : isoInstant(value);
}
