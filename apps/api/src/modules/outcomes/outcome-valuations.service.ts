import { ReportRefresher } from '@ol/jobs';
import { Inject, Injectable } from '@nestjs/common';
import { ValidationError, checkValuationLink, valuedLevelConflict } from '@ol/outcomes';
import {
  AuditRepository,
  Db,
  OutcomeRepository,
  ProxyRepository,
  type Actor,
  type OutcomeWithValuation,
  type ResolvedProxy,
  type ValuationBasis,
} from '@ol/persistence';
import { ApiConfig } from '../../config/api.config';
import { ProblemException } from '../../common/problems/problem';
import type { SetValuationDto, UpdateOutcomeDto } from './dto/outcome.dto';

/** How outcomes are valued: each outcome's proxy link and the basis it values on. */
@Injectable()
export class OutcomeValuationsService {
  constructor(
    private readonly db: Db,
    private readonly outcomes: OutcomeRepository,
    private readonly proxies: ProxyRepository,
    private readonly audit: AuditRepository,
    private readonly refresher: ReportRefresher,
    @Inject(ApiConfig) private readonly config: ApiConfig,
  ) {}

  /**
   * How the partnership's figures are computed changed (a valuation, an outcome's kind, baseline,
   * targets or place in the hierarchy): every report with a current version is recomputed after the
   * debounce, in the caller's transaction (nothing is asked for when the change is refused). A run
   * whose inputs changed stores a restatement; no stored version is edited.
   */
  async restateReports(partnershipId: string, actor: Actor): Promise<void> {
    await this.refresher.afterSettingsChange(
      partnershipId,
      this.config.REPORT_DEBOUNCE_MS,
      actor.userId,
    );
  }

  private async get(partnershipId: string, id: string): Promise<OutcomeWithValuation> {
    const outcome = await this.outcomes.find(partnershipId, id);
    if (!outcome) throw ProblemException.notFound('Outcome');
    return outcome;
  }

  /**
   * Links the outcome to the proxy that values it, on a basis its kind allows (checkValuationLink):
   * never a score times money, never the count of what a decrease outcome saw happen. An outcome
   * whose people another outcome's valuation counts is valued there, so it takes no proxy of its own.
   */
  setValuation(
    partnershipId: string,
    actor: Actor,
    outcomeId: string,
    dto: SetValuationDto,
  ): Promise<OutcomeWithValuation> {
    return this.db.transaction(async () => {
      const outcome = await this.get(partnershipId, outcomeId);
      if (!(await this.proxies.findById(dto.proxyId))) {
        throw ProblemException.unprocessable('The proxy does not exist in the library.', [
          { field: 'proxyId', value: dto.proxyId, reason: 'no such proxy' },
        ]);
      }
      await this.checkOneValuedLevel(
        partnershipId,
        { id: outcomeId, valued: true },
        {
          field: 'proxyId',
          value: dto.proxyId,
        },
      );
      const countedBy = await this.outcomes.countedBy(partnershipId, outcomeId);
      if (countedBy) {
        throw ProblemException.unprocessable('This outcome is valued through another outcome.', [
          {
            field: 'proxyId',
            value: dto.proxyId,
            reason: `the valuation of outcome ${countedBy.outcomeId} counts this outcome's people: a proxy here would count them twice`,
          },
        ]);
      }
      if (dto.countOutcomeId && dto.basis !== 'count_outcome') {
        throw ProblemException.unprocessable('A count outcome goes with basis count_outcome.', [
          {
            field: 'countOutcomeId',
            value: dto.countOutcomeId,
            reason: 'is only for basis count_outcome',
          },
        ]);
      }
      const count = dto.countOutcomeId
        ? await this.outcomes.find(partnershipId, dto.countOutcomeId)
        : null;
      if (dto.countOutcomeId && !count) {
        throw ProblemException.unprocessable('The count outcome does not exist.', [
          { field: 'countOutcomeId', value: dto.countOutcomeId, reason: 'no such outcome' },
        ]);
      }
      const countedFor = count
        ? ((await this.outcomes.countedBy(partnershipId, count.id))?.outcomeId ?? null)
        : null;
      const basis = checkValuationLink(
        outcome,
        dto.basis,
        count ? { ...count, valued: count.valuation !== null, countedFor } : undefined,
      );
      await this.outcomes.setValuation(partnershipId, outcomeId, {
        proxyId: dto.proxyId,
        basis,
        countOutcomeId: basis === 'count_outcome' ? count!.id : null,
      });
      await this.audit.record(partnershipId, actor, {
        action: 'valuation.set',
        entityType: 'outcome',
        entityId: outcomeId,
        details: { proxyId: dto.proxyId, basis, countOutcomeId: dto.countOutcomeId ?? null },
      });
      await this.restateReports(partnershipId, actor);
      return this.get(partnershipId, outcomeId);
    });
  }

