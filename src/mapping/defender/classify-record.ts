// Dispatch: which schema generation a Defender record is, or why it is not a container finding.

import { assessmentKeyOf } from "./azure-context.js";
import { CONTAINER_KINDS, CONTAINER_RECOMMENDATION_KEYS, SERVER_KINDS } from "./lookups.js";
import type { NotMappedReason } from "./outcome.js";
import { isIndividualRecommendation } from "./read-individual.js";
import { get, isObject, type Json, path, text } from "./read-keys.js";
import { isPerImageData } from "./read-per-image.js";
import { RecordRejection } from "./rejection.js";

export type Classification =
  | { readonly kind: "subassessment"; readonly sub: Json; readonly assessedResourceType: string }
  | { readonly kind: "per_image" }
  | { readonly kind: "individual" }
  | { readonly kind: "not_mapped"; readonly reason: NotMappedReason; readonly detail: string };

/** Exact `type` values (lower-cased) of records that are recognized and not mapped in this version. */
const OTHER_TYPES: ReadonlyMap<string, NotMappedReason> = new Map([
  ["microsoft.security/securescores", "secure_score"],
  ["microsoft.security/securescores/securescorecontrols", "secure_score_control"],
  [
    "microsoft.security/regulatorycompliancestandards/regulatorycompliancecontrols/regulatorycomplianceassessments",
    "regulatory_compliance",
  ],
  ["microsoft.security/regulatorycompliancestandards", "regulatory_compliance"],
  [
    "microsoft.security/regulatorycompliancestandards/regulatorycompliancecontrols",
    "regulatory_compliance",
  ],
  ["microsoft.security/attackpaths", "attack_path"],
  ["microsoft.security/locations/alerts", "alert"],
  ["microsoft.security/alerts", "alert"],
]);

/** Classifies a record (an object); throws a RecordRejection when its shape is not Defender's. */
export function classifyRecord(record: unknown): Classification {
  if (!isObject(record)) {
    throw new RecordRejection(
      "not_an_object",
      undefined,
      `a Defender record must be a JSON object, got ${describe(record)}`,
    );
  }
  const type = text(get(record, "type"))?.toLowerCase();
  if (type === undefined) {
    if (get(record, "alertType") !== undefined)
      return notMapped("alert", `alert ${text(get(record, "alertType"))}`);
    throw new RecordRejection(
      "unknown_shape",
      "type",
      "type is missing: not a Defender for Cloud export record (no ARM type, no AlertType)",
    );
  }
  if (type === "microsoft.security/assessments/subassessments") return classifySub(record, type);
  if (type === "microsoft.security/assessments") return classifyAssessment(record);
  const other = OTHER_TYPES.get(type);
  if (other !== undefined) return notMapped(other, `record type ${text(get(record, "type"))}`);
  if (type.includes("alert")) return notMapped("alert", `record type ${text(get(record, "type"))}`);
  return notMapped(
    "unsupported_resource_type",
    `record type ${text(get(record, "type"))} is not a container finding`,
  );
}

function classifySub(sub: Json, type: string): Classification {
  const kind = text(path(sub, "properties", "additionalData", "assessedResourceType"));
  if (kind === undefined) {
    throw new RecordRejection(
      "missing_field",
      "properties.additionalData.assessedResourceType",
      `properties.additionalData.assessedResourceType is missing: cannot tell what the ${type} record assessed`,
    );
  }
  const lower = kind.toLowerCase();
  if (CONTAINER_KINDS.has(lower)) return { kind: "subassessment", sub, assessedResourceType: kind };
  if (SERVER_KINDS.has(lower))
    return notMapped(
      "server_vulnerability",
      `${kind} findings are about servers, not container images`,
    );
  return notMapped(
    "unsupported_subassessment_kind",
    `sub-assessment kind ${kind} is not a container image kind`,
  );
}

function classifyAssessment(record: Json): Classification {
  const props = get(record, "properties");
  const data = get(props, "additionalData");
  const embedded = get(data, "subAssessment");
  if (isObject(embedded)) return classifySub(embedded, "embedded sub-assessment");
  if (isPerImageData(data)) return { kind: "per_image" };
  if (isIndividualRecommendation(props)) return { kind: "individual" };
  const id = text(get(record, "id")) ?? "";
  const key = assessmentKeyOf(id);
  const name = text(get(props, "displayName")) ?? key ?? "unknown";
  if (key !== undefined && CONTAINER_RECOMMENDATION_KEYS.has(key)) {
    return notMapped(
      "container_parent_assessment",
      `parent recommendation "${name}": its findings arrive as sub-assessments`,
    );
  }
  return notMapped(
    "non_container_assessment",
    `assessment "${name}" is not about container image vulnerabilities`,
  );
}

function notMapped(reason: NotMappedReason, detail: string): Classification {
  return { kind: "not_mapped", reason, detail };
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  return value === null ? "null" : typeof value;
}
