import { RunRequester, NotificationKicker, paramsOf } from '@ol/jobs';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  comparedFiguresOf,
  diffReports,
  parseQuarterLabel,
  reportWindow,
  versionStatusOn,
  withholdOpenBook,
  type ReportChanges,
} from '@ol/outcomes';
import {
  NotificationEventType,
  NotificationRepository,
  ReportRepository,
  RunRepository,
  type InputJsonValue,
} from '@ol/persistence';
import { WorkerConfig } from '../config/worker.config';
import { ReportBuilder } from './report-builder.service';
import { ReportClock } from './report-clock';

/** Progress of a run is recorded once it has been building for this long. */
const PROGRESS_AFTER_MS = 250;

/**
 * Runs a report job: read and fingerprint the inputs, then either find the identical version
 * (same fingerprint: nothing new, nothing valued) or value the figures and, in one statement,
 * store the next version with what changed, record the `report.issued` event and mark the run
 * done. A job delivered twice, or retried after a crash, ends with exactly one version.
 */
@Injectable()
export class ReportRunner {
  private readonly logger = new Logger(ReportRunner.name);

  constructor(
    private readonly runs: RunRepository,
    private readonly requester: RunRequester,
    private readonly reports: ReportRepository,
    private readonly notifications: NotificationRepository,
    private readonly builder: ReportBuilder,
    private readonly kicker: NotificationKicker,
    @Inject(WorkerConfig) private readonly config: WorkerConfig,
    private readonly clock: ReportClock,
  ) {}

  async run(
    partnershipId: string,
    runId: string,
    final: boolean,
  ): Promise<{ reportId: string | null; created: boolean }> {
    // The run starts and its partnership is read in one round trip.
    const started = await this.runs.startWithPartnership(partnershipId, runId, {
      dueWithinMs: 1_000,
    });
    if (!started) {
      // Debounced (more data moved its start), following a run of the same report, or done.
      const current = await this.requester.notStarted(partnershipId, runId);
      const done = current?.status === 'done' || current?.status === 'failed';
      return { reportId: done ? current.resultRef : null, created: false };
    }
    const { run, partnership } = started;
    // Progress writes go out one after another while the report is built, not in its way; the
    // run waits for the last one before it is marked done or failed.
    let progressWrites = Promise.resolve();
    try {
      const params = paramsOf(run, 'report');
      const quarter = parseQuarterLabel(params.quarter, partnership.fyStartMonth);
      const window = reportWindow(params.scope, quarter, partnership.startDate);
      // The reads run concurrently, each statement on its own snapshot (data committed meanwhile
      // is caught by the refresh its import requests); the stored versions come with the inputs.
      // Progress is written for reports that take a while; a quick one goes straight to done.
      const startedAt = Date.now();
      const status = versionStatusOn(window.end, this.clock.today());
      const prepared = await this.builder.prepare(
        partnership,
        window,
        (p) => {
          if (Date.now() - startedAt < PROGRESS_AFTER_MS) return;
          progressWrites = progressWrites
            .then(() => this.runs.progress(partnershipId, runId, p))
            .catch((error: unknown) =>
              this.logger.warn({ err: error, runId }, 'report progress not recorded'),
            );
        },
        status,
      );
      const prior = prepared.prior;
      const sameInputsId = prior.byFingerprint.get(prepared.fingerprint);
      if (sameInputsId) {
        // Nothing changed since that version: no valuation, no new version; it is current again.
        await progressWrites;
        await this.reports.setCurrent(
          partnershipId,
          { scope: window.scope, periodStart: window.start, periodEnd: window.end },
          sameInputsId,
        );
        await this.runs.complete(partnershipId, runId, sameInputsId);
        return { reportId: sameInputsId, created: false };
      }
      const built = prepared.finish();
      if (this.config.REPORT_HOLD_MS > 0) await sleep(this.config.REPORT_HOLD_MS);
      // Compared with the current version (what the board last saw as current); a version after a
      // provisional one supersedes it, and is a restatement only after a final one.
      const previous = prior.current;
      const restatement = previous?.status === 'final';
      const changes: ReportChanges | null = previous
        ? {
            previousVersion: previous.version,
            previousReportId: previous.id,
            previousStatus: previous.status,
            restatement,
            differences: diffReports(previous.figures, built.figures),
          }
        : null;
      // One statement stores the version, its `report.issued` outbox rows and the run marked
      // done: all of it commits or none does. The unique keys on (period, version) and (period,
      // fingerprint) make a second writer of the same version fail here and retry: its next
      // attempt finds this version.
      const id = randomUUID();
      const version = prior.maxVersion + 1;
      await progressWrites; // the run's last progress before it is marked done
      const written = await this.reports.createLarge(
        partnershipId,
        {
          id,
          scope: window.scope,
          periodLabel: window.label,
          periodStart: window.start,
          periodEnd: window.end,
          version,
          fingerprint: built.fingerprint,
          figuresJson: built.figuresJson,
          comparedJson: JSON.stringify(comparedFiguresOf(built.figures)),
          changes: changes as InputJsonValue | null,
          restatesId: previous?.id ?? null,
          runId,
          status,
        },
        [
          this.notifications.recordEventSql(partnershipId, {
            type: NotificationEventType.ReportIssued,
            key: `report:${id}`,
            payload: {
              reportId: id,
              scope: window.scope,
              period: window.label,
              version,
              status,
              restatement,
              // A webhook's receiver reads what a provider may: the open book's total and the
              // figures worked from it only where the partnership shares them with providers.
              totals: partnership.shareOpenBookWithProviders
                ? { ...built.figures.totals }
                : { ...withholdOpenBook(built.figures).totals },
            },
          }),
          this.runs.completeSql(partnershipId, runId, id),
        ],
      );
      if (written[0] > 0) await this.kicker.kick(partnershipId);
      return { reportId: id, created: true };
    } catch (error) {
      this.logger.warn({ err: error, runId }, 'report run failed');
      await progressWrites;
      await this.runs.fail(partnershipId, runId, (error as Error).message, final);
      throw error;
    }
  }
}
