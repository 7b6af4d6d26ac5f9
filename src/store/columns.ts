// The stored columns: one typed column per catalog field (named exactly as the field), plus `extra`.
import { FIELD_CATALOG, FIELDS_BY_NAME, type FieldType } from "../model/field-catalog.js";
import type { SecurityEvent } from "../model/security-event.js";

export interface Column {
  readonly name: string;
  readonly type: FieldType;
  readonly onFindings: boolean;
}

/** Columns of the event log, in table order. `extra` (JSON text) holds undeclared fields. */
export const EVENT_COLUMNS: readonly Column[] = FIELD_CATALOG.map((field) => ({
  name: field.name,
  type: field.type,
  onFindings: field.on.VULNERABILITY_FINDING !== undefined,
}));

/** Columns copied from the latest observation into the finding-state table. */
export const FINDING_COLUMNS: readonly Column[] = EVENT_COLUMNS.filter(
  (column) => column.onFindings,
);

/** State columns only the finding-state table has. */
export const FINDING_STATE_COLUMNS = {
  firstSeen: "vigil.finding.first_seen",
  lastSeen: "vigil.finding.last_seen",
  resolvedAt: "vigil.finding.resolved_at",
} as const;

export const EXTRA_COLUMN = "extra";

/** The fields of `event` the catalog does not declare (kept in `extra` so they stay queryable). */
export function undeclaredFields(event: SecurityEvent): Record<string, unknown> | undefined {
  let extra: Record<string, unknown> | undefined;
  for (const key in event) {
    if (!FIELDS_BY_NAME.has(key)) {
      extra ??= {};
      extra[key] = event[key];
    }
  }
  return extra;
}
