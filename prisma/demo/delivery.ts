import type { Quarter } from '@ol/outcomes';
import type { PrismaService } from '@ol/persistence';
import type { OrgIds } from './alliance';
import { DEMO_QUARTERS, PARTNERSHIP_ID, day, plusDays } from './calendar';
import { DEMO_OUTCOMES } from './outcome-plan';
import type { DemoPeople } from './people';

/** The demo's disputes: the verifier's reason, the provider's answer and, once upheld, why. */
interface DemoDispute {
  code: string;
  quarter: number;
  record: number;
  status: 'disputed' | 'rejected';
  reason: string;
  answer: string;
  resolution: string | null;
}

/**
 * Two disputes answered by their providers and awaiting the verifier (shown beside the headline,
 * never counted in it), and one upheld (the record counts nowhere, its history kept).
 */
const DEMO_DISPUTES: readonly DemoDispute[] = [
  {
    code: 'JOBS-26W',
    quarter: 7,
    record: 0,
    status: 'disputed',
    reason: 'No evidence of the 26-week check yet',
    answer: 'The employer confirmed the 26 weeks by letter, on file as CASE-26W-0193',
    resolution: null,
  },
  {
    code: 'TENANCY-DOCKS',
    quarter: 6,
    record: 1,
    status: 'disputed',
    reason: 'The tenancy file shows a four-week break in April',
    answer: 'A transfer to another Riverside flat; the tenancy ran on (transfer letter TR-2291)',
    resolution: null,
  },
  {
    code: 'JOBS-26W',
    quarter: 4,
    record: 0,
    status: 'rejected',
    reason: 'Looks like the same person as a record in the quarter before',
    answer: 'It is a second job for the same resident',
    resolution: 'Same job and start date as in 2025-26 Q2: a duplicate',
  },
];

type Status = 'claimed' | 'verified' | 'disputed' | 'rejected';
type Grade = 'self_reported' | 'documented' | 'independently_verified';

/** A delivery record as the demo plans it, with what its review history needs. */
interface PlannedRecord {
  outcomeId: string;
  providerOrgId: string;
  activityDate: string;
  quantity: string;
  evidenceGrade: Grade;
  evidenceRef: string;
  externalRef: string;
  status: Status;
  reviewedBy: string | null;
  reviewedAt: Date | null;
  reviewNote: string | null;
  verifierEvidenceGrade: Grade | null;
  createdBy: string;
  dispute: DemoDispute | undefined;
}

/** A review event of a planned record, `days` after (or before) its review. */
interface PlannedEvent {
  event: 'verified' | 'disputed' | 'answered' | 'upheld';
  actorId: string;
  note: string | null;
  days: number;
}

const LAST = DEMO_QUARTERS.length - 1;

/**
 * The review status of record k (of `count`) of an outcome in quarter q: the verifier has checked
 * everything up to the last two quarters; of the quarter before last the last two records are
 * still claimed, of the last quarter the last 40%; the disputes are as {@link DEMO_DISPUTES} says.
 */
function statusOf(dispute: DemoDispute | undefined, q: number, k: number, count: number): Status {
  if (dispute) return dispute.status;
  if (q === LAST) return k >= Math.ceil(count * 0.6) ? 'claimed' : 'verified';
  if (q === LAST - 1) return k >= count - 2 ? 'claimed' : 'verified';
  return 'verified';
}

/**
 * Record k's day in its quarter: spread over the quarter's three months (a quarter's delivery
 * arrives month by month), or over the first two in a quarter the provider is late with.
 */
function activityDay(quarter: Quarter, months: number, k: number): Date {
  const first = day(quarter.start);
  return new Date(
    Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + (k % months), 1 + ((k * 5) % 28)),
  );
}

/** Every record of the eight quarters, outcome by outcome (parents have none of their own). */
function plannedRecords(
  outcomeIds: Map<string, string>,
  orgs: OrgIds,
  people: DemoPeople,
): PlannedRecord[] {
  return DEMO_OUTCOMES.flatMap((o) => {
    if (!o.provider) return [];
    const provider = o.provider;
    return DEMO_QUARTERS.flatMap((quarter, q) => {
      const quantities = o.records(q);
      return quantities.map((quantity, k): PlannedRecord => {
        const date = activityDay(quarter, o.lateQuarter === q ? 2 : 3, k);
        const dispute = DEMO_DISPUTES.find(
          (d) => d.code === o.code && d.quarter === q && d.record === k,
        );
        const status = statusOf(dispute, q, k, quantities.length);
        const reviewed = status !== 'claimed';
        return {
          outcomeId: outcomeIds.get(o.code)!,
          providerOrgId: orgs[provider],
          activityDate: date.toISOString().slice(0, 10),
          quantity,
          evidenceGrade: o.evidence ?? (k % 3 ? 'documented' : 'self_reported'),
          evidenceRef: `${o.code}/${quarter.label}/${k}`,
          externalRef: `demo-${o.code}-${quarter.label}-${k}`,
          status,
          reviewedBy: reviewed ? people.verifier : null,
          reviewedAt: reviewed ? plusDays(date, 30) : null,
          reviewNote: dispute ? (dispute.resolution ?? dispute.reason) : null,
          verifierEvidenceGrade:
            status === 'verified' || status === 'rejected' ? (o.evidence ?? 'documented') : null,
          createdBy: people.providers[provider],
          dispute,
        };
      });
    });
  });
}

