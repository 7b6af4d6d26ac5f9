// Splits a batch for bulk loading: one row per event (raw record replaced by its id) and one per distinct raw record.
import { createHash } from "node:crypto";
import { FIELDS_BY_NAME } from "../model/field-catalog.js";
import type { SecurityEvent } from "../model/security-event.js";
import { EXTRA_COLUMN, RAW_DATA_FIELD, RAW_ID_COLUMN } from "./columns.js";

/** A row keyed by column name: strings, numbers, booleans, ISO timestamps, string arrays, JSON objects. */
export type StagedRow = Record<string, unknown>;

export interface StagedBatch {
  /** One row per event. */
  readonly eventRows: StagedRow[];
  /** One row per distinct raw record: `{raw_id, raw_data}`. */
  readonly rawRows: StagedRow[];
  /** The raw id of each row of `rawRows`, in the same order. */
  readonly rawIds: string[];
}

/** Both engines load these rows: DuckDB through its appender, PostgreSQL as JSON lines through COPY. */
export function stageBatch(events: readonly SecurityEvent[]): StagedBatch {
  const rawIds = new Map<string, string>();
  const rawRows: StagedRow[] = [];
  const rawIdList: string[] = [];
  const eventRows: StagedRow[] = [];
  for (const event of events) {
    const raw = event[RAW_DATA_FIELD];
    let rawId: string | undefined;
    if (typeof raw === "string") {
      rawId = rawIds.get(raw);
      if (rawId === undefined) {
        rawId = createHash("sha256").update(raw).digest("hex");
        rawIds.set(raw, rawId);
        rawRows.push({ raw_id: rawId, raw_data: raw });
        rawIdList.push(rawId);
      }
    }
    eventRows.push(eventRow(event, rawId));
  }
  return { eventRows, rawRows, rawIds: rawIdList };
}

function eventRow(event: SecurityEvent, rawId: string | undefined): StagedRow {
  const row: StagedRow = {};
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
  return row;
}
