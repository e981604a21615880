// Each test file gets its own Redis prefix under the run's: queues, schedulers and jobs a suite
// leaves behind can never reach the next suite's workers (global-teardown deletes them all).
const { randomBytes } = require('node:crypto');
if (process.env.QUEUE_PREFIX && !process.env.QUEUE_PREFIX.includes('__')) {
  process.env.QUEUE_PREFIX = `${process.env.QUEUE_PREFIX}__${randomBytes(3).toString('hex')}`;
}
