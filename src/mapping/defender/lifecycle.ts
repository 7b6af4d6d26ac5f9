// Decides a record's lifecycle: finding status (OPEN/RESOLVED/MUTED) and whether it shows a scan.
import type { FindingStatus, ScanStatus } from "../../model/security-event.js";
import { RecordRejection } from "./rejection.js";

export interface LifecycleDecision {
  /** Status of the record's findings; undefined when the record carries no finding. */
  readonly findingStatus?: FindingStatus;
  readonly resolution?: "deleted" | "healthy";
  /** The scan the record shows; undefined when it shows none (a Delete says nothing about scans). */
  readonly scanStatus?: ScanStatus;
}

/**
 * The lifecycle rules of the security-events spec, as one pure decision:
 * Delete → RESOLVED (deleted); Unhealthy → OPEN; Healthy → RESOLVED (healthy);
 * NotApplicable/Unscanned → no finding, a NOT_SCANNED scan; other NotApplicable (Exempt …) → MUTED.
 */
export function decideLifecycle(
  action: string | undefined,
  statusCode: string | undefined,
  statusCause: string | undefined,
): LifecycleDecision {
  const code = statusCode?.toLowerCase();
  const unscanned = statusCause?.toLowerCase() === "unscanned";
  if (action?.toLowerCase() === "delete") {
    return unscanned ? {} : { findingStatus: "RESOLVED", resolution: "deleted" };
  }
  switch (code) {
    case "unhealthy":
      return { findingStatus: "OPEN", scanStatus: "COMPLETED" };
    case "healthy":
      return { findingStatus: "RESOLVED", resolution: "healthy", scanStatus: "COMPLETED" };
    case "notapplicable":
      return unscanned
        ? { scanStatus: "NOT_SCANNED" }
        : { findingStatus: "MUTED", scanStatus: "COMPLETED" };
    case undefined:
      throw new RecordRejection(
        "missing_field",
        "properties.status.code",
        "properties.status.code is missing: the record's health is unknown",
      );
    default:
      throw new RecordRejection(
        "invalid_value",
        "properties.status.code",
        `properties.status.code must be Healthy, Unhealthy or NotApplicable, got ${JSON.stringify(statusCode)}`,
      );
  }
}
