import { Module } from '@nestjs/common';
import { MembersController } from './members.controller';
import { MembersService } from './members.service';
import { PartnershipAccessController } from './partnership-access.controller';
import { PartnershipAccessService } from './partnership-access.service';
import { SignOffSettler } from '../reports/sign-off-settler';

@Module({
  controllers: [MembersController, PartnershipAccessController],
  providers: [MembersService, PartnershipAccessService, SignOffSettler],
})
export class MembersModule {}
