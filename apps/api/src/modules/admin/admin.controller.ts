import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { QueueName } from '@ol/jobs';
import { Allow, Authenticated } from '../../common/auth/access.decorators';
import { AdminService } from './admin.service';
import {
  FailedJobList,
  FailedJobResponse,
  ListFailedJobsQuery,
  QueueStateList,
} from './dto/queue.dto';

@ApiTags('admin')
@Authenticated()
@Allow('admin-queues', 'read')
@Controller('v1/admin')
export class AdminController {
  constructor(private readonly service: AdminService) {}

  @Get('queues')
  @ApiOperation({ summary: 'Job counts of every queue by state (platform admin)' })
  @ApiOkResponse({ type: QueueStateList })
  async queues(): Promise<QueueStateList> {
    return { data: await this.service.queueStates() };
  }

  @Get('queues/:queue/failed')
  @ApiOperation({
    summary: 'The most recent failed jobs of a queue, newest first (platform admin)',
  })
  @ApiParam({ name: 'queue', enum: Object.values(QueueName) })
  @ApiOkResponse({ type: FailedJobList })
  async failed(
    @Param('queue') queue: string,
    @Query() query: ListFailedJobsQuery,
  ): Promise<FailedJobList> {
    const jobs = await this.service.failedJobs(queue, query.limit);
    return { queue, data: jobs.map((job) => FailedJobResponse.from(job)) };
  }
}
