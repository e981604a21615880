import { RunRequester, boardPackRun } from '@ol/jobs';
import { Injectable } from '@nestjs/common';
import {
  AuditRepository,
  BoardPackRepository,
  Db,
  PartnershipRepository,
  type Actor,
  type BoardPackViewName,
  type JobRun,
} from '@ol/persistence';
import type { PartnershipAccess } from '../../common/auth/auth-context';
import { readsOpenBookTotals } from '../../common/auth/policy';
import { ProblemException, ProblemType } from '../../common/problems/problem';

/**
 * Board packs: a report version rendered as a PDF by the worker (a run), stored once per version
 * and view. The caller's view follows the open book's rules: a reader who may not see the
 * partnership's investment gets the pack without it (`withheld`).
 */
@Injectable()
export class BoardPacksService {
  constructor(
    private readonly db: Db,
    private readonly requester: RunRequester,
    private readonly packs: BoardPackRepository,
    private readonly partnerships: PartnershipRepository,
    private readonly audit: AuditRepository,
  ) {}

  /** Asks the worker for the pack of a version in the caller's view (joins a pending ask). */
  request(access: PartnershipAccess, actor: Actor, reportId: string): Promise<JobRun> {
    return this.db.transaction(async () => {
      const { view } = await this.viewOf(access, reportId);
      const { run } = await this.requester.request(access.partnershipId, {
        ...boardPackRun({ reportId, view }),
        requestedBy: actor.userId,
      });
      await this.audit.record(access.partnershipId, actor, {
        action: 'board_pack.requested',
        entityType: 'report',
        entityId: reportId,
        details: { view, runId: run.id },
      });
      return run;
    });
  }

  /** The stored pack of a version in the caller's view; 404 until the worker has rendered it. */
  async pdf(
    access: PartnershipAccess,
    reportId: string,
  ): Promise<{ pdf: Uint8Array; pages: number; fileName: string }> {
    const { view, report } = await this.viewOf(access, reportId);
    const pack = await this.packs.pdf(access.partnershipId, reportId, view);
    if (!pack) {
      throw new ProblemException({
        type: ProblemType.NotProducedYet,
        title: 'Not produced yet',
        status: 404,
        detail:
          'The board pack of this version has not been produced yet: POST …/board-pack asks for it.',
      });
    }
    const label = report.periodLabel.replace(/[^\w-]+/g, '_');
    return { ...pack, fileName: `board-pack-${label}-v${report.version}.pdf` };
  }

  /** The version (404 when the partnership has none with this id) and the caller's view of it. */
  private async viewOf(
    access: PartnershipAccess,
    reportId: string,
  ): Promise<{ view: BoardPackViewName; report: { periodLabel: string; version: number } }> {
    const [report, partnership] = await Promise.all([
      this.packs.version(access.partnershipId, reportId),
      this.partnerships.findById(access.partnershipId),
    ]);
    if (!report || !partnership) throw ProblemException.notFound('Report');
    return { view: readsOpenBookTotals(access, partnership) ? 'full' : 'withheld', report };
  }
}
