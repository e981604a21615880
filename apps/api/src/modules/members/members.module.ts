import { Module } from '@nestjs/common';
import { MembersController } from './members.controller';
import { MembersService } from './members.service';
import { SignOffSettler } from '../reports/sign-off-settler';

@Module({ controllers: [MembersController], providers: [MembersService, SignOffSettler] })
export class MembersModule {}
