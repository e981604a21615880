// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Prisma's namespace stays in libs/persistence: apps use its JSON types, enums and decimal.js. */
const prismaNamespace = {
  name: '@ol/persistence',
  importNames: ['Prisma'],
  message:
    "Apps do not use Prisma's namespace: JsonValue / InputJsonValue from @ol/persistence, Decimal from decimal.js.",
};

/** The generated Prisma client is libs/persistence's own: everything else uses its read models. */
const generatedClient = {
  group: [
    '**/prisma/generated/**',
    '**/generated/client/**',
    '@prisma/client',
    '@prisma/client/*',
    '**/persistence/src/prisma-client',
  ],
  message:
    'Only libs/persistence imports the generated Prisma client; use the read models and enums of @ol/persistence.',
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'coverage/**',
      'node_modules/**',
      'prisma/generated/**',
      '**/*.js',
      '**/*.mjs',
      'prisma.config.ts',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-extraneous-class': 'off',
      // Static response mappers (`OrganisationResponse.from`) are passed as callbacks on purpose.
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // Later blocks that set no-restricted-imports replace this one, so each repeats generatedClient.
    files: ['**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [generatedClient] }] },
  },
  {
    files: ['libs/**/*.ts'],
    ignores: ['libs/persistence/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/apps/**'], message: 'A library never imports an app.' },
            generatedClient,
          ],
        },
      ],
    },
  },
  {
    // libs/persistence stores and reads; asking for work (runs, kicks, job ids) is libs/jobs'.
    files: ['libs/persistence/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/apps/**'], message: 'A library never imports an app.' },
            {
              group: ['@ol/jobs', '**/libs/jobs/**', 'bullmq', '@nestjs/bullmq', 'ioredis'],
              message:
                'libs/persistence stores and reads: run requests, kicks and job ids live in libs/jobs.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/api/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            prismaNamespace,
            {
              name: '@nestjs/swagger',
              importNames: ['PartialType'],
              message:
                'PartialType lets null through to the service; use PatchType from common/validation/patch-type.',
            },
            {
              name: 'class-validator',
              importNames: ['IsOptional', 'ValidateNested'],
              message:
                'Both let malformed input through to the service (null; an array for an object): use Optional() / Nullable() and NestedObject() from common/validation/validators.',
            },
          ],
          patterns: [
            {
              group: ['**/worker/**'],
              message: 'Apps never import each other; share code through libs/.',
            },
            generatedClient,
          ],
        },
      ],
    },
  },
  {
    files: ['apps/worker/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [prismaNamespace],
          patterns: [
            {
              group: ['**/api/**'],
              message: 'Apps never import each other; share code through libs/.',
            },
            generatedClient,
          ],
        },
      ],
    },
  },
  {
    // Tests may use loose typing for supertest bodies and fixtures.
    files: ['**/*.spec.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // libs/outcomes is pure domain code: decimal.js and its own files only; time and randomness are inputs.
    files: ['libs/outcomes/src/**/*.ts'],
    ignores: ['libs/outcomes/src/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@nestjs/*',
                '@prisma/*',
                'prisma',
                'bullmq',
                'ioredis',
                'pg',
                'class-validator',
                'class-transformer',
                'node:*',
                'fs',
                'path',
                'http',
                'https',
                'net',
                'child_process',
                'os',
                'crypto',
                '@ol/*',
              ],
              message: 'libs/outcomes is pure: only decimal.js and its own files.',
            },
            generatedClient,
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        'process',
        'require',
        'setTimeout',
        'setInterval',
        'fetch',
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'Time is an input: pass asOf.',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Time is an input: pass asOf.',
        },
        {
          selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
          message: 'No randomness in domain code.',
        },
      ],
    },
  },
);
