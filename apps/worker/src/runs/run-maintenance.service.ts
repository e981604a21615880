import { Inject, Injectable, Logger } from '@nestjs/common';
import { JobName, JobProducer, commitJobId, RunRequester, reportRun } from '@ol/jobs';
import { addDays, quarterOf } from '@ol/outcomes';
import {
  Db,
  DeliveryImportRepository,
  PartnershipRepository,
  RECEIVING_SILENT_AFTER_MS,
  RunRepository,
} from '@ol/persistence';
import { WorkerConfig } from '../config/worker.config';

const today = (): string => new Date().toISOString().slice(0, 10);

/** A queued or running import unchanged this long gets its commit job checked. */
const IMPORT_QUIET_MS = 60_000;

/**
 * The outbox's safety nets: enqueue runs that are pending or overdue (a crash between commit and
 * enqueue, Redis down, a worker killed, a job that failed for good without the run recording it;
 * see {@link RunRequester.ensure}); fail uploads whose API process died, drop staging
 * slices nobody will move and make sure every import waiting for its commit has a commit job;
 * and at each quarter end ask for the closed quarter's
 * reports of every active partnership whose financial year starts in that month.
 */
@Injectable()
export class RunMaintenance {
  private readonly logger = new Logger(RunMaintenance.name);

  constructor(
    private readonly db: Db,
    private readonly runs: RunRepository,
    private readonly requester: RunRequester,
    private readonly partnerships: PartnershipRepository,
    private readonly imports: DeliveryImportRepository,
    private readonly producer: JobProducer,
    @Inject(WorkerConfig) private readonly config: WorkerConfig,
  ) {}

  async reconcile(): Promise<{ due: number; enqueued: number; givenUp: number }> {
    const due = await this.runs.due(500, this.config.RUN_STALE_AFTER_SECONDS);
    const outcomes: Record<string, number> = {};
    for (const run of due) {
      const outcome = await this.requester.ensure(run);
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }
    if (due.length) this.logger.log({ due: due.length, ...outcomes }, 'reconciled job runs');
    const swept = await this.imports.sweepAbandoned(RECEIVING_SILENT_AFTER_MS);
    if (swept.failed || swept.dropped) this.logger.log(swept, 'swept abandoned delivery imports');
    let requeued = 0;
    for (const { partnershipId, id } of await this.imports.waitingForCommit(IMPORT_QUIET_MS)) {
      try {
        const added = await this.producer.ensure(
          JobName.CommitDeliveryImport,
          { partnershipId, importId: id },
          { jobId: commitJobId(id) },
        );
        if (added) requeued++;
      } catch (error) {
        this.logger.warn(
          { err: error, importId: id },
          'could not enqueue an import; next reconcile will',
        );
      }
    }
    if (requeued) this.logger.log({ requeued }, 'enqueued commits of waiting delivery imports');
    return {
      due: due.length,
      enqueued: outcomes.enqueued ?? 0,
      givenUp: outcomes['given-up'] ?? 0,
    };
  }

  /**
   * Quarter-end reports: for partnerships with this financial-year start month (or all, with
   * `all`), ask for the quarter, year-to-date and since-start reports of the quarter that ended
   * before `asOf`. Runs are keyed by report, so asking twice does nothing new.
   */
  async scheduleQuarterReports(
    fyStartMonth: number | 'all',
    asOf = today(),
  ): Promise<{ requested: number }> {
    let requested = 0;
    let offset = 0;
    for (;;) {
      const page = await this.partnerships.list({ status: 'active' }, { limit: 200, offset });
      for (const p of page.items) {
        if (fyStartMonth !== 'all' && p.fyStartMonth !== fyStartMonth) continue;
        const closed = quarterOf(
          addDays(quarterOf(asOf, p.fyStartMonth).start, -1),
          p.fyStartMonth,
        );
        if (closed.end < p.startDate) continue;
        await this.db.transaction(async () => {
          for (const scope of ['quarter', 'year_to_date', 'since_start'] as const) {
            const { created } = await this.requester.request(
              p.id,
              reportRun({ scope, quarter: closed.label }),
            );
            if (created) requested++;
          }
        });
      }
      offset += page.items.length;
      if (offset >= page.total || page.items.length === 0) break;
    }
    return { requested };
  }
}
