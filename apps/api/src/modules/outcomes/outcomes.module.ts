import { Module } from '@nestjs/common';
import { OutcomesController } from './outcomes.controller';
import { OutcomeValuationsService } from './outcome-valuations.service';
import { OutcomesService } from './outcomes.service';

@Module({
  controllers: [OutcomesController],
  providers: [OutcomesService, OutcomeValuationsService],
  exports: [OutcomesService],
})
export class OutcomesModule {}
