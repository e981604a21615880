import fc from 'fast-check';

import { ValidationError } from '../errors';
import { formatIsoDate, fromDayNumber, toDayNumber } from './calendar-date';
import {
  endOfFinancialYear,
  endOfQuarter,
  financialYear,
  financialYearOf,
  formatFinancialYearLabel,
  getQuarter,
  isWithin,
  nextQuarter,
  parseFinancialYearLabel,
  parseQuarterLabel,
  previousQuarter,
  quarterOf,
  quartersBetween,
  startOfFinancialYear,
  startOfQuarter,
  yearToDate,
} from './financial-periods';

describe(quarterOf.name, () => {
  it.each([
    ['2025-04-01', '2025-26 Q1', '2025-04-01', '2025-06-30'],
    ['2025-06-30', '2025-26 Q1', '2025-04-01', '2025-06-30'],
    ['2025-07-01', '2025-26 Q2', '2025-07-01', '2025-09-30'],
    ['2025-12-31', '2025-26 Q3', '2025-10-01', '2025-12-31'],
    ['2026-01-01', '2025-26 Q4', '2026-01-01', '2026-03-31'],
    ['2026-03-31', '2025-26 Q4', '2026-01-01', '2026-03-31'],
    ['2024-02-29', '2023-24 Q4', '2024-01-01', '2024-03-31'],
    ['2099-05-01', '2099-00 Q1', '2099-04-01', '2099-06-30'],
  ])('with an April start puts %s in %s (%s to %s)', (date, label, start, end) => {
    const quarter = quarterOf(date);
    expect(quarter.label).toBe(label);
    expect(quarter.start).toBe(start);
    expect(quarter.end).toBe(end);
  });

  it.each([
    ['2025-01-01', '2025 Q1', '2025-03-31'],
    ['2025-03-31', '2025 Q1', '2025-03-31'],
    ['2024-02-29', '2024 Q1', '2024-03-31'],
    ['2025-09-30', '2025 Q3', '2025-09-30'],
    ['2025-12-31', '2025 Q4', '2025-12-31'],
  ])('with a January start puts %s in %s ending %s', (date, label, end) => {
    expect(quarterOf(date, 1).label).toBe(label);
    expect(quarterOf(date, 1).end).toBe(end);
  });

  it.each([
    ['2025-07-01', '2025-26 Q1'],
    ['2026-01-31', '2025-26 Q3'],
    ['2026-02-01', '2025-26 Q3'],
    ['2026-06-30', '2025-26 Q4'],
  ])('with a July start puts %s in %s', (date, label) => {
    expect(quarterOf(date, 7).label).toBe(label);
  });

  it('with a December start wraps quarter ends over the calendar year', () => {
    const q1 = quarterOf('2025-12-15', 12);
    expect(q1.label).toBe('2025-26 Q1');
    expect([q1.start, q1.end]).toEqual(['2025-12-01', '2026-02-28']);
    expect(quarterOf('2028-02-29', 12).end).toBe('2028-02-29');
  });

  it.each([0, 13, 4.5])('rejects the start month %p', (month) => {
    expect(() => quarterOf('2025-01-01', month)).toThrow(/fyStartMonth/);
  });

  it('rejects an invalid date', () => {
    expect(() => quarterOf('2025-02-29')).toThrow(ValidationError);
  });

  it('does not depend on the time zone of the machine', () => {
    const zone = process.env.TZ;
    try {
      process.env.TZ = 'Pacific/Kiritimati';
      expect(quarterOf('2026-03-31').label).toBe('2025-26 Q4');
      process.env.TZ = 'America/Los_Angeles';
      expect(quarterOf('2026-04-01').label).toBe('2026-27 Q1');
    } finally {
      process.env.TZ = zone;
    }
  });

  it('puts every date in exactly one quarter, the one quarterOf returns', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: toDayNumber({ year: 1900, month: 1, day: 1 }), max: 2932000 }),
        fc.integer({ min: 1, max: 12 }),
        (dayNumber, startMonth) => {
          const date = formatIsoDate(fromDayNumber(dayNumber));
          const around = quartersBetween(
            formatIsoDate(fromDayNumber(dayNumber - 400)),
            formatIsoDate(fromDayNumber(dayNumber + 400)),
            startMonth,
          );
          const containing = around.filter((quarter) => isWithin(date, quarter));
          expect(containing).toHaveLength(1);
          expect(containing[0]).toEqual(quarterOf(date, startMonth));
        },
      ),
    );
  });

  it('tiles time: each quarter starts the day after the previous one ends', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9000 }),
        fc.integer({ min: 1, max: 12 }),
        (year, startMonth) => {
          const quarter = getQuarter(year, 4, startMonth);
          const next = nextQuarter(quarter);
          expect(toDayNumber(fromIso(next.start)) - toDayNumber(fromIso(quarter.end))).toBe(1);
          expect(previousQuarter(next)).toEqual(quarter);
        },
      ),
    );
  });
});

