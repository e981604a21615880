// eslint-disable-next-line no-restricted-imports -- the one place PartialType is wrapped
import { PartialType } from '@nestjs/swagger';
import type { Type } from '@nestjs/common';

/**
 * The body of a PATCH: every field of `classRef` optional. Unlike a bare PartialType, `null` is not
 * "left out": it is validated (and refused by a type check) unless the field is Nullable, so a
 * PATCH cannot null a required column. Use this, never PartialType (lint-enforced).
 */
export function PatchType<T>(classRef: Type<T>): Type<Partial<T>> {
  return PartialType(classRef, { skipNullProperties: false });
}