  clearValuation(partnershipId: string, actor: Actor, outcomeId: string): Promise<void> {
    return this.db.transaction(async () => {
      await this.get(partnershipId, outcomeId);
      if (!(await this.outcomes.clearValuation(partnershipId, outcomeId)))
        throw ProblemException.notFound('Valuation');
      await this.audit.record(partnershipId, actor, {
        action: 'valuation.cleared',
        entityType: 'outcome',
        entityId: outcomeId,
      });
      await this.restateReports(partnershipId, actor);
    });
  }

  /** The proxy inputs that value the outcome on a date (the version in force then). */
  async resolveValuation(
    partnershipId: string,
    outcomeId: string,
    date: string,
  ): Promise<{ outcome: OutcomeWithValuation; resolved: ResolvedProxy | null }> {
    const outcome = await this.get(partnershipId, outcomeId);
    if (!outcome.valuation) return { outcome, resolved: null };
    return {
      outcome,
      resolved: await this.proxies.resolve(partnershipId, outcome.valuation.proxyId, date),
    };
  }

  /**
   * Value is counted at one level of a branch: a parent rolls its children up, so a proxy on an
   * outcome and on one of its ancestors would value the same delivery twice. Checks the hierarchy
   * as it would be after `change` (a new link, or a new parent) and refuses a second valued level
   * with a field-level 422 naming both outcomes; nothing is changed.
   */
  async checkOneValuedLevel(
    partnershipId: string,
    change: { id: string; parentId?: string | null; valued?: boolean },
    at: { field: string; value: unknown },
  ): Promise<void> {
    const nodes = (await this.outcomes.hierarchy(partnershipId)).map((n) =>
      n.id === change.id
        ? {
            ...n,
            parentId: change.parentId === undefined ? n.parentId : change.parentId,
            valued: change.valued ?? n.valued,
          }
        : n,
    );
    const conflict = valuedLevelConflict(nodes);
    if (!conflict) return;
    const code = (id: string) => nodes.find((n) => n.id === id)!.code;
    throw ProblemException.unprocessable('Value is counted once per branch of the hierarchy.', [
      {
        field: at.field,
        value: at.value,
        reason: `outcome ${code(conflict.upper)} and its descendant ${code(conflict.lower)} would both be valued, and ${code(conflict.upper)} rolls ${code(conflict.lower)} up: value one level of the branch (clear the other valuation first)`,
      },
    ]);
  }

  /**
   * A new aggregation or direction must still suit how the outcome is valued: its own proxy link
   * (a count's basis follows its direction: achieved or avoided), and a score's valuation that
   * counts this outcome's people. A field-level 422 otherwise; nothing is changed.
   */
  async checkKindChange(
    partnershipId: string,
    current: OutcomeWithValuation,
    dto: UpdateOutcomeDto,
  ): Promise<void> {
    if (dto.aggregation === undefined && dto.direction === undefined) return;
    const next = {
      ...current,
      aggregation: dto.aggregation ?? current.aggregation,
      direction: dto.direction ?? current.direction,
    };
    const field = dto.aggregation !== undefined ? 'aggregation' : 'direction';
    const refuse = (reason: string) =>
      ProblemException.unprocessable('The outcome would no longer suit how it is valued.', [
        { field, value: dto[field], reason },
      ]);
    const countedBy = await this.outcomes.countedBy(partnershipId, current.id);
    if (countedBy && (next.aggregation !== 'sum' || next.direction !== 'increase')) {
      throw refuse(
        `the valuation of outcome ${countedBy.outcomeId} counts this outcome's people, so it must stay a count that should increase`,
      );
    }
    const link = current.valuation;
    if (!link) return;
    const named = link.basis === 'change_in_stock' || link.basis === 'count_outcome';
    const count = link.countOutcomeId
      ? await this.outcomes.find(partnershipId, link.countOutcomeId)
      : null;
    let basis: ValuationBasis;
    try {
      basis = checkValuationLink(
        next,
        named ? (link.basis ?? undefined) : undefined,
        count ? { ...count, valued: count.valuation !== null } : undefined,
      );
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      throw refuse(
        `its valuation (basis ${link.basis ?? 'none'}) would not fit: ${error.field} ${error.reason}; change or clear the valuation first`,
      );
    }
    if (basis !== link.basis) {
      await this.outcomes.setValuation(partnershipId, current.id, {
        proxyId: link.proxyId,
        basis,
        countOutcomeId: link.countOutcomeId,
      });
    }
  }
}
