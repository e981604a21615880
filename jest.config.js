/** Unit tests: *.spec.ts next to the code; no PostgreSQL or Redis needed. */
const base = require('./jest.base');

module.exports = {
  ...base,
  rootDir: __dirname,
  roots: ['<rootDir>/apps', '<rootDir>/libs'],
  testMatch: ['**/*.spec.ts'],
  // libs/outcomes runs on its own with coverage thresholds (npm run test:outcomes).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/libs/outcomes/'],
  setupFiles: ['<rootDir>/test/setup/unit-env.js'],
};
