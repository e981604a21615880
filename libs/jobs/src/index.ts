export {
  QueueName,
  JobName,
  jobQueue,
  commitJobId,
  evaluateRemindersJobId,
  deliverNotificationsJobId,
  defaultJobOptions,
  type JobPayloads,
  type RunJobName,
} from './queues';
export { bullConnection } from './redis-connection';
export {
  RedisGate,
  RedisUnavailableError,
  TimeoutError,
  isConnectionTrouble,
  withTimeout,
} from './redis-gate';
export { JobProducer } from './job-producer';
export { JobsModule, type JobsModuleOptions } from './jobs.module';
export { deleteKeysWithPrefix } from './redis-keys';
export { NotificationKicker } from './notification-kicker';
export {
  FOLLOW_UP_AFTER_MS,
  MAX_RUN_STARTS,
  RunRequester,
  jobIdForRun,
} from './runs/run-requester';
export { ReportRefresher } from './runs/report-refresher';
export {
  boardPackRun,
  paramsOf,
  reportRun,
  shareEvaluationRun,
  type BoardPackRunParams,
  type BoardPackView,
  type ReportRunParams,
  type RunOrder,
  type RunParams,
  type ShareRunParams,
} from './runs/run-params';
