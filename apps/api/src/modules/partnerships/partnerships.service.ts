import { ReportRefresher } from '@ol/jobs';
import { Inject, Injectable } from '@nestjs/common';
import {
  AuditRepository,
  Db,
  IndexSeriesRepository,
  PartnershipRepository,
  type Actor,
  type Paged,
  type Partnership,
  type PartnershipData,
} from '@ol/persistence';
import { checkPartnershipTerm } from '@ol/outcomes';
import Decimal from 'decimal.js';
import type { AuthContext } from '../../common/auth/auth-context';
import { ApiConfig } from '../../config/api.config';
import { ProblemException } from '../../common/problems/problem';
import { ShareEvaluationRequests } from '../finance/share-evaluation-requests';
import type {
  CreatePartnershipDto,
  ListPartnershipsQuery,
  UpdatePartnershipDto,
} from './dto/partnership.dto';

/**
 * Settings that change who reads which figures or who may act, not the figures: no report is
 * recomputed.
 */
const VIEW_SETTINGS: ReadonlySet<string> = new Set([
  'shareOpenBookWithProviders',
  'settlementSeparation',
]);

function toData(dto: Partial<CreatePartnershipDto>): Partial<PartnershipData> {
  const { startDate, endDate, name, ...rest } = dto;
  return {
    ...rest,
    ...(name !== undefined ? { name: name.trim() } : {}),
    ...(startDate !== undefined ? { startDate } : {}),
    ...(endDate !== undefined ? { endDate } : {}),
  };
}

/**
 * The Green Book declining schedule starts at 3.5%: it requires that rate. Refused with a 422
 * naming the field the request sent (the schedule, else the rate).
 */
function checkDiscount(
  schedule: string,
  rate: Decimal | string,
  sent: Partial<CreatePartnershipDto>,
): void {
  if (schedule !== 'green_book_declining' || new Decimal(rate).eq('0.035')) return;
  const field = sent.discountSchedule !== undefined ? 'discountSchedule' : 'discountRate';
  throw ProblemException.unprocessable('The discount settings break a rule.', [
    {
      field,
      value: field === 'discountSchedule' ? schedule : rate.toString(),
      reason:
        'the Green Book declining schedule requires a discount rate of 0.0350; use discountSchedule constant for another rate',
    },
  ]);
}

/** The term's rules (supported dates, end after start, longest term) are the domain's. */
function checkDates(start: string, end: string): void {
  checkPartnershipTerm(start, end);
}

@Injectable()
export class PartnershipsService {
  constructor(
    private readonly db: Db,
    private readonly partnerships: PartnershipRepository,
    private readonly indexSeries: IndexSeriesRepository,
    private readonly audit: AuditRepository,
    private readonly refresher: ReportRefresher,
    private readonly evaluations: ShareEvaluationRequests,
    @Inject(ApiConfig) private readonly config: ApiConfig,
  ) {}

  /** A named index series must exist (422 on the field otherwise). */
  private async checkSeries(id: string | null | undefined): Promise<void> {
    if (id && !(await this.indexSeries.findById(id))) {
      throw ProblemException.unprocessable('The price index series does not exist.', [
        {
          field: 'priceIndexSeriesId',
          value: id,
          reason: 'is not an index series (see GET /v1/index-series)',
        },
      ]);
    }
  }

  create(actor: Actor, dto: CreatePartnershipDto): Promise<Partnership> {
    const data = toData(dto) as PartnershipData;
    checkDates(data.startDate, data.endDate);
    checkDiscount(dto.discountSchedule ?? 'constant', dto.discountRate ?? '0.035', dto);
    return this.db.transaction(async () => {
      await this.checkSeries(dto.priceIndexSeriesId);
      const p = await this.partnerships.create(data);
      await this.audit.record(p.id, actor, {
        action: 'partnership.created',
        entityType: 'partnership',
        entityId: p.id,
        details: { ...dto },
      });
      return p;
    });
  }

  async get(id: string): Promise<Partnership> {
    const p = await this.partnerships.findById(id);
    if (!p) throw ProblemException.notFound('Partnership');
    return p;
  }

  update(actor: Actor, id: string, dto: UpdatePartnershipDto): Promise<Partnership> {
    return this.db.transaction(async () => {
      const current = await this.get(id);
      await this.checkSeries(dto.priceIndexSeriesId);
      const data = toData(dto);
      // The term is checked when it changes: a partnership stored under older rules (a longer
      // term) can still be renamed or closed.
      if (data.startDate !== undefined || data.endDate !== undefined) {
        checkDates(data.startDate ?? current.startDate, data.endDate ?? current.endDate);
      }
      checkDiscount(
        dto.discountSchedule ?? current.discountSchedule,
        dto.discountRate ?? current.discountRate,
        dto,
      );
      const p = await this.partnerships.update(id, data);
      await this.audit.record(id, actor, {
        action: 'partnership.updated',
        entityType: 'partnership',
        entityId: id,
        details: { ...dto },
      });
      // Settings the figures are computed with: every current report is recomputed (debounced);
      // changed inputs make a restatement, never an edit of a stored version. Who may read the
      // open book changes views, not figures.
      if (Object.keys(dto).some((k) => !VIEW_SETTINGS.has(k))) {
        await this.refresher.afterSettingsChange(id, this.config.REPORT_DEBOUNCE_MS, actor.userId);
      }
      // Which returns count changed: every provider's latest financial year is evaluated again.
      if (
        dto.provisionalReturnsCount !== undefined &&
        dto.provisionalReturnsCount !== current.provisionalReturnsCount
      ) {
        await this.evaluations.forLatestYears(id, actor.userId);
      }
      return p;
    });
  }

  list(auth: AuthContext, query: ListPartnershipsQuery): Promise<Paged<Partnership>> {
    return this.partnerships.list(
      {
        status: query.status,
        model: query.model,
        q: query.q,
        visibleToUserId: auth.isPlatformAdmin ? undefined : auth.userId,
        onlyId: auth.scope?.partnershipId,
      },
      query,
    );
  }
}
