import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { Holiday } from '@ol/persistence';
import { csvRecords } from '../../common/http/csv-records';
import { ProblemException, type FieldProblem } from '../../common/problems/problem';
import { HolidayDto, MAX_HOLIDAYS_PER_REQUEST } from './dto/calendar.dto';

/** The columns of a holiday CSV, in any order. */
export const HOLIDAY_CSV_COLUMNS = ['date', 'name'] as const;

/** The field a CSV row's cell is reported under: its file line (the header is line 1). */
export const csvField = (index: number, column: string): string => `line ${index + 2}, ${column}`;

/**
 * The holidays of a CSV file (header `date,name`, one holiday a row), each row validated as the
 * JSON body's are; a 400 naming each bad header, line and cell otherwise.
 */
export function holidaysFromCsv(text: string): Holiday[] {
  const [header, ...rows] = csvRecords(text, true);
  if (!header) {
    throw ProblemException.validation([
      { field: 'body', reason: 'is empty; expected a header row' },
    ]);
  }
  const headerProblems: FieldProblem[] = [
    ...header
      .filter((h) => !(HOLIDAY_CSV_COLUMNS as readonly string[]).includes(h))
      .map((h) => ({ field: `header.${h}`, value: h, reason: 'is not a known column' })),
    ...HOLIDAY_CSV_COLUMNS.filter((c) => !header.includes(c)).map((c) => ({
      field: `header.${c}`,
      reason: 'is a required column and is missing',
    })),
  ];
  if (headerProblems.length > 0) {
    throw ProblemException.validation(
      headerProblems,
      `Expected columns: ${HOLIDAY_CSV_COLUMNS.join(', ')}.`,
    );
  }
  if (rows.length === 0 || rows.length > MAX_HOLIDAYS_PER_REQUEST) {
    throw ProblemException.validation([
      {
        field: 'body',
        value: rows.length,
        reason: `must have from 1 to ${MAX_HOLIDAYS_PER_REQUEST} holiday rows`,
      },
    ]);
  }
  const problems: FieldProblem[] = [];
  const holidays = rows.map((cells, i) => {
    if (cells.length !== header.length) {
      problems.push({
        field: `line ${i + 2}`,
        value: cells.length,
        reason: `must have ${header.length} cells, as the header has`,
      });
    }
    const cell = (column: string): string | undefined => cells[header.indexOf(column)];
    const dto = plainToInstance(HolidayDto, { date: cell('date'), name: cell('name') });
    for (const error of validateSync(dto)) {
      for (const reason of Object.values(error.constraints ?? {})) {
        problems.push({
          field: csvField(i, error.property),
          value: error.value as unknown,
          reason: reason.replace(new RegExp(`^${error.property} `), ''),
        });
      }
    }
    return { date: dto.date, name: dto.name };
  });
  if (problems.length > 0) {
    throw ProblemException.validation(
      problems.slice(0, 1000),
      `${problems.length} problem(s); nothing was imported.`,
    );
  }
  return holidays;
}
