import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsObject,
  IsString,
  IsUUID,
  Length,
  ValidateIf,
} from 'class-validator';
import type { JobRun, ShareRule } from '@ol/persistence';
import {
  CONTRACT_RULE_KINDS,
  PARTY_ROLES,
  pointOfTotalAssumption,
  type ContractRule,
  type ExplanationStep,
} from '@ol/outcomes';
import { ExplanationStepResponse } from '../../../common/http/explanation-step.response';
import { JobRunResponse } from '../../reports/dto/report.dto';
import {
  IsDecimalString,
  IsNotBlank,
  NestedObject,
  Nullable,
  Optional,
} from '../../../common/validation/validators';
import { EVALUATION_JOBS, MONEY } from './finance-fields';

const FRACTION = { scale: 4, min: '0', max: '1' } as const;
/** The shorthand's fields apply only when no `terms` are given. */
const Shorthand = (): PropertyDecorator =>
  ValidateIf((dto: { terms?: unknown }) => dto.terms === undefined);

// --- The three-party shorthand (stored as reasonable-surplus terms with the same meaning) ---

export class ShareBandDto {
  @ApiPropertyOptional({
    example: '0.05',
    description:
      'Upper edge in margin points above the reasonable-surplus rate (0.05 = 5 points); omit on the last band',
  })
  @Optional()
  @IsDecimalString({ scale: 6, min: '0', max: '10' })
  upTo?: string;

  @ApiProperty({ example: '0.5', description: 'Share of this band’s excess kept by the provider' })
  @IsDecimalString(FRACTION)
  provider!: string;

  @ApiProperty({ example: '0.5', description: 'Share returned to the commissioner' })
  @IsDecimalString(FRACTION)
  commissioner!: string;

  @ApiPropertyOptional({ example: '0', description: 'Share paid to the community fund' })
  @Optional()
  @IsDecimalString(FRACTION)
  communityFund?: string;
}

export class PainShareDto {
  @ApiProperty({
    example: '0.5',
    description: 'Share of an overrun against the target cost borne by the provider',
  })
  @IsDecimalString(FRACTION)
  providerShare!: string;

  @ApiPropertyOptional({ example: '50000.00', description: 'Most the provider bears' })
  @Optional()
  @IsDecimalString({ ...MONEY, min: '0' })
  providerCap?: string;
}

// --- Contract terms (documented here; validated by libs/outcomes with field paths) ---

export class ContractPartyDto {
  @ApiProperty({
    example: '5b0c…',
    description:
      'A member organisation id of the partnership; `provider` for the provider evaluated (a rule for every provider); for the community fund its organisation id (or `community_fund`)',
  })
  id!: string;
  @ApiProperty({ example: 'Northside Care' }) name!: string;
  @ApiProperty({ enum: PARTY_ROLES }) role!: string;
}

export class ShareTierDto {
  @ApiPropertyOptional({
    example: '20000',
    description:
      'Cumulative upper edge of the amount shared (money; margin points with bandEdges margin_points); omit on the last',
  })
  upTo?: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { provider: '0.5', 'council-org-id': '0.5' },
    description: 'Fractions by party id, adding up to exactly 1',
  })
  shares!: Record<string, string>;
}

export class ReasonableSurplusBasisDto {
  @ApiProperty({ enum: ['cost', 'revenue', 'amount'] }) basis!: string;
  @ApiPropertyOptional({ example: '0.08', description: 'The rate (cost or revenue basis)' })
  rate?: string;
  @ApiPropertyOptional({
    example: '24000',
    description: 'The target profit amount (amount basis)',
  })
  amount?: string;
}

export class ContractPainShareDto {
  @ApiPropertyOptional({ example: '400000', description: "Omitted: Σ the returns' targetCost" })
  targetCost?: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } })
  shares!: Record<string, string>;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Most each listed party bears (money)',
  })
  caps?: Record<string, string>;
}

