// Serializes a batch for bulk loading: event lines (raw record replaced by its id) and one line per distinct raw record.
import { createHash } from "node:crypto";
import { FIELDS_BY_NAME } from "../model/field-catalog.js";
import type { SecurityEvent } from "../model/security-event.js";
import { EXTRA_COLUMN, RAW_DATA_FIELD, RAW_ID_COLUMN } from "./columns.js";

export interface StagedBatch {
  /** One JSON object per event, keyed by column name. */
  readonly eventLines: string[];
  /** One JSON object per distinct raw record: `{raw_id, raw_data}`. */
  readonly rawLines: string[];
  /** The raw id of each line of `rawLines`, in the same order. */
  readonly rawIds: string[];
}

/** Both engines read these lines: DuckDB with read_json, PostgreSQL with jsonb_populate_record. */
export function stageBatch(events: readonly SecurityEvent[]): StagedBatch {
  const rawIds = new Map<string, string>();
  const rawLines: string[] = [];
  const rawIdList: string[] = [];
  const eventLines: string[] = [];
  for (const event of events) {
    const raw = event[RAW_DATA_FIELD];
    let rawId: string | undefined;
    if (typeof raw === "string") {
      rawId = rawIds.get(raw);
      if (rawId === undefined) {
        rawId = createHash("sha256").update(raw).digest("hex");
        rawIds.set(raw, rawId);
        rawLines.push(JSON.stringify({ raw_id: rawId, raw_data: raw }));
        rawIdList.push(rawId);
      }
    }
    eventLines.push(eventLine(event, rawId));
  }
  return { eventLines, rawLines, rawIds: rawIdList };
}

function eventLine(event: SecurityEvent, rawId: string | undefined): string {
  const row: Record<string, unknown> = {};
  let extra: Record<string, unknown> | undefined;
  for (const key in event) {
    if (key === RAW_DATA_FIELD) continue;
    if (FIELDS_BY_NAME.has(key)) row[key] = event[key];
    else {
      extra ??= {};
      extra[key] = event[key];
    }
  }
  if (rawId !== undefined) row[RAW_ID_COLUMN] = rawId;
  if (extra !== undefined) row[EXTRA_COLUMN] = extra;
  return JSON.stringify(row);
}
