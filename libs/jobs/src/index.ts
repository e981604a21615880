export {
  QueueName,
  JobName,
  jobQueue,
  commitJobId,
  defaultJobOptions,
  type JobPayloads,
} from './queues';
export { bullConnection } from './redis-connection';
export { JobProducer } from './job-producer';
export { JobsModule } from './jobs.module';
export { deleteKeysWithPrefix } from './redis-keys';
