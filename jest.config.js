/** Unit tests: *.spec.ts next to the code; no PostgreSQL or Redis needed. */
const base = require('./jest.base');

module.exports = {
  ...base,
  rootDir: __dirname,
  roots: ['<rootDir>/apps', '<rootDir>/libs'],
  testMatch: ['**/*.spec.ts'],
  setupFiles: ['<rootDir>/test/setup/unit-env.js'],
};
