import { Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { DeliveryImportsController } from './delivery-imports.controller';
import { DeliveryImportsService } from './delivery-imports.service';
import { ImportReceiver } from './import-receiver';

const IMPORT_ROUTE = '/v1/partnerships/:partnershipId/delivery-imports';

/**
 * Bulk delivery imports. The CSV body reaches the handler as the unread request stream (see
 * CsvBody), so a file of any size is streamed, never buffered (the JSON body limit does not
 * apply; IMPORT_MAX_BYTES does, in the service).
 */
@Module({
  controllers: [DeliveryImportsController],
  providers: [DeliveryImportsService, ImportReceiver],
})
export class DeliveryImportsModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    // A refused upload (413, or an answer before the body was read) closes the connection
    // instead of reading the rest of a possibly huge body to keep it alive.
    fastify.addHook('onSend', async (request, reply) => {
      if (
        request.routeOptions.url === IMPORT_ROUTE &&
        !request.raw.complete &&
        reply.statusCode >= 400
      ) {
        void reply.header('connection', 'close');
      }
    });
  }
}
