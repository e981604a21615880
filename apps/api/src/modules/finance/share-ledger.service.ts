import Decimal from 'decimal.js';
import { Injectable } from '@nestjs/common';
import {
  financialYearOf,
  isRetained,
  ledger,
  parseFinancialYearLabel,
  partyOrganisation,
  toMoneyString,
  triggerStep,
} from '@ol/outcomes';
import {
  AuditRepository,
  Db,
  FinanceRepository,
  PartnershipRepository,
  ShareLedgerRepository,
  ledgerInputOf,
  type Actor,
  type LedgerKey,
  type ShareAdjustment,
  type ShareTrigger,
} from '@ol/persistence';
import type { PartnershipAccess } from '../../common/auth/auth-context';
import { visibleProviders } from '../../common/auth/policy';
import { ProblemException, ProblemType } from '../../common/problems/problem';
import type {
  SettleTriggerDto,
  ShareLedgerQuery,
  ShareLedgerResponse,
  TriggerView,
} from './dto/share-ledger.dto';
import { SettlementResponse } from './dto/share-ledger.dto';

/** The server's UTC date. */
const today = (): string => new Date().toISOString().slice(0, 10);

/**
 * Triggers and the settlement ledger. A trigger carries each party's ADJUSTMENT (its entitlement
 * under the evaluation minus what was raised before); it is acknowledged, then settled by someone
 * else (unless the partnership turned separation off), and settling records what moved for each
 * party (by default its adjustment in full; `retained` where no money moves). The ledger per rule chain, provider and year: entitlement (current evaluation),
 * settled, outstanding = entitlement − settled.
 */
@Injectable()
export class ShareLedgerService {
  constructor(
    private readonly db: Db,
    private readonly finance: FinanceRepository,
    private readonly shareLedgers: ShareLedgerRepository,
    private readonly partnerships: PartnershipRepository,
    private readonly audit: AuditRepository,
  ) {}

  async listTriggers(
    access: PartnershipAccess,
    status?: 'open' | 'acknowledged' | 'settled',
  ): Promise<TriggerView[]> {
    const triggers = await this.finance.listTriggers(access.partnershipId, {
      status,
      providerOrgIds: visibleProviders(access, 'triggers', 'read'),
    });
    return this.views(access.partnershipId, triggers);
  }

  async getTrigger(access: PartnershipAccess, id: string): Promise<TriggerView> {
    const [view] = await this.views(access.partnershipId, [await this.visibleTrigger(access, id)]);
    return view;
  }

  /**
   * open → acknowledged → settled, each with who, when and a note: settling an open trigger is
   * refused (409), and so is settling one you acknowledged (403) unless the partnership turned
   * separation of duties off (libs/outcomes' triggerStep). Settling records, for each party with a
   * non-zero adjustment, a settlement of that amount, or the amounts the settler gives.
   */
  actOnTrigger(
    access: PartnershipAccess,
    actor: Actor,
    id: string,
    action: 'acknowledge' | 'settle',
    dto: SettleTriggerDto,
  ): Promise<TriggerView> {
    if (action === 'settle' && dto.paidOn && dto.paidOn > today()) {
      throw ProblemException.validation([
        { field: 'paidOn', value: dto.paidOn, reason: 'must not be in the future' },
      ]);
    }
    return this.db.transaction(async () => {
      const t = await this.visibleTrigger(access, id);
      const partnership = (await this.partnerships.findById(access.partnershipId))!;
      const step = triggerStep(t, action, actor.userId!, partnership.settlementSeparation);
      if (!step.allowed) {
        const detail = `Cannot ${action} the trigger: ${step.reason}.`;
        throw step.refusal === 'separation'
          ? ProblemException.forbidden(detail, ProblemType.SeparationOfDuties)
          : ProblemException.conflict(detail, ProblemType.TriggerState);
      }
      // Conditional on the status read: a concurrent step makes this one a conflict.
      const updated = await this.finance.setTriggerStatus(
        access.partnershipId,
        id,
        [t.status],
        action === 'acknowledge' ? 'acknowledged' : 'settled',
        actor.userId!,
        dto.note,
      );
      if (!updated)
        throw ProblemException.conflict(
          `Cannot ${action} the trigger: it changed meanwhile; read it again.`,
          ProblemType.TriggerState,
        );
      let settled: { partyId: string; amount: string; retained: boolean }[] = [];
      if (action === 'settle') settled = await this.recordSettlements(access, actor, t, dto);
      await this.audit.record(access.partnershipId, actor, {
        action: `trigger.${updated.status}`,
        entityType: 'share_trigger',
        entityId: id,
        details: {
          note: dto.note,
          from: t.status,
          to: updated.status,
          ...(action === 'settle'
            ? {
                acknowledgedBy: t.acknowledgedBy,
                separationRequired: partnership.settlementSeparation,
                paidOn: dto.paidOn ?? today(),
                paymentReference: dto.paymentReference ?? dto.note.slice(0, 200),
                settlements: settled,
              }
            : {}),
        },
      });
      const [view] = await this.views(access.partnershipId, [updated]);
      return view;
    });
  }

