// The mapping context every benchmark uses, and the pinned "now" of the query stores.
import type { MappingContext } from "../../src/mapping/defender/mapping-context.js";

/** Records of the generator start at 2026-11-01; stores are ingested over the following week. */
export const INGEST_START_MS = Date.parse("2026-11-01T00:00:00Z");
export const DAY_MS = 86_400_000;

export function fileContext(observedAt = new Date(INGEST_START_MS).toISOString()): MappingContext {
  return { observedAt, bucket: "default_securityevents", source: "file" };
}
