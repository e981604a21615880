import { ProblemException } from '../../common/problems/problem';
import { parseIndexCsv } from './index-series.service';

/** The problems a refused file lists, as [field, reason] pairs. */
function problemsOf(text: string): [string, string][] {
  try {
    parseIndexCsv(text);
  } catch (e) {
    if (!(e instanceof ProblemException)) throw e;
    return (e.problem.errors ?? []).map((p) => [p.field, p.reason]);
  }
  throw new Error('the file was accepted');
}

describe(parseIndexCsv.name, () => {
  it('reads years and values (BOM, blank lines and spaces allowed)', () => {
    expect(parseIndexCsv('\uFEFFyear,value\n2023, 104.8\n\n2026,112.300000\n')).toEqual([
      { year: 2023, value: '104.8' },
      { year: 2026, value: '112.300000' },
    ]);
  });

  it.each([
    ['', 'header'],
    ['year,value,extra\n2023,1', 'header'],
    ['value,year\n1,2023', 'header'],
    ['year,value\n', 'body'],
    ['year,value\n"2023,1', 'body'],
  ])('refuses %p on %s', (text, field) => {
    expect(problemsOf(text)[0][0]).toBe(field);
  });

  it('lists every bad row by file line: non-positive values, bad years, duplicates, wrong cells', () => {
    const problems = problemsOf(
      [
        'year,value',
        '2023,104.8',
        '2024,0',
        '2025,-3',
        '1899,100',
        '20x6,100',
        '2027,1.1234567',
        '2023,105',
        '2028',
        '2029,1,2',
      ].join('\n'),
    );
    const fields = problems.map(([field]) => field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'line 3, value',
        'line 4, value',
        'line 5, year',
        'line 6, year',
        'line 7, value',
        'line 8, year',
        'line 9',
        'line 10',
      ]),
    );
    expect(fields).not.toContain('line 2, year');
    expect(problems).toContainEqual(['line 3, value', 'must be greater than 0']);
    expect(problems).toContainEqual([
      'line 8, year',
      'appears again (first on line 2): one value per year',
    ]);
  });
});
