import helmet from 'helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { corsOrigins, type ApiConfig } from '../../config/api.config';

/**
 * Security headers (helmet, its middleware built once and run as an onRequest hook: the Fastify
 * plugin builds it again for every request) on every response, and CORS closed unless CORS_ORIGINS
 * names origins. Helmet's default Content-Security-Policy suits the Swagger UI at /docs (its
 * scripts are files of its own, its styles inline, its icons data: URLs) except
 * `upgrade-insecure-requests`, left out: the API speaks plain HTTP behind its TLS proxy, and on a
 * developer's http://localhost it would send the UI's own files to an https port that is not there.
 */
export function registerSecurity(app: NestFastifyApplication, config: ApiConfig): void {
  const secure = helmet({
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
  });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) =>
      secure(request.raw, reply.raw, (error?: unknown) =>
        done(error instanceof Error ? error : undefined),
      ),
    );

  // A browser on an origin not listed gets no Access-Control-Allow-Origin (its preflight is not
  // answered: 404), so it cannot read the API's answers; calls without Origin are not concerned.
  const allowed = new Set(corsOrigins(config));
  app.enableCors({
    origin: (
      origin: string | undefined,
      callback: (error: Error | null, allow: string | false) => void,
    ) => callback(null, origin !== undefined && allowed.has(origin) ? origin : false),
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: [
      'Authorization',
      'X-API-Key',
      'Content-Type',
      'Idempotency-Key',
      'X-Request-Id',
    ],
    exposedHeaders: [
      'Retry-After',
      'X-Request-Id',
      'X-RateLimit-Limit',
      'X-RateLimit-Remaining',
      'X-RateLimit-Reset',
      'Location',
    ],
    maxAge: 600,
  });
}
