// Checks an event against the field catalog and reports every problem at once.
import { FIELD_CATALOG, FIELDS_BY_NAME, type FieldSpec, type FieldType } from "./field-catalog.js";
import type { EventType } from "./security-event.js";

export interface FieldProblem {
  readonly field: string;
  readonly problem: "missing" | "undeclared" | "not_allowed" | "wrong_type" | "bad_value";
  readonly message: string;
}

export interface ValidateOptions {
  /** Accept fields the catalog does not declare (the HTTP ingest keeps unknown fields). */
  readonly allowUndeclared?: boolean;
}

const EVENT_TYPES: ReadonlySet<string> = new Set<EventType>([
  "VULNERABILITY_FINDING",
  "VULNERABILITY_SCAN",
]);
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/** Returns every problem of `event` against the catalog; an empty list means valid. */
export function validateEvent(
  event: Readonly<Record<string, unknown>>,
  options: ValidateOptions = {},
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const type = event["event.type"];
  const eventType =
    typeof type === "string" && EVENT_TYPES.has(type) ? (type as EventType) : undefined;
  if (eventType === undefined) {
    problems.push({
      field: "event.type",
      problem: type === undefined ? "missing" : "bad_value",
      message: `event.type must be one of ${[...EVENT_TYPES].join(", ")}, got ${JSON.stringify(type)}`,
    });
  }
  for (const [name, value] of Object.entries(event)) {
    if (value === undefined) continue;
    const spec = FIELDS_BY_NAME.get(name);
    if (spec === undefined) {
      if (!options.allowUndeclared) {
        problems.push({
          field: name,
          problem: "undeclared",
          message: `${name} is not in the field catalog`,
        });
      }
      continue;
    }
    if (eventType !== undefined && spec.on[eventType] === undefined) {
      problems.push({
        field: name,
        problem: "not_allowed",
        message: `${name} may not appear on ${eventType} events`,
      });
    }
    problems.push(...checkValue(spec, value));
  }
  if (eventType !== undefined) {
    for (const spec of FIELD_CATALOG) {
      if (spec.on[eventType] === "required" && event[spec.name] === undefined) {
        problems.push({
          field: spec.name,
          problem: "missing",
          message: `${spec.name} is required on ${eventType} events`,
        });
      }
    }
  }
  return problems;
}

function checkValue(spec: FieldSpec, value: unknown): FieldProblem[] {
  if (!hasType(spec.type, value)) {
    return [
      {
        field: spec.name,
        problem: "wrong_type",
        message: `${spec.name} must be ${spec.type}, got ${describe(value)}`,
      },
    ];
  }
  if (spec.values !== undefined && !spec.values.includes(value as string)) {
    return [
      {
        field: spec.name,
        problem: "bad_value",
        message: `${spec.name} must be one of ${spec.values.join(", ")}, got ${JSON.stringify(value)}`,
      },
    ];
  }
  return [];
}

function hasType(type: FieldType, value: unknown): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "double":
      return typeof value === "number" && Number.isFinite(value);
    case "boolean":
      return typeof value === "boolean";
    case "timestamp":
      return typeof value === "string" && ISO_TIMESTAMP.test(value);
    case "string[]":
      return Array.isArray(value) && value.every((item) => typeof item === "string");
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  if (value === null) return "null";
  return `${typeof value} ${JSON.stringify(value)?.slice(0, 60)}`;
}
