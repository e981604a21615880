import fc from 'fast-check';

import { ValidationError } from '../errors';
import { addDays } from '../periods/calendar-date';
import {
  MAX_WORKING_DAYS,
  addWorkingDays,
  isWorkingDay,
  weekdayOf,
  workingDaysBetween,
} from './working-days';

/** England and Wales bank holidays used below (gov.uk lists). */
const EASTER_2024 = ['2024-03-29', '2024-04-01'];
const EASTER_2026 = ['2026-04-03', '2026-04-06'];
const CHRISTMAS_2022 = ['2022-12-26', '2022-12-27', '2023-01-02'];

describe(weekdayOf.name, () => {
  it.each([
    ['1970-01-01', 4],
    ['2026-06-29', 1],
    ['2026-06-30', 2],
    ['2026-07-03', 5],
    ['2026-07-04', 6],
    ['2026-07-05', 7],
    ['2024-02-29', 4],
    ['0001-01-01', 1],
    ['1969-12-31', 3],
  ])('gives %s weekday %i', (date, weekday) => {
    expect(weekdayOf(date)).toBe(weekday);
  });

  it('refuses a date that is not one', () => {
    expect(() => weekdayOf('2026-02-29')).toThrow(ValidationError);
  });
});

describe(isWorkingDay.name, () => {
  it.each([
    ['2026-07-03', [], true],
    ['2026-07-04', [], false],
    ['2026-07-05', [], false],
    ['2026-04-03', EASTER_2026, false],
    ['2026-04-07', EASTER_2026, true],
  ])('%s with holidays %j is a working day: %s', (date, holidays, expected) => {
    expect(isWorkingDay(date, holidays)).toBe(expected);
  });

  it('takes the holidays as a set too', () => {
    expect(isWorkingDay('2026-04-06', new Set(EASTER_2026))).toBe(false);
  });
});

describe(addWorkingDays.name, () => {
  it.each([
    // A quarter ending on a Tuesday: two, four and six working weeks.
    ['2026-06-30', 1, [], '2026-07-01'],
    ['2026-06-30', 10, [], '2026-07-14'],
    ['2026-06-30', 20, [], '2026-07-28'],
    ['2026-06-30', 30, [], '2026-08-11'],
    // Friday to Monday; a Saturday or Sunday start counts from the Monday.
    ['2026-07-03', 1, [], '2026-07-06'],
    ['2026-07-04', 1, [], '2026-07-06'],
    ['2026-07-05', 5, [], '2026-07-10'],
    // A holiday on what would have been the deadline moves it to the next working day.
    ['2026-06-30', 10, ['2026-07-14'], '2026-07-15'],
    // A holiday before the deadline moves it by a day; one after it changes nothing.
    ['2026-06-30', 10, ['2026-07-01'], '2026-07-15'],
    ['2026-06-30', 10, ['2026-07-15'], '2026-07-14'],
    // A holiday on a weekend is no extra day off.
    ['2026-06-30', 10, ['2026-07-04'], '2026-07-14'],
    // Quarter ending on a Sunday (2023-24 Q4) with Easter Monday the next day.
    ['2024-03-31', 1, [], '2024-04-01'],
    ['2024-03-31', 1, EASTER_2024, '2024-04-02'],
    ['2024-03-31', 10, EASTER_2024, '2024-04-15'],
    // A January year's Q4 ending on a Saturday, over Christmas and New Year.
    ['2022-12-31', 1, CHRISTMAS_2022, '2023-01-03'],
    ['2022-12-31', 10, CHRISTMAS_2022, '2023-01-16'],
    // Easter inside the window.
    ['2026-03-31', 10, [], '2026-04-14'],
    ['2026-03-31', 10, EASTER_2026, '2026-04-16'],
    // Over a year end and a leap day.
    ['2026-12-31', 1, ['2027-01-01'], '2027-01-04'],
    ['2024-02-28', 1, [], '2024-02-29'],
  ])('from %s, %i working days with holidays %j is %s', (date, days, holidays, expected) => {
    expect(addWorkingDays(date, days, holidays)).toBe(expected);
  });

  it.each([0, -1, 1.5, MAX_WORKING_DAYS + 1, Number.NaN])('refuses %s days', (days) => {
    expect(() => addWorkingDays('2026-06-30', days)).toThrow(
      expect.objectContaining({ field: 'days', value: days }),
    );
  });

  it('allows the most working days', () => {
    expect(addWorkingDays('2026-06-30', MAX_WORKING_DAYS)).toBe('2026-12-29');
  });

  it('refuses a date that is not one', () => {
    expect(() => addWorkingDays('2026-13-01', 1)).toThrow(ValidationError);
  });

  it('always lands on a working day after the start, counting exactly the working days', () => {
    const day = fc.integer({ min: 0, max: 3000 }).map((n) => addDays('2020-01-01', n));
    fc.assert(
      fc.property(
        day,
        fc.integer({ min: 1, max: 40 }),
        fc.array(day, { maxLength: 30 }),
        (start, days, holidays) => {
          const end = addWorkingDays(start, days, holidays);
          expect(end > start).toBe(true);
          expect(isWorkingDay(end, holidays)).toBe(true);
          expect(workingDaysBetween(start, end, holidays)).toBe(days);
        },
      ),
    );
  });
});

describe(workingDaysBetween.name, () => {
  it.each([
    ['2026-06-30', '2026-06-30', [], 0],
    ['2026-07-14', '2026-06-30', [], 0],
    ['2026-06-30', '2026-07-01', [], 1],
    ['2026-07-03', '2026-07-05', [], 0],
    ['2026-07-03', '2026-07-06', [], 1],
    ['2026-06-30', '2026-07-14', ['2026-07-01'], 9],
  ])('from %s to %s with holidays %j: %i', (from, to, holidays, expected) => {
    expect(workingDaysBetween(from, to, holidays)).toBe(expected);
  });

  it('names the bad end', () => {
    expect(() => workingDaysBetween('2026-06-30', 'soon')).toThrow(
      expect.objectContaining({ field: 'to' }),
    );
  });
});
