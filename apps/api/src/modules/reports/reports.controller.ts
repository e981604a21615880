import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '@ol/persistence';
import type { FastifyReply } from 'fastify';
import { Allow, Authenticated } from '../../common/auth/access.decorators';
import {
  CurrentAccess,
  CurrentActor,
  type PartnershipAccess,
} from '../../common/auth/auth-context';
import { IdempotencyHeader, UuidParam } from '../../common/http/openapi';
import { UuidPipe } from '../../common/http/uuid.pipe';
import {
  CurrentReportQuery,
  JobRunResponse,
  ListReportsQuery,
  ReportList,
  ReportParam,
  ReportResponse,
  ReportSummary,
  RequestReportDto,
} from './dto/report.dto';
import { reportToCsv } from './report-csv';
import { ReportTrend, ReportTrendQuery } from './dto/report-trend.dto';
import { ReportsService } from './reports.service';

@ApiTags('reports')
@Authenticated()
@Controller('v1/partnerships/:partnershipId')
export class ReportsController {
  constructor(private readonly service: ReportsService) {}

  @Post('reports')
  @Allow('reports', 'request')
  @HttpCode(202)
  @UuidParam('partnershipId')
  @IdempotencyHeader()
  @ApiOperation({
    summary: 'Ask for a report; the worker produces it. Poll the returned job for progress.',
    description:
      'Asking again while the same report waits to be produced joins that job; while it is being produced, a new job follows it (so data committed meanwhile is counted). Identical inputs make no new version (the version with them becomes current again); changed inputs make a new version: it supersedes a provisional version (one produced before the quarter ended) and restates a final one. Quarters after the current one are refused (422).',
  })
  @ApiAcceptedResponse({ type: JobRunResponse })
  async request(
    @Param('partnershipId', UuidPipe) pid: string,
    @CurrentActor() actor: Actor,
    @Body() dto: RequestReportDto,
  ): Promise<JobRunResponse> {
    return JobRunResponse.from(await this.service.request(pid, actor, dto));
  }

  @Get('reports')
  @Allow('reports', 'read')
  @UuidParam('partnershipId')
  @ApiOperation({ summary: 'Report versions, newest first' })
  @ApiOkResponse({ type: ReportList })
  async list(
    @CurrentAccess() access: PartnershipAccess,
    @Query() query: ListReportsQuery,
  ): Promise<ReportList> {
    return {
      data: (await this.service.list(access, query)).map((r) =>
        ReportSummary.from(r.report, r.current, r.signOff),
      ),
    };
  }

  @Get('reports/trend')
  @Allow('reports', 'read')
  @UuidParam('partnershipId')
  @ApiOperation({
    summary:
      'Present value and SROI ratio of the current quarter versions, oldest first (what a trend chart plots)',
  })
  @ApiOkResponse({ type: ReportTrend })
  trend(
    @CurrentAccess() access: PartnershipAccess,
    @Query() query: ReportTrendQuery,
  ): Promise<ReportTrend> {
    return this.service.trend(access, query);
  }

  @Get('reports/current')
  @Allow('reports', 'read')
  @UuidParam('partnershipId')
  @ApiOperation({
    summary: 'The current version of a report (scope and quarter): the one a board should read',
  })
  @ApiOkResponse({ type: ReportResponse })
  async current(
    @CurrentAccess() access: PartnershipAccess,
    @Query() query: CurrentReportQuery,
  ): Promise<ReportResponse> {
    const v = await this.service.current(access, query);
    return ReportResponse.from(v.report, true, v.signOff, v.sinceSignedOff);
  }

  @Get('reports/:report')
  @Allow('reports', 'read')
  @UuidParam('partnershipId')
  @ApiParam({
    name: 'report',
    type: String,
    description: 'The report id; add .csv for the board-pack CSV',
    example: '6f1c3a52-59a4-4f3e-9d7c-0a7c8e0b1234.csv',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: ReportResponse })
  async get(
    @CurrentAccess() access: PartnershipAccess,
    @Param() params: ReportParam,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReportResponse | string> {
    const [id, format] = params.report.toLowerCase().split('.');
    const { report, current, signOff, sinceSignedOff } = await this.service.get(access, id);
    if (format === 'csv') {
      void reply.header('content-type', 'text/csv; charset=utf-8');
      void reply.header(
        'content-disposition',
        `attachment; filename="report-${report.periodLabel.replace(/[^\w-]+/g, '_')}-v${report.version}.csv"`,
      );
      return reportToCsv(report);
    }
    return ReportResponse.from(report, current, signOff, sinceSignedOff);
  }

  @Get('jobs/:jobId')
  @Allow('jobs', 'read')
  @UuidParam('partnershipId')
  @UuidParam('jobId')
  @ApiOperation({ summary: 'State and progress of a job you started (reports, share evaluations)' })
  @ApiOkResponse({ type: JobRunResponse })
  async job(
    @CurrentAccess() access: PartnershipAccess,
    @CurrentActor() actor: Actor,
    @Param('jobId', UuidPipe) id: string,
  ): Promise<JobRunResponse> {
    return JobRunResponse.from(await this.service.run(access, actor, id));
  }
}
