import { Module } from '@nestjs/common';
import { AdminController } from './admin.controller';
import { AdminService } from './admin.service';

/** Operations views for platform administrators: queue state and failed jobs. */
@Module({ controllers: [AdminController], providers: [AdminService] })
export class AdminModule {}
