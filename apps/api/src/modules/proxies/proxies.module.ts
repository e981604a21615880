import { Module } from '@nestjs/common';
import { PartnershipProxiesController, ProxyLibraryController } from './proxies.controller';
import { ProxiesService } from './proxies.service';

@Module({
  controllers: [ProxyLibraryController, PartnershipProxiesController],
  providers: [ProxiesService],
})
export class ProxiesModule {}
