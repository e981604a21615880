import type { ConnectionOptions } from 'bullmq';

/** BullMQ connection options for a redis:// URL (BullMQ requires no per-request retry limit). */
export function bullConnection(redisUrl: string): ConnectionOptions {
  return { url: redisUrl, maxRetriesPerRequest: null };
}
