export { ConfigError, loadConfig } from './load-config';
export { DatabaseConfig, ServiceConfig, intFromEnv } from './database.config';
