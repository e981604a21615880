import { Injectable, Logger } from '@nestjs/common';
import {
  DEFAULT_CALENDAR_SETTINGS,
  autoCloseCandidates,
  isDueToAutoClose,
  quarterCalendar,
  type Quarter,
} from '@ol/outcomes';
import {
  AuditRepository,
  CalendarRepository,
  Db,
  PartnershipRepository,
  PeriodLockRepository,
  type AutoClosingPartnership,
} from '@ol/persistence';
import { PeriodClock } from './period-clock';

/**
 * The automatic close of quarters: for each active partnership with the setting, every quarter
 * whose close date (delivery-data deadline under its calendar + N days, libs/outcomes
 * isDueToAutoClose) has come and that was never closed is closed, audited and kept in its
 * history. Safe with any number of workers and after a restart: the lock row's key lets one
 * close happen per quarter (INSERT ... ON CONFLICT DO NOTHING), and a quarter an admin reopened
 * is never closed again automatically. Today comes from {@link PeriodClock}.
 */
@Injectable()
export class PeriodAutoCloser {
  private readonly logger = new Logger(PeriodAutoCloser.name);

  constructor(
    private readonly db: Db,
    private readonly locks: PeriodLockRepository,
    private readonly calendars: CalendarRepository,
    private readonly partnerships: PartnershipRepository,
    private readonly audit: AuditRepository,
    private readonly clock: PeriodClock,
  ) {}

  /** Closes what is due today; the quarters closed by this call, by partnership. */
  async run(
    requestId = 'auto-close',
  ): Promise<{ closed: { partnershipId: string; quarter: string }[] }> {
    const asOf = this.clock.today();
    const closed: { partnershipId: string; quarter: string }[] = [];
    for (const setting of await this.locks.autoClosing()) {
      for (const quarter of await this.dueQuarters(setting, asOf)) {
        if (await this.closeOne(setting.partnershipId, quarter, asOf, requestId)) {
          closed.push({ partnershipId: setting.partnershipId, quarter: quarter.label });
        }
      }
    }
    if (closed.length) this.logger.log({ asOf, closed }, 'closed quarters automatically');
    return { closed };
  }

  /** The partnership's quarters due to close on `asOf` that have never been closed. */
  private async dueQuarters(setting: AutoClosingPartnership, asOf: string): Promise<Quarter[]> {
    const { partnershipId, days, from } = setting;
    const partnership = await this.partnerships.findById(partnershipId);
    if (!partnership) return [];
    const term = { start: partnership.startDate, end: partnership.endDate };
    const candidates = autoCloseCandidates(term, days, asOf, from, partnership.fyStartMonth);
    if (candidates.length === 0) return [];
    const held = new Set((await this.locks.list(partnershipId)).map((l) => l.start));
    const open = candidates.filter((q) => !held.has(q.start));
    if (open.length === 0) return [];
    const settings = (await this.calendars.settings(partnershipId)) ?? DEFAULT_CALENDAR_SETTINGS;
    const holidays = (await this.calendars.holidays(partnershipId, { from: open[0].end })).map(
      (h) => h.date,
    );
    return open.filter((q) => {
      const calendar = quarterCalendar(q, settings, holidays);
      return isDueToAutoClose(calendar.deliveryDeadline, days, asOf, from);
    });
  }

  /** Closes one quarter unless it has been closed meanwhile; whether this call closed it. */
  private closeOne(
    partnershipId: string,
    quarter: Quarter,
    asOf: string,
    requestId: string,
  ): Promise<boolean> {
    return this.db.transaction(async () => {
      await this.locks.holdForChange(partnershipId);
      const lockedQuarter = { label: quarter.label, start: quarter.start, end: quarter.end };
      if (!(await this.locks.autoClose(partnershipId, lockedQuarter))) return false;
      await this.audit.record(
        partnershipId,
        { userId: null, keyId: null, requestId },
        {
          action: 'period.auto_closed',
          entityType: 'period',
          entityId: quarter.label,
          details: { quarter: quarter.label, from: 'open', to: 'closed', asOf },
        },
      );
      return true;
    });
  }
}
