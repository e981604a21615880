import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderPermissions } from './permissions-doc';

describe('docs/permissions.md', () => {
  it('is what the access policy generates (run `npm run docs:permissions` after changing it)', () => {
    const committed = readFileSync(join(__dirname, '../../../../../docs/permissions.md'), 'utf8');
    expect(committed).toBe(renderPermissions());
  });
});
