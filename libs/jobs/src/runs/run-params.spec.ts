import { paramsOf, reportRun, shareEvaluationRun } from './run-params';

describe('run parameters', () => {
  it('derive the dedupe key from the parameters, one shape per kind', () => {
    expect(reportRun({ scope: 'year_to_date', quarter: '2025-26 Q3' })).toEqual({
      kind: 'report',
      dedupeKey: 'year_to_date:2025-26 Q3',
      params: { scope: 'year_to_date', quarter: '2025-26 Q3' },
    });
    expect(shareEvaluationRun({ ruleId: 'r', providerOrgId: 'p', fyStart: '2025-04-01' })).toEqual({
      kind: 'share_evaluation',
      dedupeKey: 'r:p:2025-04-01',
      params: { ruleId: 'r', providerOrgId: 'p', fyStart: '2025-04-01' },
    });
  });

  it('read a stored run as its kind, refusing another kind or a missing field', () => {
    const run = {
      id: 'x',
      kind: 'report' as const,
      params: { scope: 'quarter', quarter: '2025-26 Q1' },
    };
    expect(paramsOf(run, 'report')).toEqual({ scope: 'quarter', quarter: '2025-26 Q1' });
    expect(() => paramsOf(run, 'share_evaluation')).toThrow(
      'run x is a report run, not share_evaluation',
    );
    expect(() => paramsOf({ ...run, params: { scope: 'quarter' } }, 'report')).toThrow(
      'run x: params.quarter is missing',
    );
  });
});
