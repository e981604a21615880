import fc from 'fast-check';

import { ValidationError } from '../errors';
import {
  addDays,
  compareIsoDates,
  daysBetween,
  daysInMonth,
  formatIsoDate,
  fromDayNumber,
  isLeapYear,
  parseIsoDate,
  toDayNumber,
} from './calendar-date';

describe(isLeapYear.name, () => {
  it.each([
    [2024, true],
    [2025, false],
    [2000, true],
    [1900, false],
    [2100, false],
    [2400, true],
  ])('%i is a leap year: %p', (year, leap) => {
    expect(isLeapYear(year)).toBe(leap);
  });
});

describe(daysInMonth.name, () => {
  it.each([
    [2024, 2, 29],
    [2025, 2, 28],
    [2025, 4, 30],
    [2025, 12, 31],
    [2025, 1, 31],
  ])('%i-%i has %i days', (year, month, days) => {
    expect(daysInMonth(year, month)).toBe(days);
  });
});

describe(parseIsoDate.name, () => {
  it('parses a calendar date', () => {
    expect(parseIsoDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
  });

  it.each([
    ['2025-02-29', /not a real calendar date/],
    ['2025-13-01', /not a real calendar date/],
    ['2025-00-10', /not a real calendar date/],
    ['2025-04-31', /not a real calendar date/],
    ['2025-04-00', /not a real calendar date/],
    ['0000-01-01', /year from 1 to 9998/],
    ['9999-01-01', /year from 1 to 9998/],
    ['2025-4-1', /YYYY-MM-DD/],
    ['2025-04-01T00:00:00Z', /YYYY-MM-DD/],
    ['', /YYYY-MM-DD/],
  ])('rejects %p', (value, reason) => {
    expect(() => parseIsoDate(value, 'recordedOn')).toThrow(reason);
    expect(() => parseIsoDate(value, 'recordedOn')).toThrow(/recordedOn/);
  });

  it('rejects a non-string', () => {
    expect(() => parseIsoDate(20250401 as unknown as string)).toThrow(ValidationError);
  });
});

describe(formatIsoDate.name, () => {
  it('pads year, month and day', () => {
    expect(formatIsoDate({ year: 33, month: 1, day: 5 })).toBe('0033-01-05');
  });
});

describe(compareIsoDates.name, () => {
  it.each([
    ['2025-03-31', '2025-04-01', -1],
    ['2025-04-01', '2025-04-01', 0],
    ['2026-01-01', '2025-12-31', 1],
  ])('compares %s with %s', (a, b, expected) => {
    expect(compareIsoDates(a, b)).toBe(expected);
  });

  it('validates both dates', () => {
    expect(() => compareIsoDates('2025-01-01', '2025-02-30')).toThrow(ValidationError);
  });
});

describe(addDays.name, () => {
  it.each([
    ['2024-02-28', 1, '2024-02-29'],
    ['2024-02-29', 1, '2024-03-01'],
    ['2025-02-28', 1, '2025-03-01'],
    ['2025-12-31', 1, '2026-01-01'],
    ['2026-01-01', -1, '2025-12-31'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2025-04-01', 365, '2026-04-01'],
    ['2000-01-01', 0, '2000-01-01'],
  ])('%s + %i days is %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it('rejects fractional days and results outside the supported years', () => {
    expect(() => addDays('2025-01-01', 0.5)).toThrow(/whole number/);
    expect(() => addDays('0001-01-01', -1)).toThrow(/outside the supported years/);
    expect(() => addDays('9998-12-31', 1)).toThrow(/outside the supported years/);
  });
});

describe(daysBetween.name, () => {
  it('counts days across a leap day', () => {
    expect(daysBetween('2024-02-01', '2024-03-01')).toBe(29);
    expect(daysBetween('2025-03-01', '2025-02-01')).toBe(-28);
  });
});

describe('day numbers', () => {
  it('counts from 1970-01-01', () => {
    expect(toDayNumber({ year: 1970, month: 1, day: 1 })).toBe(0);
    expect(toDayNumber({ year: 2000, month: 3, day: 1 })).toBe(11017);
  });

  it('round-trip for every supported date', () => {
    fc.assert(
      fc.property(fc.integer({ min: -719162, max: 2932530 }), (dayNumber) => {
        const date = fromDayNumber(dayNumber);
        expect(toDayNumber(date)).toBe(dayNumber);
        expect(parseIsoDate(formatIsoDate(date))).toEqual(date);
      }),
    );
  });
});
