import { SetMetadata } from '@nestjs/common';

export const IDEMPOTENCY_EXEMPT = 'ol:idempotency-exempt';
export const SECRET_FIELDS = 'ol:secret-fields';

/**
 * The Idempotency-Key header does not apply to this route (the interceptor ignores it); `why`
 * says what makes re-sending safe instead, for the reader and the docs.
 */
export const IdempotencyExempt = (why: string): MethodDecorator =>
  SetMetadata(IDEMPOTENCY_EXEMPT, why);

/**
 * The response carries a secret shown once (e.g. a new API key). With an Idempotency-Key the
 * response is stored without these fields, and a replay answers 409 instead of a response
 * without its secret.
 */
export const SecretInResponse = (...fields: string[]): MethodDecorator =>
  SetMetadata(SECRET_FIELDS, fields);
