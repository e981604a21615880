import {
  NO_ENTRIES,
  toDecimal,
  type DeliveryStatus,
  type ProviderDelivery,
  type QuarterDelivery,
  type StatusTotals,
} from '@ol/outcomes';
import {
  groupBy,
  type EffectiveAggregate,
  type QuarterAggregate,
  type ReportOutcome,
} from '@ol/persistence';

/** How the report builder reads the delivery aggregates: per outcome and quarter, per provider. */

const NO_DELIVERY: QuarterDelivery = {
  verified: NO_ENTRIES,
  claimed: NO_ENTRIES,
  disputed: NO_ENTRIES,
};

/** Rows of one outcome and quarter (one per provider in the window) as one: counts and sums add. */
function mergeSums(rows: readonly QuarterAggregate[]): QuarterAggregate {
  if (rows.length === 1) return rows[0];
  const add = (pick: (r: QuarterAggregate) => string): string =>
    rows.reduce((s, r) => s.plus(toDecimal(pick(r), 'sum')), toDecimal('0', 'sum')).toString();
  const count = (pick: (r: QuarterAggregate) => number): number =>
    rows.reduce((n, r) => n + pick(r), 0);
  return {
    outcomeId: rows[0].outcomeId,
    quarterStart: rows[0].quarterStart,
    providerId: null,
    verifiedRecords: count((r) => r.verifiedRecords),
    verifiedSum: add((r) => r.verifiedSum),
    claimedRecords: count((r) => r.claimedRecords),
    claimedSum: add((r) => r.claimedSum),
    disputedRecords: count((r) => r.disputedRecords),
    disputedSum: add((r) => r.disputedSum),
  };
}

/**
 * Each outcome's delivery in force per quarter and review status, from the two aggregates: the
 * sums (count outcomes; per provider in the window, added up here) and the entries with their
 * latest (scores and stock levels).
 */
export function deliveryReader(
  sums: readonly QuarterAggregate[],
  effective: readonly EffectiveAggregate[],
): (o: ReportOutcome, quarterStart: string) => QuarterDelivery {
  const sumBy = new Map(
    [...groupBy(sums, (r) => `${r.outcomeId}|${r.quarterStart}`)].map(([k, rows]) => [
      k,
      mergeSums(rows),
    ]),
  );
  const effBy = new Map(effective.map((r) => [`${r.outcomeId}|${r.quarterStart}|${r.status}`, r]));
  const summed = (count: number, sum: string): StatusTotals =>
    count === 0 ? NO_ENTRIES : { count, sum, latest: null, latestAt: null };
  const entries = (o: ReportOutcome, q: string, status: DeliveryStatus): StatusTotals => {
    const r = effBy.get(`${o.id}|${q}|${status}`);
    return r ? { count: r.count, sum: r.sum, latest: r.latest, latestAt: r.latestAt } : NO_ENTRIES;
  };
  return (o, q) => {
    if (o.aggregation !== 'sum') {
      return {
        verified: entries(o, q, 'verified'),
        claimed: entries(o, q, 'claimed'),
        disputed: entries(o, q, 'disputed'),
      };
    }
    const r = sumBy.get(`${o.id}|${q}`);
    if (!r) return NO_DELIVERY;
    return {
      verified: summed(r.verifiedRecords, r.verifiedSum),
      claimed: summed(r.claimedRecords, r.claimedSum),
      disputed: summed(r.disputedRecords, r.disputedSum),
    };
  };
}

/**
 * Each count outcome's window delivery by provider (verified and claimed sums per window quarter),
 * providers in order of id; `nameOf` names them.
 */
export function providersReader(
  sums: readonly QuarterAggregate[],
  windowQuarters: readonly { start: string }[],
  nameOf: (id: string) => string,
): (o: ReportOutcome) => ProviderDelivery[] {
  const index = new Map(windowQuarters.map((q, i) => [q.start, i]));
  const byOutcome = groupBy(
    sums.filter((r) => r.providerId !== null && index.has(r.quarterStart)),
    (r) => r.outcomeId,
  );
  return (o) => {
    if (o.aggregation !== 'sum') return [];
    const rows = byOutcome.get(o.id) ?? [];
    const byProvider = groupBy(rows, (r) => r.providerId!);
    return [...byProvider.keys()].sort().map((id) => {
      const window = windowQuarters.map(() => ({ verified: '0', claimed: '0' }));
      for (const r of byProvider.get(id)!) {
        window[index.get(r.quarterStart)!] = { verified: r.verifiedSum, claimed: r.claimedSum };
      }
      return { id, name: nameOf(id), window };
    });
  };
}