  /** The ledgers the caller may read, newest year first. */
  async ledgers(
    access: PartnershipAccess,
    query: ShareLedgerQuery,
  ): Promise<ShareLedgerResponse[]> {
    const partnership = (await this.partnerships.findById(access.partnershipId))!;
    let windowStart: string | undefined;
    if (query.year) {
      try {
        windowStart = parseFinancialYearLabel(query.year, partnership.fyStartMonth).start;
      } catch {
        throw ProblemException.validation([
          {
            field: 'year',
            value: query.year,
            reason: `must be a financial year of the partnership, e.g. "${partnership.fyStartMonth === 1 ? '2026' : '2026-27'}"`,
          },
        ]);
      }
    }
    let lineageId: string | undefined;
    if (query.ruleId) {
      const rule = await this.finance.findRule(access.partnershipId, query.ruleId);
      if (!rule) throw ProblemException.notFound('Share rule');
      lineageId = rule.lineageId;
    }
    const keys = await this.shareLedgers.keys(access.partnershipId, {
      lineageId,
      providerOrgIds: visibleProviders(
        access,
        'share-ledger',
        'read',
        query.providerOrganisationId,
      ),
      windowStart,
    });
    const result: ShareLedgerResponse[] = [];
    for (const key of keys) {
      result.push(await this.ledgerOf(access.partnershipId, partnership.fyStartMonth, key));
    }
    return result;
  }

  private async ledgerOf(
    partnershipId: string,
    fyStartMonth: number,
    key: LedgerKey,
  ): Promise<ShareLedgerResponse> {
    const [evaluation, records] = await Promise.all([
      this.shareLedgers.currentEvaluation(partnershipId, key),
      this.shareLedgers.records(partnershipId, key),
    ]);
    const { input, parties: who } = ledgerInputOf(evaluation?.positions ?? [], records);
    const book = ledger(input);
    const windowStart = key.windowStart;
    return {
      lineageId: key.lineageId,
      ruleId: evaluation?.ruleId ?? key.lineageId,
      providerOrganisationId: key.providerOrgId,
      year: financialYearOf(windowStart, fyStartMonth).label,
      windowStart,
      evaluationId: evaluation?.id ?? null,
      lines: book.lines.map((line) => ({
        partyId: line.partyId,
        organisationId: partyOrganisation(line.partyId, key.providerOrgId),
        name: who.get(line.partyId)?.name ?? line.partyId,
        role: who.get(line.partyId)?.role ?? 'other',
        entitlement: toMoneyString(line.entitlement),
        settled: toMoneyString(line.settled),
        outstanding: toMoneyString(line.outstanding),
        raised: toMoneyString(line.raisedBefore),
        notYetRaised: toMoneyString(line.adjustment),
      })),
      totals: {
        entitlement: toMoneyString(book.totals.entitlement),
        settled: toMoneyString(book.totals.settled),
        outstanding: toMoneyString(book.totals.outstanding),
        raised: toMoneyString(book.totals.raisedBefore),
        notYetRaised: toMoneyString(book.totals.adjustment),
      },
      settlements: records.settlements.map(SettlementResponse.from),
    };
  }

