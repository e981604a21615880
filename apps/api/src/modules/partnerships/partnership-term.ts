import type { DateWindow } from '@ol/outcomes';
import type { Partnership } from '@ol/persistence';
import { dateToDateOnly } from '../../common/validation/validators';

/** A partnership's term as libs/outcomes' rules take it: its first and last days, inclusive. */
export function termOf(partnership: Pick<Partnership, 'startDate' | 'endDate'>): DateWindow {
  return { start: dateToDateOnly(partnership.startDate), end: dateToDateOnly(partnership.endDate) };
}
