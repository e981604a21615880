import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type {
  CountedDelivery,
  OutcomeFigures,
  ProcurementKpiRating,
  Rag,
  StatusQuantity,
  ValuationBasis,
  VerificationFigures,
} from '@ol/outcomes';
import { DecimalProperty, MoneyProperty } from '../../../common/http/decimal-property';
import { ExplanationStepResponse } from '../../../common/http/explanation-step.response';
import type { Assert, SameShape } from '../../../common/http/schema-contract';
import {
  COUNTED_DELIVERY_VALUES,
  PROCUREMENT_RATING_VALUES,
  RAG_VALUES,
  VALUATION_BASIS_VALUES,
} from './report-enums';

/** {@link StatusQuantity}: the delivery of one review status over the window. */
@ApiSchema({ name: 'StatusQuantity' })
export class StatusQuantityResponse implements StatusQuantity {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Entries counted', example: 12 })
  readonly entries!: number;
  @DecimalProperty({
    description: "Quantity by the outcome's aggregation; null without entries for a score or level",
    example: '10',
    nullable: true,
  })
  readonly quantity!: string | null;
}

/** {@link VerificationFigures}: the delivery behind an actual by review status. */
@ApiSchema({ name: 'VerificationFigures' })
export class VerificationFiguresResponse implements VerificationFigures {
  @ApiProperty({
    enum: COUNTED_DELIVERY_VALUES,
    enumName: 'CountedDelivery',
    description: 'Which delivery counts in headline figures (the partnership setting)',
  })
  readonly counted!: CountedDelivery;
  @ApiProperty({ type: () => StatusQuantityResponse }) readonly verified!: StatusQuantity;
  @ApiProperty({ type: () => StatusQuantityResponse }) readonly claimed!: StatusQuantity;
  @ApiProperty({
    type: () => StatusQuantityResponse,
    description: 'Shown, never counted',
  })
  readonly disputed!: StatusQuantity;
}

type TrendPoint = OutcomeFigures['trend'][number];
type RollUp = NonNullable<OutcomeFigures['rollUp']>;
type RollUpExcluded = RollUp['excluded'][number];

/** {@link OutcomeFigures}`['trend'][number]`: one quarter's actual. */
@ApiSchema({ name: 'OutcomeTrendPoint' })
export class OutcomeTrendPointResponse implements TrendPoint {
  @ApiProperty({ example: '2026-27 Q1' }) readonly period!: string;
  @DecimalProperty({ description: 'The actual of the quarter', example: '42', nullable: true })
  readonly actual!: string | null;
}

/** {@link OutcomeFigures}`['rollUp']['excluded'][number]`: a child not rolled up, and why. */
@ApiSchema({ name: 'RollUpExcluded' })
export class RollUpExcludedResponse implements RollUpExcluded {
  @ApiProperty({ example: 'HOMES-C' }) readonly code!: string;
  @ApiProperty({ example: 'counted in people, not homes' }) readonly reason!: string;
}

/** {@link OutcomeFigures}`['rollUp']`: how a parent's figures come from its children. */
@ApiSchema({ name: 'RollUp' })
export class RollUpResponse implements RollUp {
  @ApiProperty({ type: [String], example: ['N-EAST', 'N-WEST'], description: 'Codes' })
  readonly from!: readonly string[];
  @ApiProperty({ type: () => [RollUpExcludedResponse] })
  readonly excluded!: readonly RollUpExcluded[];
}

