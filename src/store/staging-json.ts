// Serializes events for bulk loading: one JSON object per line, undeclared fields moved under `extra`.
import { FIELDS_BY_NAME } from "../model/field-catalog.js";
import type { SecurityEvent } from "../model/security-event.js";
import { EXTRA_COLUMN } from "./columns.js";

/** One staging line (no newline). Both engines read these: DuckDB with read_json, PostgreSQL with jsonb. */
export function stagingLine(event: SecurityEvent): string {
  let extra: Record<string, unknown> | undefined;
  for (const key in event) {
    if (!FIELDS_BY_NAME.has(key)) {
      extra ??= {};
      extra[key] = event[key];
    }
  }
  if (extra === undefined) return JSON.stringify(event);
  const declared: Record<string, unknown> = {};
  for (const key in event) if (FIELDS_BY_NAME.has(key)) declared[key] = event[key];
  declared[EXTRA_COLUMN] = extra;
  return JSON.stringify(declared);
}
