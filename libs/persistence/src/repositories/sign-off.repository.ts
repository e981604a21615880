import { Injectable } from '@nestjs/common';
import type { BoardMember, ComparedFigures, SignOffRule } from '@ol/outcomes';
import { Db } from '../db';
import { dateOfDay } from '../util/dates';
import type { ReportKey } from './report.mapper';
import {
  Prisma,
  type ReportReviewDecisionKind,
  type ReportReviewStatus,
  type SignOffRuleKind,
} from '../prisma-client';

/** The partnership's sign-off rule, who set it and when. */
export interface SignOffRuleView {
  rule: SignOffRule;
  updatedBy: string | null;
  updatedAt: Date;
}

/** One decision in a review round. */
export interface ReviewDecisionView {
  id: string;
  reviewerId: string;
  /** The member organisation the reviewer represented when deciding (null: none). */
  organisationId: string | null;
  decision: ReportReviewDecisionKind;
  comment: string | null;
  decidedAt: Date;
}

/** A review round of one report version, with its decisions, oldest first. */
export interface ReviewRoundView {
  id: string;
  reportId: string;
  round: number;
  rule: SignOffRule;
  status: ReportReviewStatus;
  openedBy: string;
  openedAt: Date;
  settledBy: string | null;
  settledAt: Date | null;
  decisions: ReviewDecisionView[];
}

/** A signed-off version of a report (scope and period) and what a later version compares with. */
export interface SignedOffVersion {
  reportId: string;
  version: number;
  signedOffAt: Date;
  compared: ComparedFigures;
}

const ruleOf = (kind: SignOffRuleKind, quorum: number | null): SignOffRule =>
  kind === 'quorum' ? { kind, quorum: quorum! } : { kind };

/**
 * What a later version compares with: a version's `compared` figures, or (stored before them) the
 * same cut from its figures by PostgreSQL (see ReportRepository's PriorVersions). `r` is reports.
 */
const COMPARED = Prisma.raw(`coalesce(r.compared, jsonb_build_object(
  'totals', r.figures::jsonb->'totals',
  'outcomes', coalesce((
    SELECT jsonb_agg(jsonb_build_object(
             'outcomeId', o->'outcomeId', 'code', o->'code', 'actual', o->'actual',
             'target', o->'target', 'rag', o->'rag', 'presentValue', o->'presentValue')
           ORDER BY n)
      FROM jsonb_array_elements(r.figures::jsonb->'outcomes') WITH ORDINALITY AS e(o, n)),
    '[]'::jsonb)))`);

/** The advisory lock class of a report version's review (one per version). */
const LOCK_CLASS = 'report_review';

/**
 * Board sign-off of report versions: the partnership's rule, review rounds (one open at a time per
 * version; a round ends once) and the reviewers' decisions (append-only). Writes join the caller's
 * transaction.
 */
@Injectable()
export class SignOffRepository {
  constructor(private readonly db: Db) {}

  async rule(partnershipId: string): Promise<SignOffRuleView | null> {
    const row = await this.db.client.signOffRule.findUnique({ where: { partnershipId } });
    return row
      ? { rule: ruleOf(row.kind, row.quorum), updatedBy: row.updatedBy, updatedAt: row.updatedAt }
      : null;
  }

  async saveRule(
    partnershipId: string,
    rule: SignOffRule,
    updatedBy: string,
  ): Promise<SignOffRuleView> {
    const values = {
      kind: rule.kind,
      quorum: rule.kind === 'quorum' ? rule.quorum : null,
      updatedBy,
      updatedAt: new Date(),
    };
    const row = await this.db.client.signOffRule.upsert({
      where: { partnershipId },
      create: { partnershipId, ...values },
      update: values,
    });
    return {
      rule: ruleOf(row.kind, row.quorum),
      updatedBy: row.updatedBy,
      updatedAt: row.updatedAt,
    };
  }

  /**
   * The partnership's board today: each user holding the board role (not disabled, nor suspended
   * in the partnership), with the
   * member organisation they represent (null when they name none, or it is no longer a member).
   */
  board(partnershipId: string): Promise<BoardMember[]> {
    return this.db.client.$queryRaw<BoardMember[]>`
      SELECT r.user_id::text AS "userId",
             CASE WHEN EXISTS (SELECT 1 FROM members m
                                WHERE m.partnership_id = r.partnership_id
                                  AND m.organisation_id = r.organisation_id)
                  THEN r.organisation_id::text END AS "organisationId"
        FROM user_roles r JOIN users u ON u.id = r.user_id
       WHERE r.partnership_id = ${partnershipId}::uuid AND r.role = 'board'
         AND r.suspended_at IS NULL AND u.disabled_at IS NULL
       ORDER BY r.created_at, r.user_id`;
  }

  /** Holds the version's review alone until the transaction ends. Call inside one. */
  async hold(partnershipId: string, reportId: string): Promise<void> {
    await this.db.client.$queryRaw`
      SELECT pg_advisory_xact_lock(hashtext(${LOCK_CLASS}), hashtext(${partnershipId + reportId}))::text`;
  }

