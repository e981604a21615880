import { composeReport } from './compose';
import { comparedFiguresOf, diffReports } from './diff';
import { richReportInputs } from './scenarios/fixtures';

describe(diffReports.name, () => {
  const v1 = {
    totals: {
      presentValue: '100.00',
      investment: '50.00',
      netPresentValue: '50.00',
      sroiRatio: '2.00',
      paybackMonths: '6.0',
    },
    outcomes: [
      {
        outcomeId: 'a',
        code: 'JOBS',
        actual: '10',
        target: '10',
        rag: 'green',
        presentValue: '100.00',
      },
      { outcomeId: 'b', code: 'WELL', actual: '7', target: '7', rag: 'green', presentValue: null },
    ],
  };

  it('says nothing changed for the same figures', () => {
    expect(diffReports(v1, structuredClone(v1))).toEqual([]);
  });

  it('lists each changed total and outcome figure with before and after', () => {
    const v2 = structuredClone(v1);
    v2.totals.presentValue = '130.00';
    v2.outcomes[0].actual = '13';
    v2.outcomes[0].presentValue = '130.00';
    expect(diffReports(v1, v2)).toEqual([
      { field: 'totals.presentValue', from: '100.00', to: '130.00' },
      { field: 'outcomes[JOBS].actual', from: '10', to: '13' },
      { field: 'outcomes[JOBS].presentValue', from: '100.00', to: '130.00' },
    ]);
  });

  it('reports an outcome that is new in the later version', () => {
    const v2 = structuredClone(v1);
    v2.outcomes.push({
      outcomeId: 'c',
      code: 'NEW',
      actual: '1',
      target: '2',
      rag: 'red',
      presentValue: null,
    });
    expect(diffReports(v1, v2)).toEqual(
      expect.arrayContaining([{ field: 'outcomes[NEW].actual', from: null, to: '1' }]),
    );
  });
});

describe(comparedFiguresOf.name, () => {
  it('keeps what a later version compares, and compares as the full figures do', () => {
    const full = composeReport(richReportInputs());
    const compared = comparedFiguresOf(full);
    expect(compared.totals).toEqual(full.totals);
    expect(compared.outcomes).toEqual(
      full.outcomes.map((o) => ({
        outcomeId: o.outcomeId,
        code: o.code,
        actual: o.actual,
        target: o.target,
        rag: o.rag,
        presentValue: o.presentValue,
      })),
    );
    const later = composeReport({ ...richReportInputs(), book: { cost: '1.00', returns: 1 } });
    expect(diffReports(compared, later)).toEqual(diffReports(full, later));
    expect(JSON.stringify(compared).length).toBeLessThan(JSON.stringify(full).length / 5);
  });
});
