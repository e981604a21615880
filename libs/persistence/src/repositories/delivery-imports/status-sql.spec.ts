import { IMPORT_STATUSES } from '@ol/outcomes';
import { ImportStatus } from '../../prisma-client';
import { isActiveSql, movableInto, statusInText } from './status-sql';

describe('import status SQL', () => {
  it('the transition table names exactly the statuses of the import_status enum', () => {
    expect([...IMPORT_STATUSES]).toEqual(Object.values(ImportStatus));
  });

  it('writes the guard of a move as a literal list taken from the transition table', () => {
    expect(movableInto('queued').sql).toBe("status IN ('receiving')");
    expect(movableInto('running').sql).toBe("status IN ('queued', 'running')");
    expect(movableInto('completed').sql).toBe("status IN ('queued', 'running')");
    expect(movableInto('rejected').sql).toBe("status IN ('receiving')");
    expect(movableInto('failed').sql).toBe("status IN ('receiving', 'queued', 'running')");
  });

  it('matches the predicate of the partial unique index on active imports, on any column', () => {
    expect(isActiveSql().sql).toBe("status IN ('receiving', 'queued', 'running')");
    expect(isActiveSql('i.status').sql).toBe("i.status IN ('receiving', 'queued', 'running')");
  });

  it('refuses an empty list (it would match nothing, silently)', () => {
    expect(() => statusInText([])).toThrow('no import status to match');
  });
});
