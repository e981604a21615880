import fc from 'fast-check';

import { composeReport } from './compose';
import { richReportInputs } from './scenarios/fixtures';
import type { ReportChanges } from './diff';
import type { ReportInputs } from './inputs';
import { OPEN_BOOK_FIELDS, withholdOpenBook, withholdOpenBookChanges } from './withhold';

/** The rich report with the partnership's own investment case and a grid on investment. */
function inputs(cost: string): ReportInputs {
  const base = richReportInputs();
  return {
    ...base,
    book: { cost, returns: 3 },
    sensitivity: {
      cases: [{ parameter: 'investment', change: '0.1' }, ...base.sensitivity.cases],
      grid: {
        rows: { parameter: 'investment', changes: ['-0.2', '0.2'] },
        columns: { parameter: 'deadweight', changes: ['0.1'] },
      },
    },
  };
}

describe('withholdOpenBook', () => {
  it('leaves nothing a reader could work the investment back from: two investments read the same', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9_999_999_999 }),
        fc.integer({ min: 0, max: 9_999_999_999 }),
        (a, b) => {
          const money = (n: number) => `${Math.floor(n / 100)}.${String(n % 100).padStart(2, '0')}`;
          const one = composeReport(inputs(money(a)));
          const other = composeReport(inputs(money(b)));
          expect(withholdOpenBook(one)).toEqual(withholdOpenBook(other));
        },
      ),
      { numRuns: 25 },
    );
  });

  it('keeps every figure of value, and says what it withholds and why', () => {
    const full = composeReport(inputs('50000.00'));
    const seen = withholdOpenBook(full);
    expect(full.totals.investment).toBe('50000.00');
    expect(JSON.stringify(seen)).not.toContain('50000');
    expect(seen.totals).toMatchObject({
      presentValue: full.totals.presentValue,
      presentValueFromClaims: full.totals.presentValueFromClaims,
      undiscountedValue: full.totals.undiscountedValue,
      investment: null,
      netPresentValue: null,
      sroiRatio: null,
      netSroiRatio: null,
      paybackMonths: null,
      paybackAlternative: { method: full.totals.paybackAlternative.method, months: null },
    });
    expect(seen.valuationLines).toEqual(full.valuationLines);
    expect(seen.outcomes).toEqual(full.outcomes);
    expect(seen.byTheme.map((t) => [t.presentValue, t.share, t.ratio])).toEqual(
      full.byTheme.map((t) => [t.presentValue, t.share, null]),
    );
    expect(seen.sensitivity!.results.map((r) => r.presentValue)).toEqual(
      full.sensitivity!.results.map((r) => r.presentValue),
    );
    expect(seen.sensitivity!.results.every((r) => !r.breakEven.reachable)).toBe(true);
    expect(seen.sensitivity!.grid).toBeNull();
    expect(new Set(seen.explanation.map((s) => s.code))).toEqual(
      new Set(['total-present-value', 'not-monetised-total']),
    );
    expect(seen.withheld!.fields).toEqual(OPEN_BOOK_FIELDS);
    expect(seen.withheld!.reason).toMatch(/open book/);
    expect(full.withheld).toBeUndefined();
  });

  it('reads any stored version, whatever it lacks', () => {
    expect(withholdOpenBook(null)).toBeNull();
    expect(
      withholdOpenBook({ totals: { presentValue: '1.00', investment: '9.00' } }),
    ).toMatchObject({
      totals: { presentValue: '1.00', investment: null },
      withheld: { fields: OPEN_BOOK_FIELDS },
    });
  });

  it('leaves out of what changed the differences in the figures it withholds', () => {
    const changes: ReportChanges = {
      previousVersion: 1,
      previousReportId: 'r1',
      differences: [
        { field: 'totals.presentValue', from: '1.00', to: '2.00' },
        { field: 'totals.investment', from: '10.00', to: '12.00' },
        { field: 'totals.netPresentValue', from: '-9.00', to: '-10.00' },
        { field: 'totals.sroiRatio', from: '0.10', to: '0.17' },
        { field: 'totals.paybackMonths', from: '3.0', to: '4.0' },
        { field: 'outcomes[JOBS].actual', from: '1', to: '2' },
      ],
    };
    expect(withholdOpenBookChanges(changes).differences.map((d) => d.field)).toEqual([
      'totals.presentValue',
      'outcomes[JOBS].actual',
    ]);
    expect(withholdOpenBookChanges(null)).toBeNull();
  });
});
