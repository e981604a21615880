import type { DateWindow } from '@ol/outcomes';
import type { Partnership } from '@ol/persistence';

/** A partnership's term as libs/outcomes' rules take it: its first and last days, inclusive. */
export function termOf(partnership: Pick<Partnership, 'startDate' | 'endDate'>): DateWindow {
  return { start: partnership.startDate, end: partnership.endDate };
}
