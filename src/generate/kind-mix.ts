// The record kinds, what each is expected to map to, and how often each occurs in a stream.
import { WeightedTable } from "./weighted-table.js";

export type GeneratedKind =
  | "mdvm-acr"
  | "mdvm-ecr"
  | "mdvm-gcp"
  | "mdvm-runtime"
  | "mdvm-runtime-legacy-context"
  | "mdvm-pascalcase"
  | "qualys-acr"
  | "embedded-subassessment"
  | "per-image-flat"
  | "individual-2026"
  | "unscanned"
  | "exempt"
  | "healthy"
  | "delete"
  | "snapshot"
  | "not-container-vm"
  | "not-container-securescore"
  | "not-container-compliance"
  | "not-container-alert"
  | "malformed-json"
  | "malformed-missing-digest"
  | "malformed-bad-date"
  | "malformed-unknown-severity";

export type Expectation = "container" | "not-container" | "malformed";

export interface GeneratedRecord {
  /** One NDJSON line, without the newline. */
  readonly line: string;
  readonly kind: GeneratedKind;
  /** What a mapper should make of it: a container finding, a non-container record, or a rejection. */
  readonly expectation: Expectation;
}

/**
 * Percent of all records per kind. Snapshot records only occur inside weekly snapshot windows
 * (see export-clock.ts); the other weights add up to 97 so that snapshots make up the last ~3%.
 */
export const KIND_PERCENT: Readonly<Record<GeneratedKind, number>> = {
  "mdvm-acr": 37.5,
  "mdvm-ecr": 16,
  "mdvm-gcp": 9,
  "mdvm-pascalcase": 4,
  "mdvm-runtime": 10.5,
  "mdvm-runtime-legacy-context": 1.5,
  "qualys-acr": 2,
  "embedded-subassessment": 2,
  "per-image-flat": 2.5,
  "individual-2026": 2.5,
  unscanned: 1.5,
  exempt: 1.5,
  healthy: 1,
  delete: 1.5,
  snapshot: 3,
  "not-container-vm": 1,
  "not-container-securescore": 0.7,
  "not-container-compliance": 0.7,
  "not-container-alert": 0.6,
  "malformed-json": 0.25,
  "malformed-missing-digest": 0.25,
  "malformed-bad-date": 0.25,
  "malformed-unknown-severity": 0.25,
};

export const ALL_KINDS = Object.keys(KIND_PERCENT) as readonly GeneratedKind[];

export function expectationOf(kind: GeneratedKind): Expectation {
  if (kind.startsWith("malformed-")) return "malformed";
  if (kind.startsWith("not-container-")) return "not-container";
  return "container";
}

/** Every kind but snapshot, by weight (snapshots are scheduled, not drawn). */
export const STREAMING_KINDS = new WeightedTable(
  ALL_KINDS.filter((k) => k !== "snapshot").map((k) => [k, KIND_PERCENT[k]] as const),
);
