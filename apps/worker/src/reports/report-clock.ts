import { Injectable } from '@nestjs/common';

/**
 * Today's calendar date (UTC) for report runs: a version produced before its window ends is
 * provisional. A provider of its own, so a test can say what day it is.
 */
@Injectable()
export class ReportClock {
  today(): string {
    return new Date().toISOString().slice(0, 10);
  }
}
