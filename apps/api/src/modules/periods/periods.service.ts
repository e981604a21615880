import { Injectable } from '@nestjs/common';
import {
  autoCloseDate,
  autoCloseDaysProblems,
  periodLockStep,
  type PeriodLockAction,
  type QuarterCalendar,
} from '@ol/outcomes';
import {
  AuditRepository,
  Db,
  PeriodLockRepository,
  type Actor,
  type AutoCloseSetting,
  type PeriodLockEventView,
  type PeriodLockView,
} from '@ol/persistence';
import { ProblemException, ProblemType } from '../../common/problems/problem';
import { CalendarService } from '../calendar/calendar.service';

/** A quarter's lock with its calendar and every step, as GET …/periods/:quarter shows it. */
export interface PeriodOfQuarter {
  calendar: QuarterCalendar;
  lock: PeriodLockView | null;
  history: PeriodLockEventView[];
  /** When the worker will close it (never closed, under the partnership's setting), or null. */
  autoClosesOn: string | null;
}

/** Longest quarter label accepted in a path ("2026-27 Q1" is 10 characters). */
const MAX_LABEL_LENGTH = 20;

/**
 * "2026-27 Q1" as a path segment may also be written "2026-27-Q1" or "2026-27_Q1" (no space to
 * encode); anything else is left for the calendar's parser to refuse.
 */
export function quarterFromPath(segment: string): string {
  return segment.trim().replace(/[-_ ]+(Q[1-4])$/i, (_, q: string) => ` ${q.toUpperCase()}`);
}

const today = (): string => new Date().toISOString().slice(0, 10);

/**
 * Period locks: partnership admins close a quarter once it has ended (delivery data, corrections,
 * reviews, imports and returns dated in it are then refused: {@link PeriodGuard}) and reopen it
 * with a reason; the worker closes quarters automatically under the partnership's setting. Each
 * step is kept in the lock's history and audited. Closing and reopening take the partnership's
 * period lock alone, so no write checked before a close commits after it.
 */
@Injectable()
export class PeriodsService {
  constructor(
    private readonly db: Db,
    private readonly locks: PeriodLockRepository,
    private readonly calendars: CalendarService,
    private readonly audit: AuditRepository,
  ) {}

  /** Every quarter ever closed, latest first, with its steps. */
  async list(
    partnershipId: string,
  ): Promise<{ lock: PeriodLockView; history: PeriodLockEventView[] }[]> {
    const locks = await this.locks.list(partnershipId);
    const history = await this.locks.history(
      partnershipId,
      locks.map((l) => l.start),
    );
    return locks.map((lock) => ({ lock, history: history.get(lock.start) ?? [] }));
  }

  /** One quarter (400/422 for a label that is not one of the partnership's quarters). */
  async get(partnershipId: string, label: string): Promise<PeriodOfQuarter> {
    const { calendar } = await this.calendars.calendarOf(partnershipId, checkedLabel(label));
    return this.periodOf(partnershipId, calendar);
  }

  /**
   * Closes an ended quarter: 422 when it has not ended, 409 `/problems/period-state` when it is
   * already closed; nothing changes then.
   */
  close(partnershipId: string, actor: Actor, label: string, reason?: string) {
    return this.step(partnershipId, actor, label, 'close', reason?.trim() ?? null);
  }

  /** Reopens a closed quarter with a reason: 409 `/problems/period-state` when it is not closed. */
  reopen(partnershipId: string, actor: Actor, label: string, reason: string) {
    return this.step(partnershipId, actor, label, 'reopen', reason.trim());
  }

  settings(partnershipId: string): Promise<AutoCloseSetting | null> {
    return this.locks.autoCloseSetting(partnershipId);
  }

  /** Sets or (null) turns off the automatic close; 422 naming the field for a bad number. */
  saveSettings(
    partnershipId: string,
    actor: Actor,
    days: number | null,
  ): Promise<AutoCloseSetting | null> {
    const problems = autoCloseDaysProblems(days);
    if (problems.length > 0) {
      throw ProblemException.unprocessable(
        'The period settings break a rule.',
        problems.map((p) => ({ field: p.field, value: p.value, reason: p.reason })),
      );
    }
    return this.db.transaction(async () => {
      const saved = await this.locks.saveAutoClose(partnershipId, days, today(), actor.userId);
      await this.audit.record(partnershipId, actor, {
        action: 'period.settings_updated',
        entityType: 'partnership',
        entityId: partnershipId,
        details: { autoCloseDaysAfterDeadline: days, autoCloseFrom: saved?.from ?? null },
      });
      return saved;
    });
  }

  private async step(
    partnershipId: string,
    actor: Actor,
    label: string,
    action: PeriodLockAction,
    reason: string | null,
  ): Promise<PeriodOfQuarter> {
    const { calendar } = await this.calendars.calendarOf(partnershipId, checkedLabel(label));
    const { quarter } = calendar;
    if (action === 'close' && quarter.end >= today()) {
      throw ProblemException.unprocessable('Only a quarter that has ended may be closed.', [
        { field: 'quarter', value: label, reason: `has not ended yet (it ends ${quarter.end})` },
      ]);
    }
    return this.db.transaction(async () => {
      await this.locks.holdForChange(partnershipId);
      const current = await this.locks.find(partnershipId, quarter.start, true);
      const step = periodLockStep(current?.state ?? null, action);
      if (!step.allowed) {
        throw ProblemException.conflict(
          `Cannot ${action} ${quarter.label}: ${step.reason}.`,
          ProblemType.PeriodState,
        );
      }
      const lockedQuarter = { label: quarter.label, start: quarter.start, end: quarter.end };
      await this.locks.change(partnershipId, lockedQuarter, {
        state: step.state,
        actorId: actor.userId,
        reason,
      });
      await this.audit.record(partnershipId, actor, {
        action: action === 'close' ? 'period.closed' : 'period.reopened',
        entityType: 'period',
        entityId: quarter.label,
        details: { quarter: quarter.label, from: current?.state ?? 'open', to: step.state, reason },
      });
      return this.periodOf(partnershipId, calendar);
    });
  }

  private async periodOf(
    partnershipId: string,
    calendar: QuarterCalendar,
  ): Promise<PeriodOfQuarter> {
    const start = calendar.quarter.start;
    const lock = await this.locks.find(partnershipId, start);
    const history = (await this.locks.history(partnershipId, [start])).get(start) ?? [];
    const setting = await this.locks.autoCloseSetting(partnershipId);
    let autoClosesOn: string | null = null;
    if (setting && !lock) {
      const on = autoCloseDate(calendar.deliveryDeadline, setting.days);
      autoClosesOn = on >= setting.from ? on : null;
    }
    return { calendar, lock, history, autoClosesOn };
  }
}

/** The label from the path, normalised; 400 naming `quarter` when it is far too long. */
function checkedLabel(segment: string): string {
  if (segment.length > MAX_LABEL_LENGTH) {
    throw ProblemException.validation([
      {
        field: 'quarter',
        value: segment.slice(0, MAX_LABEL_LENGTH),
        reason: 'must be a quarter label such as "2026-27 Q1"',
      },
    ]);
  }
  return quarterFromPath(segment);
}
