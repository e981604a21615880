import { ValidationError } from '../errors';
import { getQuarter, parseQuarterLabel } from '../periods/financial-periods';
import {
  DEFAULT_CALENDAR_SETTINGS,
  calendarSettingsProblems,
  quarterCalendar,
  type CalendarSettings,
} from './quarter-calendar';

const settings = (delivery: number, financialReturn: number, board: number): CalendarSettings => ({
  deliveryDeadlineWorkingDays: delivery,
  returnDeadlineWorkingDays: financialReturn,
  boardReviewWorkingDays: board,
});

describe(quarterCalendar.name, () => {
  it('counts the defaults (10, 20, 30 working days) after an April year’s Q1', () => {
    const calendar = quarterCalendar(parseQuarterLabel('2026-27 Q1'), DEFAULT_CALENDAR_SETTINGS);
    expect(calendar.quarter.end).toBe('2026-06-30');
    expect(calendar.deliveryDeadline).toBe('2026-07-14');
    expect(calendar.returnDeadline).toBe('2026-07-28');
    expect(calendar.boardReview).toBe('2026-08-11');
  });

  it('moves each date a holiday falls on or before', () => {
    const calendar = quarterCalendar(parseQuarterLabel('2026-27 Q1'), DEFAULT_CALENDAR_SETTINGS, [
      '2026-07-14',
    ]);
    expect(calendar.deliveryDeadline).toBe('2026-07-15');
    expect(calendar.returnDeadline).toBe('2026-07-29');
    expect(calendar.boardReview).toBe('2026-08-12');
  });

  it('counts from a quarter ending on a Sunday, over Easter (April year, 2023-24 Q4)', () => {
    const q4 = parseQuarterLabel('2023-24 Q4');
    expect(q4.end).toBe('2024-03-31');
    const calendar = quarterCalendar(q4, settings(1, 5, 10), new Set(['2024-03-29', '2024-04-01']));
    expect(calendar.deliveryDeadline).toBe('2024-04-02');
    expect(calendar.returnDeadline).toBe('2024-04-08');
    expect(calendar.boardReview).toBe('2024-04-15');
  });

  it('uses the January year’s quarters (2022 Q4 ends on a Saturday)', () => {
    const q4 = parseQuarterLabel('2022 Q4', 1);
    expect(q4.end).toBe('2022-12-31');
    const calendar = quarterCalendar(q4, settings(1, 10, 10), [
      '2022-12-26',
      '2022-12-27',
      '2023-01-02',
    ]);
    expect(calendar.deliveryDeadline).toBe('2023-01-03');
    expect(calendar.returnDeadline).toBe('2023-01-16');
    expect(calendar.boardReview).toBe('2023-01-16');
  });

  it('gives the same quarter different dates under different year starts', () => {
    // 2026 Q1 of a January year is Jan–Mar; 2025-26 Q4 of an April year is the same months.
    const january = quarterCalendar(getQuarter(2026, 1, 1), DEFAULT_CALENDAR_SETTINGS);
    const april = quarterCalendar(getQuarter(2025, 4, 4), DEFAULT_CALENDAR_SETTINGS);
    expect(january.deliveryDeadline).toBe(april.deliveryDeadline);
    expect(january.deliveryDeadline).toBe('2026-04-14');
    expect(
      quarterCalendar(getQuarter(2026, 2, 4), DEFAULT_CALENDAR_SETTINGS).deliveryDeadline,
    ).toBe('2026-10-14');
  });

  it('refuses settings that break a rule', () => {
    expect(() => quarterCalendar(getQuarter(2026, 1), settings(0, 20, 30))).toThrow(
      ValidationError,
    );
  });
});

describe(calendarSettingsProblems.name, () => {
  it('finds nothing wrong with the defaults or equal days', () => {
    expect(calendarSettingsProblems(DEFAULT_CALENDAR_SETTINGS)).toEqual([]);
    expect(calendarSettingsProblems(settings(5, 5, 5))).toEqual([]);
  });

  it.each([
    [settings(-1, 20, 30), 'deliveryDeadlineWorkingDays', -1],
    [settings(0, 20, 30), 'deliveryDeadlineWorkingDays', 0],
    [settings(10, 2.5, 30), 'returnDeadlineWorkingDays', 2.5],
    [settings(10, 20, 131), 'boardReviewWorkingDays', 131],
  ])('names the field out of range in %j', (given, field, value) => {
    expect(calendarSettingsProblems(given)).toEqual([expect.objectContaining({ field, value })]);
  });

  it('names every field out of range at once', () => {
    expect(calendarSettingsProblems(settings(-1, -2, -3)).map((p) => p.field)).toEqual([
      'deliveryDeadlineWorkingDays',
      'returnDeadlineWorkingDays',
      'boardReviewWorkingDays',
    ]);
  });

  it.each([
    [settings(10, 20, 19), 20],
    [settings(25, 20, 24), 25],
  ])('refuses a board review before a deadline: %j', (given, latest) => {
    const [problem] = calendarSettingsProblems(given);
    expect(problem.field).toBe('boardReviewWorkingDays');
    expect(problem.reason).toContain(`at least ${latest} working days`);
  });
});
