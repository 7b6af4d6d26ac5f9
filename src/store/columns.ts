// The stored columns: one typed column per catalog field (named exactly as the field), `extra`, and the raw record's id.
import { FIELD_CATALOG, FIELDS_BY_NAME, type FieldType } from "../model/field-catalog.js";

export interface Column {
  readonly name: string;
  /** Catalog type; `json` for the `extra` column. */
  readonly type: FieldType | "json";
}

/** The original record lives once in `raw_records`; events point at it by `vigil.raw_id`. */
export const RAW_DATA_FIELD = "dt.raw_data";
export const RAW_ID_COLUMN = "vigil.raw_id";
export const EXTRA_COLUMN = "extra";

/** Columns of the `events` table, in table order. */
export const EVENT_COLUMNS: readonly Column[] = [
  ...FIELD_CATALOG.filter((field) => field.name !== RAW_DATA_FIELD).map((field) => ({
    name: field.name,
    type: field.type,
  })),
  { name: RAW_ID_COLUMN, type: "string" },
  { name: EXTRA_COLUMN, type: "json" },
];

/** Columns of `events` that are NOT NULL (and so of tables copying its rows). */
export const EVENT_NOT_NULL: ReadonlySet<string> = new Set([
  "event.id",
  "timestamp",
  "dt.system.bucket",
]);

/** Columns of the `raw_records` table. */
export const RAW_COLUMNS: readonly Column[] = [
  { name: "raw_id", type: "string" },
  { name: "raw_data", type: "string" },
];

/** Columns copied from the latest observation into the finding-state table. */
export const FINDING_COLUMNS: readonly Column[] = FIELD_CATALOG.filter(
  (field) => field.on.VULNERABILITY_FINDING !== undefined && field.name !== RAW_DATA_FIELD,
)
  .map((field): Column => ({ name: field.name, type: field.type }))
  .concat([{ name: RAW_ID_COLUMN, type: "string" }]);

/** State columns only the finding-state table has. */
export const FINDING_STATE_COLUMNS = {
  firstSeen: "vigil.finding.first_seen",
  lastSeen: "vigil.finding.last_seen",
  resolvedAt: "vigil.finding.resolved_at",
} as const;

export function isDeclared(field: string): boolean {
  return FIELDS_BY_NAME.has(field);
}