function fromIso(date: string) {
  const [year, month, day] = date.split('-').map(Number);
  return { year, month, day };
}

describe(financialYear.name, () => {
  it.each([
    [2025, 4, '2025-04-01', '2026-03-31', '2025-26'],
    [2023, 3, '2023-03-01', '2024-02-29', '2023-24'],
    [2025, 1, '2025-01-01', '2025-12-31', '2025'],
    [1999, 4, '1999-04-01', '2000-03-31', '1999-00'],
  ])('%i with start month %i runs %s to %s, labelled %s', (year, month, start, end, label) => {
    expect(financialYear(year, month)).toEqual({
      startYear: year,
      startMonth: month,
      start,
      end,
      label,
    });
  });

  it('finds the year of a date, its start and end', () => {
    expect(financialYearOf('2026-03-31').label).toBe('2025-26');
    expect(financialYearOf('2026-04-01').label).toBe('2026-27');
    expect(startOfFinancialYear('2025-11-05')).toBe('2025-04-01');
    expect(endOfFinancialYear('2025-11-05')).toBe('2026-03-31');
    expect(endOfFinancialYear('2025-11-05', 1)).toBe('2025-12-31');
  });

  it('rejects unsupported years', () => {
    expect(() => financialYear(0)).toThrow(/startYear/);
    expect(() => formatFinancialYearLabel(2025.5)).toThrow(ValidationError);
  });
});

describe(getQuarter.name, () => {
  it.each([0, 5, 2.5])('rejects quarter %p', (quarter) => {
    expect(() => getQuarter(2025, quarter)).toThrow(/must be 1, 2, 3 or 4/);
  });

  it('gives the start and end of a quarter of a date', () => {
    expect(startOfQuarter('2025-11-05')).toBe('2025-10-01');
    expect(endOfQuarter('2025-11-05')).toBe('2025-12-31');
  });
});

describe('next and previous quarters', () => {
  it('cross the financial year end', () => {
    const q4 = parseQuarterLabel('2025-26 Q4');
    expect(nextQuarter(q4).label).toBe('2026-27 Q1');
    expect(previousQuarter(nextQuarter(q4)).label).toBe('2025-26 Q4');
    expect(previousQuarter(parseQuarterLabel('2025-26 Q3')).label).toBe('2025-26 Q2');
    expect(nextQuarter(parseQuarterLabel('2025-26 Q1')).label).toBe('2025-26 Q2');
  });
});

