import { Injectable } from '@nestjs/common';
import { diffReports } from '@ol/outcomes';
import { SignOffRepository, type Report } from '@ol/persistence';
import type { SignOffResponse, SinceSignedOffResponse } from './dto/sign-off.dto';
import { signOffOf } from './sign-off-state';

/** How report versions read their sign-off: the state of each, and what changed since signed. */
@Injectable()
export class SignOffReader {
  constructor(private readonly signOffs: SignOffRepository) {}

  /** Each version's sign-off (today's board is read only when a round is open). */
  async statesOf(partnershipId: string, ids: string[]): Promise<Map<string, SignOffResponse>> {
    const rounds = await this.signOffs.rounds(partnershipId, ids);
    const open = [...rounds.values()].some((r) => r.at(-1)?.status === 'in_review');
    const board = open ? await this.signOffs.board(partnershipId) : [];
    return new Map(ids.map((id) => [id, signOffOf(rounds.get(id) ?? [], board)]));
  }

  /**
   * For a version after one the board signed off (a restatement after sign-off): the signed
   * version and the figures that differ from it; null when no earlier version was signed off.
   */
  async sinceSignedOff(
    partnershipId: string,
    report: Pick<Report, 'id' | 'scope' | 'periodStart' | 'periodEnd' | 'version'>,
  ): Promise<SinceSignedOffResponse | null> {
    const signed = await this.signOffs.lastSignedOff(
      partnershipId,
      { scope: report.scope, periodStart: report.periodStart, periodEnd: report.periodEnd },
      report.version,
    );
    if (!signed) return null;
    const compared = await this.signOffs.comparedOf(partnershipId, report.id);
    return {
      reportId: signed.reportId,
      version: signed.version,
      signedOffAt: signed.signedOffAt.toISOString(),
      differences: compared ? diffReports(signed.compared, compared) : [],
    };
  }
}
