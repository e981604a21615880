import { Injectable } from '@nestjs/common';
import {
  DEFAULT_CALENDAR_SETTINGS,
  calendarSettingsProblems,
  parseQuarterLabel,
  quarterCalendar,
  type CalendarSettings,
  type Quarter,
  type QuarterCalendar,
} from '@ol/outcomes';
import {
  AuditRepository,
  CalendarRepository,
  Db,
  PartnershipRepository,
  type Actor,
  type Holiday,
  type Partnership,
} from '@ol/persistence';
import { ProblemException, type FieldProblem } from '../../common/problems/problem';
import type { CalendarSettingsDto, ListHolidaysQuery } from './dto/calendar.dto';

/** A partnership's settings and whether they are its own (else the defaults). */
export interface ResolvedSettings {
  settings: CalendarSettings;
  isSet: boolean;
}

/** A quarter's calendar with what it was worked from. */
export interface CalendarOfQuarter {
  partnership: Partnership;
  calendar: QuarterCalendar;
  settings: ResolvedSettings;
  /** Holidays from the quarter's first day to its board review. */
  holidays: Holiday[];
}

/**
 * A partnership's quarterly calendar: its deadline settings, its holidays (imported by its
 * admins) and, from them, each quarter's deadlines and board review date (libs/outcomes
 * quarterCalendar). Every change is audited.
 */
@Injectable()
export class CalendarService {
  constructor(
    private readonly db: Db,
    private readonly calendars: CalendarRepository,
    private readonly partnerships: PartnershipRepository,
    private readonly audit: AuditRepository,
  ) {}

  async settings(partnershipId: string): Promise<ResolvedSettings> {
    const own = await this.calendars.settings(partnershipId);
    return { settings: own ?? DEFAULT_CALENDAR_SETTINGS, isSet: own !== null };
  }

  /** @throws 422 naming each field that breaks a rule; nothing is changed then */
  saveSettings(
    partnershipId: string,
    actor: Actor,
    dto: CalendarSettingsDto,
  ): Promise<ResolvedSettings> {
    const settings: CalendarSettings = {
      deliveryDeadlineWorkingDays: dto.deliveryDeadlineWorkingDays,
      returnDeadlineWorkingDays: dto.returnDeadlineWorkingDays,
      boardReviewWorkingDays: dto.boardReviewWorkingDays,
    };
    const problems = calendarSettingsProblems(settings);
    if (problems.length > 0) {
      throw ProblemException.unprocessable(
        'The calendar settings break a rule.',
        problems.map((p) => ({ field: p.field, value: p.value, reason: p.reason })),
      );
    }
    return this.db.transaction(async () => {
      await this.calendars.saveSettings(partnershipId, settings);
      await this.audit.record(partnershipId, actor, {
        action: 'calendar.settings_updated',
        entityType: 'partnership',
        entityId: partnershipId,
        details: { ...settings },
      });
      return { settings, isSet: true };
    });
  }

  holidays(partnershipId: string, query: ListHolidaysQuery): Promise<Holiday[]> {
    return this.calendars.holidays(partnershipId, { from: query.from, to: query.to });
  }

  /**
   * Adds holidays, all or none: a date given twice, or already a holiday, is refused with 422
   * naming each such entry, and nothing is stored.
   */
  addHolidays(
    partnershipId: string,
    actor: Actor,
    given: readonly Holiday[],
    /** The field a problem with the i-th holiday's date names (a JSON path, a CSV line). */
    fieldOf: (index: number) => string = (i) => `holidays[${i}].date`,
  ): Promise<Holiday[]> {
    const holidays = given.map((h) => ({ date: h.date, name: h.name.trim() }));
    return this.db.transaction(async () => {
      const held = new Set(
        await this.calendars.existingDates(
          partnershipId,
          holidays.map((h) => h.date),
        ),
      );
      const problems = duplicateProblems(holidays, held, fieldOf);
      if (problems.length > 0) {
        throw ProblemException.unprocessable('Each date may be a holiday once.', problems);
      }
      await this.calendars.addHolidays(partnershipId, holidays);
      await this.audit.record(partnershipId, actor, {
        action: 'calendar.holidays_added',
        entityType: 'partnership',
        entityId: partnershipId,
        details: { holidays },
      });
      return [...holidays].sort((a, b) => a.date.localeCompare(b.date));
    });
  }

  /** @throws 404 when the partnership has no holiday on that date */
  removeHoliday(partnershipId: string, actor: Actor, date: string): Promise<void> {
    return this.db.transaction(async () => {
      const removed = await this.calendars.deleteHoliday(partnershipId, date);
      if (!removed) throw ProblemException.notFound('Holiday');
      await this.audit.record(partnershipId, actor, {
        action: 'calendar.holiday_removed',
        entityType: 'partnership',
        entityId: partnershipId,
        details: { ...removed },
      });
    });
  }

  /**
   * The quarter named by `label` under the partnership's calendar: 400 on `field` when the label
   * does not name a quarter of its financial year, 422 when the quarter is outside its term.
   */
  async calendarOf(
    partnershipId: string,
    label: string,
    field = 'quarter',
  ): Promise<CalendarOfQuarter> {
    const partnership = (await this.partnerships.findById(partnershipId))!;
    const quarter = quarterIn(partnership, label, field);
    const settings = await this.settings(partnershipId);
    const holidays = await this.calendars.holidays(partnershipId, { from: quarter.start });
    const calendar = quarterCalendar(
      quarter,
      settings.settings,
      holidays.filter((h) => h.date > quarter.end).map((h) => h.date),
    );
    return {
      partnership,
      calendar,
      settings,
      holidays: holidays.filter((h) => h.date <= calendar.boardReview),
    };
  }
}

/** The quarter a label names in the partnership's financial year, within its term. */
function quarterIn(partnership: Partnership, label: string, field: string): Quarter {
  let quarter: Quarter;
  try {
    quarter = parseQuarterLabel(label.trim(), partnership.fyStartMonth);
  } catch {
    throw ProblemException.validation([
      {
        field,
        value: label,
        reason: `must be a quarter of the partnership's financial year, e.g. "${partnership.fyStartMonth === 1 ? '2026 Q1' : '2026-27 Q1'}"`,
      },
    ]);
  }
  const start = partnership.startDate;
  const end = partnership.endDate;
  if (quarter.end < start || quarter.start > end) {
    throw ProblemException.unprocessable('The quarter is outside the partnership.', [
      { field, value: label, reason: `must overlap the partnership's term (${start} to ${end})` },
    ]);
  }
  return quarter;
}

/** Entries whose date is given earlier in the list or is already a holiday. */
function duplicateProblems(
  holidays: readonly Holiday[],
  held: ReadonlySet<string>,
  fieldOf: (index: number) => string,
): FieldProblem[] {
  const first = new Map<string, number>();
  const problems: FieldProblem[] = [];
  holidays.forEach((h, i) => {
    const field = fieldOf(i);
    const earlier = first.get(h.date);
    if (earlier !== undefined) {
      problems.push({ field, value: h.date, reason: `is given twice (also ${fieldOf(earlier)})` });
    } else if (held.has(h.date)) {
      problems.push({ field, value: h.date, reason: 'is already a holiday of the partnership' });
    }
    if (earlier === undefined) first.set(h.date, i);
  });
  return problems;
}
