import { Module } from '@nestjs/common';
import { DeliveryRecordsController } from './delivery-records.controller';
import { DeliveryRecordsService } from './delivery-records.service';
import { DeliveryReviewsController } from './delivery-reviews.controller';
import { DeliveryReviewsService } from './delivery-reviews.service';
import { PeriodGuard } from '../periods/period-guard';

@Module({
  controllers: [DeliveryRecordsController, DeliveryReviewsController],
  providers: [DeliveryRecordsService, DeliveryReviewsService, PeriodGuard],
})
export class DeliveryRecordsModule {}
