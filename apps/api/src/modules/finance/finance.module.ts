import { Module } from '@nestjs/common';
import { FinanceController } from './finance.controller';
import { FinanceService } from './finance.service';
import { ReturnReviewsController } from './return-reviews.controller';
import { ReturnReviewsService } from './return-reviews.service';
import { ShareEvaluationRequests } from './share-evaluation-requests';

@Module({
  controllers: [FinanceController, ReturnReviewsController],
  providers: [FinanceService, ReturnReviewsService, ShareEvaluationRequests],
  exports: [ShareEvaluationRequests],
})
export class FinanceModule {}
