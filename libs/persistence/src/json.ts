// JSON columns as the persistence layer's own types (the same shapes as the generated client's,
// so values pass both ways without casts).

/** A JSON value read from a column. */
export type JsonValue = string | number | boolean | JsonObject | JsonArray | null;
export type JsonObject = { [Key in string]?: JsonValue };
export type JsonArray = JsonValue[];

/** A JSON value written to a column (SQL NULL is written as null beside it, not inside). */
export type InputJsonValue =
  string | number | boolean | InputJsonObject | InputJsonArray | { toJSON(): unknown };
export type InputJsonObject = { readonly [Key in string]?: InputJsonValue | null };
export type InputJsonArray = ReadonlyArray<InputJsonValue | null>;
