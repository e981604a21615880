import { Injectable } from '@nestjs/common';
import type { CalendarSettings } from '@ol/outcomes';
import { Db } from '../db';
import { dateOfDay, isoDay } from '../util/dates';

/** A partnership's holiday as read: its date (`YYYY-MM-DD`) and name. */
export interface Holiday {
  date: string;
  name: string;
}

/**
 * A partnership's calendar: its deadline settings (no row: the caller's defaults) and its
 * holidays, one per date. Writes join the caller's transaction.
 */
@Injectable()
export class CalendarRepository {
  constructor(private readonly db: Db) {}

  /** The partnership's own settings, or null when it has none (the defaults apply). */
  async settings(partnershipId: string): Promise<CalendarSettings | null> {
    const row = await this.db.client.partnershipCalendar.findUnique({ where: { partnershipId } });
    return (
      row && {
        deliveryDeadlineWorkingDays: row.deliveryDeadlineWorkingDays,
        returnDeadlineWorkingDays: row.returnDeadlineWorkingDays,
        boardReviewWorkingDays: row.boardReviewWorkingDays,
      }
    );
  }

  async saveSettings(partnershipId: string, settings: CalendarSettings): Promise<void> {
    const values = {
      deliveryDeadlineWorkingDays: settings.deliveryDeadlineWorkingDays,
      returnDeadlineWorkingDays: settings.returnDeadlineWorkingDays,
      boardReviewWorkingDays: settings.boardReviewWorkingDays,
    };
    await this.db.client.partnershipCalendar.upsert({
      where: { partnershipId },
      create: { partnershipId, ...values },
      update: { ...values, updatedAt: new Date() },
    });
  }

  /** Holidays in date order, all of them or those from `from` to `to` (inclusive). */
  async holidays(
    partnershipId: string,
    window: { from?: string; to?: string } = {},
  ): Promise<Holiday[]> {
    const rows = await this.db.client.partnershipHoliday.findMany({
      where: {
        partnershipId,
        date: {
          ...(window.from ? { gte: dateOfDay(window.from) } : {}),
          ...(window.to ? { lte: dateOfDay(window.to) } : {}),
        },
      },
      orderBy: { date: 'asc' },
    });
    return rows.map((r) => ({ date: isoDay(r.date), name: r.name }));
  }

  /** Which of `dates` the partnership already has as holidays. */
  async existingDates(partnershipId: string, dates: string[]): Promise<string[]> {
    if (dates.length === 0) return [];
    const rows = await this.db.client.partnershipHoliday.findMany({
      where: { partnershipId, date: { in: dates.map(dateOfDay) } },
      select: { date: true },
    });
    return rows.map((r) => isoDay(r.date));
  }

  /** Adds holidays (dates not yet held: the caller checks; a race fails on the primary key). */
  async addHolidays(partnershipId: string, holidays: readonly Holiday[]): Promise<void> {
    await this.db.client.partnershipHoliday.createMany({
      data: holidays.map((h) => ({ partnershipId, date: dateOfDay(h.date), name: h.name })),
    });
  }

  /** Removes one holiday; the removed one, or null when the partnership had none that day. */
  async deleteHoliday(partnershipId: string, date: string): Promise<Holiday | null> {
    const where = { partnershipId_date: { partnershipId, date: dateOfDay(date) } };
    const row = await this.db.client.partnershipHoliday.findUnique({ where });
    if (!row) return null;
    await this.db.client.partnershipHoliday.delete({ where });
    return { date: isoDay(row.date), name: row.name };
  }
}
