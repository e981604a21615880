import { Injectable } from '@nestjs/common';
import { Db, type Tx } from '../db';
import { dateOfDay, isoDay } from '../util/dates';
import type { PeriodLockEventKind, PeriodLockState } from '../prisma-client';

/** A quarter as the lock knows it: its label and first and last days (`YYYY-MM-DD`). */
export interface LockedQuarter {
  label: string;
  start: string;
  end: string;
}

/** A quarter's lock as it stands: its state and its last step's actor, time and reason. */
export interface PeriodLockView extends LockedQuarter {
  state: PeriodLockState;
  /** Null: closed automatically by the worker. */
  changedBy: string | null;
  changedAt: Date;
  reason: string | null;
}

/** One step in a lock's history. */
export interface PeriodLockEventView {
  id: string;
  event: PeriodLockEventKind;
  /** Null: the worker's automatic close. */
  actorId: string | null;
  reason: string | null;
  occurredAt: Date;
}

/** The partnership's automatic close: days after the delivery deadline, from which day. */
export interface AutoCloseSetting {
  days: number;
  /** The day the setting took effect (`YYYY-MM-DD`): earlier close dates are not acted on. */
  from: string;
}

/** A partnership with an automatic close set, as the worker reads it. */
export interface AutoClosingPartnership extends AutoCloseSetting {
  partnershipId: string;
}

interface LockRow {
  quarter_label: string;
  period_start: string;
  period_end: string;
  state: PeriodLockState;
  changed_by: string | null;
  changed_at: Date;
  reason: string | null;
}

const view = (r: LockRow): PeriodLockView => ({
  label: r.quarter_label,
  start: r.period_start,
  end: r.period_end,
  state: r.state,
  changedBy: r.changed_by,
  changedAt: r.changed_at,
  reason: r.reason,
});

/** The advisory lock key of a partnership's period locks (one per partnership). */
const LOCK_CLASS = 'period_lock';

/**
 * Who holds a partnership's quarters closed. Writers of delivery data and returns take the
 * partnership's period lock shared ({@link holdForWrite}) before checking {@link closedAmong};
 * closing and reopening take it exclusively ({@link holdForChange}): so a close waits for the
 * writes already checked to commit, and no write checked before a close commits after it.
 * Writes join the caller's transaction; the history is append-only.
 */
@Injectable()
export class PeriodLockRepository {
  constructor(private readonly db: Db) {}

  /** Shares the partnership's period lock until the transaction ends. Call inside one. */
  async holdForWrite(partnershipId: string, client: Tx = this.db.client): Promise<void> {
    await client.$queryRaw`
      SELECT pg_advisory_xact_lock_shared(hashtext(${LOCK_CLASS}), hashtext(${partnershipId}))::text`;
  }

  /** Takes the partnership's period lock alone until the transaction ends. Call inside one. */
  async holdForChange(partnershipId: string): Promise<void> {
    await this.db.client.$queryRaw`
      SELECT pg_advisory_xact_lock(hashtext(${LOCK_CLASS}), hashtext(${partnershipId}))::text`;
  }

  /** The closed quarters holding any of `dates` (`YYYY-MM-DD`), in date order. */
  async closedAmong(
    partnershipId: string,
    dates: readonly string[],
    client: Tx = this.db.client,
  ): Promise<LockedQuarter[]> {
    if (dates.length === 0) return [];
    const distinct = [...new Set(dates)];
    const rows = await client.$queryRaw<{ label: string; start: string; end: string }[]>`
      SELECT quarter_label AS label, period_start::text AS start, period_end::text AS "end"
        FROM period_locks l
       WHERE partnership_id = ${partnershipId}::uuid AND state = 'closed'
         AND EXISTS (SELECT 1 FROM unnest(${distinct}::date[]) d
                      WHERE d BETWEEN l.period_start AND l.period_end)
       ORDER BY period_start`;
    return rows;
  }

  /** Every quarter ever closed, latest first. */
  async list(partnershipId: string): Promise<PeriodLockView[]> {
    const rows = await this.db.client.$queryRaw<LockRow[]>`
      SELECT quarter_label, period_start::text, period_end::text, state::text AS state, changed_by::text,
             changed_at, reason
        FROM period_locks WHERE partnership_id = ${partnershipId}::uuid
       ORDER BY period_start DESC`;
    return rows.map(view);
  }

  /** The quarter's lock (null: never closed); `forUpdate` locks the row for the transaction. */
  async find(
    partnershipId: string,
    start: string,
    forUpdate = false,
  ): Promise<PeriodLockView | null> {
    const rows = forUpdate
      ? await this.db.client.$queryRaw<LockRow[]>`
          SELECT quarter_label, period_start::text, period_end::text, state::text AS state,
                 changed_by::text, changed_at, reason
            FROM period_locks
           WHERE partnership_id = ${partnershipId}::uuid AND period_start = ${start}::date
             FOR UPDATE`
      : await this.db.client.$queryRaw<LockRow[]>`
          SELECT quarter_label, period_start::text, period_end::text, state::text AS state,
                 changed_by::text, changed_at, reason
            FROM period_locks
           WHERE partnership_id = ${partnershipId}::uuid AND period_start = ${start}::date`;
    return rows[0] ? view(rows[0]) : null;
  }

