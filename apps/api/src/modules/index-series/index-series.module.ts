import { Module } from '@nestjs/common';
import { IndexSeriesController } from './index-series.controller';
import { IndexSeriesService } from './index-series.service';

@Module({
  controllers: [IndexSeriesController],
  providers: [IndexSeriesService],
})
export class IndexSeriesModule {}
