import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { ApiConfig } from './config/api.config';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { createValidationPipe } from './common/validation/validation.pipe';

/** Fastify with the body limit (413 before buffering), request ids and proxy trust. */
export function createAdapter(config: ApiConfig): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: config.TRUST_PROXY,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
  });
}

/** Everything main.ts and the e2e tests both need: pipes, errors, docs, shutdown. */
export function configureApp(app: NestFastifyApplication): void {
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();

  const fastify = app.getHttpAdapter().getInstance();
  // CSV bodies (delivery imports, proxy library) are handed to the handler as the raw request
  // stream, never buffered here: the import path streams them into PostgreSQL. Registered once,
  // for every route; the body limit of JSON does not apply (each CSV route enforces its own).
  fastify.addContentTypeParser(
    ['text/csv', 'application/csv'],
    { bodyLimit: Number.MAX_SAFE_INTEGER },
    (_req, payload, done) => done(null, payload),
  );
  fastify.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', String(request.id));
  });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Outcomes Ledger API')
      .setDescription(
        [
          'Target outcomes, SROI valuation and open-book surplus sharing for public-service partnerships.',
          '',
          'Authentication: send an API key as `X-API-Key: <key>` or `Authorization: Bearer <key>`.',
          'Money and rates travel as decimal strings with their full scale ("1234.50"), never as JSON numbers.',
          'Errors are RFC 9457 problem details (`application/problem+json`) with `type`, `title`, `status`, `detail`, `instance`, `requestId` and, for invalid input, `errors: [{ field, value, reason }]`.',
          'Creating POSTs accept an `Idempotency-Key` header.',
        ].join('\n'),
      )
      .setVersion('1')
      .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'api-key')
      .addBearerAuth(
        { type: 'http', scheme: 'bearer', description: 'The API key as a bearer token' },
        'bearer',
      )
      .build(),
  );
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    yamlDocumentUrl: 'docs-yaml',
  });
}
