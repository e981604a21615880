import type { ExplanationStep } from '../../explanation/steps';
import { contextOf, withoutIds, type BoardPackVersion, type Context } from './context';
import {
  missingDataSection,
  outcomesSection,
  reportSection,
  trendSection,
  verificationSection,
  warningsSection,
} from './outcome-sections';
import {
  integer,
  items,
  text,
  type BoardPackCell,
  type BoardPackSection,
  type Stored,
  type StoredReportFigures,
} from './table';
import {
  breakdownsSection,
  isMonetised,
  notMonetisedSection,
  notUpratedSection,
  sensitivityGridSection,
  sensitivitySection,
  totalsSection,
  valuationLinesSection,
  valuationYearsSection,
} from './value-sections';

/** The working: every explanation step of the totals, of each line and of each progress. */
function workingSection(ctx: Context): BoardPackSection {
  const steps = (
    subject: string,
    code: string | null,
    line: BoardPackCell,
    explanation: readonly Stored<ExplanationStep>[] | null | undefined,
  ) => items(explanation).map((s) => [subject, code, line, text(s.code), ctx.words(s.text)]);
  return {
    id: 'working',
    title: 'Working',
    note: 'Each figure’s working in words, step by step: the totals, each valuation line (by its number), each outcome’s progress, the sensitivity grid',
    columns: ['subject', 'code', 'line', 'step', 'text'],
    rows: [
      ...steps('totals', null, null, ctx.f.explanation),
      ...items(ctx.f.valuationLines).flatMap((l, i) =>
        !isMonetised(l)
          ? []
          : steps('valuation line', ctx.code(l.outcomeId), integer(i + 1), l.explanation),
      ),
      ...items(ctx.f.outcomes).flatMap((o) => steps('progress', text(o.code), null, o.explanation)),
      ...steps('sensitivity grid', null, null, ctx.f.sensitivity?.grid?.explanation),
    ],
  };
}

const SECTIONS: readonly ((ctx: Context) => BoardPackSection)[] = [
  reportSection,
  warningsSection,
  outcomesSection,
  verificationSection,
  valuationLinesSection,
  valuationYearsSection,
  totalsSection,
  breakdownsSection,
  notMonetisedSection,
  notUpratedSection,
  missingDataSection,
  sensitivitySection,
  sensitivityGridSection,
  trendSection,
  workingSection,
];

const clean = (cell: BoardPackCell): BoardPackCell =>
  typeof cell === 'string' ? withoutIds(cell) : cell;

/**
 * The board pack of a stored report version: its figures as tables (report, warnings, outcomes,
 * verification, valuation lines and their years, totals, breakdowns, not monetised, not uprated,
 * missing data, sensitivity and its grid, trend, working), each number a decimal at its declared scale and each
 * outcome named by its code, never its id (nor any other id). Renders what the figures hold,
 * computing nothing; a version composed before a field existed leaves it empty.
 */
export function boardPack(
  figures: StoredReportFigures,
  version: BoardPackVersion,
): readonly BoardPackSection[] {
  const ctx = contextOf(figures, version);
  return SECTIONS.map((section) => {
    const s = section(ctx);
    return { ...s, rows: s.rows.map((row) => row.map(clean)) };
  });
}
