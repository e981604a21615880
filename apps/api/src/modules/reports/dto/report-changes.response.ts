import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import type { ReportChanges, ReportDifference, ReportVersionStatus } from '@ol/outcomes';
import type { Assert, SameShape } from '../../../common/http/schema-contract';
import { VERSION_STATUS_VALUES } from './report-enums';

/** {@link ReportDifference}: one figure that changed between two versions. */
@ApiSchema({ name: 'ReportDifference' })
export class ReportDifferenceResponse implements ReportDifference {
  @ApiProperty({
    description:
      'The figure: `totals.<name>`, or `outcomes[<code>].<actual|target|rag|presentValue>`',
    example: 'outcomes[JOBS].actual',
  })
  readonly field!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Before (null: none, e.g. an outcome new in this version)',
    example: '10',
  })
  readonly from!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'After', example: '13' })
  readonly to!: string | null;
}

/** {@link ReportChanges}: what changed since the version this one was compared with. */
@ApiSchema({ name: 'ReportChanges' })
export class ReportChangesResponse implements ReportChanges {
  @ApiProperty({ type: 'integer', minimum: 1, example: 1 }) readonly previousVersion!: number;
  @ApiProperty({ format: 'uuid' }) readonly previousReportId!: string;
  @ApiPropertyOptional({
    enum: VERSION_STATUS_VALUES,
    enumName: 'ReportVersionStatus',
    description: 'The compared version’s status (absent on versions stored before statuses)',
  })
  readonly previousStatus?: ReportVersionStatus;
  @ApiPropertyOptional({
    description:
      'True when the compared version was final (this one restates it); false when it was provisional (superseded). Absent on versions stored before statuses',
  })
  readonly restatement?: boolean;
  @ApiProperty({
    type: () => [ReportDifferenceResponse],
    description:
      'The headline totals and each outcome’s actual, target, RAG and present value that changed',
  })
  readonly differences!: readonly ReportDifference[];
}

type _Difference = Assert<SameShape<ReportDifferenceResponse, ReportDifference>>;
type _Changes = Assert<SameShape<ReportChangesResponse, ReportChanges>>;
