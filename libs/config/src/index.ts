export { ConfigError, loadConfig } from './load-config';
export { DatabaseConfig, ServiceConfig, boolFromEnv, intFromEnv } from './database.config';
