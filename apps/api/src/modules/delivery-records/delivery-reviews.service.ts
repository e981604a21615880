import { ReportRefresher } from '@ol/jobs';
import { reviewStep, type ReviewAction } from '@ol/outcomes';
import { Inject, Injectable } from '@nestjs/common';
import {
  AuditRepository,
  Db,
  DeliveryRecordRepository,
  DeliveryReviewRepository,
  type Actor,
  type DeliveryRecord,
  type DeliveryRecordReview,
  type EvidenceGrade,
} from '@ol/persistence';
import type { PartnershipAccess } from '../../common/auth/auth-context';
import { actFor } from '../../common/auth/policy';
import { ProblemException, ProblemType } from '../../common/problems/problem';
import { dateToDateOnly } from '../../common/validation/validators';
import { ApiConfig } from '../../config/api.config';
import type {
  AnswerDisputeDto,
  ResolveDisputeDto,
  ReviewDeliveryRecordDto,
} from './dto/delivery-review.dto';
import { PeriodGuard } from '../periods/period-guard';

/** Who may take a review step: a verifier (or admin, for verify and dispute) or the record's provider. */
type Party = 'reviewer' | 'provider';

/**
 * The review of delivery records: verifiers verify or dispute, the record's provider answers a
 * dispute, a verifier resolves it (accepted: verified; upheld: rejected). The state rule is
 * libs/outcomes' reviewStep; every step is kept in the record's history with its actor, time and
 * text, and a step that changes the status asks for the reports covering the record again.
 */
@Injectable()
export class DeliveryReviewsService {
  constructor(
    private readonly db: Db,
    private readonly records: DeliveryRecordRepository,
    private readonly reviews: DeliveryReviewRepository,
    private readonly audit: AuditRepository,
    private readonly refresher: ReportRefresher,
    private readonly periods: PeriodGuard,
    @Inject(ApiConfig) private readonly config: ApiConfig,
  ) {}

  review(
    access: PartnershipAccess,
    actor: Actor,
    id: bigint,
    dto: ReviewDeliveryRecordDto,
  ): Promise<DeliveryRecord> {
    if (dto.status === 'disputed') {
      if (dto.note === undefined) {
        throw ProblemException.unprocessable('A dispute gives its reason.', [
          { field: 'note', reason: 'is required when disputing: the reason the provider answers' },
        ]);
      }
      if (dto.evidenceGrade !== undefined) {
        throw ProblemException.unprocessable('Evidence is graded when verifying or resolving.', [
          {
            field: 'evidenceGrade',
            value: dto.evidenceGrade,
            reason: 'is given only when verifying (or resolving a dispute)',
          },
        ]);
      }
    }
    const action = dto.status === 'verified' ? 'verify' : 'dispute';
    return this.step(access, actor, id, action, 'reviewer', dto.note ?? null, dto.evidenceGrade);
  }

  answer(
    access: PartnershipAccess,
    actor: Actor,
    id: bigint,
    dto: AnswerDisputeDto,
  ): Promise<DeliveryRecord> {
    return this.step(access, actor, id, 'answer', 'provider', dto.response);
  }

  resolve(
    access: PartnershipAccess,
    actor: Actor,
    id: bigint,
    dto: ResolveDisputeDto,
  ): Promise<DeliveryRecord> {
    const action = dto.decision === 'accepted' ? 'accept' : 'uphold';
    return this.step(access, actor, id, action, 'reviewer', dto.note, dto.evidenceGrade);
  }

  async history(
    access: PartnershipAccess,
    id: bigint,
  ): Promise<{ record: DeliveryRecord; events: DeliveryRecordReview[] }> {
    const record = await this.records.find(access.partnershipId, id);
    if (!record || !actFor(access, 'delivery-records', 'read', record.providerOrgId))
      throw ProblemException.notFound('Delivery record');
    return { record, events: await this.reviews.history(access.partnershipId, id) };
  }

  /** One step, on the locked record: checked, recorded, audited, and reports asked for again. */
  private step(
    access: PartnershipAccess,
    actor: Actor,
    id: bigint,
    action: ReviewAction,
    party: Party,
    note: string | null,
    evidenceGrade?: EvidenceGrade,
  ): Promise<DeliveryRecord> {
    const pid = access.partnershipId;
    return this.db.transaction(async () => {
      const record = await this.reviews.lockRecord(pid, id);
      if (!record || !actFor(access, 'delivery-records', 'read', record.providerOrgId))
        throw ProblemException.notFound('Delivery record');
      this.checkParty(access, actor, record, party);
      const latest = await this.reviews.latest(pid, id);
      const step = reviewStep(
        { status: record.status, answered: latest?.event === 'answered' },
        action,
      );
      if (!step.allowed) {
        throw ProblemException.conflict(
          `Cannot ${action} record ${id.toString()}: ${step.reason}.`,
          ProblemType.ReviewState,
        );
      }
      // A step that changes what counts is a write to the record's quarter; an answer is not.
      if (action !== 'answer') {
        await this.periods.assertOpen(
          pid,
          [dateToDateOnly(record.activityDate)],
          'A review of the record',
        );
      }
      const { record: after } = await this.reviews.apply(pid, id, {
        event: step.event,
        status: step.status,
        actorId: actor.userId!,
        note,
        evidenceGrade: evidenceGrade ?? null,
      });
      if (after.status !== record.status) {
        await this.refresher.afterNewData(
          pid,
          [dateToDateOnly(record.activityDate)],
          new Date().toISOString().slice(0, 10),
          this.config.REPORT_DEBOUNCE_MS,
          actor.userId,
        );
      }
      await this.audit.record(pid, actor, {
        action: `delivery_record.${step.event}`,
        entityType: 'delivery_record',
        entityId: id.toString(),
        details: {
          from: record.status,
          to: after.status,
          note,
          evidenceGrade: evidenceGrade ?? null,
        },
      });
      return after;
    });
  }

  private checkParty(
    access: PartnershipAccess,
    actor: Actor,
    record: DeliveryRecord,
    party: Party,
  ): void {
    if (party === 'reviewer' && record.createdBy && record.createdBy === actor.userId) {
      throw ProblemException.forbidden('You cannot review a record you logged yourself.');
    }
    if (
      party === 'provider' &&
      !actFor(access, 'delivery-records', 'answer', record.providerOrgId)
    ) {
      throw ProblemException.forbidden(
        'Only a member of the record’s provider organisation may answer its dispute.',
      );
    }
  }
}
