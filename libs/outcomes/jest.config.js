/** Unit tests of libs/outcomes, with its own coverage gate (run from the repo root:
 *  `npx jest -c libs/outcomes/jest.config.js --coverage`). */
const path = require('node:path');
const base = require('../../jest.base');

const repoRoot = path.resolve(__dirname, '../..');

module.exports = {
  ...base,
  rootDir: repoRoot,
  roots: ['<rootDir>/libs/outcomes/src'],
  testMatch: ['**/*.spec.ts'],
  setupFiles: ['<rootDir>/test/setup/unit-env.js'],
  collectCoverageFrom: [
    'libs/outcomes/src/**/*.ts',
    '!libs/outcomes/src/**/*.spec.ts',
    '!libs/outcomes/src/**/index.ts',
    '!libs/outcomes/src/**/scenarios/fixtures.ts',
  ],
  coverageDirectory: '<rootDir>/coverage/libs/outcomes',
  coverageThreshold: {
    global: { branches: 95, functions: 95, lines: 95, statements: 95 },
  },
};
