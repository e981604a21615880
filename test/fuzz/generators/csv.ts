/** CSV bodies that break one thing each (CSV routes only). */
import fc from 'fast-check';
import type { Operation } from '../openapi';
import { count, deriveSeed, sample } from './random';
import { specOf, type BodySpec, type GenContext, type Spec } from './spec';

/** One broken CSV body: what is broken (for reports), its class, and the body. */
interface CsvCase {
  label: string;
  cls: string;
  body: BodySpec;
}

/** The valid CSV body taken apart: its header and first row, as text and as cells. */
interface CsvParts {
  header: string;
  row: string;
  cols: string[];
  cells: string[];
  /** The later rows, each after a newline. */
  rest: string;
}

function csvParts(valid: string): CsvParts {
  const [header, ...rows] = valid.split('\n');
  const row = rows[0] ?? '';
  // Later rows stay (the import's valid body ends in a refused row, so no fuzzed upload queues
  // an import, which would hold up every later one with 409).
  const rest = rows
    .slice(1)
    .map((r) => `\n${r}`)
    .join('');
  return { header, row, cols: header.split(','), cells: row.split(','), rest };
}

/** Every structural case, a NUL in every column, then `count(16)` cells drawn at random. */
export function csvBodySpecs(op: Operation, ctx: GenContext): Spec[] {
  const valid = ctx.validBody(op);
  if (typeof valid !== 'string') return [];
  const parts = csvParts(valid);
  const seed = deriveSeed(ctx.seed, op.key, 'csv-body');
  const picked = [
    ...structureCases(parts),
    ...nulCases(parts),
    ...sample(fc.constantFrom(...cellCases(parts)), count(16, ctx), seed),
  ];
  return picked.map((c) =>
    specOf(op, 'csv-body', `CSV ${c.label}`, c.cls, {
      body: c.body,
    }),
  );
}

/** Header only, bad quoting, extra or missing columns, line endings, bad bytes, long lines. */
function structureCases({ header, row, cols, cells, rest }: CsvParts): CsvCase[] {
  const text = (label: string, body: string, cls = 'csv-structure'): CsvCase => ({
    label,
    cls,
    body: { kind: 'text', text: body },
  });
  // The header line, then bytes that are not UTF-8 (shown as hex in reports), then `after`.
  const badBytes = (label: string, bytes: number[], after: string, shown: string): CsvCase => ({
    label,
    cls: 'csv-encoding',
    body: {
      kind: 'bytes',
      bytes: Buffer.concat([Buffer.from(`${header}\n`), Buffer.from(bytes), Buffer.from(after)]),
      label: `${header}\\n${shown}`,
    },
  });
  return [
    text('header only', `${header}\n`),
    text('BOM only', '\ufeff'),
    text('unbalanced quote', `${header}\n"${row}${rest}`),
    text('extra column', `${header}\n${row},extra${rest}`),
    text('missing columns', `${cols.slice(1).join(',')}\n${cells.slice(1).join(',')}`),
    text('duplicate header', `${header},${cols[0]}\n${row},x${rest}`),
    text('10,000 columns', `${header}${',x'.repeat(10_000)}\n${row}${rest}`),
    text('CR line endings', `${header}\r${row}${rest.replace(/\n/g, '\r')}\r`),
    badBytes('invalid UTF-8', [0xff, 0xfe, 0xc3, 0x28], `,${row}${rest}`, '<ff fe c3 28>,…'),
    badBytes(
      'UTF-8-encoded lone surrogate (CESU)',
      [0xed, 0xa0, 0x80],
      `${row}${rest}`,
      '<ed a0 80>…',
    ),
    text('a 100,000-character line', `${header}\n${'x'.repeat(100_000)}${rest}`, 'csv-long'),
    text('JSON body', '{"a":1}'),
  ];
}

const CSV_NUMBERS = [
  '1e3',
  'NaN',
  'Infinity',
  '-0',
  '0x10',
  '99999999999999999999',
  '-1',
  ' 1',
  '9223372036854775808',
];

const CSV_DATES = [
  '0000-01-01',
  '0001-01-01',
  '9999-12-31',
  '2026-02-30',
  '2026-1-1',
  '+275760-09-13',
];

/** Text values, each with its class. */
const CSV_TEXTS = [
  ['a\u0000b', 'nul'],
  ['', 'empty'],
  ['   ', 'whitespace'],
  ['x'.repeat(5000), 'long'],
  ['=1+1', 'formula'],
  ['"quoted ""x"""', 'quotes'],
];

/** The CSV with the first row's cell in column `name` set to `value`. */
function withCell(
  { header, row, cols, cells, rest }: CsvParts,
  name: string,
  value: string,
): string {
  const i = cols.indexOf(name);
  if (i < 0) return `${header}\n${row}${rest}`;
  const copy = [...cells];
  copy[i] = value;
  return `${header}\n${copy.join(',')}${rest}`;
}

/**
 * A NUL in each column in turn, as every JSON string field gets one (values.ts): PostgreSQL
 * text and jsonb cannot hold it, wherever the value ends up (the row, or the error that
 * quotes it).
 */
function nulCases(parts: CsvParts): CsvCase[] {
  return parts.cols.map((c) => ({
    label: `${c} = "a\\u0000b"`,
    cls: 'csv-text-nul',
    body: { kind: 'text', text: withCell(parts, c, 'a\u0000b') },
  }));
}

/** The first row with one cell changed: hard numbers, dates and texts in the columns of each. */
function cellCases(parts: CsvParts): CsvCase[] {
  const { cols } = parts;
  const cell = (label: string, cls: string, c: string, v: string): CsvCase => ({
    label,
    cls,
    body: { kind: 'text', text: withCell(parts, c, v) },
  });
  const numberCols = cols.filter((c) =>
    /quantity|value|price|year|deadweight|attribution|displacement|drop|duration/.test(c),
  );
  const dateCols = cols.filter((c) => /date|from/.test(c));
  const textCols = cols.filter((c) => /ref|code|name|citation|licence|unit/.test(c));
  return [
    ...numberCols.flatMap((c) => CSV_NUMBERS.map((v) => cell(`${c} = ${v}`, 'csv-number', c, v))),
    ...dateCols.flatMap((c) => CSV_DATES.map((v) => cell(`${c} = ${v}`, 'csv-date', c, v))),
    ...textCols.flatMap((c) =>
      CSV_TEXTS.map(([v, cls]) =>
        cell(
          `${c} = ${JSON.stringify(v.length > 40 ? `${v.slice(0, 10)}…(${v.length})` : v)}`,
          `csv-text-${cls}`,
          c,
          v,
        ),
      ),
    ),
  ];
}
