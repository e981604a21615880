import { Inject, Injectable } from '@nestjs/common';
import { WorkerConfig } from '../config/worker.config';

/**
 * The time reminders are judged at: the real clock, or the instant CLOCK_FIXED_AT names (tests
 * and demos: a process started at a given day decides what that day would). A provider of its
 * own, so nothing that decides a reminder reads Date.now().
 */
@Injectable()
export class WorkerClock {
  private readonly fixed: Date | null;

  constructor(@Inject(WorkerConfig) config: WorkerConfig) {
    this.fixed = config.CLOCK_FIXED_AT ? new Date(config.CLOCK_FIXED_AT) : null;
  }

  now(): Date {
    return this.fixed ? new Date(this.fixed) : new Date();
  }

  /** Today's date (UTC), `YYYY-MM-DD`. */
  today(): string {
    return this.now().toISOString().slice(0, 10);
  }
}
