import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { ApiConfig } from './config/api.config';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { createValidationPipe } from './common/validation/validation.pipe';
import { registerBodyParsers } from './common/http/body-parsers';
import { registerSecurity } from './common/http/security';
import { toProblem } from './common/problems/problem-details.filter';
import { serveWebApp } from './web/serve-web-app';

/** Options of the Nest application: configureApp owns the body parsers, not Nest. */
export const APP_OPTIONS = { bodyParser: false } as const;

/**
 * Fastify with the body limit (413 before buffering), request ids and proxy trust. Errors the
 * router raises before any hook or filter runs (a malformed URL: 400; an over-long parameter:
 * 414) are problem details too.
 */
export function createAdapter(config: ApiConfig): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: config.BODY_LIMIT_BYTES,
    // Socket inactivity (node:http server.timeout): a stalled upload is destroyed, not awaited.
    connectionTimeout: config.SOCKET_IDLE_TIMEOUT_MS,
    trustProxy: config.TRUST_PROXY,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => {
      const problem = toProblem(error);
      void reply
        .status(problem.status)
        .header('content-type', 'application/problem+json; charset=utf-8')
        .send({ ...problem, instance: request.url, requestId: String(request.id) });
    },
  });
}

/**
 * Everything main.ts and the e2e tests both need: body parsers, pipes, errors, docs, shutdown.
 * The application must be created with {@link APP_OPTIONS}.
 */
export function configureApp(app: NestFastifyApplication, config: ApiConfig): void {
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();

  const fastify = app.getHttpAdapter().getInstance();
  registerBodyParsers(fastify, config.BODY_LIMIT_BYTES);
  registerSecurity(app, config);
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
          'Authentication: send an API key as `X-API-Key: <key>` or `Authorization: Bearer <key>`; people may instead sign in (`POST /v1/auth/sign-in`, or single sign-on at `/v1/auth/oidc/start`) and send the `ol_session` cookie, with the session’s CSRF token in `x-csrf-token` on POST, PUT, PATCH and DELETE. Either gives the same access.',
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
      .addCookieAuth(
        'ol_session',
        {
          type: 'apiKey',
          in: 'cookie',
          name: 'ol_session',
          description: 'A person’s session (sign-in); writes also need the x-csrf-token header',
        },
        'session',
      )
      .build(),
  );
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    yamlDocumentUrl: 'docs-yaml',
  });
  serveWebApp(fastify, config.WEB_ROOT);
}