  /** The rounds of each given version, oldest first, with their decisions. */
  async rounds(
    partnershipId: string,
    reportIds: readonly string[],
  ): Promise<Map<string, ReviewRoundView[]>> {
    const out = new Map<string, ReviewRoundView[]>(reportIds.map((id) => [id, []]));
    if (reportIds.length === 0) return out;
    const rows = await this.db.client.reportReview.findMany({
      where: { partnershipId, reportId: { in: [...reportIds] } },
      orderBy: [{ reportId: 'asc' }, { round: 'asc' }],
    });
    const decisions = await this.db.client.reportReviewDecision.findMany({
      where: { partnershipId, reviewId: { in: rows.map((r) => r.id) } },
      orderBy: { id: 'asc' },
    });
    for (const r of rows) {
      out.get(r.reportId)?.push({
        id: r.id,
        reportId: r.reportId,
        round: r.round,
        rule: ruleOf(r.ruleKind, r.ruleQuorum),
        status: r.status,
        openedBy: r.openedBy,
        openedAt: r.openedAt,
        settledBy: r.settledBy,
        settledAt: r.settledAt,
        decisions: decisions
          .filter((d) => d.reviewId === r.id)
          .map((d) => ({
            id: d.id.toString(),
            reviewerId: d.reviewerId,
            organisationId: d.organisationId,
            decision: d.decision,
            comment: d.comment,
            decidedAt: d.decidedAt,
          })),
      });
    }
    return out;
  }

  /** The versions with a round open in the partnership. */
  async inReview(partnershipId: string): Promise<string[]> {
    const rows = await this.db.client.reportReview.findMany({
      where: { partnershipId, status: 'in_review' },
      select: { reportId: true },
      orderBy: { openedAt: 'asc' },
    });
    return rows.map((r) => r.reportId);
  }

  /** Opens round `round` of a version under `rule`. Call after {@link hold}. */
  async open(
    partnershipId: string,
    reportId: string,
    round: number,
    rule: SignOffRule,
    openedBy: string,
  ): Promise<void> {
    await this.db.client.reportReview.create({
      data: {
        partnershipId,
        reportId,
        round,
        ruleKind: rule.kind,
        ruleQuorum: rule.kind === 'quorum' ? rule.quorum : null,
        openedBy,
      },
    });
  }

  /** Records a reviewer's decision in a round. Call after {@link hold}. */
  async decide(
    partnershipId: string,
    reviewId: string,
    d: {
      reviewerId: string;
      organisationId: string | null;
      decision: ReportReviewDecisionKind;
      comment: string | null;
    },
  ): Promise<void> {
    await this.db.client.reportReviewDecision.create({ data: { partnershipId, reviewId, ...d } });
  }

  /** Ends an open round, signed off or declined, by the decision of `settledBy`. */
  async settle(
    partnershipId: string,
    reviewId: string,
    status: Exclude<ReportReviewStatus, 'in_review'>,
    settledBy: string,
  ): Promise<void> {
    await this.db.client.reportReview.update({
      where: { partnershipId_id: { partnershipId, id: reviewId } },
      data: { status, settledBy, settledAt: new Date() },
    });
  }

  /**
   * The latest signed-off version of a report (scope and period) before `beforeVersion`, with the
   * figures a later version compares with; null when none was signed off.
   */
  async lastSignedOff(
    partnershipId: string,
    key: ReportKey,
    beforeVersion: number,
  ): Promise<SignedOffVersion | null> {
    const [start, end] = [dateOfDay(key.periodStart), dateOfDay(key.periodEnd)];
    const rows = await this.db.client.$queryRaw<
      { reportId: string; version: number; signedOffAt: Date; compared: ComparedFigures }[]
    >`
      SELECT r.id::text AS "reportId", r.version, v.settled_at AS "signedOffAt",
             ${COMPARED} AS compared
        FROM reports r
        JOIN report_reviews v ON v.partnership_id = r.partnership_id AND v.report_id = r.id
       WHERE r.partnership_id = ${partnershipId}::uuid AND r.scope = ${key.scope}::report_scope
         AND r.period_start = ${start}::date AND r.period_end = ${end}::date
         AND r.version < ${beforeVersion}::int AND v.status = 'signed_off'
       ORDER BY r.version DESC
       LIMIT 1`;
    return rows[0] ?? null;
  }

  /** What a version compares with (its `compared` figures, or those cut from its figures). */
  async comparedOf(partnershipId: string, reportId: string): Promise<ComparedFigures | null> {
    const rows = await this.db.client.$queryRaw<{ compared: ComparedFigures }[]>`
      SELECT ${COMPARED} AS compared
        FROM reports r
       WHERE r.partnership_id = ${partnershipId}::uuid AND r.id = ${reportId}::uuid`;
    return rows[0]?.compared ?? null;
  }

  /** Every version of a report (scope and period), oldest first, for its history. */
  versions(
    partnershipId: string,
    key: ReportKey,
  ): Promise<{ id: string; version: number; changes: Prisma.JsonValue | null; createdAt: Date }[]> {
    return this.db.client.report.findMany({
      where: {
        partnershipId,
        scope: key.scope,
        periodStart: dateOfDay(key.periodStart),
        periodEnd: dateOfDay(key.periodEnd),
      },
      select: { id: true, version: true, changes: true, createdAt: true },
      orderBy: { version: 'asc' },
    });
  }
}
