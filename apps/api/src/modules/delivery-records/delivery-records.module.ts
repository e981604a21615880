import { Module } from '@nestjs/common';
import { DeliveryRecordsController } from './delivery-records.controller';
import { DeliveryRecordsService } from './delivery-records.service';

@Module({ controllers: [DeliveryRecordsController], providers: [DeliveryRecordsService] })
export class DeliveryRecordsModule {}
