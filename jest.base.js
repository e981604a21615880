/** Shared jest settings: SWC transform (decorator metadata for Nest/class-validator) and the @ol/* aliases. */
const path = require('node:path');

const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: {
          legacyDecorator: true,
          decoratorMetadata: true,
          useDefineForClassFields: false,
        },
        target: 'es2022',
        keepClassNames: true,
      },
      module: { type: 'commonjs' },
    },
  ],
};

// NestJS 12 ships ES modules only. The app runs them natively (Node 20.19+ require(esm)); jest
// on Node 20 cannot, so node_modules files written as ESM are compiled to CommonJS for tests.
transform['node_modules/.+\\.m?js$'] = path.join(__dirname, 'test/setup/esm-to-cjs.transformer.js');
const transformIgnorePatterns = [];

const root = __dirname;
const moduleNameMapper = {
  // The generated Prisma client imports its siblings as './x.js'.
  '^(\\.{1,2}/.*)\\.js$': '$1',
  '^@ol/outcomes$': path.join(root, 'libs/outcomes/src/index.ts'),
  '^@ol/persistence$': path.join(root, 'libs/persistence/src/index.ts'),
  '^@ol/jobs$': path.join(root, 'libs/jobs/src/index.ts'),
  '^@ol/config$': path.join(root, 'libs/config/src/index.ts'),
  '^@ol/egress$': path.join(root, 'libs/egress/src/index.ts'),
};

module.exports = {
  transform,
  transformIgnorePatterns,
  moduleNameMapper,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
};
