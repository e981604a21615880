import { JobName, QueueName } from '@ol/jobs';
import { checkJobHandlers } from './handler-registry';
import { SystemProcessor } from './processors/system.processor';

describe(checkJobHandlers.name, () => {
  it('accepts the worker as wired', () => {
    expect(() =>
      checkJobHandlers([{ cls: SystemProcessor, queue: QueueName.System }]),
    ).not.toThrow();
  });

  it('refuses a job with no handler', () => {
    expect(() =>
      checkJobHandlers([
        { cls: { name: 'Half', handles: [JobName.Heartbeat] }, queue: QueueName.System },
      ]),
    ).toThrow(/purge-idempotency-keys" has 0 handlers/);
  });

  it('refuses a job with two handlers', () => {
    expect(() =>
      checkJobHandlers([
        { cls: SystemProcessor, queue: QueueName.System },
        { cls: { name: 'Dup', handles: [JobName.Heartbeat] }, queue: QueueName.System },
      ]),
    ).toThrow(/heartbeat" has 2 handlers/);
  });
});
