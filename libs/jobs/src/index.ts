export {
  QueueName,
  JobName,
  jobQueue,
  commitJobId,
  evaluateRemindersJobId,
  defaultJobOptions,
  type JobPayloads,
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
