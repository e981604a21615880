/**
 * Type-level checks that keep a documented response class (decorated for OpenAPI) in step with
 * the domain type it documents: a field added to, removed from or retyped in either one stops
 * the build at the class, so the document cannot drift from what the API returns.
 */

/**
 * `true` when A and B have the same property names and each is assignable to the other (same
 * types, same optionality; `readonly` is ignored); otherwise the names that differ, which the
 * compiler prints.
 */
export type SameShape<A, B> = [Exclude<keyof A, keyof B> | Exclude<keyof B, keyof A>] extends [
  never,
]
  ? [A] extends [B]
    ? [B] extends [A]
      ? true
      : { notAssignable: 'the domain type to the schema class'; check: keyof B }
    : { notAssignable: 'the schema class to the domain type'; check: keyof A }
  : {
      onlyInSchema: Exclude<keyof A, keyof B>;
      onlyInDomainType: Exclude<keyof B, keyof A>;
    };

/** Compiles only when its argument is `true`: `type _X = Assert<SameShape<XSchema, X>>`. */
export type Assert<T extends true> = T;

/**
 * Every value of a string-literal union, each once: a value missing from the list does not
 * compile, nor does one the union does not have.
 * @example const RAG = allOf<Rag>()('green', 'amber', 'red');
 */
export function allOf<T extends string | boolean>() {
  return <const A extends readonly T[]>(
    ...values: A &
      ([Exclude<T, A[number]>] extends [never] ? unknown : { missing: Exclude<T, A[number]> })
  ): A => values;
}
