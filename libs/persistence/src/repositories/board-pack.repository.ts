import { Injectable } from '@nestjs/common';
import { Db } from '../db';
import { Prisma } from '../prisma-client';

/** Which view of a version a pack renders (see the migration board_packs). */
export type BoardPackViewName = 'full' | 'withheld';

/** A stored board pack without its bytes. */
export interface BoardPackInfo {
  id: string;
  reportId: string;
  view: BoardPackViewName;
  pages: number;
  bytes: number;
  createdAt: Date;
}

/** Board packs: report versions rendered as PDF, one per version and view, written once. */
@Injectable()
export class BoardPackRepository {
  constructor(private readonly db: Db) {}

  /** The report version a pack is of (its label and number), without its figures. */
  async version(
    partnershipId: string,
    reportId: string,
  ): Promise<{ periodLabel: string; version: number } | null> {
    const rows = await this.db.client.$queryRaw<{ periodLabel: string; version: number }[]>`
      SELECT period_label AS "periodLabel", version FROM reports
       WHERE partnership_id = ${partnershipId}::uuid AND id = ${reportId}::uuid`;
    return rows[0] ?? null;
  }

  async info(
    partnershipId: string,
    reportId: string,
    view: BoardPackViewName,
  ): Promise<BoardPackInfo | null> {
    const rows = await this.db.client.$queryRaw<BoardPackInfo[]>`
      SELECT id::text, report_id::text AS "reportId", view, pages,
             octet_length(pdf) AS bytes, created_at AS "createdAt"
        FROM board_packs
       WHERE partnership_id = ${partnershipId}::uuid AND report_id = ${reportId}::uuid AND view = ${view}`;
    return rows[0] ?? null;
  }

  /** The pack's bytes (null when it has not been rendered). */
  async pdf(
    partnershipId: string,
    reportId: string,
    view: BoardPackViewName,
  ): Promise<{ pdf: Uint8Array; pages: number } | null> {
    const row = await this.db.client.boardPack.findUnique({
      where: { partnershipId_reportId_view: { partnershipId, reportId, view } },
      select: { pdf: true, pages: true },
    });
    return row;
  }

  /**
   * The current quarter versions up to `until` (the last `limit`, oldest first): each quarter's
   * present value and SROI ratio as its version compares them.
   */

  /**
   * Stores a pack and, in the same statement, `alongside` (the run marked done): both commit or
   * neither. A pack already stored for the version and view (a job delivered twice) is kept; its
   * id is returned.
   */
  async create(
    partnershipId: string,
    pack: { reportId: string; view: BoardPackViewName; pdf: Buffer; pages: number; runId: string },
    alongside: (packId: Prisma.Sql) => Prisma.Sql,
  ): Promise<string> {
    const rows = await this.db.client.$queryRaw<{ id: string }[]>`
      WITH inserted AS (
        INSERT INTO board_packs (partnership_id, report_id, view, pdf, pages, run_id)
        VALUES (${partnershipId}::uuid, ${pack.reportId}::uuid, ${pack.view}, ${pack.pdf},
                ${pack.pages}::int, ${pack.runId}::uuid)
        ON CONFLICT (partnership_id, report_id, view) DO NOTHING
        RETURNING id
      ), pack AS (
        SELECT id FROM inserted
        UNION ALL
        SELECT id FROM board_packs
         WHERE partnership_id = ${partnershipId}::uuid AND report_id = ${pack.reportId}::uuid
           AND view = ${pack.view} AND NOT EXISTS (SELECT 1 FROM inserted)
      ), done AS (${alongside(Prisma.sql`(SELECT id::text FROM pack)`)} RETURNING 1)
      SELECT id::text FROM pack, (SELECT count(*) FROM done) AS d`;
    return rows[0].id;
  }
}
