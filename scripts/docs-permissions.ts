/** Writes docs/permissions.md from the access policy (`npm run docs:permissions`). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderPermissions } from '../apps/api/src/common/auth/permissions-doc';

// npm runs scripts from the package root.
const target = join(process.cwd(), 'docs', 'permissions.md');
writeFileSync(target, renderPermissions());
console.log(`wrote ${target}`);
