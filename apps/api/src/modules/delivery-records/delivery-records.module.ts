import { Module } from '@nestjs/common';
import { DeliveryRecordsController } from './delivery-records.controller';
import { DeliveryRecordsService } from './delivery-records.service';
import { DeliveryReviewsController } from './delivery-reviews.controller';
import { DeliveryReviewsService } from './delivery-reviews.service';

@Module({
  controllers: [DeliveryRecordsController, DeliveryReviewsController],
  providers: [DeliveryRecordsService, DeliveryReviewsService],
})
export class DeliveryRecordsModule {}