  /** The steps of each given quarter's lock (by first day), oldest first. */
  async history(
    partnershipId: string,
    starts: readonly string[],
  ): Promise<Map<string, PeriodLockEventView[]>> {
    const out = new Map<string, PeriodLockEventView[]>(starts.map((s) => [s, []]));
    if (starts.length === 0) return out;
    const rows = await this.db.client.periodLockEvent.findMany({
      where: { partnershipId, periodStart: { in: starts.map(dateOfDay) } },
      orderBy: { id: 'asc' },
    });
    for (const r of rows) {
      out.get(isoDay(r.periodStart))?.push({
        id: r.id.toString(),
        event: r.event,
        actorId: r.actorId,
        reason: r.reason,
        occurredAt: r.occurredAt,
      });
    }
    return out;
  }

  /**
   * Sets the quarter's lock to `state` (creating it at its first close) and records the step.
   * Call inside a transaction, after {@link holdForChange} and the caller's check of the step.
   */
  async change(
    partnershipId: string,
    quarter: LockedQuarter,
    step: { state: PeriodLockState; actorId: string | null; reason: string | null },
  ): Promise<PeriodLockView> {
    const [row] = await this.db.client.$queryRaw<LockRow[]>`
      INSERT INTO period_locks (partnership_id, period_start, period_end, quarter_label, state,
                                changed_by, changed_at, reason)
      VALUES (${partnershipId}::uuid, ${quarter.start}::date, ${quarter.end}::date, ${quarter.label},
              ${step.state}::period_lock_state, ${step.actorId}::uuid, now(), ${step.reason})
      ON CONFLICT (partnership_id, period_start) DO UPDATE
         SET state = EXCLUDED.state, changed_by = EXCLUDED.changed_by,
             changed_at = EXCLUDED.changed_at, reason = EXCLUDED.reason
      RETURNING quarter_label, period_start::text, period_end::text, state::text AS state,
                changed_by::text, changed_at, reason`;
    await this.recordEvent(partnershipId, quarter.start, {
      event: step.state === 'closed' ? 'closed' : 'reopened',
      actorId: step.actorId,
      reason: step.reason,
    });
    return view(row);
  }

  /**
   * Closes a quarter automatically unless it has ever been closed (the lock's key makes this
   * happen once, however many workers try at once or again after a restart). Returns whether
   * this call closed it. Call inside a transaction (the lock and its history commit together).
   */
  async autoClose(partnershipId: string, quarter: LockedQuarter): Promise<boolean> {
    const inserted = await this.db.client.$executeRaw`
      INSERT INTO period_locks (partnership_id, period_start, period_end, quarter_label, state,
                                changed_by, changed_at, reason)
      VALUES (${partnershipId}::uuid, ${quarter.start}::date, ${quarter.end}::date, ${quarter.label},
              'closed', NULL, now(), NULL)
      ON CONFLICT (partnership_id, period_start) DO NOTHING`;
    if (inserted !== 1) return false;
    await this.recordEvent(partnershipId, quarter.start, {
      event: 'auto_closed',
      actorId: null,
      reason: null,
    });
    return true;
  }

  private async recordEvent(
    partnershipId: string,
    start: string,
    e: { event: PeriodLockEventKind; actorId: string | null; reason: string | null },
  ): Promise<void> {
    await this.db.client.periodLockEvent.create({
      data: {
        partnershipId,
        periodStart: dateOfDay(start),
        event: e.event,
        actorId: e.actorId,
        reason: e.reason,
      },
    });
  }

  /** The partnership's automatic close, or null when it has none (never). */
  async autoCloseSetting(partnershipId: string): Promise<AutoCloseSetting | null> {
    const row = await this.db.client.periodLockSettings.findUnique({ where: { partnershipId } });
    if (!row || row.autoCloseDaysAfterDeadline === null || !row.autoCloseFrom) return null;
    return { days: row.autoCloseDaysAfterDeadline, from: isoDay(row.autoCloseFrom) };
  }

  /**
   * Sets (or, with null, turns off) the automatic close. An unchanged number of days keeps the day
   * it took effect; a new one takes effect `from`.
   */
  async saveAutoClose(
    partnershipId: string,
    days: number | null,
    from: string,
    updatedBy: string | null,
  ): Promise<AutoCloseSetting | null> {
    const held = await this.autoCloseSetting(partnershipId);
    const since = days === null ? null : held && held.days === days ? held.from : from;
    const values = {
      autoCloseDaysAfterDeadline: days,
      autoCloseFrom: since ? dateOfDay(since) : null,
      updatedBy,
      updatedAt: new Date(),
    };
    await this.db.client.periodLockSettings.upsert({
      where: { partnershipId },
      create: { partnershipId, ...values },
      update: values,
    });
    return days === null ? null : { days, from: since! };
  }

  /** Active partnerships with an automatic close set. */
  async autoClosing(): Promise<AutoClosingPartnership[]> {
    const rows = await this.db.client.$queryRaw<
      { partnership_id: string; days: number; from: string }[]
    >`
      SELECT s.partnership_id::text, s.auto_close_days_after_deadline::int AS days,
             s.auto_close_from::text AS "from"
        FROM period_lock_settings s JOIN partnerships p ON p.id = s.partnership_id
       WHERE s.auto_close_days_after_deadline IS NOT NULL AND p.status = 'active'
       ORDER BY s.partnership_id`;
    return rows.map((r) => ({ partnershipId: r.partnership_id, days: r.days, from: r.from }));
  }
}
