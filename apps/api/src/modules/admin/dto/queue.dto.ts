import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import type { Job } from 'bullmq';
import { IntFromQuery, Optional } from '../../../common/validation/validators';

export class JobCounts {
  @ApiProperty({ example: 0 }) waiting!: number;
  @ApiProperty({ example: 1 }) active!: number;
  @ApiProperty({ example: 2, description: 'Waiting for a retry (backoff) or a set time' })
  delayed!: number;
  @ApiProperty({ example: 0 }) prioritized!: number;
  @ApiProperty({ example: 0 }) waitingChildren!: number;
  @ApiProperty({ example: 120 }) completed!: number;
  @ApiProperty({ example: 3, description: 'Failed for good (all attempts used); kept 30 days' })
  failed!: number;
}

export class QueueState {
  @ApiProperty({ example: 'notifications' }) name!: string;
  @ApiProperty({
    example: false,
    description: 'Paused globally (BullMQ 6 keeps a paused queue’s jobs in `waiting`)',
  })
  paused!: boolean;
  @ApiProperty() counts!: JobCounts;
}

export class QueueStateList {
  @ApiProperty({ type: [QueueState] }) data!: QueueState[];
}

export class ListFailedJobsQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 200, default: 50 })
  @Optional()
  @IntFromQuery()
  @IsInt()
  @Min(1)
  @Max(200)
  limit = 50;
}

export class FailedJobResponse {
  @ApiProperty({ example: 'run-0b7f3c52-5f1e-4c7e-9a39-7c1f0e4d2a11' }) id!: string;
  @ApiProperty({ example: 'produce-report' }) name!: string;
  @ApiProperty({ example: 5 }) attemptsMade!: number;
  @ApiProperty({ example: 'connect ECONNREFUSED 127.0.0.1:5432' }) failedReason!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The job payload (ids only; fields depend on the job name)',
  })
  data!: unknown;
  @ApiProperty({ format: 'date-time', description: 'When the job was added' }) timestamp!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) finishedOn!: string | null;

  static from(job: Job): FailedJobResponse {
    return {
      id: job.id ?? '',
      name: job.name,
      attemptsMade: job.attemptsMade,
      failedReason: job.failedReason,
      data: job.data as unknown,
      timestamp: new Date(job.timestamp).toISOString(),
      finishedOn: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
    };
  }
}

export class FailedJobList {
  @ApiProperty({ example: 'reports' }) queue!: string;
  @ApiProperty({ type: [FailedJobResponse] }) data!: FailedJobResponse[];
}
