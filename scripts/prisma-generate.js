#!/usr/bin/env node
// `prisma generate` without network: the Prisma 7 client needs no engine binary, but the CLI
// looks for the schema engine at start-up. Point it at an existing file unless one is set.
const { spawnSync } = require('node:child_process');

const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= __filename;
env.PRISMA_HIDE_UPDATE_MESSAGE = '1';
const bin = require.resolve('prisma/build/index.js');
const result = spawnSync(process.execPath, [bin, 'generate', '--schema', 'prisma/schema.prisma'], {
  env,
  stdio: 'inherit',
  cwd: require('node:path').join(__dirname, '..'),
});
process.exit(result.status ?? 1);
