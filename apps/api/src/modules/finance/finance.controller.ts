import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '@ol/persistence';
import { Allow, Authenticated } from '../../common/auth/access.decorators';
import {
  CurrentAccess,
  CurrentActor,
  type PartnershipAccess,
} from '../../common/auth/auth-context';
import { IdempotencyHeader, UuidParam } from '../../common/http/openapi';
import { UuidPipe } from '../../common/http/uuid.pipe';
import { pageOf } from '../../common/http/pagination.query';
import {
  FinancialReturnList,
  FinancialReturnResponse,
  ListEvaluationsQuery,
  ListReturnsQuery,
  ShareEvaluationList,
  ShareEvaluationResponse,
  SubmitReturnDto,
  SubmittedReturnResponse,
} from './dto/finance.dto';
import {
  CreatedShareRuleResponse,
  CreateShareRuleDto,
  ListRulesQuery,
  ShareRuleList,
  ShareRuleResponse,
} from './dto/share-rule.dto';
import { PERIOD_LOCKED } from '../periods/period-guard';
import { FinanceService } from './finance.service';

@ApiTags('open book')
@Authenticated()
@Controller('v1/partnerships/:partnershipId')
export class FinanceController {
  constructor(private readonly service: FinanceService) {}

  @Post('financial-returns')
  @Allow('financial-returns', 'submit')
  @UuidParam('partnershipId')
  @IdempotencyHeader()
  @ApiOperation({
    summary:
      'Submit (or restate) an open-book return for a quarter; the surplus share is re-evaluated',
    description:
      "A return the partnership's share rules could not evaluate is refused with 422 naming the field, and nothing is stored: a `period` outside the partnership's dates or after the current quarter, or no `targetCost` while a rule in force has pain-share. The answer lists the evaluation jobs the return asked for, to poll.",
  })
  @ApiCreatedResponse({ type: SubmittedReturnResponse })
  @ApiConflictResponse({ description: `The return's quarter is closed: ${PERIOD_LOCKED}` })
  async submit(
    @CurrentAccess() access: PartnershipAccess,
    @CurrentActor() actor: Actor,
    @Body() dto: SubmitReturnDto,
  ): Promise<SubmittedReturnResponse> {
    const { saved, runs } = await this.service.submitReturn(access, actor, dto);
    return SubmittedReturnResponse.fromSubmitted(saved, this.service.allowableCost(saved), runs);
  }

  @Get('financial-returns')
  @Allow('financial-returns', 'read')
  @UuidParam('partnershipId')
  @ApiOperation({
    summary: 'Returns (latest revision per period unless allRevisions); providers see their own',
  })
  @ApiOkResponse({ type: FinancialReturnList })
  async list(
    @CurrentAccess() access: PartnershipAccess,
    @Query() query: ListReturnsQuery,
  ): Promise<FinancialReturnList> {
    return {
      data: (await this.service.listReturns(access, query)).map((r) =>
        FinancialReturnResponse.from(r, this.service.allowableCost(r)),
      ),
    };
  }

  @Get('financial-returns/:returnId')
  @Allow('financial-returns', 'read')
  @UuidParam('partnershipId')
  @UuidParam('returnId')
  @ApiOkResponse({ type: FinancialReturnResponse })
  async get(
    @CurrentAccess() access: PartnershipAccess,
    @Param('returnId', UuidPipe) id: string,
  ): Promise<FinancialReturnResponse> {
    const r = await this.service.getReturn(access, id);
    return FinancialReturnResponse.from(r, this.service.allowableCost(r));
  }

  @Post('share-rules')
  @Allow('share-rules', 'write')
  @UuidParam('partnershipId')
  @IdempotencyHeader()
  @ApiOperation({
    summary: 'Record the contract’s sharing terms (or replace a rule); evaluations follow',
    description:
      'Give `terms`: a reasonable-surplus rule (rate on cost or revenue, or a target profit amount; bands of the excess with any parties) or a target-cost contract (gain and pain tiers around a target cost, an optional ceiling price whose point of total assumption the answer shows, a minimum adjustment). Or give the three-party shorthand (basis, reasonableRate, bands in margin points, painShare), stored as terms with the same meaning. Parties are member organisations (`provider` stands for the provider evaluated) plus an optional community fund. Every shape is validated with a field-level 422 (bands out of order or overlapping, shares not adding up to 1, a ceiling below the target price, a party who is not a member); nothing is stored on refusal.',
  })
  @ApiCreatedResponse({ type: CreatedShareRuleResponse })
  async createRule(
    @CurrentAccess() access: PartnershipAccess,
    @CurrentActor() actor: Actor,
    @Body() dto: CreateShareRuleDto,
  ): Promise<CreatedShareRuleResponse> {
    const { rule, runs } = await this.service.createRule(access, actor, dto);
    return CreatedShareRuleResponse.fromCreated(rule, runs);
  }

  @Get('share-rules')
  @Allow('share-rules', 'read')
  @UuidParam('partnershipId')
  @ApiOkResponse({ type: ShareRuleList })
  async listRules(
    @Param('partnershipId', UuidPipe) pid: string,
    @Query() query: ListRulesQuery,
  ): Promise<ShareRuleList> {
    return {
      data: (await this.service.listRules(pid, query.includeSuperseded === 'true')).map(
        ShareRuleResponse.from,
      ),
    };
  }

  @Get('share-evaluations')
  @Allow('share-evaluations', 'read')
  @UuidParam('partnershipId')
  @ApiOperation({
    summary: 'Evaluations of the rules, newest first, with the working; failed ones say why',
    description:
      'An evaluation the rule could not complete (e.g. a return without the target cost a pain-share rule needs) is listed with `status: failed` and its `failure` (reason, field, return), and no figures; `?status=failed` lists only those. Providers see their own.',
  })
  @ApiOkResponse({ type: ShareEvaluationList })
  async listEvaluations(
    @CurrentAccess() access: PartnershipAccess,
    @Query() query: ListEvaluationsQuery,
  ): Promise<ShareEvaluationList> {
    return pageOf(
      await this.service.listEvaluations(access, query),
      query,
      ShareEvaluationResponse.from,
    );
  }
}
