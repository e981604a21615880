import { Injectable } from '@nestjs/common';
import type { ReportSensitivitySettings } from '@ol/outcomes';
import { Db } from '../db';
import type { SensitivityParameter } from '../prisma-client';
import {
  SENSITIVITY_SETTINGS_SQL,
  sensitivityOf,
  type SensitivityTuple,
} from './sensitivity.mapper';

/** Settings as written: the parameters a partnership may vary (no leakage: proxies have none). */
export interface SensitivitySettingsData {
  cases: readonly { parameter: SensitivityParameter; change: string }[];
  grid: {
    rows: { parameter: SensitivityParameter; changes: readonly string[] };
    columns: { parameter: SensitivityParameter; changes: readonly string[] };
  } | null;
}

/**
 * A partnership's own sensitivity cases and two-way grid (report inputs: a change re-fingerprints
 * the reports that use them). Stored as rows the database checks (see the migration).
 */
@Injectable()
export class SensitivitySettingsRepository {
  constructor(private readonly db: Db) {}

  async find(partnershipId: string): Promise<ReportSensitivitySettings> {
    const rows = await this.db.client.$queryRawUnsafe<{ sensitivity: SensitivityTuple }[]>(
      `SELECT ${SENSITIVITY_SETTINGS_SQL} AS sensitivity`,
      partnershipId,
    );
    return sensitivityOf(rows[0].sensitivity);
  }

  /** Replaces the settings (call inside the caller's transaction). */
  async replace(partnershipId: string, settings: SensitivitySettingsData): Promise<void> {
    const client = this.db.client;
    await client.sensitivityCase.deleteMany({ where: { partnershipId } });
    await client.sensitivityGrid.deleteMany({ where: { partnershipId } });
    if (settings.cases.length > 0) {
      await client.sensitivityCase.createMany({
        data: settings.cases.map((c, position) => ({
          partnershipId,
          position,
          parameter: c.parameter,
          change: c.change,
        })),
      });
    }
    if (settings.grid) {
      const { rows, columns } = settings.grid;
      await client.sensitivityGrid.create({
        data: {
          partnershipId,
          rowParameter: rows.parameter,
          rowChanges: [...rows.changes],
          columnParameter: columns.parameter,
          columnChanges: [...columns.changes],
        },
      });
    }
  }
}
