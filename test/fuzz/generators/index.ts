/**
 * The malformed requests of an operation, by category: one file a category (values.ts holds the
 * values body fields get). The same seed always gives the same requests in the same order.
 */
import type { Operation } from '../openapi';
import { bodyFieldSpecs, bodyStructureSpecs, wholeBodySpecs } from './body';
import { contentTypeSpecs } from './content-type';
import { csvBodySpecs } from './csv';
import { authSpecs, headerSpecs } from './headers';
import { pathParamSpecs, queryParamSpecs } from './params';
import { isCsvOp, type GenContext, type Spec } from './spec';

export { describeDeep, editAt } from './body';
export { deriveSeed, shuffle } from './random';
export {
  CATEGORIES,
  hasJsonBody,
  isCsvOp,
  type BodySpec,
  type Category,
  type GenContext,
  type Spec,
} from './spec';
export { mutationsFor, systematicFor } from './values';

/** Every malformed request of one operation. */
export function specsFor(op: Operation, ctx: GenContext): Spec[] {
  const specs: Spec[] = [];
  if (op.isWrite) {
    specs.push(...contentTypeSpecs(op, ctx));
    specs.push(...wholeBodySpecs(op, ctx));
    specs.push(...bodyFieldSpecs(op, ctx));
    specs.push(...bodyStructureSpecs(op, ctx));
    if (isCsvOp(op)) specs.push(...csvBodySpecs(op, ctx));
    specs.push(...pathParamSpecs(op, ctx));
    specs.push(...headerSpecs(op, ctx));
    specs.push(...authSpecs(op));
  } else {
    specs.push(...pathParamSpecs(op, ctx).slice(0, 2));
    specs.push(...authSpecs(op).slice(0, 1));
  }
  specs.push(...queryParamSpecs(op, ctx));
  return specs;
}