  private async recordSettlements(
    access: PartnershipAccess,
    actor: Actor,
    t: ShareTrigger,
    dto: SettleTriggerDto,
  ): Promise<{ partyId: string; amount: string; retained: boolean }[]> {
    const rule = (await this.finance.findRule(access.partnershipId, t.ruleId))!;
    const adjustments =
      (await this.shareLedgers.ofTriggers(access.partnershipId, [t.id])).adjustments.get(t.id) ??
      [];
    const paidOn = dto.paidOn ?? today();
    const reference = dto.paymentReference ?? dto.note.trim().slice(0, 200);
    const moved = dto.settlements
      ? this.givenAmounts(dto.settlements, adjustments)
      : adjustments
          .filter((a) => !new Decimal(a.amount).isZero())
          .map((a) => ({ partyId: a.partyId, amount: a.amount }));
    const roleOf = new Map(adjustments.map((a) => [a.partyId, a.partyRole]));
    const rows = moved.map((m) => ({
      partyId: m.partyId,
      amount: m.amount,
      retained: isRetained(
        rule.kind as 'reasonable_surplus' | 'target_cost',
        roleOf.get(m.partyId)!,
      ),
      paidOn,
      reference,
      settledBy: actor.userId,
    }));
    await this.shareLedgers.saveSettlements(
      access.partnershipId,
      {
        lineageId: rule.lineageId,
        providerOrgId: t.providerOrgId,
        windowStart: t.windowStart,
        triggerId: t.id,
      },
      rows,
    );
    return rows.map((r) => ({ partyId: r.partyId, amount: r.amount, retained: r.retained }));
  }

  /** The amounts a settler says moved: parties of the trigger, once each, not zero (400 else). */
  private givenAmounts(
    given: { partyId: string; amount: string }[],
    adjustments: ShareAdjustment[],
  ): { partyId: string; amount: string }[] {
    const parties = new Set(adjustments.map((a) => a.partyId));
    const seen = new Set<string>();
    const problems = given.flatMap((g, i) => {
      const out = [];
      if (!parties.has(g.partyId)) {
        out.push({
          field: `settlements[${i}].partyId`,
          value: g.partyId,
          reason: "must be a party of the trigger's adjustments",
        });
      } else if (seen.has(g.partyId)) {
        out.push({
          field: `settlements[${i}].partyId`,
          value: g.partyId,
          reason: 'appears more than once',
        });
      }
      seen.add(g.partyId);
      if (new Decimal(g.amount).isZero()) {
        out.push({
          field: `settlements[${i}].amount`,
          value: g.amount,
          reason: 'must not be zero (leave the party out when nothing moved)',
        });
      }
      return out;
    });
    if (problems.length > 0) throw ProblemException.validation(problems);
    const order = adjustments.map((a) => a.partyId);
    return [...given]
      .sort((a, b) => order.indexOf(a.partyId) - order.indexOf(b.partyId))
      .map((g) => ({ partyId: g.partyId, amount: new Decimal(g.amount).toFixed(2) }));
  }

  private async visibleTrigger(access: PartnershipAccess, id: string): Promise<ShareTrigger> {
    const t = await this.finance.findTrigger(access.partnershipId, id);
    const visible = visibleProviders(access, 'triggers', 'read');
    if (!t || (visible && !visible.includes(t.providerOrgId)))
      throw ProblemException.notFound('Trigger');
    return t;
  }

  private async views(partnershipId: string, triggers: ShareTrigger[]): Promise<TriggerView[]> {
    const { adjustments, settlements } = await this.shareLedgers.ofTriggers(
      partnershipId,
      triggers.map((t) => t.id),
    );
    return triggers.map((trigger) => ({
      trigger,
      adjustments: adjustments.get(trigger.id) ?? [],
      settlements: settlements.get(trigger.id) ?? [],
    }));
  }
}
