import { loadConfig } from '@ol/config';
import { WorkerConfig } from './worker.config';

describe(WorkerConfig.name, () => {
  it('sizes its pool for its jobs unless told otherwise', () => {
    expect(loadConfig(WorkerConfig, {}).DB_POOL_MAX).toBe(20);
    expect(loadConfig(WorkerConfig, { DB_POOL_MAX: '6' }).DB_POOL_MAX).toBe(6);
    expect(() => loadConfig(WorkerConfig, { DB_POOL_MAX: '0' })).toThrow(/DB_POOL_MAX/);
  });
});
