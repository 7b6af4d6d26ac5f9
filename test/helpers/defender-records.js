// Builds Defender records and their events for store and pipeline tests (from a real MDVM sample's shape).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { mapDefenderRecord } from "../../src/mapping/defender/map-record.js";

const TEMPLATE = JSON.parse(
  readFileSync(
    join(
      import.meta.dirname,
      "../../fixtures/defender/constructed-mdvm-eventhub-envelope-snapshot-1.json",
    ),
    "utf8",
  ),
);
/** A camelCase MDVM registry sub-assessment in an export envelope. */
export function mdvmRecord(spec = {}) {
  const record = structuredClone(TEMPLATE);
  const subscription = spec.subscription ?? "4a1b2c3d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
  const key = spec.assessmentKey ?? "c0b7cfc6-3172-465a-b378-53c7ff2cc0d5";
  const name = spec.recordName ?? `${spec.cve ?? "CVE-2021-39537"}-${spec.digest ?? "d"}`;
  record.id = `/subscriptions/${subscription}/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/reg/providers/Microsoft.Security/assessments/${key}/subassessments/${name}`;
  const envelope = {
    action: spec.action ?? "Insert",
    apiVersion: "2019-01-01-preview",
    isSnapshot: spec.isSnapshot ?? false,
  };
  record.subAssessmentEventDataEnrichment = envelope;
  record.securityEventDataEnrichment = envelope;
  const props = record.properties;
  const cve = spec.cve ?? "CVE-2021-39537";
  props.id = cve;
  props.displayName = cve;
  props.timeGenerated = spec.timeGenerated ?? "2026-11-01T00:00:00Z";
  props.status = {
    code: spec.statusCode ?? "Unhealthy",
    severity: spec.severity ?? "High",
    ...(spec.cause ? { cause: spec.cause } : {}),
  };
  const data = props.additionalData;
  data.vulnerabilityDetails.cveId = cve;
  data.vulnerabilityDetails.severity = spec.severity ?? "High";
  data.softwareDetails.packageName = spec.packageName ?? "libncursesw5";
  data.softwareDetails.version = spec.version ?? "6.2-0ubuntu2";
  data.artifactDetails.digest = `sha256:${(spec.digest ?? "d").padEnd(64, "0")}`;
  data.artifactDetails.repositoryName = spec.repository ?? "team/app";
  data.artifactDetails.registryHost = spec.registry ?? "reg.azurecr.io";
  return record;
}
/** The events of one record, observed at `observedAt`. */
export function eventsOf(
  record,
  observedAt = "2026-11-02T00:00:00.000Z",
  bucket = "default_securityevents",
) {
  const outcome = mapDefenderRecord(record, JSON.stringify(record), {
    observedAt,
    bucket,
    source: "file",
  });
  if (outcome.status !== "mapped")
    throw new Error(`test record did not map: ${JSON.stringify(outcome)}`);
  return outcome.events;
}
/** Finding events only. */
export function findingsOf(record, observedAt, bucket) {
  return eventsOf(record, observedAt, bucket).filter(
    (event) => event["event.type"] === "VULNERABILITY_FINDING",
  );
}
//# sourceMappingURL=defender-records.js.map
