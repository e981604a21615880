import { ReportRefresher } from '@ol/jobs';
import { RecordFitError, checkRecordFits, latestActivityDate, planCorrection } from '@ol/outcomes';
import { Inject, Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import {
  AuditRepository,
  Db,
  DeliveryRecordRepository,
  MemberRepository,
  OutcomeRepository,
  PartnershipRepository,
  type Actor,
  type DeliveryRecord,
  type Partnership,
} from '@ol/persistence';
import { providerToActFor } from '../../common/auth/acting-for';
import type { PartnershipAccess } from '../../common/auth/auth-context';
import { actFor, visibleProviders } from '../../common/auth/policy';
import { ApiConfig } from '../../config/api.config';
import { FieldProblem, ProblemException } from '../../common/problems/problem';
import type {
  CorrectDeliveryRecordDto,
  CreateDeliveryRecordDto,
  ListDeliveryRecordsQuery,
} from './dto/delivery-record.dto';
import { PeriodGuard } from '../periods/period-guard';
import { termOf } from '../partnerships/partnership-term';

/**
 * Delivery records: logged by providers for their own organisation, append-only (corrections are
 * new records), idempotent on the provider's external reference. Their review is
 * DeliveryReviewsService's.
 */
@Injectable()
export class DeliveryRecordsService {
  constructor(
    private readonly db: Db,
    private readonly records: DeliveryRecordRepository,
    private readonly outcomes: OutcomeRepository,
    private readonly members: MemberRepository,
    private readonly partnerships: PartnershipRepository,
    private readonly audit: AuditRepository,
    private readonly refresher: ReportRefresher,
    private readonly periods: PeriodGuard,
    @Inject(ApiConfig) private readonly config: ApiConfig,
  ) {}

  /** One record; `created: false` when the external reference was already stored with the same facts. */
  async create(
    access: PartnershipAccess,
    actor: Actor,
    dto: CreateDeliveryRecordDto,
  ): Promise<{ record: DeliveryRecord; created: boolean }> {
    return this.db.transaction(async () => {
      const partnership = (await this.partnerships.findById(access.partnershipId))!;
      const providerOrgId = await this.providerFor(access, dto.providerOrganisationId);
      await this.checkRecord(partnership, dto, '');
      await this.periods.assertOpen(
        access.partnershipId,
        [dto.activityDate],
        'The delivery record',
      );
      const result = await this.insertOne(access.partnershipId, actor, providerOrgId, dto);
      if (result.created) await this.refreshReports(partnership, [dto.activityDate], actor);
      return result;
    });
  }

  /** Up to 1,000 records, all or nothing; re-sending the batch adds nothing. */
  async createBatch(
    access: PartnershipAccess,
    actor: Actor,
    dtos: CreateDeliveryRecordDto[],
  ): Promise<{ record: DeliveryRecord; created: boolean }[]> {
    return this.db.transaction(async () => {
      const partnership = (await this.partnerships.findById(access.partnershipId))!;
      const problems: FieldProblem[] = [];
      const providers: string[] = [];
      const refs = new Set<string>();
      for (const [i, dto] of dtos.entries()) {
        try {
          providers.push(
            await this.providerFor(
              access,
              dto.providerOrganisationId,
              `records[${i}].providerOrganisationId`,
            ),
          );
          await this.checkRecord(partnership, dto, `records[${i}].`);
        } catch (e) {
          if (e instanceof RecordFitError) problems.push(...e.errors);
          else if (e instanceof ProblemException && e.problem.status !== 403)
            problems.push(...(e.problem.errors ?? []));
          else throw e;
        }
        if (dto.externalRef) {
          const key = `${providers[i]}:${dto.externalRef}`;
          if (refs.has(key))
            problems.push({
              field: `records[${i}].externalRef`,
              value: dto.externalRef,
              reason: 'appears twice in the batch',
            });
          refs.add(key);
        }
      }
      if (problems.length)
        throw ProblemException.unprocessable(
          `${problems.length} problem(s) in the batch; nothing was stored.`,
          problems,
        );
      await this.periods.assertOpen(
        access.partnershipId,
        dtos.map((d) => d.activityDate),
        'The batch',
      );
      const out: { record: DeliveryRecord; created: boolean }[] = [];
      for (const [i, dto] of dtos.entries())
        out.push(await this.insertOne(access.partnershipId, actor, providers[i], dto, false));
      await this.refreshReports(
        partnership,
        out.filter((r) => r.created).map((r) => r.record.activityDate),
        actor,
      );
      await this.audit.record(access.partnershipId, actor, {
        action: 'delivery_records.batch_created',
        entityType: 'delivery_record',
        entityId: out[0]?.record.id.toString() ?? '',
        details: {
          created: out.filter((r) => r.created).length,
          duplicates: out.filter((r) => !r.created).length,
        },
      });
      return out;
    });
  }

  async get(
    access: PartnershipAccess,
    id: bigint,
  ): Promise<{ record: DeliveryRecord; corrections: DeliveryRecord[] }> {
    const record = await this.records.find(access.partnershipId, id);
    if (!record || !actFor(access, 'delivery-records', 'read', record.providerOrgId))
      throw ProblemException.notFound('Delivery record');
    return { record, corrections: await this.records.correctionsOf(access.partnershipId, id) };
  }

  list(access: PartnershipAccess, query: ListDeliveryRecordsQuery): Promise<DeliveryRecord[]> {
    const providerOrgIds = visibleProviders(
      access,
      'delivery-records',
      'read',
      query.providerOrganisationId,
    );
    return this.records.list(
      access.partnershipId,
      {
        outcomeId: query.outcomeId,
        providerOrgIds,
        from: query.from,
        to: query.to,
        status: query.status,
        kind: query.kind,
      },
      { limit: query.limit, afterId: query.after ? BigInt(query.after) : undefined },
    );
  }

  /** Reverses a record, or reverses it and records the corrected facts (amend), in one transaction. */
  correct(
    access: PartnershipAccess,
    actor: Actor,
    id: bigint,
    dto: CorrectDeliveryRecordDto,
  ): Promise<{ reversal: DeliveryRecord; amendment: DeliveryRecord | null }> {
    return this.db.transaction(async () => {
      const original = await this.records.find(access.partnershipId, id);
      if (!original || !actFor(access, 'delivery-records', 'read', original.providerOrgId))
        throw ProblemException.notFound('Delivery record');
      await this.providerFor(access, original.providerOrgId, 'recordId', 'correct');
      const existing = await this.records.correctionsOf(access.partnershipId, id);
      const plan = planCorrection(
        {
          kind: original.kind,
          activityDate: original.activityDate,
          quantity: original.quantity,
          evidenceRef: original.evidenceRef,
          evidenceGrade: original.evidenceGrade,
        },
        existing.some((c) => c.kind === 'reversal'),
        dto,
      );
      // The reversal is dated as the original; an amendment on its own date: both quarters open.
      await this.periods.assertOpen(
        access.partnershipId,
        [plan.reversal.activityDate, ...(dto.activityDate ? [dto.activityDate] : [])],
        'The correction',
      );
      const appended = { outcomeId: original.outcomeId, providerOrgId: original.providerOrgId };
      const correcting = { correctsId: original.id, correctionReason: dto.reason };
      const { record: reversal } = await this.records.insert(access.partnershipId, {
        ...appended,
        ...plan.reversal,
        activityDate: plan.reversal.activityDate,
        kind: 'reversal',
        ...correcting,
        createdBy: actor.userId,
      });
      let amendment: DeliveryRecord | null = null;
      if (plan.amendment) {
        const partnership = (await this.partnerships.findById(access.partnershipId))!;
        await this.checkRecord(
          partnership,
          { outcomeId: original.outcomeId, activityDate: plan.amendment.activityDate },
          '',
        );
        amendment = (
          await this.records.insert(access.partnershipId, {
            ...appended,
            ...plan.amendment,
            activityDate: plan.amendment.activityDate,
            kind: 'amendment',
            ...correcting,
            createdBy: actor.userId,
          })
        ).record;
      }
      await this.refreshReports(
        access.partnershipId,
        [reversal, ...(amendment ? [amendment] : [])].map((r) => r.activityDate),
        actor,
      );
      await this.audit.record(access.partnershipId, actor, {
        action: dto.action === 'reverse' ? 'delivery_record.reversed' : 'delivery_record.amended',
        entityType: 'delivery_record',
        entityId: id.toString(),
        details: {
          reason: dto.reason,
          reversalId: reversal.id.toString(),
          amendmentId: amendment?.id.toString() ?? null,
        },
      });
      return { reversal, amendment };
    });
  }

  private async insertOne(
    partnershipId: string,
    actor: Actor,
    providerOrgId: string,
    dto: CreateDeliveryRecordDto,
    auditEach = true,
  ): Promise<{ record: DeliveryRecord; created: boolean }> {
    const result = await this.records.insert(partnershipId, {
      outcomeId: dto.outcomeId,
      providerOrgId,
      activityDate: dto.activityDate,
      quantity: dto.quantity,
      evidenceRef: dto.evidenceRef ?? null,
      evidenceGrade: dto.evidenceGrade,
      externalRef: dto.externalRef ?? null,
      createdBy: actor.userId,
    });
    if (!result.created) {
      const r = result.record;
      const same =
        r.outcomeId === dto.outcomeId &&
        r.activityDate === dto.activityDate &&
        new Decimal(r.quantity).eq(dto.quantity);
      if (!same) {
        throw ProblemException.conflict(
          `externalRef ${dto.externalRef} was already used for record ${r.id.toString()} with different facts; post a correction to change it.`,
        );
      }
    } else if (auditEach) {
      await this.audit.record(partnershipId, actor, {
        action: 'delivery_record.created',
        entityType: 'delivery_record',
        entityId: result.record.id.toString(),
        details: {
          outcomeId: dto.outcomeId,
          providerOrgId,
          activityDate: dto.activityDate,
          quantity: dto.quantity,
        },
      });
    }
    return result;
  }

  /** The provider organisation the caller may write for (403 for another provider's). */
  private async providerFor(
    access: PartnershipAccess,
    requested: string | undefined,
    field = 'providerOrganisationId',
    action: 'create' | 'correct' = 'create',
  ): Promise<string> {
    const orgId = providerToActFor(access, 'delivery-records', action, requested, {
      field,
      required: 'is required: say which provider organisation delivered',
      forbidden: 'You may log delivery data only for your own provider organisation.',
    });
    if (!(await this.members.hasRole(access.partnershipId, orgId, 'provider'))) {
      throw ProblemException.unprocessable(
        'The organisation is not a provider in this partnership.',
        [{ field, value: orgId, reason: 'must be a provider member of the partnership' }],
      );
    }
    return orgId;
  }

  /** 422 naming each field unless the record fits the partnership (libs/outcomes' rule). */
  private async checkRecord(
    partnership: Partnership,
    dto: Pick<CreateDeliveryRecordDto, 'outcomeId' | 'activityDate'>,
    prefix: string,
  ): Promise<void> {
    const outcome = await this.outcomes.stateOf(partnership.id, dto.outcomeId);
    checkRecordFits(
      {
        outcomeId: dto.outcomeId,
        outcome,
        activityDate: dto.activityDate,
      },
      termOf(partnership),
      latestActivityDate(new Date().toISOString().slice(0, 10)),
      prefix,
    );
  }

  /** Late data for a closed quarter: its reports are recomputed after a debounce (one run per burst). */
  private async refreshReports(
    partnership: string | Partnership,
    dates: string[],
    actor: Actor,
  ): Promise<void> {
    if (dates.length === 0) return;
    await this.refresher.afterNewData(
      partnership,
      dates,
      new Date().toISOString().slice(0, 10),
      this.config.REPORT_DEBOUNCE_MS,
      actor.userId,
    );
  }
}
