import { Injectable } from '@nestjs/common';
import {
  canonicalContractRule,
  ROLE_PARTY_IDS,
  ruleFromShorthand,
  type ContractRule,
} from '@ol/outcomes';
import { MemberRepository, OrganisationRepository } from '@ol/persistence';
import { UUID } from '../../common/http/uuid.pipe';
import { ProblemException } from '../../common/problems/problem';
import type { FieldProblem } from '../../common/problems/problem';
import type { CreateShareRuleDto } from './dto/share-rule.dto';

const SHORTHAND_FIELDS = [
  'basis',
  'reasonableRate',
  'warningLevel',
  'bands',
  'painShare',
  'communityFundOrganisationId',
] as const;

/**
 * A share rule's terms at the door: the contract rule given (`terms`), or the three-party
 * shorthand turned into one with the same meaning, validated whole by libs/outcomes (a 422 naming
 * `terms.bands[1].shares`, `terms.ceilingPrice`, …), and its parties checked against the
 * partnership's members. Nothing is stored on a refusal.
 */
@Injectable()
export class ShareRuleTerms {
  constructor(
    private readonly members: MemberRepository,
    private readonly organisations: OrganisationRepository,
  ) {}

  /** The validated, canonical terms of a new rule. */
  termsOf(dto: CreateShareRuleDto): ContractRule {
    if (dto.terms !== undefined) {
      const both = SHORTHAND_FIELDS.filter((f) => dto[f] !== undefined && dto[f] !== null);
      if (both.length > 0) {
        throw ProblemException.validation(
          both.map((f) => ({
            field: f,
            reason: 'must be left out when terms are given (give terms or the shorthand, not both)',
          })),
        );
      }
      return canonicalContractRule(dto.terms, 'terms');
    }
    return canonicalContractRule(
      ruleFromShorthand(
        {
          basis: dto.basis!,
          reasonableSurplusRate: dto.reasonableRate!,
          earlyWarningLevel: dto.warningLevel,
          bands: dto.bands!,
          painShare: dto.painShare ?? undefined,
        },
        dto.communityFundOrganisationId,
      ),
    );
  }

  /**
   * The parties must be who the partnership is: at most one provider party (`provider`, the
   * provider evaluated, or the rule's own provider), other parties member organisations (or the
   * `commissioner` placeholder), the community fund an existing organisation (or `community_fund`).
   */
  async checkParties(partnershipId: string, dto: CreateShareRuleDto, terms: ContractRule) {
    const problems: FieldProblem[] = [];
    const at = (i: number) => (dto.terms !== undefined ? `terms.parties[${i}].id` : 'parties');
    if (
      dto.providerOrganisationId &&
      !(await this.members.hasRole(partnershipId, dto.providerOrganisationId, 'provider'))
    ) {
      problems.push({
        field: 'providerOrganisationId',
        value: dto.providerOrganisationId,
        reason: 'must be a provider member',
      });
    }
    if (
      dto.communityFundOrganisationId &&
      !(await this.organisations.findById(dto.communityFundOrganisationId))
    ) {
      problems.push({
        field: 'communityFundOrganisationId',
        value: dto.communityFundOrganisationId,
        reason: 'must be an existing organisation',
      });
    }
    const providers = terms.parties.filter((p) => p.role === 'provider');
    if (providers.length > 1) {
      problems.push({
        field: 'terms.parties',
        value: providers.map((p) => p.id).join(', '),
        reason:
          'must have at most one party with role provider (the provider whose books are evaluated)',
      });
    }
    const memberIds = terms.parties
      .filter((p) => p.role !== 'community_fund' && UUID.test(p.id))
      .map((p) => p.id);
    const roles = await this.members.rolesOf(partnershipId, memberIds);
    for (const [i, party] of terms.parties.entries()) {
      if (party.role === 'provider') {
        const own = dto.providerOrganisationId;
        if (party.id !== ROLE_PARTY_IDS.provider && party.id !== own) {
          problems.push({
            field: at(i),
            value: party.id,
            reason: own
              ? `must be "provider" or the rule's provider organisation (${own})`
              : 'must be "provider" (the provider evaluated) when the rule applies to every provider',
          });
        }
      } else if (party.role === 'community_fund') {
        if (party.id === ROLE_PARTY_IDS.communityFund) continue;
        if (!UUID.test(party.id) || !(await this.organisations.findById(party.id))) {
          problems.push({
            field: at(i),
            value: party.id,
            reason: 'must be an existing organisation id, or "community_fund"',
          });
        }
      } else if (!(party.role === 'commissioner' && party.id === ROLE_PARTY_IDS.commissioner)) {
        if (!roles.has(party.id)) {
          problems.push({
            field: at(i),
            value: party.id,
            reason: 'must be a member organisation of the partnership',
          });
        }
      }
    }
    if (problems.length > 0) {
      throw ProblemException.unprocessable(
        "The rule's parties are not members of the partnership as it says.",
        problems,
      );
    }
  }
}
