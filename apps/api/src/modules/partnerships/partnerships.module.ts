import { Module } from '@nestjs/common';
import { PartnershipsController } from './partnerships.controller';
import { PartnershipsService } from './partnerships.service';
import { SensitivitySettingsService } from './sensitivity-settings.service';

@Module({
  controllers: [PartnershipsController],
  providers: [PartnershipsService, SensitivitySettingsService],
})
export class PartnershipsModule {}
