import { JobName, QueueName } from '@ol/jobs';
import { checkJobHandlers } from './handler-registry';
import { DeliveryImportProcessor } from './processors/delivery-import.processor';
import { BoardPackProcessor } from './processors/board-pack.processor';
import { FinanceProcessor } from './processors/finance.processor';
import { NotificationProcessor } from './processors/notification.processor';
import { ReportProcessor } from './processors/report.processor';
import { SystemProcessor } from './processors/system.processor';

const wired = [
  { cls: SystemProcessor, queue: QueueName.System },
  { cls: DeliveryImportProcessor, queue: QueueName.Imports },
  { cls: ReportProcessor, queue: QueueName.Reports },
  { cls: FinanceProcessor, queue: QueueName.Finance },
  { cls: BoardPackProcessor, queue: QueueName.Documents },
  { cls: NotificationProcessor, queue: QueueName.Notifications },
];

describe(checkJobHandlers.name, () => {
  it('accepts the worker as wired', () => {
    expect(() => checkJobHandlers(wired)).not.toThrow();
  });

  it('refuses a job with no handler', () => {
    expect(() => checkJobHandlers(wired.filter((w) => w.cls !== ReportProcessor))).toThrow(
      /produce-report" has 0 handlers/,
    );
  });

  it('refuses a job with two handlers', () => {
    expect(() =>
      checkJobHandlers([
        ...wired,
        { cls: { name: 'Dup', handles: [JobName.Heartbeat] }, queue: QueueName.System },
      ]),
    ).toThrow(/heartbeat" has 2 handlers/);
  });

  it('refuses a handler on the wrong queue', () => {
    const moved = wired.map((w) =>
      w.cls === FinanceProcessor ? { ...w, queue: QueueName.Reports } : w,
    );
    expect(() => checkJobHandlers(moved)).toThrow(
      /evaluate-share" is handled on queue reports, but belongs on finance/,
    );
  });
});
