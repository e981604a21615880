import { spawnSync } from 'node:child_process';
import { pgValues } from './pg-values';

describe(pgValues.name, () => {
  it('sends a Date as its UTC instant and everything else as it is', () => {
    const date = new Date('2026-04-01T00:00:00Z');
    expect(pgValues([date, 'a', 3, null, '{"x":1}'])).toEqual([
      '2026-04-01T00:00:00.000Z',
      'a',
      3,
      null,
      '{"x":1}',
    ]);
  });

  it('is needed: west of UTC, pg on its own sends midnight UTC as the day before', () => {
    // Jest's process.env does not reach the process's time zone: ask a child process.
    const script = `
      const { prepareValue } = require('pg/lib/utils');
      const date = new Date('2026-04-01T00:00:00Z');
      process.stdout.write(JSON.stringify([prepareValue(date), date.toISOString()]));`;
    const run = spawnSync(process.execPath, ['-e', script], {
      env: { ...process.env, TZ: 'America/New_York' },
      encoding: 'utf8',
    });
    const [pgOwn, iso] = JSON.parse(run.stdout) as [string, string];
    expect(pgOwn.startsWith('2026-03-31')).toBe(true);
    expect(iso).toBe('2026-04-01T00:00:00.000Z'); // what pgValues sends, whatever the time zone
  });
});
