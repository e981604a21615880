import { RunRequester, paramsOf } from '@ol/jobs';
import { Injectable, Logger } from '@nestjs/common';
import {
  boardPackPdf,
  storedFigures,
  withholdOpenBook,
  type BoardPackTrendPoint,
} from '@ol/outcomes';
import { BoardPackRepository, ReportRepository, RunRepository } from '@ol/persistence';
import { PdfRenderer } from './pdf-renderer';

/**
 * Runs a board-pack job: renders a stored report version as a PDF for one view (`full`, or
 * `withheld`: the open book's figures left out, as the API shows them to such readers) and stores
 * it with the run marked done, in one statement. The pack is drawn from the version's figures and
 * the current quarter versions up to it (the trend), nothing else; a pack already stored for the
 * version and view is kept (a job delivered twice renders at most once more and stores nothing).
 */
@Injectable()
export class BoardPackRunner {
  private readonly logger = new Logger(BoardPackRunner.name);

  constructor(
    private readonly runs: RunRepository,
    private readonly requester: RunRequester,
    private readonly reports: ReportRepository,
    private readonly packs: BoardPackRepository,
    private readonly renderer: PdfRenderer,
  ) {}

  async run(
    partnershipId: string,
    runId: string,
    final: boolean,
  ): Promise<{ packId: string | null }> {
    const run = await this.runs.start(partnershipId, runId);
    if (!run) {
      await this.requester.notStarted(partnershipId, runId);
      return { packId: null };
    }
    try {
      const { reportId, view } = paramsOf(run, 'board_pack');
      const existing = await this.packs.info(partnershipId, reportId, view);
      if (existing) {
        await this.runs.complete(partnershipId, runId, existing.id);
        return { packId: existing.id };
      }
      const report = await this.reports.find(partnershipId, reportId);
      if (!report) throw new Error(`report ${reportId} not found`);
      await this.runs.progress(partnershipId, runId, 20);
      const figures = storedFigures(
        view === 'withheld' ? withholdOpenBook(report.figures) : report.figures,
      );
      const trend: BoardPackTrendPoint[] = (
        await this.reports.trend(partnershipId, report.periodEnd, 8)
      ).map((t) => ({
        period: t.period,
        presentValue: t.presentValue,
        // A ratio is worked from the investment: withheld where the open book is.
        sroiRatio: view === 'withheld' ? null : t.sroiRatio,
      }));
      const document = boardPackPdf(
        figures,
        {
          version: report.version,
          status: report.status,
          fingerprint: report.fingerprint,
          issuedAt: report.createdAt,
        },
        trend,
      );
      await this.runs.progress(partnershipId, runId, 40);
      const rendered = await this.renderer.render(document);
      await this.runs.progress(partnershipId, runId, 90);
      const packId = await this.packs.create(
        partnershipId,
        { reportId, view, pdf: rendered.pdf, pages: rendered.pages, runId },
        (id) => this.runs.completeSql(partnershipId, runId, id),
      );
      return { packId };
    } catch (error) {
      this.logger.warn({ err: error, runId }, 'board pack failed');
      await this.runs.fail(partnershipId, runId, (error as Error).message, final);
      throw error;
    }
  }
}
