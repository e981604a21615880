import { Pool } from 'pg';
import { Db } from '../../db';
import { StagingLoad, stagingTableOf, type StagingOptions } from './staging-load';
import type { DuplicateRef } from './types';

/** The staging tables of imports (schema `ol_staging`): loads, repeats, listing and dropping. */
export class ImportStaging {
  constructor(
    private readonly db: Db,
    private readonly pool: Pool,
  ) {}

  /**
   * Opens the staging load of an import on its own pooled connection (no statement timeout: a
   * slice's COPY lasts as long as the upload takes to deliver it) with its first slice.
   */
  async open(
    partnershipId: string,
    importId: string,
    options: StagingOptions,
  ): Promise<StagingLoad> {
    const client = await this.pool.connect();
    const load = new StagingLoad(client, partnershipId, importId, options);
    try {
      await load.start();
      return load;
    } catch (e) {
      await load.abort(e as Error);
      throw e;
    }
  }

  /** Confirms the repeats the hash filter flagged, against every staged slice. */
  duplicateRefs(
    load: StagingLoad,
    suspects: string[],
    cap: number,
  ): Promise<{ count: number; items: DuplicateRef[] }> {
    return load.duplicateRefs(this.pool, suspects, cap);
  }

  /** The staging slices of an import that exist (committed), lowest first. */
  async slices(importId: string): Promise<string[]> {
    const prefix = stagingTableOf(importId).slice('ol_staging.'.length);
    const rows = await this.db.client.$queryRawUnsafe<{ name: string }[]>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'ol_staging' AND c.relkind = 'r' AND c.relname ~ $1
        ORDER BY substring(c.relname from '_([0-9]+)$')::int`,
      `^${prefix}_[0-9]+$`,
    );
    return rows.map((r) => `ol_staging.${r.name}`);
  }

  /**
   * Drops an import's staging slices, the last first, one statement each: a commit
   * transaction still reading them (it rolls back once it sees the import rejected or failed)
   * is waited for slice by slice, never deadlocked with.
   */
  async drop(importId: string): Promise<void> {
    for (const table of (await this.slices(importId)).reverse()) {
      await this.db.client.$executeRawUnsafe(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
