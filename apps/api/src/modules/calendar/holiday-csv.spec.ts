import { ProblemException } from '../../common/problems/problem';
import { holidaysFromCsv } from './holiday-csv';

/** The fields of the 400 a CSV gets. */
function problemFields(text: string): string[] {
  try {
    holidaysFromCsv(text);
  } catch (e) {
    expect(e).toBeInstanceOf(ProblemException);
    const problem = (e as ProblemException).problem;
    expect(problem.status).toBe(400);
    return (problem.errors ?? []).map((p) => p.field);
  }
  throw new Error('expected a problem');
}

describe(holidaysFromCsv.name, () => {
  it('reads the rows in any column order, quoted cells and a BOM too', () => {
    expect(
      holidaysFromCsv(
        '\uFEFFname,date\n"Boxing Day, substitute",2026-12-28\nNew Year,2027-01-01\n',
      ),
    ).toEqual([
      { date: '2026-12-28', name: 'Boxing Day, substitute' },
      { date: '2027-01-01', name: 'New Year' },
    ]);
  });

  it.each([
    ['', ['body']],
    ['date,name', ['body']],
    ['date\n2026-12-25', ['header.name']],
    ['date,name,kind\n2026-12-25,Christmas,bank', ['header.kind']],
    ['date,name\n2026-12-25', ['line 2', 'line 2, name']],
    ['date,name\n25/12/2026,Christmas', ['line 2, date']],
    ['date,name\n2026-12-25,Christmas\n2026-02-29,Nope', ['line 3, date']],
    ['date,name\n"unclosed,Christmas', ['body']],
  ])('refuses %j naming %j', (text, fields) => {
    expect([...new Set(problemFields(text))]).toEqual(fields);
  });

  it('refuses more than 500 rows', () => {
    const rows = Array.from({ length: 501 }, (_, i) => `2100-01-01,Day ${i}`);
    expect(problemFields(`date,name\n${rows.join('\n')}`)).toEqual(['body']);
  });
});
