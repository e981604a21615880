export { QueueName, JobName, jobQueue, defaultJobOptions, type JobPayloads } from './queues';
export { bullConnection } from './redis-connection';
