import { Injectable } from '@nestjs/common';

/**
 * Today's calendar date (UTC) for the automatic close of quarters. A provider of its own, so a
 * test can say what day it is (no waiting for a deadline to pass).
 */
@Injectable()
export class PeriodClock {
  today(): string {
    return new Date().toISOString().slice(0, 10);
  }
}
