export { ConfigError, loadConfig } from './load-config';
export { DatabaseConfig, RedisConfig, intFromEnv } from './database.config';