describe(parseQuarterLabel.name, () => {
  it.each([
    ['2025-26 Q3', 4, '2025-10-01', '2025-12-31'],
    ['2025 Q3', 1, '2025-07-01', '2025-09-30'],
    ['2099-00 Q4', 4, '2100-01-01', '2100-03-31'],
    ['2025-26 Q1', 7, '2025-07-01', '2025-09-30'],
  ])('parses %s (start month %i)', (label, startMonth, start, end) => {
    const quarter = parseQuarterLabel(label, startMonth);
    expect([quarter.start, quarter.end, quarter.label]).toEqual([start, end, label]);
  });

  it.each([
    ['2025-27 Q3', 4, /expected "2025-26"/],
    ['2025 Q3', 4, /expected "2025-26"/],
    ['2025-26 Q3', 1, /expected "2025"/],
    ['2025-26 Q5', 4, /must look like "2025-26 Q3"/],
    ['2025 q3', 1, /must look like "2025 Q3"/],
    ['0000-01 Q1', 4, /startYear|label/],
  ])('rejects %p (start month %i)', (label, startMonth, reason) => {
    expect(() => parseQuarterLabel(label, startMonth)).toThrow(reason);
  });

  it('rejects a non-string and a bad start month', () => {
    expect(() => parseQuarterLabel(2025 as unknown as string)).toThrow(ValidationError);
    expect(() => parseQuarterLabel('2025-26 Q1', 13)).toThrow(/fyStartMonth/);
  });

  it('round-trips every quarter label', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9998 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 12 }),
        (year, quarter, startMonth) => {
          const made = getQuarter(year, quarter, startMonth);
          expect(parseQuarterLabel(made.label, startMonth)).toEqual(made);
        },
      ),
    );
  });
});

describe(parseFinancialYearLabel.name, () => {
  it('parses year labels', () => {
    expect(parseFinancialYearLabel('2025-26').start).toBe('2025-04-01');
    expect(parseFinancialYearLabel('2025', 1).end).toBe('2025-12-31');
  });

  it('rejects mismatched labels', () => {
    expect(() => parseFinancialYearLabel('2025')).toThrow(/expected "2025-26"/);
    expect(() => parseFinancialYearLabel('25-26')).toThrow(/must look like "2025-26"/);
    expect(() => parseFinancialYearLabel('2025-26', 0)).toThrow(/fyStartMonth/);
  });
});

describe(quartersBetween.name, () => {
  it('lists every quarter overlapping the range, across year ends', () => {
    expect(quartersBetween('2025-02-15', '2025-11-01').map((quarter) => quarter.label)).toEqual([
      '2024-25 Q4',
      '2025-26 Q1',
      '2025-26 Q2',
      '2025-26 Q3',
    ]);
  });

  it('gives one quarter for a single day and for a whole quarter', () => {
    expect(quartersBetween('2025-06-30', '2025-06-30')).toHaveLength(1);
    expect(quartersBetween('2025-04-01', '2025-06-30')).toHaveLength(1);
    expect(quartersBetween('2025-04-01', '2025-07-01')).toHaveLength(2);
  });

  it('rejects a reversed range', () => {
    expect(() => quartersBetween('2025-06-30', '2025-06-29')).toThrow(/must not be before from/);
  });
});

describe(yearToDate.name, () => {
  it('runs from the start of the financial year to the as-of date', () => {
    const window = yearToDate('2025-11-15');
    expect([window.start, window.end, window.financialYear.label]).toEqual([
      '2025-04-01',
      '2025-11-15',
      '2025-26',
    ]);
    expect(window.quarters.map((quarter) => quarter.quarter)).toEqual([1, 2, 3]);
    expect(window.completeQuarters.map((quarter) => quarter.quarter)).toEqual([1, 2]);
  });

  it('on the last day of a quarter counts that quarter complete', () => {
    expect(yearToDate('2025-09-30').completeQuarters).toHaveLength(2);
    expect(yearToDate('2026-03-31').completeQuarters).toHaveLength(4);
  });

  it('on the first day of the year holds one partial quarter', () => {
    const window = yearToDate('2025-04-01');
    expect(window.quarters).toHaveLength(1);
    expect(window.completeQuarters).toHaveLength(0);
  });
});

describe(isWithin.name, () => {
  it('includes both ends', () => {
    const window = { start: '2025-04-01', end: '2025-06-30' };
    expect(isWithin('2025-04-01', window)).toBe(true);
    expect(isWithin('2025-06-30', window)).toBe(true);
    expect(isWithin('2025-07-01', window)).toBe(false);
    expect(isWithin('2025-03-31', window)).toBe(false);
  });
});
