import { parse } from 'csv-parse/sync';
import { ProblemException } from '../problems/problem';

/**
 * The records of a small CSV body (BOM accepted, blank lines skipped, cells trimmed), or a 400
 * problem on `body` saying why it is not valid CSV. `relaxColumnCount` leaves rows of the wrong
 * width to the caller, which reports them by line.
 */
export function csvRecords(text: string, relaxColumnCount: boolean): string[][] {
  try {
    return parse(text, {
      bom: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: relaxColumnCount,
    });
  } catch (e) {
    throw ProblemException.validation([
      { field: 'body', reason: `is not valid CSV: ${(e as Error).message}` },
    ]);
  }
}
