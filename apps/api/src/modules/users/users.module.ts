import { Module } from '@nestjs/common';
import { SignOffSettler } from '../reports/sign-off-settler';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  controllers: [UsersController],
  providers: [UsersService, SignOffSettler],
  exports: [UsersService],
})
export class UsersModule {}
