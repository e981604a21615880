import { Injectable } from '@nestjs/common';
import { PeriodLockRepository } from '@ol/persistence';
import { ProblemException } from '../../common/problems/problem';

/** The 409 a write dated in a closed quarter gets, as the OpenAPI document describes it. */
export const PERIOD_LOCKED =
  'Dated in a quarter the partnership has closed (problem type /problems/period-locked; `quarters` names it); nothing changed';

/**
 * The one check every write of delivery data and returns consults: 409 `/problems/period-locked`
 * naming the quarters when any of the write's dates falls in a quarter the partnership has
 * closed. Call inside the write's transaction, before writing: it shares the partnership's period
 * lock until the transaction ends, so a close waits for this write and no close slips in between
 * the check and the commit. (Triggers on delivery_records and financial_returns refuse the same
 * writes should a path forget to ask.)
 */
@Injectable()
export class PeriodGuard {
  constructor(private readonly locks: PeriodLockRepository) {}

  /** @throws 409 period-locked when a date (`YYYY-MM-DD`) is in a closed quarter */
  async assertOpen(partnershipId: string, dates: readonly string[], what: string): Promise<void> {
    if (dates.length === 0) return;
    await this.locks.holdForWrite(partnershipId);
    const closed = await this.locks.closedAmong(partnershipId, dates);
    if (closed.length > 0) {
      throw ProblemException.periodLocked(
        closed.map((q) => q.label),
        what,
      );
    }
  }
}
