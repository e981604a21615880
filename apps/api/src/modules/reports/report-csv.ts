import { stringify } from 'csv-stringify/sync';
import {
  boardPack,
  storedFigures,
  type BoardPackCell,
  type BoardPackSection,
  type BoardPackVersion,
} from '@ol/outcomes';
import type { Report } from '@ol/persistence';

/** What a spreadsheet may run as a formula when a cell starts with it (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain decimal: what a number cell holds, and all a spreadsheet reads from it. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/** Text that a spreadsheet would read as a formula gets a leading apostrophe: shown, never run. */
export function neutralised(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * A cell as written: a number as the plain decimal it is (so −5323.80 stays a number), text
 * neutralised, empty for null. A "number" that is not a plain decimal is treated as text.
 */
export function csvCell(cell: BoardPackCell): string {
  if (cell === null) return '';
  if (typeof cell === 'object') {
    return PLAIN_NUMBER.test(cell.number) ? cell.number : neutralised(cell.number);
  }
  return neutralised(cell);
}

/**
 * Board-pack tables as one CSV: each section is a row `section,<id>,<title>,<note>`, then its
 * header row `<id>,<column>…`, then its rows `<id>,<value>…`, so filtering the first column on a
 * section's id gives its header and rows. Every row is as wide as the widest (a rectangle).
 */
export function boardPackCsv(sections: readonly BoardPackSection[]): string {
  const rows: string[][] = sections.flatMap((s) => [
    ['section', s.id, s.title, s.note].map(csvCell),
    [s.id, ...s.columns].map(csvCell),
    ...s.rows.map((row) => [csvCell(s.id), ...row.map(csvCell)]),
  ]);
  const width = Math.max(...rows.map((r) => r.length));
  return stringify(rows.map((r) => [...r, ...new Array<string>(width - r.length).fill('')]));
}

/** The board-pack CSV of a stored report version (see README, "Board-pack CSV"). */
export function reportToCsv(report: Report): string {
  const version: BoardPackVersion = {
    version: report.version,
    status: report.status,
    fingerprint: report.fingerprint,
    issuedAt: report.createdAt,
  };
  return boardPackCsv(boardPack(storedFigures(report.figures), version));
}
