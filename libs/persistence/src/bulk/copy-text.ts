/**
 * PostgreSQL COPY text format (the default format of `COPY ... FROM STDIN`): columns separated by
 * a tab, rows ended by a newline, NULL written as `\N`, and backslash, tab, newline and carriage
 * return escaped with a backslash. It is the cheapest format for the server to parse.
 */
export const COPY_NULL = '\\N';

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPES = /[\\\t\n\r]/g;
const replacement: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One text value as a COPY text field (no allocation when nothing needs escaping). */
export function copyText(value: string): string {
  return NEEDS_ESCAPE.test(value) ? value.replace(ESCAPES, (c) => replacement[c]) : value;
}

/** An optional text value: `\N` for null. */
export function copyTextOrNull(value: string | null): string {
  return value === null ? COPY_NULL : copyText(value);
}
