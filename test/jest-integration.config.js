/**
 * Integration and end-to-end suites: real PostgreSQL and Redis. Each run creates its own
 * database (migrated with the project's migrate command) and Redis key prefix, and drops both
 * at the end. Suites run one at a time and truncate between suites.
 */
const base = require('../jest.base');

module.exports = {
  ...base,
  rootDir: require('node:path').join(__dirname, '..'),
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.int-spec.ts', '**/*.e2e-spec.ts'],
  setupFiles: ['<rootDir>/test/setup/unit-env.js', '<rootDir>/test/setup/suite-env.js'],
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  maxWorkers: 1,
  testTimeout: 30_000,
};