export class ReasonableSurplusTermsDto {
  @ApiProperty({ enum: ['reasonable_surplus'] }) kind!: 'reasonable_surplus';
  @ApiProperty({ type: [ContractPartyDto] }) parties!: ContractPartyDto[];
  @ApiProperty({ type: ReasonableSurplusBasisDto }) reasonableSurplus!: ReasonableSurplusBasisDto;
  @ApiPropertyOptional({ example: '0.8' }) earlyWarningLevel?: string;
  @ApiPropertyOptional({ enum: ['money', 'margin_points'], default: 'money' }) bandEdges?: string;
  @ApiProperty({ type: [ShareTierDto] }) bands!: ShareTierDto[];
  @ApiPropertyOptional({ type: ContractPainShareDto }) painShare?: ContractPainShareDto;
}

export class TargetCostTermsDto {
  @ApiProperty({ enum: ['target_cost'] }) kind!: 'target_cost';
  @ApiProperty({ type: [ContractPartyDto] }) parties!: ContractPartyDto[];
  @ApiPropertyOptional({ example: '1000000', description: "Omitted: Σ the returns' targetCost" })
  targetCost?: string;
  @ApiPropertyOptional({ example: '50000', description: 'Target profit (fee) as an amount' })
  targetProfit?: string;
  @ApiProperty({ type: [ShareTierDto], description: 'Tiers of the underspend (who receives)' })
  gainTiers!: ShareTierDto[];
  @ApiProperty({ type: [ShareTierDto], description: 'Tiers of the overrun (who bears)' })
  painTiers!: ShareTierDto[];
  @ApiPropertyOptional({ example: '1150000', description: 'Guaranteed maximum price' })
  ceilingPrice?: string;
  @ApiPropertyOptional({ example: '1000', description: 'A smaller variation moves nothing' })
  minimumAdjustment?: string;
}

/** One of the two shapes (each names its `kind`). */
const TERMS_SCHEMA = {
  oneOf: [
    { $ref: getSchemaPath(ReasonableSurplusTermsDto) },
    { $ref: getSchemaPath(TargetCostTermsDto) },
  ],
};

@ApiExtraModels(ReasonableSurplusTermsDto, TargetCostTermsDto)
export class CreateShareRuleDto {
  @ApiProperty({ example: 'Open-book margin share 2026' })
  @IsString()
  @Length(1, 200)
  @IsNotBlank()
  name!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'One provider; omit for every provider of the partnership',
  })
  @Optional()
  @IsUUID()
  providerOrganisationId?: string;

  @ApiPropertyOptional({
    ...TERMS_SCHEMA,
    description:
      'The contract terms: a reasonable-surplus rule with any parties and bands, or a target-cost contract. Give these, or the three-party shorthand below (basis, reasonableRate, bands, painShare, communityFundOrganisationId), not both.',
  })
  @Optional()
  @IsObject({ message: 'must be an object (a reasonable_surplus or target_cost rule)' })
  terms?: ContractRule;

  @ApiPropertyOptional({
    enum: ['cost', 'revenue'],
    example: 'cost',
    description: 'Shorthand: margin on cost or on revenue',
  })
  @Shorthand()
  @IsIn(['cost', 'revenue'])
  basis?: 'cost' | 'revenue';

  @ApiPropertyOptional({
    example: '0.050000',
    description: 'Shorthand: reasonable-surplus rate (0.05 = 5% of the basis)',
  })
  @Shorthand()
  @IsDecimalString({ scale: 6, min: '0', max: '10', maxExclusive: true })
  reasonableRate?: string;

  @ApiPropertyOptional({
    example: '0.8',
    default: '0.8',
    description: 'Shorthand: early warning at this fraction of the threshold',
  })
  @Optional()
  @IsDecimalString({ scale: 4, min: '0.0001', max: '1' })
  warningLevel?: string;

  @ApiPropertyOptional({
    type: [ShareBandDto],
    description: 'Shorthand: ordered bands for the excess (margin points); the last is open-ended',
  })
  @Shorthand()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @NestedObject(() => ShareBandDto, { each: true })
  bands?: ShareBandDto[];

  @ApiPropertyOptional({
    type: PainShareDto,
    nullable: true,
    description: 'Shorthand: null or absent: none',
  })
  @Optional()
  @Nullable()
  @NestedObject(() => PainShareDto)
  painShare?: PainShareDto | null;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Shorthand: the organisation receiving community-fund shares',
  })
  @Optional()
  @IsUUID()
  communityFundOrganisationId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The rule this one replaces (it is kept, marked superseded)',
  })
  @Optional()
  @IsUUID()
  supersedes?: string;
}

