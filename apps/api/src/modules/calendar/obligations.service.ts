import { Injectable } from '@nestjs/common';
import {
  addDays,
  deliveryLookback,
  quarterObligations,
  type ProviderObligations,
  type QuarterCalendar,
} from '@ol/outcomes';
import {
  ObligationRepository,
  type DeliveryCoverage,
  type ObligationWindow,
  type ObligedOutcome,
  type ObligedProvider,
  type ReturnRevisions,
} from '@ol/persistence';
import type { PartnershipAccess } from '../../common/auth/auth-context';
import { visibleProviders } from '../../common/auth/policy';
import { CalendarService } from './calendar.service';
import type { ObligationsQuery } from './dto/obligations.dto';

/** A quarter's obligations as decided, with the rows they were decided from (names, counts). */
export interface QuarterObligations {
  calendar: QuarterCalendar;
  asOf: string;
  /** Whether every provider is listed, or only the caller's own. */
  allProviders: boolean;
  owed: ProviderObligations[];
  parties: { providers: ObligedProvider[]; outcomes: ObligedOutcome[] };
  coverage: DeliveryCoverage[];
  returns: ReturnRevisions[];
}

/** The server's UTC date: the default day obligations are judged on. */
const today = (): string => new Date().toISOString().slice(0, 10);

/**
 * What is owed for a quarter, by whom, by when, and what has arrived: reads the partnership's
 * providers, outcomes and what arrived (aggregated in SQL), and lets libs/outcomes
 * quarterObligations decide what is owed and who is late. A provider sees what its own
 * organisations owe; the oversight roles see every provider.
 */
@Injectable()
export class ObligationsService {
  constructor(
    private readonly calendars: CalendarService,
    private readonly obligations: ObligationRepository,
  ) {}

  async forQuarter(
    access: PartnershipAccess,
    query: ObligationsQuery,
  ): Promise<QuarterObligations> {
    const { calendar } = await this.calendars.calendarOf(access.partnershipId, query.quarter);
    const asOf = query.asOf ?? today();
    const visible = visibleProviders(access, 'obligations', 'read');
    const allProviders = visible === undefined;
    const window: ObligationWindow = {
      lookbackStart: deliveryLookback(calendar.quarter).start,
      quarterStart: calendar.quarter.start,
      quarterEnd: calendar.quarter.end,
      writtenBefore: addDays(asOf, 1),
      providerIds: visible ?? null,
    };
    const [parties, coverage, returns] = await Promise.all([
      this.obligations.parties(access.partnershipId, window.providerIds),
      this.obligations.deliveryCoverage(access.partnershipId, window),
      this.obligations.returnRevisions(access.partnershipId, window),
    ]);
    const owed = quarterObligations({
      calendar,
      asOf,
      providers: parties.providers.map((p) => p.id),
      outcomes: parties.outcomes,
      deliveries: coverage,
      returns,
    });
    return { calendar, asOf, allProviders, owed, parties, coverage, returns };
  }
}
