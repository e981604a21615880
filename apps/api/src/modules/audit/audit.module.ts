import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { PlatformAuditController } from './platform-audit.controller';

@Module({ controllers: [AuditController, PlatformAuditController] })
export class AuditModule {}
