import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { PeriodsController } from './periods.controller';
import { PeriodsService } from './periods.service';

/**
 * Period locks: closing and reopening a partnership's quarters. The check every write consults is
 * {@link PeriodGuard} (provided by the modules that write delivery data and returns).
 */
@Module({
  imports: [CalendarModule],
  controllers: [PeriodsController],
  providers: [PeriodsService],
})
export class PeriodsModule {}
