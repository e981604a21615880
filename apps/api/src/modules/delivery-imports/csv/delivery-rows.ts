import { activityDateRefusal } from '@ol/outcomes';
import { COPY_NULL, copyText, type ImportRowError } from '@ol/persistence';

/**
 * The documented CSV layout of a delivery import and the check of each row. Pure: no I/O.
 *
 * Row numbers: `row` is the 1-based number of the data record (the first record after the header
 * is row 1; blank lines are skipped and not counted). In a spreadsheet that is row `row + 1`.
 * Header and whole-file problems have `row: null`.
 */
export const REQUIRED_COLUMNS = [
  'outcome_code',
  'activity_date',
  'quantity',
  'external_ref',
] as const;
export const OPTIONAL_COLUMNS = ['evidence_ref', 'evidence_grade'] as const;
export const EVIDENCE_GRADES = ['self_reported', 'documented', 'independently_verified'] as const;
export const EXTERNAL_REF_MAX = 200;
export const EVIDENCE_REF_MAX = 500;

type Column = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];

/** Where each documented column sits in a record (-1 when an optional one is absent). */
export interface HeaderLayout {
  index: Record<Column, number>;
  width: number;
}

/** Reads the header record: every required column present, nothing unknown or repeated. */
export function readHeader(record: string[]): { layout?: HeaderLayout; errors: ImportRowError[] } {
  const known = new Set<string>([...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS]);
  const errors: ImportRowError[] = [];
  const index = Object.fromEntries([...known].map((c) => [c, -1])) as Record<Column, number>;
  record.forEach((raw, i) => {
    const name = raw.trim().toLowerCase();
    if (name.includes('\uFFFD')) {
      errors.push({ row: null, field: 'header', value: raw, reason: 'is not valid UTF-8' });
    } else if (!known.has(name)) {
      errors.push({
        row: null,
        field: 'header',
        value: raw,
        reason: `unknown column; the columns are ${[...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS].join(', ')}`,
      });
    } else if (index[name as Column] !== -1) {
      errors.push({ row: null, field: 'header', value: raw, reason: 'column appears twice' });
    } else {
      index[name as Column] = i;
    }
  });
  for (const c of REQUIRED_COLUMNS) {
    if (index[c] === -1) {
      errors.push({ row: null, field: 'header', value: c, reason: 'required column is missing' });
    }
  }
  return errors.length > 0 ? { errors } : { layout: { index, width: record.length }, errors };
}

/** Collects row errors: counts every one, keeps the first `cap`. */
export class ErrorSink {
  count = 0;
  readonly kept: ImportRowError[] = [];

  constructor(readonly cap: number) {}

  add(error: ImportRowError): void {
    this.count++;
    if (this.kept.length < this.cap) this.kept.push(error);
  }
}

/**
 * A row error as it can be stored: any NUL in what it quotes (a header name, the value sent, a
 * parser's message) shown as `\u0000`, because PostgreSQL's jsonb and text cannot hold it.
 */
export function storableRowError(error: ImportRowError): ImportRowError {
  return {
    ...error,
    field: visibleNul(error.field),
    reason: visibleNul(error.reason),
    ...(error.value === undefined ? {} : { value: visibleNul(error.value) }),
  };
}

export const visibleNul = (text: string): string => text.replaceAll('\u0000', '\\u0000');

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** numeric(18, 4): up to 14 digits before the point, up to 4 after, no sign (≥ 0). */
const QUANTITY = /^\d{1,14}(\.\d{1,4})?$/;
const GRADES = new Set<string>(EVIDENCE_GRADES);

function isRealDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const year = +m[1];
  const month = +m[2];
  const day = +m[3];
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  return day <= days;
}

/**
 * Checks one data record and formats it as a COPY text row for the staging table
 * (line, outcome_id, activity_date, quantity, external_ref, evidence_ref, evidence_grade), or
 * reports why it is refused. Quantities stay strings end to end (PostgreSQL parses the numeric).
 */
export class DeliveryRowChecker {
  private readonly i: Record<Column, number>;
  /** Dates seen so far and why each is refused (null: accepted); files repeat dates. */
  private readonly dates = new Map<string, string | null>();
  /** Set once the byte stream held invalid UTF-8: from then on fields are checked for U+FFFD. */
  checkEncoding = false;

  constructor(
    private readonly layout: HeaderLayout,
    private readonly outcomeIds: Map<string, string>,
    /**
     * The partnership's start and end dates, "YYYY-MM-DD" (inclusive), and the latest activity
     * date accepted (today: delivery cannot be dated in the future).
     */
    private readonly period: { start: string; end: string; latest?: string },
    private readonly errors: ErrorSink,
  ) {
    this.i = layout.index;
  }

  /** Why an activity date is refused: not a date, or libs/outcomes' rule; null when accepted. */
  private dateCheck(date: string): string | null {
    if (!isRealDate(date)) return 'must be a calendar date YYYY-MM-DD';
    return activityDateRefusal(date, this.period, this.period.latest);
  }

