// The OpenPipeline security-events processing (pure): records in, events out, each bad record rejected on its own.
import { createHash } from "node:crypto";
import { parseDefenderDate } from "../../mapping/defender/dates.js";
import { FIELDS_BY_NAME } from "../../model/field-catalog.js";
import type { SecurityEvent } from "../../model/security-event.js";
import { validateEvent } from "../../model/validate-event.js";
import { decideTimestamp } from "./event-timestamp.js";
import { FlattenError, flatten } from "./flatten.js";

export interface OpenPipelineContext {
  /** Query parameters: they become fields of every event and override the payload. */
  readonly query: Readonly<Record<string, string>>;
  readonly receivedAt: Date;
  /** The HTTP path (`dt.openpipeline.source`). */
  readonly source: string;
  readonly bucket: string;
}

export interface OpenPipelineRejection {
  readonly index: number;
  readonly reason:
    | "not_an_object"
    | "invalid_structure"
    | "missing_field"
    | "invalid_field"
    | "too_old";
  readonly field?: string;
  readonly message: string;
  /** The record as received, for the dead-letter store. */
  readonly raw: string;
}

export interface OpenPipelineResult {
  readonly events: SecurityEvent[];
  readonly rejected: OpenPipelineRejection[];
}

/** Vigil's own event types: fully validated against the catalog (less the fields Vigil adds). */
const KNOWN_TYPES = new Set(["VULNERABILITY_FINDING", "VULNERABILITY_SCAN"]);
const ADDED_BY_VIGIL = new Set([
  "event.id",
  "event.kind",
  "timestamp",
  "dt.raw_data",
  "dt.system.bucket",
  "dt.openpipeline.source",
]);

/** Processes the records of one request (`records` is the parsed body, already an array). */
export function processOpenPipeline(
  records: readonly unknown[],
  context: OpenPipelineContext,
): OpenPipelineResult {
  const events: SecurityEvent[] = [];
  const rejected: OpenPipelineRejection[] = [];
  records.forEach((record, index) => {
    const outcome = processOne(record, index, context);
    if (outcome.kind === "rejected") {
      const { kind: _kind, ...rejection } = outcome;
      rejected.push(rejection);
    } else events.push(outcome.event);
  });
  return { events, rejected };
}

type Outcome =
  | { kind: "event"; event: SecurityEvent }
  | (OpenPipelineRejection & { kind: "rejected" });

function processOne(record: unknown, index: number, context: OpenPipelineContext): Outcome {
  const raw = JSON.stringify(record) ?? "null";
  const reject = (
    reason: OpenPipelineRejection["reason"],
    message: string,
    field?: string,
  ): Outcome => ({
    kind: "rejected",
    index,
    reason,
    message,
    raw,
    ...(field === undefined ? {} : { field }),
  });
  if (record === null || typeof record !== "object" || Array.isArray(record)) {
    return reject(
      "not_an_object",
      `record ${index} must be a JSON object, got ${Array.isArray(record) ? "an array" : record === null ? "null" : typeof record}`,
    );
  }
  let flat: Record<string, unknown>;
  try {
    flat = { ...flatten(record as Record<string, unknown>), ...context.query };
  } catch (error) {
    if (error instanceof FlattenError)
      return reject("invalid_structure", `record ${index}: ${error.message}`);
    throw error;
  }
  const time = decideTimestamp(flat.timestamp, context.receivedAt);
  if (!time.ok) return reject("too_old", `record ${index}: ${time.message}`, "timestamp");
  if (typeof flat["event.type"] !== "string" || flat["event.type"] === "") {
    return reject(
      "missing_field",
      `record ${index}: event.type is missing: every security event needs one`,
      "event.type",
    );
  }
  for (const [name, value] of Object.entries(flat)) {
    const spec = FIELDS_BY_NAME.get(name);
    if (spec?.type === "timestamp" && typeof value === "string" && name !== "timestamp") {
      const iso = parseDefenderDate(value);
      if (iso !== undefined) flat[name] = iso;
    }
    if (value === null) delete flat[name];
  }
  const event: Record<string, unknown> = {
    ...flat,
    "event.kind": "SECURITY_EVENT",
    timestamp: time.iso,
    "dt.openpipeline.source": context.source,
    "dt.system.bucket": context.bucket,
    "dt.raw_data": raw,
  };
  if (typeof event["event.id"] !== "string" || event["event.id"] === "") {
    event["event.id"] = createHash("sha256").update(`${context.source}\n${raw}`).digest("hex");
  }
  const known = KNOWN_TYPES.has(String(event["event.type"]));
  const problems = validateEvent(event, { allowUndeclared: true }).filter((problem) => {
    if (problem.field === "event.type") return false; // other producers' types are welcome
    if (!known && (problem.problem === "missing" || problem.problem === "not_allowed"))
      return false;
    return !ADDED_BY_VIGIL.has(problem.field);
  });
  if (problems.length > 0) {
    const first = problems[0]!;
    return reject(
      first.problem === "missing" ? "missing_field" : "invalid_field",
      `record ${index}: ${problems.map((problem) => problem.message).join("; ")}`,
      first.field,
    );
  }
  return { kind: "event", event: event as SecurityEvent };
}
