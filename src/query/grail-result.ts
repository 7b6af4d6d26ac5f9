// The Grail query result shape (records, types with index ranges, metadata.grail) built from SQL rows.
import type { Row } from "../store/event-store.js";
import type { ResultColumn } from "./compile/compile.js";
import type { Timeframe } from "./compile/context.js";
import { isJsonBacked, type ValueType } from "./types.js";

export interface GrailFieldType {
  readonly type: string;
  readonly types?: readonly GrailFieldType[];
}

export interface GrailTypeBucket {
  /** First and last record index (inclusive) these mappings describe. */
  readonly indexRange: readonly [number, number];
  readonly mappings: Readonly<Record<string, GrailFieldType>>;
}

export interface GrailNotification {
  readonly severity: "INFO" | "WARNING" | "ERROR";
  readonly notificationType: string;
  readonly message: string;
}

/** What Dynatrace's query:execute returns as `result`. */
export interface GrailQueryResult {
  readonly records: Record<string, unknown>[];
  readonly types: GrailTypeBucket[];
  readonly metadata: {
    readonly grail: {
      readonly query: string;
      readonly canonicalQuery: string;
      readonly timezone: string;
      readonly locale: string;
      readonly executionTimeMilliseconds: number;
      readonly scannedRecords: number;
      readonly scannedBytes: number;
      readonly scannedDataPoints: number;
      readonly analysisTimeframe: Timeframe;
      readonly notifications: GrailNotification[];
      /** Vigil: true when maxResultRecords cut the result (a RESULT_TRUNCATED notification says so too). */
      readonly truncated: boolean;
      /** Vigil: how the query ran — "latest-arrivals" (the latest arrival per finding key read from its table) or "general". */
      readonly plan?: "latest-arrivals" | "general";
      /** Vigil: why that plan (what kept the query from the latest-arrivals plan, when general). */
      readonly planReason?: string;
    };
  };
}

/** A stored value → the JSON value of a record (ISO timestamps, parsed JSON, nanosecond durations as text). */
export function decodeValue(value: unknown, type: ValueType): unknown {
  if (value === null || value === undefined) return null;
  if (isJsonBacked(type) || type.kind === "any") {
    const parsed = typeof value === "string" ? safeParse(value) : value;
    return normalizeJson(parsed, type);
  }
  switch (type.kind) {
    case "timestamp":
      return isoOf(value);
    case "duration":
      return String(value);
    case "long":
    case "double":
      return typeof value === "string" ? Number(value) : value;
    case "array":
      return Array.isArray(value) ? value.map((v) => decodeValue(v, type.element)) : value;
    default:
      return value;
  }
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function isoOf(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value !== "string") return value;
  const withZone = /([zZ]|[+-]\d{2}(:?\d{2})?)$/.test(value) ? value : `${value}Z`;
  const ms = Date.parse(withZone.replace(" ", "T"));
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}

/** Timestamps inside JSON-held records come back in each engine's text form: make them ISO. */
function normalizeJson(value: unknown, type: ValueType): unknown {
  if (value === null || value === undefined) return null;
  if (type.kind === "array" && Array.isArray(value))
    return value.map((v) => normalizeJson(v, type.element));
  if (type.kind === "timeframe" && typeof value === "object") {
    const { start, end } = value as { start?: unknown; end?: unknown };
    return { start: isoOf(start ?? null), end: isoOf(end ?? null) };
  }
  if (
    type.kind === "record" &&
    type.fields !== undefined &&
    typeof value === "object" &&
    !Array.isArray(value)
  ) {
    // Declaration order (PostgreSQL's jsonb reorders keys).
    const input = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [key, fieldType] of type.fields)
      if (key in input) out[key] = normalizeJson(input[key], fieldType);
    for (const [key, v] of Object.entries(input)) if (!(key in out)) out[key] = v;
    return out;
  }
  if (type.kind === "timestamp") return isoOf(value);
  return value;
}

/** Grail's type of a value type. */
export function grailType(type: ValueType): GrailFieldType {
  switch (type.kind) {
    case "array":
      return { type: "array", types: [grailType(type.element)] };
    case "any":
      return { type: "undefined" };
    default:
      return { type: type.kind };
  }
}

/** Grail's type of a JSON value whose declared type is unknown (undeclared fields). */
export function grailTypeOfValue(value: unknown): GrailFieldType {
  if (value === null) return { type: "null" };
  if (Array.isArray(value))
    return { type: "array", types: value.length > 0 ? [grailTypeOfValue(value[0])] : [] };
  if (typeof value === "number") return { type: Number.isInteger(value) ? "long" : "double" };
  if (typeof value === "boolean") return { type: "boolean" };
  if (typeof value === "object") return { type: "record" };
  return { type: "string" };
}

/** Decodes rows into records: sparse (event) fields left out when null, undeclared fields merged in. */
export function toRecords(
  rows: readonly Row[],
  columns: readonly ResultColumn[],
  extraColumn?: string,
): {
  records: Record<string, unknown>[];
  recordTypes: Record<string, GrailFieldType>[];
} {
  const records: Record<string, unknown>[] = [];
  const recordTypes: Record<string, GrailFieldType>[] = [];
  for (const row of rows) {
    const record: Record<string, unknown> = {};
    const types: Record<string, GrailFieldType> = {};
    for (const column of columns) {
      const value = decodeValue(row[column.sqlName], column.type);
      if (value === null && column.sparse) continue;
      record[column.name] = value;
      types[column.name] =
        value === null
          ? { type: "null" }
          : column.type.kind === "any"
            ? grailTypeOfValue(value)
            : grailType(column.type);
    }
    if (extraColumn !== undefined) {
      const raw = row[extraColumn];
      const extra = typeof raw === "string" ? safeParse(raw) : raw;
      if (extra !== null && typeof extra === "object" && !Array.isArray(extra))
        for (const [key, value] of Object.entries(extra as Record<string, unknown>)) {
          if (key in record) continue;
          record[key] = value;
          types[key] = grailTypeOfValue(value);
        }
    }
    records.push(record);
    recordTypes.push(types);
  }
  return { records, recordTypes };
}

/** Groups consecutive records with the same field types into `types` buckets. */
export function typeBuckets(
  recordTypes: readonly Record<string, GrailFieldType>[],
): GrailTypeBucket[] {
  const buckets: {
    indexRange: [number, number];
    mappings: Record<string, GrailFieldType>;
    key: string;
  }[] = [];
  recordTypes.forEach((mappings, index) => {
    const key = JSON.stringify(mappings);
    const last = buckets.at(-1);
    if (last !== undefined && last.key === key) last.indexRange[1] = index;
    else buckets.push({ indexRange: [index, index], mappings, key });
  });
  return buckets.map(({ indexRange, mappings }) => ({ indexRange, mappings }));
}
