import { Decimal } from 'decimal.js';

import { OutcomesDecimal } from '../../money/decimal';
import type { ReportVersionStatus } from '../inputs';
import { items, text, type StoredReportFigures } from './table';

/** What the board pack shows of the stored version beside its figures. */
export interface BoardPackVersion {
  readonly version: number;
  /** The version's status as stored with it (authoritative; older figures do not carry it). */
  readonly status: ReportVersionStatus;
  /** SHA-256 of the version's inputs. */
  readonly fingerprint: string;
  /** When the version was issued (ISO 8601). */
  readonly issuedAt: string;
}

/** A decimal written with more places than any declared scale (a quotient at full precision). */
const LONG_DECIMAL = /(?<![\w.])-?\d+\.\d{7,}(?!\w|\.\d)/g;
/** Places a long decimal in generated text is rounded to: the largest declared scale. */
export const TEXT_PLACES = 6;

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** What every section reads: the figures, the version, and outcomes by id. */
export interface Context {
  readonly f: StoredReportFigures;
  readonly version: BoardPackVersion;
  /** An outcome's code by its id: ids are never shown. */
  code(outcomeId: unknown): string | null;
  title(outcomeId: unknown): string | null;
  unit(outcomeId: unknown): string | null;
  aggregation(outcomeId: unknown): unknown;
  /**
   * Generated text (working, reasons) with each outcome id replaced by the outcome's code and
   * each long decimal (a mean, a quotient) rounded to {@link TEXT_PLACES} places.
   */
  words(value: unknown): string | null;
}

/** What an id in text becomes when it names no outcome of the report (ids are never shown). */
export const WITHHELD_ID = '(id withheld)';

/** Any identifier left in a text, replaced: the board pack never shows one. */
export function withoutIds(value: string): string {
  return value.replace(UUID, WITHHELD_ID);
}

const rounded = (n: string): string =>
  new OutcomesDecimal(n).toDecimalPlaces(TEXT_PLACES, Decimal.ROUND_HALF_UP).toFixed();

export function contextOf(f: StoredReportFigures, version: BoardPackVersion): Context {
  const byId = new Map(
    items(f.outcomes)
      .filter((o) => typeof o.outcomeId === 'string' && o.outcomeId !== '')
      .map((o) => [o.outcomeId as string, o]),
  );
  const ids = [...byId.keys()].sort((a, b) => b.length - a.length).map(escape);
  const mention = ids.length ? new RegExp(`(?<![\\w-])(${ids.join('|')})(?![\\w-])`, 'g') : null;
  const field =
    (key: 'code' | 'title' | 'unit') =>
    (id: unknown): string | null =>
      typeof id === 'string' ? text(byId.get(id)?.[key]) : null;
  return {
    f,
    version,
    code: field('code'),
    title: field('title'),
    unit: field('unit'),
    aggregation: (id) => (typeof id === 'string' ? byId.get(id)?.aggregation : undefined),
    words(value) {
      const t = text(value)?.replace(LONG_DECIMAL, rounded) ?? null;
      if (t === null || mention === null) return t;
      return t.replace(mention, (id) => text(byId.get(id)?.code) ?? WITHHELD_ID);
    },
  };
}
