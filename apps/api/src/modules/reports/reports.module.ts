import { Module } from '@nestjs/common';
import { BoardPacksController } from './board-packs.controller';
import { BoardPacksService } from './board-packs.service';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';
import { SignOffController } from './sign-off.controller';
import { SignOffReader } from './sign-off-reader';
import { SignOffSettler } from './sign-off-settler';
import { SignOffService } from './sign-off.service';

@Module({
  controllers: [ReportsController, SignOffController, BoardPacksController],
  providers: [ReportsService, BoardPacksService, SignOffReader, SignOffService, SignOffSettler],
})
export class ReportsModule {}
