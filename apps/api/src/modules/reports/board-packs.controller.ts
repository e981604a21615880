import { Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
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
import { UuidParam } from '../../common/http/openapi';
import { UuidPipe } from '../../common/http/uuid.pipe';
import { BoardPacksService } from './board-packs.service';
import { JobRunResponse } from './dto/report.dto';

@ApiTags('reports')
@Authenticated()
@Controller('v1/partnerships/:partnershipId/reports/:reportId')
export class BoardPacksController {
  constructor(private readonly service: BoardPacksService) {}

  @Post('board-pack')
  @HttpCode(202)
  @Allow('reports', 'board-pack')
  @UuidParam('partnershipId')
  @UuidParam('reportId')
  @ApiOperation({
    summary: 'Ask for the board pack (PDF) of a report version; the worker renders it',
    description:
      'A4 PDF: cover, summary, charts, outcomes with RAG, value by theme, sensitivity and the working behind every total, with the partnership’s name, the version and its fingerprint on every page. Rendered once per version and view: a reader who may not see the open book gets the pack without its figures. Poll the returned job (`GET …/jobs/:jobId`), then download `…/board-pack.pdf`.',
  })
  @ApiAcceptedResponse({ type: JobRunResponse })
  async request(
    @CurrentAccess() access: PartnershipAccess,
    @CurrentActor() actor: Actor,
    @Param('reportId', UuidPipe) reportId: string,
  ): Promise<JobRunResponse> {
    return JobRunResponse.from(await this.service.request(access, actor, reportId));
  }

  @Get('board-pack.pdf')
  @Allow('reports', 'read')
  @UuidParam('partnershipId')
  @UuidParam('reportId')
  @ApiOperation({ summary: 'Download the board pack (PDF) of a report version, once rendered' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ description: 'No such version, or its pack has not been rendered yet' })
  async download(
    @CurrentAccess() access: PartnershipAccess,
    @Param('reportId', UuidPipe) reportId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const pack = await this.service.pdf(access, reportId);
    void reply.header('content-type', 'application/pdf');
    void reply.header('content-disposition', `attachment; filename="${pack.fileName}"`);
    void reply.header('x-page-count', String(pack.pages));
    return Buffer.from(pack.pdf);
  }
}