  check(row: number, record: string[]): string | null {
    if (record.length !== this.layout.width) {
      this.errors.add({
        row,
        field: 'row',
        reason: `has ${record.length} fields; the header has ${this.layout.width}`,
      });
      return null;
    }
    const before = this.errors.count;
    if (this.checkEncoding) {
      for (let c = 0; c < record.length; c++) {
        if (record[c].includes('\uFFFD')) {
          this.errors.add({
            row,
            field: this.columnAt(c),
            value: record[c],
            reason: 'is not valid UTF-8 (the file must be UTF-8 encoded)',
          });
        }
      }
      if (this.errors.count > before) return null;
    }

    const code = record[this.i.outcome_code];
    const outcomeId = this.outcomeIds.get(code);
    if (outcomeId === undefined) {
      this.errors.add({
        row,
        field: 'outcome_code',
        value: code,
        reason:
          code === ''
            ? 'is required'
            : 'is not an outcome of this partnership (or the outcome is archived)',
      });
    }

    const date = record[this.i.activity_date];
    let refusal = this.dates.get(date);
    if (refusal === undefined && this.dates.size < 100_000) {
      refusal = this.dateCheck(date);
      this.dates.set(date, refusal);
    }
    if (refusal === undefined) refusal = this.dateCheck(date);
    if (refusal !== null)
      this.errors.add({ row, field: 'activity_date', value: date, reason: refusal });

    const quantity = record[this.i.quantity];
    if (!QUANTITY.test(quantity)) {
      this.errors.add({
        row,
        field: 'quantity',
        value: quantity,
        reason: 'must be a decimal number ≥ 0 with at most 4 decimal places, e.g. 12 or 3.5',
      });
    }

    const externalRef = record[this.i.external_ref];
    if (externalRef.length === 0 || externalRef.length > EXTERNAL_REF_MAX) {
      this.errors.add({
        row,
        field: 'external_ref',
        value: externalRef.slice(0, 250),
        reason: `is required, 1 to ${EXTERNAL_REF_MAX} characters`,
      });
    } else if (externalRef.includes('\0')) {
      this.errors.add({ row, field: 'external_ref', reason: 'contains a NUL character' });
    }

    let evidenceRef: string | null = null;
    if (this.i.evidence_ref >= 0) {
      const v = record[this.i.evidence_ref];
      if (v.length > EVIDENCE_REF_MAX) {
        this.errors.add({
          row,
          field: 'evidence_ref',
          value: v.slice(0, 250),
          reason: `must be at most ${EVIDENCE_REF_MAX} characters`,
        });
      } else if (v.includes('\0')) {
        this.errors.add({ row, field: 'evidence_ref', reason: 'contains a NUL character' });
      } else if (v.length > 0) {
        evidenceRef = v;
      }
    }

    let grade = 'self_reported';
    if (this.i.evidence_grade >= 0) {
      const v = record[this.i.evidence_grade];
      if (v.length > 0) {
        if (GRADES.has(v)) grade = v;
        else {
          this.errors.add({
            row,
            field: 'evidence_grade',
            value: v,
            reason: `must be one of ${EVIDENCE_GRADES.join(', ')} (or empty for self_reported)`,
          });
        }
      }
    }

    if (this.errors.count > before) return null;
    return `${row}\t${outcomeId}\t${date}\t${quantity}\t${copyText(externalRef)}\t${
      evidenceRef === null ? COPY_NULL : copyText(evidenceRef)
    }\t${grade}`;
  }

  externalRefOf(record: string[]): string {
    return record[this.i.external_ref];
  }

  private columnAt(c: number): string {
    for (const [name, at] of Object.entries(this.i)) if (at === c) return name;
    return `column ${c + 1}`;
  }
}

/**
 * Remembers the external references of a file in 64 bits each (two 32-bit hashes in an
 * open-addressing table: about 16 MB for a million rows, instead of the strings themselves).
 * `add` returns false when the reference was probably seen before; callers confirm those few
 * against the staged rows, so a hash collision never rejects a good file.
 */
export class ExternalRefSet {
  private a: Uint32Array;
  private b: Uint32Array;
  private size = 0;
  private mask: number;

  constructor(initialCapacity = 1 << 16) {
    this.a = new Uint32Array(initialCapacity);
    this.b = new Uint32Array(initialCapacity);
    this.mask = initialCapacity - 1;
  }

  add(value: string): boolean {
    let h1 = 0x811c9dc5;
    let h2 = 0x9747b28c ^ value.length;
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 ^= h2 >>> 13;
    }
    h1 = (h1 ^ (h1 >>> 16)) >>> 0 || 1;
    h2 = (Math.imul(h2 ^ (h2 >>> 15), 0x85ebca6b) ^ (h2 >>> 13)) >>> 0;
    if (!this.insert(h1, h2)) return false;
    if (++this.size > this.a.length * 0.7) this.grow();
    return true;
  }

  private insert(h1: number, h2: number): boolean {
    let slot = (h1 ^ Math.imul(h2, 0x9e3779b1)) & this.mask;
    for (;;) {
      const x = this.a[slot];
      if (x === 0) {
        this.a[slot] = h1;
        this.b[slot] = h2;
        return true;
      }
      if (x === h1 && this.b[slot] === h2) return false;
      slot = (slot + 1) & this.mask;
    }
  }

  private grow(): void {
    const [oldA, oldB] = [this.a, this.b];
    this.a = new Uint32Array(oldA.length * 2);
    this.b = new Uint32Array(oldB.length * 2);
    this.mask = this.a.length - 1;
    for (let s = 0; s < oldA.length; s++) if (oldA[s] !== 0) this.insert(oldA[s], oldB[s]);
  }
}
