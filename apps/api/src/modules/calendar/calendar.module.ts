import { Module } from '@nestjs/common';
import { CalendarController } from './calendar.controller';
import { CalendarService } from './calendar.service';
import { ObligationsService } from './obligations.service';

/** A partnership's quarterly calendar (deadlines, holidays) and what is owed for a quarter. */
@Module({
  controllers: [CalendarController],
  providers: [CalendarService, ObligationsService],
  exports: [CalendarService],
})
export class CalendarModule {}
