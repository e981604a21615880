import { Injectable } from '@nestjs/common';
import { addDays, deliveryLookback, quarterObligations } from '@ol/outcomes';
import { ObligationRepository, type ObligationWindow } from '@ol/persistence';
import type { PartnershipAccess } from '../../common/auth/auth-context';
import { seesEveryProvidersObligations } from '../../common/auth/obligations-access';
import { CalendarService } from './calendar.service';
import type { ObligationsQuery, ObligationsResponse } from './dto/obligations.dto';

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
  ): Promise<ObligationsResponse> {
    const { calendar } = await this.calendars.calendarOf(access.partnershipId, query.quarter);
    const asOf = query.asOf ?? today();
    const allProviders = seesEveryProvidersObligations(access);
    const window: ObligationWindow = {
      lookbackStart: deliveryLookback(calendar.quarter).start,
      quarterStart: calendar.quarter.start,
      quarterEnd: calendar.quarter.end,
      writtenBefore: addDays(asOf, 1),
      providerIds: allProviders ? null : access.providerOrganisationIds,
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
    const names = new Map(parties.providers.map((p) => [p.id, p.name]));
    const outcomes = new Map(parties.outcomes.map((o) => [o.id, o]));
    const records = new Map(coverage.map((c) => [`${c.providerId}/${c.outcomeId}`, c.records]));
    const returnOf = new Map(returns.map((r) => [r.providerId, r]));
    return {
      quarter: calendar.quarter.label,
      asOf,
      deliveryDeadline: calendar.deliveryDeadline,
      returnDeadline: calendar.returnDeadline,
      boardReview: calendar.boardReview,
      allProviders,
      lateProviders: owed.filter((p) => p.late).map((p) => p.providerId),
      providers: owed.map((p) => ({
        organisationId: p.providerId,
        name: names.get(p.providerId)!,
        late: p.late,
        overdue: p.overdue,
        deliveries: p.deliveries.map((d) => ({
          outcomeId: d.outcomeId,
          outcomeCode: outcomes.get(d.outcomeId)!.code,
          outcomeTitle: outcomes.get(d.outcomeId)!.title,
          because: d.because,
          dueBy: d.dueBy,
          arrival: d.arrival,
          monthsWithData: [...d.monthsWithData],
          monthsMissing: [...d.monthsMissing],
          records: records.get(`${p.providerId}/${d.outcomeId}`) ?? 0,
          status: d.status,
        })),
        financialReturn: {
          ...p.financialReturn,
          firstSubmittedAt: returnOf.get(p.providerId)?.firstSubmittedAt ?? null,
          latestReviewStatus: returnOf.get(p.providerId)?.latestReviewStatus ?? null,
        },
      })),
    };
  }
}
