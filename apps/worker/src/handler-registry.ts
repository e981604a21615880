import { JobName, jobQueue, type QueueName } from '@ol/jobs';

export interface JobHandlerClass {
  name: string;
  handles: readonly JobName[];
}

/**
 * Start-up check: every job name of the contract has exactly one handler, on the queue the
 * contract assigns it. A job nobody handles would sit in Redis forever.
 */
export function checkJobHandlers(processors: { cls: JobHandlerClass; queue: QueueName }[]): void {
  const problems: string[] = [];
  for (const name of Object.values(JobName)) {
    const owners = processors.filter((p) => p.cls.handles.includes(name));
    const job: string = name;
    if (owners.length !== 1)
      problems.push(
        `job "${job}" has ${owners.length} handlers (${owners.map((o) => o.cls.name).join(', ') || 'none'})`,
      );
    else if (owners[0].queue !== jobQueue[name])
      problems.push(
        `job "${job}" is handled on queue ${String(owners[0].queue)}, but belongs on ${String(jobQueue[name])}`,
      );
  }
  if (problems.length > 0)
    throw new Error(`Job handler check failed:\n  - ${problems.join('\n  - ')}`);
}
