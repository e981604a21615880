import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ARRIVALS,
  OBLIGATION_STATUSES,
  type Arrival,
  type ObligationStatus,
  type OwedBecause,
} from '@ol/outcomes';
import { IsDateOnly, Optional } from '../../../common/validation/validators';
import type { QuarterObligations } from '../obligations.service';
import { QuarterQuery } from './calendar.dto';

const OWED_BECAUSE: OwedBecause[] = ['recent_delivery', 'no_delivery_history'];

export class ObligationsQuery extends QuarterQuery {
  @ApiPropertyOptional({
    example: '2026-07-15',
    format: 'date',
    description:
      'The day to judge on (default: today, UTC): only what was written by the end of that day (UTC) has arrived, and what is still missing after its deadline is overdue',
  })
  @Optional()
  @IsDateOnly()
  asOf?: string;
}

export class DeliveryObligationResponse {
  @ApiProperty({ format: 'uuid' }) outcomeId!: string;
  @ApiProperty({ example: 'JOBS' }) outcomeCode!: string;
  @ApiProperty({ example: 'Into work' }) outcomeTitle!: string;
  @ApiProperty({
    enum: OWED_BECAUSE,
    description:
      '`recent_delivery`: the provider logged this outcome in the quarter or the four before; `no_delivery_history`: it logged none of the active outcomes then, so it owes every one without children',
  })
  because!: OwedBecause;
  @ApiProperty({ example: '2026-07-14', format: 'date' }) dueBy!: string;
  @ApiProperty({
    enum: ARRIVALS,
    description:
      '`complete`: records in force (not reversed, not rejected) for every month of the quarter; `partial`: for some months; `none`: no records',
  })
  arrival!: Arrival;
  @ApiProperty({ type: [String], example: ['2026-04', '2026-05'] }) monthsWithData!: string[];
  @ApiProperty({ type: [String], example: ['2026-06'] }) monthsMissing!: string[];
  @ApiProperty({ example: 14, description: 'Records in force for the quarter' }) records!: number;
  @ApiProperty({
    enum: OBLIGATION_STATUSES,
    description: '`overdue`: past `dueBy` on `asOf` and not complete; `pending`: not yet due',
  })
  status!: ObligationStatus;
}

export class ReturnObligationResponse {
  @ApiProperty({ example: '2026-07-28', format: 'date' }) dueBy!: string;
  @ApiProperty({
    enum: ['none', 'complete'],
    description: '`complete` once any revision of the quarter’s return has been submitted',
  })
  arrival!: Arrival;
  @ApiProperty({ example: 1 }) revisions!: number;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  firstSubmittedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'submitted' })
  latestReviewStatus!: string | null;
  @ApiProperty({ enum: OBLIGATION_STATUSES }) status!: ObligationStatus;
}

export class ProviderObligationsResponse {
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty({ example: 'Acme Employment CIC' }) name!: string;
  @ApiProperty({ description: 'True when anything is overdue' }) late!: boolean;
  @ApiProperty({ example: 0, description: 'Overdue obligations, deliveries and return' })
  overdue!: number;
  @ApiProperty({ type: [DeliveryObligationResponse] }) deliveries!: DeliveryObligationResponse[];
  @ApiProperty({ type: ReturnObligationResponse }) financialReturn!: ReturnObligationResponse;
}

export class ObligationsResponse {
  @ApiProperty({ example: '2026-27 Q1' }) quarter!: string;
  @ApiProperty({ example: '2026-08-01', format: 'date' }) asOf!: string;
  @ApiProperty({ example: '2026-07-14', format: 'date' }) deliveryDeadline!: string;
  @ApiProperty({ example: '2026-07-28', format: 'date' }) returnDeadline!: string;
  @ApiProperty({ example: '2026-08-11', format: 'date' }) boardReview!: string;
  @ApiProperty({
    description:
      'Whether every provider is listed (admin, board, finance, auditor, verifier) or only the caller’s own organisations (a provider: what it owes)',
  })
  allProviders!: boolean;
  @ApiProperty({ type: [String], format: 'uuid', description: 'Providers with anything overdue' })
  lateProviders!: string[];
  @ApiProperty({ type: [ProviderObligationsResponse] }) providers!: ProviderObligationsResponse[];

  static from(o: QuarterObligations): ObligationsResponse {
    const names = new Map(o.parties.providers.map((p) => [p.id, p.name]));
    const outcomes = new Map(o.parties.outcomes.map((x) => [x.id, x]));
    const records = new Map(o.coverage.map((c) => [`${c.providerId}/${c.outcomeId}`, c.records]));
    const returns = new Map(o.returns.map((r) => [r.providerId, r]));
    return {
      quarter: o.calendar.quarter.label,
      asOf: o.asOf,
      deliveryDeadline: o.calendar.deliveryDeadline,
      returnDeadline: o.calendar.returnDeadline,
      boardReview: o.calendar.boardReview,
      allProviders: o.allProviders,
      lateProviders: o.owed.filter((p) => p.late).map((p) => p.providerId),
      providers: o.owed.map((p) => ({
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
          dueBy: p.financialReturn.dueBy,
          arrival: p.financialReturn.arrival,
          revisions: p.financialReturn.revisions,
          firstSubmittedAt: returns.get(p.providerId)?.firstSubmittedAt ?? null,
          latestReviewStatus: returns.get(p.providerId)?.latestReviewStatus ?? null,
          status: p.financialReturn.status,
        },
      })),
    };
  }
}
