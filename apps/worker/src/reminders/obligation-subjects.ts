import {
  DEFAULT_CALENDAR_SETTINGS,
  addDays,
  chasedObligations,
  deliveryLookback,
  overlapsTerm,
  previousQuarter,
  quarterCalendar,
  quarterObligations,
  quarterOf,
  type ChasedObligation,
  type Quarter,
} from '@ol/outcomes';
import { Injectable } from '@nestjs/common';
import { CalendarRepository, ObligationRepository, type Partnership } from '@ol/persistence';

/** How many quarters before the current one are still chased. */
export const CHASED_QUARTERS_BACK = 4;

/** An obligation as chased, with its key and the names its messages use. */
export interface ChasedSubject {
  /** `obligation:<quarter>:<provider>:delivery|return`: the sent-once key's first half. */
  key: string;
  quarter: string;
  providerName: string;
  obligation: ChasedObligation;
}

/** The current quarter of `asOf` and the {@link CHASED_QUARTERS_BACK} before it, within the term. */
export function chasedQuarters(partnership: Partnership, asOf: string): Quarter[] {
  const term = { start: partnership.startDate, end: partnership.endDate };
  const quarters: Quarter[] = [];
  let quarter = quarterOf(asOf, partnership.fyStartMonth);
  for (let i = 0; i <= CHASED_QUARTERS_BACK; i++) {
    if (overlapsTerm(term, quarter)) quarters.push(quarter);
    quarter = previousQuarter(quarter);
  }
  return quarters;
}

/**
 * What each provider owes for the quarters still chased, judged on `asOf` as the obligations API
 * judges it (libs/outcomes quarterObligations over the same SQL aggregates), each provider's
 * quarter as two chased obligations (its delivery data, its return).
 */
@Injectable()
export class ObligationSubjects {
  constructor(
    private readonly calendars: CalendarRepository,
    private readonly obligations: ObligationRepository,
  ) {}

  async of(
    partnership: Partnership,
    asOf: string,
    holidays: readonly string[],
  ): Promise<{ subjects: ChasedSubject[]; outcomeNames: Map<string, string> }> {
    const pid = partnership.id;
    const settings = (await this.calendars.settings(pid)) ?? DEFAULT_CALENDAR_SETTINGS;
    const parties = await this.obligations.parties(pid, null);
    const providerNames = new Map(parties.providers.map((p) => [p.id, p.name]));
    const outcomeNames = new Map(parties.outcomes.map((o) => [o.id, `${o.title} (${o.code})`]));
    const subjects: ChasedSubject[] = [];
    for (const quarter of chasedQuarters(partnership, asOf)) {
      const calendar = quarterCalendar(
        quarter,
        settings,
        holidays.filter((h) => h > quarter.end),
      );
      const window = {
        lookbackStart: deliveryLookback(quarter).start,
        quarterStart: quarter.start,
        quarterEnd: quarter.end,
        writtenBefore: addDays(asOf, 1),
        providerIds: null,
      };
      const [coverage, returns] = await Promise.all([
        this.obligations.deliveryCoverage(pid, window),
        this.obligations.returnRevisions(pid, window),
      ]);
      const owed = quarterObligations({
        calendar,
        asOf,
        providers: parties.providers.map((p) => p.id),
        outcomes: parties.outcomes,
        deliveries: coverage,
        returns,
      });
      for (const provider of owed) {
        for (const obligation of chasedObligations(provider)) {
          subjects.push({
            key: `obligation:${quarter.label}:${obligation.providerId}:${obligation.kind}`,
            quarter: quarter.label,
            providerName: providerNames.get(obligation.providerId) ?? obligation.providerId,
            obligation,
          });
        }
      }
    }
    return { subjects, outcomeNames };
  }
}