export class PointOfTotalAssumptionResponse {
  @ApiProperty({ example: '1050000.00', description: 'target cost + target profit' })
  targetPrice!: string;
  @ApiProperty({ example: '1150000.00' }) ceilingPrice!: string;
  @ApiProperty({
    example: '100000.00',
    description: 'ceiling − target price: the most the other parties ever bear',
  })
  othersMostBorne!: string;
  @ApiProperty({
    example: '200000.00',
    nullable: true,
    type: String,
    description: 'Overrun at which the price reaches the ceiling (null: never)',
  })
  overrun!: string | null;
  @ApiProperty({
    example: '1200000.00',
    nullable: true,
    type: String,
    description: 'The actual cost from which the provider bears 100% of any overrun',
  })
  cost!: string | null;
  @ApiProperty({ type: () => [ExplanationStepResponse] })
  explanation!: readonly ExplanationStep[];
}

@ApiExtraModels(ReasonableSurplusTermsDto, TargetCostTermsDto)
export class ShareRuleResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) providerOrganisationId!:
    string | null;
  @ApiProperty({ enum: CONTRACT_RULE_KINDS }) kind!: string;
  @ApiProperty({ ...TERMS_SCHEMA, description: 'The contract terms as stored and evaluated' })
  terms!: ContractRule;
  @ApiProperty({
    type: PointOfTotalAssumptionResponse,
    nullable: true,
    description: 'Target-cost contracts with a ceiling price: the point of total assumption',
  })
  pointOfTotalAssumption!: PointOfTotalAssumptionResponse | null;
  @ApiProperty({
    format: 'uuid',
    description:
      'The first rule of its chain of replacements: its settlement ledger (GET …/share-ledger?ruleId=)',
  })
  lineageId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) supersedes!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) supersededAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static from(r: ShareRule): ShareRuleResponse {
    const terms = r.terms as unknown as ContractRule;
    const pta =
      terms.kind === 'target_cost' && terms.ceilingPrice !== undefined
        ? pointOfTotalAssumption(terms)
        : null;
    const money = (v: { toFixed(dp: number): string } | null) => v?.toFixed(2) ?? null;
    return {
      id: r.id,
      name: r.name,
      providerOrganisationId: r.providerOrgId,
      kind: r.kind,
      terms,
      pointOfTotalAssumption: pta
        ? {
            targetPrice: pta.targetPrice.toFixed(2),
            ceilingPrice: pta.ceilingPrice.toFixed(2),
            othersMostBorne: pta.othersMostBorne.toFixed(2),
            overrun: money(pta.overrun),
            cost: money(pta.cost),
            explanation: pta.steps,
          }
        : null,
      lineageId: r.lineageId,
      supersedes: r.supersedesId,
      supersededAt: r.supersededAt,
      createdAt: r.createdAt,
    };
  }
}

export class CreatedShareRuleResponse extends ShareRuleResponse {
  @ApiProperty({ type: [JobRunResponse], description: EVALUATION_JOBS })
  evaluationJobs!: JobRunResponse[];

  static fromCreated(r: ShareRule, runs: JobRun[]): CreatedShareRuleResponse {
    return { ...ShareRuleResponse.from(r), evaluationJobs: runs.map(JobRunResponse.from) };
  }
}

export class ShareRuleList {
  @ApiProperty({ type: [ShareRuleResponse] }) data!: ShareRuleResponse[];
}

export class ListRulesQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Include rules that were replaced' })
  @Optional()
  @IsIn(['true', 'false'])
  includeSuperseded?: 'true' | 'false';
}