/**
 * The review history behind a record's status: a verification for a verified record; for a
 * disputed one the dispute and the provider's answer (awaiting the verifier); for a rejected one
 * the dispute, the answer and the verifier upholding it.
 */
function eventsOf(r: PlannedRecord, verifier: string): PlannedEvent[] {
  if (r.status === 'claimed') return [];
  if (r.status === 'verified')
    return [{ event: 'verified', actorId: verifier, note: null, days: 0 }];
  const dispute = r.dispute!;
  return [
    { event: 'disputed', actorId: verifier, note: dispute.reason, days: -10 },
    { event: 'answered', actorId: r.createdBy, note: dispute.answer, days: -5 },
    ...(r.status === 'rejected'
      ? [{ event: 'upheld' as const, actorId: verifier, note: dispute.resolution, days: 0 }]
      : []),
  ];
}

/**
 * Every outcome's eight quarters of delivery and their review history, each in one set-wise
 * INSERT (unnest of column arrays: a few thousand rows in well under a second, where row-wise
 * ORM inserts took seconds). Returns the number of records.
 */
export async function seedDelivery(
  prisma: PrismaService,
  outcomeIds: Map<string, string>,
  orgs: OrgIds,
  people: DemoPeople,
): Promise<number> {
  const planned = plannedRecords(outcomeIds, orgs, people);
  const col = <K extends keyof PlannedRecord>(key: K) => planned.map((r) => r[key]);
  const inserted = await prisma.$queryRaw<{ id: bigint; externalRef: string }[]>`
    INSERT INTO delivery_records (partnership_id, outcome_id, provider_org_id, activity_date,
      quantity, evidence_grade, evidence_ref, external_ref, status, reviewed_by, reviewed_at,
      review_note, verifier_evidence_grade, created_by)
    SELECT ${PARTNERSHIP_ID}::uuid, * FROM unnest(
      ${col('outcomeId')}::uuid[], ${col('providerOrgId')}::uuid[], ${col('activityDate')}::date[],
      ${col('quantity')}::numeric[], ${col('evidenceGrade')}::evidence_grade[],
      ${col('evidenceRef')}::text[], ${col('externalRef')}::text[],
      ${col('status')}::delivery_status[], ${col('reviewedBy')}::uuid[],
      ${col('reviewedAt')}::timestamptz[], ${col('reviewNote')}::text[],
      ${col('verifierEvidenceGrade')}::evidence_grade[], ${col('createdBy')}::uuid[])
    RETURNING id, external_ref AS "externalRef"`;
  const ids = new Map(inserted.map((row) => [row.externalRef, row.id]));
  const reviews = planned.flatMap((r) =>
    eventsOf(r, people.verifier).map((e) => ({
      recordId: String(ids.get(r.externalRef)!),
      event: e.event,
      actorId: e.actorId,
      note: e.note,
      evidenceGrade:
        e.event === 'verified' || e.event === 'upheld' ? r.verifierEvidenceGrade : null,
      occurredAt: plusDays(r.reviewedAt!, e.days),
    })),
  );
  const rcol = <K extends keyof (typeof reviews)[number]>(key: K) => reviews.map((r) => r[key]);
  await prisma.$executeRaw`
    INSERT INTO delivery_record_reviews (partnership_id, record_id, event, actor_id, note,
      evidence_grade, occurred_at)
    SELECT ${PARTNERSHIP_ID}::uuid, * FROM unnest(
      ${rcol('recordId')}::bigint[], ${rcol('event')}::review_event[], ${rcol('actorId')}::uuid[],
      ${rcol('note')}::text[], ${rcol('evidenceGrade')}::evidence_grade[],
      ${rcol('occurredAt')}::timestamptz[])`;
  return inserted.length;
}
