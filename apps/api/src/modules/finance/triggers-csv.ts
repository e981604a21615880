import { stringify } from 'csv-stringify/sync';
import { neutralised } from '../reports/report-csv';
import { TriggerResponse, type TriggerView } from './dto/share-ledger.dto';

/** The columns of the triggers CSV: the API's field names, in snake case. */
export const TRIGGER_CSV_COLUMNS = [
  'trigger_id',
  'rule_id',
  'provider_organisation_id',
  'window_start',
  'window_end',
  'crossing_no',
  'reason',
  'from_state',
  'to_state',
  'ytd_variation',
  'ytd_gain',
  'ytd_pain',
  'status',
  'party_id',
  'organisation_id',
  'party_name',
  'party_role',
  'entitlement',
  'raised_before',
  'adjustment',
  'settled_amount',
  'retained',
  'paid_on',
  'payment_reference',
] as const;

/**
 * Triggers as finance staff take them into a spreadsheet: one row per trigger and party, in the
 * API's words (`below | warning | above | pain_share`, `crossing | adjustment`) and amounts (the
 * adjustment: entitlement − raised before, the money due now; what was settled against it). The
 * evaluation's year-to-date figures (`ytd_*`) repeat on each party's row as context: sum the
 * adjustment column, never those. Text a spreadsheet would
 * run as a formula is neutralised; amounts are plain decimals.
 */
export function triggersToCsv(views: readonly TriggerView[]): string {
  const rows = views.flatMap((view) => {
    const t = TriggerResponse.from(view);
    const settled = new Map(t.settlements.map((s) => [s.partyId, s]));
    return t.adjustments.map((a) => {
      const s = settled.get(a.partyId);
      return [
        t.id,
        t.ruleId,
        t.providerOrganisationId,
        t.windowStart,
        t.windowEnd,
        String(t.crossingNo),
        t.reason,
        t.fromState,
        t.toState,
        t.variation,
        t.gain,
        t.pain ?? '',
        t.status,
        neutralised(a.partyId),
        a.organisationId ?? '',
        neutralised(a.name),
        a.role,
        a.entitlement,
        a.raisedBefore,
        a.amount,
        s?.amount ?? '',
        s ? String(s.retained) : '',
        s?.paidOn ?? '',
        s ? neutralised(s.reference) : '',
      ];
    });
  });
  return stringify([[...TRIGGER_CSV_COLUMNS], ...rows]);
}
