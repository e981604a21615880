import { Module } from '@nestjs/common';
import { FinanceController } from './finance.controller';
import { FinanceService } from './finance.service';
import { ReturnReviewsController } from './return-reviews.controller';
import { ReturnReviewsService } from './return-reviews.service';
import { ShareEvaluationRequests } from './share-evaluation-requests';
import { ShareLedgerController } from './share-ledger.controller';
import { ShareLedgerService } from './share-ledger.service';
import { ShareRuleTerms } from './share-rule-terms';
import { PeriodGuard } from '../periods/period-guard';

@Module({
  controllers: [FinanceController, ShareLedgerController, ReturnReviewsController],
  providers: [
    FinanceService,
    ShareLedgerService,
    ShareRuleTerms,
    ReturnReviewsService,
    ShareEvaluationRequests,
    PeriodGuard,
  ],
  exports: [ShareEvaluationRequests],
})
export class FinanceModule {}
