// Value types of DQL expressions (Grail's names) and how each is held in SQL.
import type { FieldType } from "../model/field-catalog.js";

export type ScalarKind = "string" | "double" | "long" | "boolean" | "timestamp" | "duration";

export type ValueType =
  | { readonly kind: ScalarKind | "null" | "any" | "timeframe" }
  | { readonly kind: "array"; readonly element: ValueType }
  | { readonly kind: "record"; readonly fields?: ReadonlyMap<string, ValueType> };

export const T = {
  string: { kind: "string" },
  double: { kind: "double" },
  long: { kind: "long" },
  boolean: { kind: "boolean" },
  timestamp: { kind: "timestamp" },
  duration: { kind: "duration" },
  null: { kind: "null" },
  any: { kind: "any" },
  timeframe: { kind: "timeframe" },
  array: (element: ValueType): ValueType => ({ kind: "array", element }),
  record: (fields?: ReadonlyMap<string, ValueType>): ValueType => ({
    kind: "record",
    ...(fields === undefined ? {} : { fields }),
  }),
} as const satisfies Record<string, ValueType | ((...args: never[]) => ValueType)>;

/** The type of a catalog field. */
export function fieldType(type: FieldType): ValueType {
  return type === "string[]" ? T.array(T.string) : T[type];
}

export function isNumeric(type: ValueType): boolean {
  return (
    type.kind === "double" || type.kind === "long" || type.kind === "null" || type.kind === "any"
  );
}

/** Values held as JSON in SQL: records, unknown values, and arrays of them. Others use native SQL types. */
export function isJsonBacked(type: ValueType): boolean {
  if (type.kind === "array") return isJsonBacked(type.element) || type.element.kind === "array";
  return type.kind === "record" || type.kind === "any" || type.kind === "timeframe";
}

/** Whether a value of type `b` may be compared with or mixed into a value of type `a`. */
export function compatible(a: ValueType, b: ValueType): boolean {
  if (a.kind === "null" || b.kind === "null" || a.kind === "any" || b.kind === "any") return true;
  if (isNumeric(a) && isNumeric(b)) return true;
  if (a.kind === "array" && b.kind === "array") return compatible(a.element, b.element);
  return a.kind === b.kind;
}

/** The common type of two branches (if/coalesce/append). */
export function unify(a: ValueType, b: ValueType): ValueType | undefined {
  if (a.kind === "null") return b;
  if (b.kind === "null") return a;
  if (a.kind === "any") return b.kind === "any" ? a : b;
  if (b.kind === "any") return a;
  if ((a.kind === "double" && b.kind === "long") || (a.kind === "long" && b.kind === "double"))
    return T.double;
  if (a.kind === "array" && b.kind === "array") {
    const element = unify(a.element, b.element);
    return element === undefined ? undefined : T.array(element);
  }
  if (a.kind === "record" && b.kind === "record") return T.record();
  return a.kind === b.kind ? a : undefined;
}

/** Grail's name of a type, for result metadata and messages. */
export function typeName(type: ValueType): string {
  return type.kind === "any" ? "undefined" : type.kind;
}
