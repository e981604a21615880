import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { RedisUnavailableError } from '@ol/jobs';
import { DomainError, ValidationError } from '@ol/outcomes';
import { isPoolTimeout, periodLockedQuarters } from '@ol/persistence';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProblemDetails, ProblemException, ProblemType, RetryLaterException } from './problem';

const titles: Record<number, string> = {
  400: 'Bad request',
  401: 'Authentication required',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  503: 'Service unavailable',
};

interface ErrorLike {
  code?: unknown;
  statusCode?: unknown;
  message?: unknown;
  meta?: unknown;
}

/** The SQLSTATE of a PostgreSQL error, whether pg's own or wrapped by Prisma's driver adapter. */
export function sqlState(error: unknown): string | null {
  const e = (error ?? {}) as ErrorLike & {
    severity?: unknown;
    meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; code?: unknown } } };
  };
  const wrapped = e.meta?.driverAdapterError?.cause;
  // pg's own errors carry a severity; Prisma's codes (P2002…) are not SQLSTATEs.
  const code = wrapped ? (wrapped.originalCode ?? wrapped.code) : e.severity ? e.code : undefined;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : null;
}

/**
 * The last line of defence: PostgreSQL refused a value that validation let through (a CHECK, a
 * range, a reference). The request is refused as the client's (nothing was written: the statement
 * failed), and the gap is logged so validation can be taught to name the field.
 */
export function problemFromDatabase(
  error: unknown,
): Omit<ProblemDetails, 'instance' | 'requestId'> | null {
  const state = sqlState(error);
  if (!state) return null;
  if (state === '23505' || state === '23P01') {
    return {
      type: ProblemType.Conflict,
      title: 'Conflict',
      status: 409,
      detail: 'A record with the same unique values already exists.',
    };
  }
  if (state === '23503') {
    return {
      type: ProblemType.DomainRule,
      title: 'Unprocessable content',
      status: 422,
      detail: 'A referenced record does not exist, or the record is still referenced.',
    };
  }
  if (state.startsWith('23') || state.startsWith('22')) {
    return {
      type: ProblemType.DomainRule,
      title: 'Unprocessable content',
      status: 422,
      detail:
        'A value is outside what the ledger can store (a range, a format or a rule of the data).',
    };
  }
  return null;
}

/** Maps errors that are not HttpExceptions (Fastify body parsing, Prisma, pg) to problems. */
export function problemFromError(
  error: unknown,
): Omit<ProblemDetails, 'instance' | 'requestId'> | null {
  const e = (error ?? {}) as ErrorLike;
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : '';
  switch (code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return {
        type: ProblemType.MalformedBody,
        title: 'Malformed request body',
        status: 400,
        detail: message || 'The body is not valid JSON.',
      };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        type: ProblemType.PayloadTooLarge,
        title: 'Payload too large',
        status: 413,
        detail: 'The request body is larger than this endpoint accepts.',
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        type: ProblemType.UnsupportedMediaType,
        title: 'Unsupported media type',
        status: 415,
        detail: message,
      };
    case 'P2002':
      return {
        type: ProblemType.Conflict,
        title: 'Conflict',
        status: 409,
        detail: 'A record with the same unique values already exists.',
      };
    case 'P2025':
      return {
        type: ProblemType.NotFound,
        title: 'Not found',
        status: 404,
        detail: 'The record was not found.',
      };
    case 'P2003':
      return {
        type: ProblemType.DomainRule,
        title: 'Unprocessable content',
        status: 422,
        detail: 'A referenced record does not exist.',
      };
  }
  // The database's own guard refused a write into a closed quarter (the API's check was raced).
  const closed = periodLockedQuarters(error);
  if (closed) return ProblemException.periodLocked(closed).problem;
  const fromDatabase = problemFromDatabase(error);
  if (fromDatabase) return fromDatabase;
  if (error instanceof RedisUnavailableError) {
    return {
      type: ProblemType.Unavailable,
      title: 'Service unavailable',
      status: 503,
      detail: 'The job queue (Redis) is not answering; retry shortly.',
    };
  }
  if (isPoolTimeout(error)) {
    return {
      type: ProblemType.Unavailable,
      title: 'Service unavailable',
      status: 503,
      detail: 'The database is busy; retry shortly.',
    };
  }
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return {
      type: 'about:blank',
      title: titles[e.statusCode] ?? 'Client error',
      status: e.statusCode,
      detail: message,
    };
  }
  return null;
}

/** The one error format: RFC 9457 problem details as application/problem+json. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const request = ctx.getRequest<FastifyRequest>();
    const reply = ctx.getResponse<FastifyReply>();
    const problem = toProblem(exception);
    if (problem.status >= 500 && problem.status !== 503) {
      this.logger.error({ err: exception, requestId: request.id }, 'unhandled error');
    } else if (!(exception instanceof HttpException) && sqlState(exception)) {
      this.logger.warn(
        {
          err: exception,
          requestId: request.id,
          method: request.method,
          url: request.url,
          sqlState: sqlState(exception),
        },
        'validation gap: the database refused a value the API accepted',
      );
    }
    const body: ProblemDetails = {
      ...problem,
      instance: request.url,
      requestId: String(request.id),
    };
    if (problem.status === 503) void reply.header('retry-after', '1');
    if (exception instanceof RetryLaterException)
      void reply.header('retry-after', String(Math.max(1, Math.ceil(exception.retryAfterSeconds))));
    void reply
      .status(problem.status)
      .header('content-type', 'application/problem+json; charset=utf-8')
      .send(body);
  }
}

export function toProblem(exception: unknown): Omit<ProblemDetails, 'instance' | 'requestId'> {
  if (exception instanceof ProblemException) return exception.problem;
  if (exception instanceof DomainError) {
    // A rule of the domain (libs/outcomes) refused the input: 422 naming the field.
    const errors =
      exception instanceof ValidationError
        ? [{ field: exception.field, value: exception.value, reason: exception.reason }]
        : undefined;
    return {
      type: ProblemType.DomainRule,
      title: 'The request breaks a rule of the domain',
      status: 422,
      detail: exception.message,
      errors,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const detail =
      typeof response === 'string'
        ? response
        : typeof (response as { message?: unknown }).message === 'string'
          ? (response as { message: string }).message
          : exception.message;
    // Framework-raised 4xx (body parsing, routing, throttling) become typed problems too.
    const types: Record<number, [string, string]> = {
      400: [ProblemType.MalformedBody, 'Malformed request body'],
      404: [ProblemType.NotFound, 'Not found'],
      413: [ProblemType.PayloadTooLarge, 'Payload too large'],
      415: [ProblemType.UnsupportedMediaType, 'Unsupported media type'],
      429: [ProblemType.RateLimited, 'Too many requests'],
    };
    const [type, title] = types[status] ?? [
      'about:blank',
      titles[status] ?? String(HttpStatus[status] ?? 'Error'),
    ];
    return { type, title, status, detail };
  }
  return (
    problemFromError(exception) ?? {
      type: ProblemType.Internal,
      title: 'Internal server error',
      status: 500,
      detail: 'Something went wrong on our side; the request id identifies it in our logs.',
    }
  );
}
