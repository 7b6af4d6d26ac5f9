// The continuous-export envelope (`…EventDataEnrichment`: action Insert/Delete/Write, isSnapshot).
import { flag, get, text } from "./read-keys.js";

export interface ExportEnvelope {
  readonly action?: string;
  readonly isSnapshot?: boolean;
}

const ENVELOPE_KEYS = [
  "subAssessmentEventDataEnrichment",
  "assessmentEventDataEnrichment",
  "securityEventDataEnrichment",
] as const;

/** Reads the first envelope present on `record`; empty when the record did not come from an export. */
export function readEnvelope(record: unknown): ExportEnvelope {
  for (const key of ENVELOPE_KEYS) {
    const envelope = get(record, key);
    if (envelope !== undefined && envelope !== null) {
      return {
        action: text(get(envelope, "action")),
        isSnapshot: flag(get(envelope, "isSnapshot")),
      };
    }
  }
  return {};
}
