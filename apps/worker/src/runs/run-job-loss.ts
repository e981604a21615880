import type { Logger } from '@nestjs/common';
import type { JobPayloads, RunJobName } from '@ol/jobs';
import type { RunRepository } from '@ol/persistence';
import type { Job } from 'bullmq';

/**
 * A run's job that BullMQ failed without its handler seeing it — stalled more often than allowed,
 * its worker killed again and again — leaves the run running with nothing said. Writes why on the
 * run at once, for whoever polls it; the run stays running, and the reconciler gives it a new job
 * once it has been silent for RUN_STALE_AFTER_SECONDS. A failure the handler saw is the handler's
 * to record, so only a stall counts here, and only for a job of the given name.
 */
export async function recordRunJobLoss(
  runs: RunRepository,
  logger: Logger,
  name: RunJobName,
  job: Job | undefined,
  error: Error,
): Promise<boolean> {
  if (job?.name !== name || !/stalled more than/i.test(error.message)) return false;
  const { partnershipId, runId } = (job as Job<JobPayloads[typeof name]>).data;
  try {
    return await runs.fail(partnershipId, runId, `job ${job.id}: ${error.message}`, false);
  } catch (e) {
    logger.error({ err: e, runId, jobId: job.id }, 'could not record the lost job on its run');
    return false;
  }
}
