import { applyDecorators } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiConsumes, ApiUnsupportedMediaTypeResponse } from '@nestjs/swagger';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { IdempotencyExempt } from '../idempotency/idempotency.decorators';
import { ProblemException, ProblemType } from '../problems/problem';
import { checkJsonValue, checkParameters, JSON_LIMITS } from './json-limits';

/** The media types a route reads its body as (Fastify route config `consumes`). */
export const JSON_TYPES = ['application/json'] as const;
export const CSV_TYPES = ['text/csv', 'application/csv'] as const;

interface BodyRouteConfig {
  consumes?: readonly string[];
}

/**
 * A route whose body is a CSV file, handed to the handler as the unread request stream. The
 * Idempotency-Key header does not apply (the body cannot be hashed without reading it): `why`
 * says what makes re-sending safe instead.
 */
export const CsvBody = (why: string): MethodDecorator =>
  applyDecorators(
    RouteConfig({ consumes: CSV_TYPES } satisfies BodyRouteConfig),
    IdempotencyExempt(why),
    ApiConsumes(...CSV_TYPES),
  );

/** Documents the 415 every body-taking route gives for a media type it does not read. */
export const ApiMediaTypes = (): MethodDecorator & ClassDecorator =>
  ApiUnsupportedMediaTypeResponse({
    description: 'The body is not in a media type this route reads (problem details)',
  });

const unsupported = (type: string | undefined, accepted: readonly string[]): ProblemException =>
  new ProblemException({
    type: ProblemType.UnsupportedMediaType,
    title: 'Unsupported media type',
    status: 415,
    detail: type
      ? `This endpoint does not read ${type} bodies; send ${accepted.join(' or ')}.`
      : `A body needs a Content-Type; send ${accepted.join(' or ')}.`,
  });

/** "text/CSV; charset=UTF-8" → { type: 'text/csv', charset: 'utf-8' }. */
function mediaType(header: string): { type: string; charset?: string } {
  const [type, ...params] = header.split(';');
  let charset: string | undefined;
  for (const param of params) {
    const [name, value] = param.split('=');
    if (name?.trim().toLowerCase() === 'charset') {
      charset = value?.trim().replace(/^"|"$/g, '').toLowerCase();
    }
  }
  return { type: type.trim().toLowerCase(), charset };
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A body, or a declared one: an empty body still goes through the declared type's parser. */
function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return (
    request.headers['transfer-encoding'] !== undefined ||
    (!!length && length !== '0') ||
    (BODY_METHODS.has(request.method) && request.headers['content-type'] !== undefined)
  );
}

/** 415 for a body in a media type the route does not read; undefined when it reads it. */
function checkMediaType(request: FastifyRequest): ProblemException | undefined {
  // Unmatched routes (404) never read their body.
  if (!hasBody(request) || !request.routeOptions.url) return undefined;
  const config = request.routeOptions.config as BodyRouteConfig | undefined;
  const accepted = config?.consumes ?? JSON_TYPES;
  const header = request.headers['content-type'];
  if (!header) return unsupported(undefined, accepted);
  const { type, charset } = mediaType(header);
  if (!accepted.includes(type) || (charset !== undefined && charset !== 'utf-8')) {
    return unsupported(header.slice(0, 100), accepted);
  }
  return undefined;
}

/**
 * The one owner of request bodies. Every route reads JSON unless its route config says otherwise
 * ({@link CsvBody}); a body in any other media type (or in a charset other than UTF-8) gets 415
 * before a byte of it is read, so no parser meets a body its handler does not expect. JSON is
 * parsed with Fastify's prototype-poisoning checks, then held to {@link JSON_LIMITS}; CSV is
 * handed over as the request stream (each CSV route enforces its own size limit).
 */
export function registerBodyParsers(fastify: FastifyInstance, jsonBodyLimit: number): void {
  fastify.removeAllContentTypeParsers();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: jsonBodyLimit },
    (request, body, done) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      void parseJson(request, text, (error: Error | null, value?: unknown) => {
        if (error) return done(error, undefined);
        const problem = checkJsonValue(value);
        if (problem) return done(ProblemException.validation([problem]), undefined);
        done(null, value);
      });
    },
  );
  fastify.addContentTypeParser(
    [...CSV_TYPES],
    { bodyLimit: Number.MAX_SAFE_INTEGER },
    (_request, payload, done) => done(null, payload),
  );

  fastify.addHook('onRequest', (request, _reply, done) => {
    done(checkMediaType(request));
  });
  // Query and path parameters are held to the same text rules as JSON strings.
  fastify.addHook('preValidation', (request, _reply, done) => {
    const problem = checkParameters(request.query, request.params);
    done(problem ? ProblemException.validation([problem]) : undefined);
  });
}

export { JSON_LIMITS };
