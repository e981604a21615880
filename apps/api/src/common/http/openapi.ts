import { applyDecorators } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiHeader, ApiParam } from '@nestjs/swagger';

/** Documents the Idempotency-Key header of a creating POST. */
export const IdempotencyHeader = (): MethodDecorator =>
  applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Any unique string (a UUID is good). Resending the same key with the same body returns the first response and status (header Idempotent-Replayed: true) and creates nothing, also while the first request is still running (the repeat waits for it); the same key with a different body gets 409. A response carrying a secret shown once (an API key, a webhook secret) is not kept: its replay gets 409 /problems/secret-shown-once naming the created resource.',
    }),
    ApiConflictResponse({
      description: 'Idempotency-Key reused with a different body, or a duplicate',
    }),
    ApiBadRequestResponse({ description: 'Validation problem (application/problem+json)' }),
  );

export const UuidParam = (name: string): MethodDecorator =>
  applyDecorators(
    ApiParam({ name, type: String, format: 'uuid' }),
    ApiBadRequestResponse({ description: `${name} is not a UUID` }),
  );