/** {@link OutcomeFigures}: one outcome, actual against target with its rating, and its value. */
@ApiSchema({ name: 'OutcomeFigures' })
export class OutcomeFiguresResponse implements OutcomeFigures {
  @ApiProperty({ format: 'uuid' }) readonly outcomeId!: string;
  @ApiProperty({ example: 'JOBS' }) readonly code!: string;
  @ApiProperty({ example: 'People into work' }) readonly title!: string;
  @ApiProperty({ example: 'Jobs' }) readonly theme!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Residents',
    description: 'The stakeholder group the change happens to; null when not named',
  })
  readonly stakeholder!: string | null;
  @ApiProperty({ example: 'people' }) readonly unit!: string;
  @ApiProperty({ enum: ['increase', 'decrease'] }) readonly direction!: 'increase' | 'decrease';
  @ApiProperty({ enum: ['sum', 'mean', 'latest'] })
  readonly aggregation!: 'sum' | 'mean' | 'latest';
  @ApiProperty({ format: 'uuid', type: String, nullable: true }) readonly parentId!: string | null;
  @ApiProperty() readonly isPrevention!: boolean;
  @DecimalProperty({
    description: 'The baseline as entered (per quarter for a count)',
    example: '400',
    nullable: true,
  })
  readonly baseline!: string | null;
  @DecimalProperty({
    description: "The baseline for the window: a count's per-quarter baseline times its quarters",
    example: '400',
    nullable: true,
  })
  readonly windowBaseline!: string | null;
  @DecimalProperty({
    description:
      "The window's actual by the outcome's aggregation, from the delivery that counts (disputed never does)",
    example: '329',
    nullable: true,
  })
  readonly actual!: string | null;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Entries counted', example: 31 })
  readonly entries!: number;
  @ApiProperty({ type: () => VerificationFiguresResponse })
  readonly verification!: VerificationFigures;
  @ApiProperty({
    type: () => RollUpResponse,
    nullable: true,
    description:
      'For a parent without data of its own in the window: the children it rolls up; null when it reports its own data',
  })
  readonly rollUp!: RollUp | null;
  @ApiProperty({
    enum: [...VALUATION_BASIS_VALUES, null],
    nullable: true,
    description: 'What the proxy values; null when not monetised',
  })
  readonly valuationBasis!: ValuationBasis | null;
  @DecimalProperty({
    description: "The target used: a year target for the window, else the quarters' combined",
    example: '10',
    nullable: true,
  })
  readonly target!: string | null;
  @DecimalProperty({
    places: 4,
    description: 'Fraction of the target reached (1.0000 = 100%)',
    example: '1.0000',
    nullable: true,
  })
  readonly progress!: string | null;
  @ApiProperty({
    enum: [...RAG_VALUES, null],
    nullable: true,
    description: '`no_data` (grey) when nothing counts in the window; null without a target',
  })
  readonly rag!: Rag | 'no_data' | null;
  @ApiProperty({
    enum: [...PROCUREMENT_RATING_VALUES, null],
    nullable: true,
  })
  readonly procurementRating!: ProcurementKpiRating | null;
  @ApiProperty({ type: Boolean, nullable: true, description: 'Never true without data' })
  readonly met!: boolean | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why progress is not measured (no target, no data, a target on the wrong side)',
  })
  readonly progressNote!: string | null;
  @ApiProperty({ type: 'integer', minimum: 0 }) readonly quartersWithData!: number;
  @ApiProperty({
    type: () => [OutcomeTrendPointResponse],
    description: "The actual of each quarter: up to four before the window, then the window's",
  })
  readonly trend!: readonly TrendPoint[];
  @ApiProperty({
    type: () => [ExplanationStepResponse],
    description: 'The working of the progress',
  })
  readonly explanation!: readonly ExplanationStepResponse[];
  @ApiProperty() readonly monetised!: boolean;
  @MoneyProperty("Present value of the outcome's valuation lines; null when not monetised", true)
  readonly presentValue!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'NORTH',
    description:
      "The valued ancestor (code) whose roll-up holds this outcome's value; it is not valued again",
  })
  readonly valuedIn!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'not monetised: reported in its own units',
  })
  readonly notMonetisedNote!: string | null;
}

type _StatusQuantity = Assert<SameShape<StatusQuantityResponse, StatusQuantity>>;
type _Verification = Assert<SameShape<VerificationFiguresResponse, VerificationFigures>>;
type _TrendPoint = Assert<SameShape<OutcomeTrendPointResponse, TrendPoint>>;
type _RollUpExcluded = Assert<SameShape<RollUpExcludedResponse, RollUpExcluded>>;
type _RollUp = Assert<SameShape<RollUpResponse, RollUp>>;
type _Outcome = Assert<SameShape<OutcomeFiguresResponse, OutcomeFigures>>;
