import { DatabaseConfig, loadConfig } from '@ol/config';
import { createPool } from '@ol/persistence';

/** The app's connections run with the settings its config gives (JIT off unless DB_JIT=on). */
describe('createPool', () => {
  it.each([
    [{}, 'off'],
    [{ DB_JIT: 'on' }, 'on'],
  ])('with %j, the connections have jit %s', async (env, expected) => {
    const pool = createPool(loadConfig(DatabaseConfig, { ...process.env, ...env }));
    try {
      const { rows } = await pool.query<{ jit: string }>('SHOW jit');
      expect(rows[0].jit).toBe(expected);
    } finally {
      await pool.end();
    }
  });
});
