import { ConfigError, loadConfig } from './load-config';
import { DatabaseConfig } from './database.config';

describe(loadConfig.name, () => {
  it('uses defaults that work on a machine with local PostgreSQL', () => {
    const config = loadConfig(DatabaseConfig, {});
    expect(config.DATABASE_URL).toBe('postgresql://postgres@127.0.0.1:5432/outcomes_ledger');
    expect(config.DB_POOL_MAX).toBe(10);
  });

  it('converts integers from strings', () => {
    expect(loadConfig(DatabaseConfig, { DB_POOL_MAX: '3' }).DB_POOL_MAX).toBe(3);
  });

  it('names the variable and the value when one is wrong', () => {
    expect(() =>
      loadConfig(DatabaseConfig, { DB_POOL_MAX: 'lots', DATABASE_URL: 'mysql://x/y' }),
    ).toThrow(ConfigError);
    try {
      loadConfig(DatabaseConfig, { DB_POOL_MAX: 'lots' });
    } catch (e) {
      expect((e as Error).message).toContain('DB_POOL_MAX');
      expect((e as Error).message).toContain('"lots"');
    }
  });
});
