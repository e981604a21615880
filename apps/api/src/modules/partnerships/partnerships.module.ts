import { Module } from '@nestjs/common';
import { FinanceModule } from '../finance/finance.module';
import { PartnershipsController } from './partnerships.controller';
import { PartnershipsService } from './partnerships.service';
import { SensitivitySettingsService } from './sensitivity-settings.service';

@Module({
  imports: [FinanceModule],
  controllers: [PartnershipsController],
  providers: [PartnershipsService, SensitivitySettingsService],
})
export class PartnershipsModule {}
