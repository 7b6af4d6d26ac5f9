// The field catalog: every field a Vigil security event may carry, declared once as data.
import type { EventType } from "./security-event.js";

/** Value types of catalog fields (Grail's names). Timestamps are ISO-8601 UTC strings. */
export type FieldType = "string" | "double" | "boolean" | "timestamp" | "string[]";

/** How strongly a field is expected on the event types it applies to. */
export type Requirement = "required" | "recommended" | "optional";

export interface FieldSpec {
  readonly name: string;
  readonly type: FieldType;
  /** Requirement per event type; an event type absent here may not carry the field. */
  readonly on: Readonly<Partial<Record<EventType, Requirement>>>;
  /** Allowed values, when the field is an enumeration. */
  readonly values?: readonly string[];
  readonly description: string;
}

const F: EventType = "VULNERABILITY_FINDING";
const S: EventType = "VULNERABILITY_SCAN";
const both = (req: Requirement) => ({ [F]: req, [S]: req });
const finding = (req: Requirement) => ({ [F]: req });
const scan = (req: Requirement) => ({ [S]: req });

/** Every declared field. Order groups fields by namespace; it is also the documentation order. */
export const FIELD_CATALOG: readonly FieldSpec[] = [
  {
    name: "timestamp",
    type: "timestamp",
    on: both("required"),
    description:
      "When Vigil observed the record (ingest time, or the pushed event's own timestamp).",
  },
  {
    name: "event.id",
    type: "string",
    on: both("required"),
    description:
      "Unique per stored event; deterministic for the same delivery of the same source record.",
  },
  {
    name: "event.kind",
    type: "string",
    on: both("required"),
    values: ["SECURITY_EVENT"],
    description: "Always SECURITY_EVENT.",
  },
  {
    name: "event.type",
    type: "string",
    on: both("required"),
    values: ["VULNERABILITY_FINDING", "VULNERABILITY_SCAN"],
    description: "The security event type.",
  },
  {
    name: "event.name",
    type: "string",
    on: both("required"),
    description:
      "Human-readable event type: 'Vulnerability finding event' or 'Vulnerability scan event'.",
  },
  {
    name: "event.provider",
    type: "string",
    on: both("required"),
    description: "The product that reported the event.",
  },
  {
    name: "event.version",
    type: "string",
    on: both("optional"),
    description: "Version of the Vigil mapping that produced the event.",
  },
  {
    name: "product.vendor",
    type: "string",
    on: both("required"),
    description: "Vendor of the reporting product.",
  },
  {
    name: "product.name",
    type: "string",
    on: both("required"),
    description: "Name of the reporting product.",
  },
  {
    name: "product.feature",
    type: "string",
    on: both("optional"),
    description:
      "Scanner inside the product: 'Microsoft Defender Vulnerability Management' or 'Qualys'.",
  },

  {
    name: "finding.id",
    type: "string",
    on: finding("required"),
    description:
      "Hex SHA-256 of object.id, vulnerability.id, component.name, component.version, product.name, product.vendor.",
  },
  {
    name: "finding.title",
    type: "string",
    on: finding("required"),
    description: "'<CVE> in <package> <version>', or the CVE when no package is known.",
  },
  {
    name: "finding.type",
    type: "string",
    on: finding("required"),
    values: ["DEPENDENCY_VULNERABILITY"],
    description: "Kind of finding.",
  },
  {
    name: "finding.severity",
    type: "string",
    on: finding("required"),
    description: "Defender's severity as sent (per-CVE severity first, else the record's).",
  },
  {
    name: "finding.score",
    type: "double",
    on: finding("optional"),
    description: "Defender's score: the CVSS v3 base score.",
  },
  {
    name: "finding.time.created",
    type: "timestamp",
    on: finding("required"),
    description: "When Defender generated the finding.",
  },
  {
    name: "finding.status",
    type: "string",
    on: finding("required"),
    values: ["OPEN", "RESOLVED", "MUTED"],
    description: "Lifecycle status of this observation.",
  },
  {
    name: "finding.description",
    type: "string",
    on: finding("optional"),
    description: "Defender's description of the finding.",
  },
  {
    name: "finding.url",
    type: "string",
    on: finding("optional"),
    description: "Azure portal link, when Defender sends one.",
  },
  {
    name: "vigil.finding.resolution",
    type: "string",
    on: finding("optional"),
    values: ["deleted", "healthy", "absent_from_snapshot"],
    description: "Why a RESOLVED observation resolved the finding.",
  },

  {
    name: "dt.security.risk.level",
    type: "string",
    on: finding("required"),
    values: ["CRITICAL", "HIGH", "MEDIUM", "LOW", "NONE"],
    description: "Normalized risk level from finding.severity.",
  },
  {
    name: "dt.security.risk.score",
    type: "double",
    on: finding("required"),
    description: "finding.score clamped to 0-10, else the top of the risk level's band.",
  },

  {
    name: "object.id",
    type: "string",
    on: both("required"),
    description: "'<registry>/<repository>@<digest>': a pullable reference, stable across scans.",
  },
  {
    name: "object.name",
    type: "string",
    on: both("required"),
    description: "'<registry>/<repository>'.",
  },
  {
    name: "object.type",
    type: "string",
    on: both("required"),
    values: ["CONTAINER_IMAGE"],
    description: "Type of the affected object.",
  },
  {
    name: "container_image.digest",
    type: "string",
    on: both("required"),
    description: "Image digest as Defender sends it (sha256:...).",
  },
  {
    name: "container_image.registry",
    type: "string",
    on: both("required"),
    description: "Registry host.",
  },
  {
    name: "container_image.repository",
    type: "string",
    on: both("required"),
    description: "Repository name.",
  },
  {
    name: "container_image.tags",
    type: "string[]",
    on: both("optional"),
    description: "Tags of the image (may be empty).",
  },

  {
    name: "component.name",
    type: "string",
    on: finding("recommended"),
    description: "Vulnerable package name.",
  },
  {
    name: "component.version",
    type: "string",
    on: finding("recommended"),
    description: "Installed version of the package.",
  },
  {
    name: "software_component.type",
    type: "string",
    on: finding("optional"),
    description: "'OS' or the package's language (python, go, ...).",
  },

  {
    name: "vulnerability.id",
    type: "string",
    on: finding("required"),
    description: "CVE id; the Qualys QID when there is no CVE.",
  },
  {
    name: "vulnerability.title",
    type: "string",
    on: finding("recommended"),
    description: "CVE id or title.",
  },
  {
    name: "vulnerability.description",
    type: "string",
    on: finding("optional"),
    description: "Description of the vulnerability.",
  },
  {
    name: "vulnerability.references.cve",
    type: "string[]",
    on: finding("recommended"),
    description: "CVE ids.",
  },
  {
    name: "vulnerability.references.cwe",
    type: "string[]",
    on: finding("optional"),
    description: "CWE ids (CWE-787, ...).",
  },
  {
    name: "vulnerability.references.url",
    type: "string[]",
    on: finding("optional"),
    description: "Reference links Defender lists for the vulnerability.",
  },
  {
    name: "vulnerability.cvss.base_score",
    type: "double",
    on: finding("optional"),
    description: "CVSS v3 base score.",
  },
  {
    name: "vulnerability.cvss.version",
    type: "string",
    on: finding("optional"),
    description: "CVSS version ('3.0', '3.1') read from the vector prefix.",
  },
  {
    name: "vulnerability.cvss.vector",
    type: "string",
    on: finding("optional"),
    description: "CVSS vector string.",
  },
  {
    name: "vulnerability.remediation.status",
    type: "string",
    on: finding("optional"),
    values: ["AVAILABLE", "NOT_AVAILABLE"],
    description: "AVAILABLE when a fix exists.",
  },
  {
    name: "vulnerability.remediation.fix_versions",
    type: "string[]",
    on: finding("optional"),
    description: "Fixed version(s); omitted when Defender gives none.",
  },
  {
    name: "vulnerability.remediation.description",
    type: "string",
    on: finding("optional"),
    description: "Defender's remediation text.",
  },
  {
    name: "vulnerability.exploit.status",
    type: "string",
    on: finding("optional"),
    values: ["AVAILABLE", "NOT_AVAILABLE"],
    description: "AVAILABLE when exploit steps are published or the CVE is in an exploit kit.",
  },
  {
    name: "vulnerability.is_fix_available",
    type: "boolean",
    on: finding("optional"),
    description: "Whether a fix is available.",
  },
  {
    name: "vulnerability.time.published",
    type: "timestamp",
    on: finding("optional"),
    description: "When the vulnerability was published.",
  },

  {
    name: "scan.id",
    type: "string",
    on: { [F]: "required", [S]: "required" },
    description: "Hex SHA-256 of object.id and scan.time.completed; ties findings to their scan.",
  },
  {
    name: "scan.name",
    type: "string",
    on: scan("required"),
    description: "Which scan produced the observation.",
  },
  {
    name: "scan.status",
    type: "string",
    on: scan("required"),
    values: ["COMPLETED", "NOT_SCANNED"],
    description: "COMPLETED, or NOT_SCANNED for a coverage gap.",
  },
  {
    name: "scan.time.completed",
    type: "timestamp",
    on: scan("required"),
    description: "When the scan completed (for NOT_SCANNED: when Defender reported the gap).",
  },

  {
    name: "cloud.provider",
    type: "string",
    on: both("optional"),
    values: ["azure", "aws", "gcp"],
    description: "Cloud of the registry or cluster.",
  },
  {
    name: "azure.subscription",
    type: "string",
    on: both("optional"),
    description: "Subscription id from the record's ARM id.",
  },
  {
    name: "azure.tenant.id",
    type: "string",
    on: both("optional"),
    description: "Tenant id of the record.",
  },
  {
    name: "azure.resource.id",
    type: "string",
    on: both("optional"),
    description: "ARM id of the assessed resource.",
  },
  {
    name: "k8s.cluster.name",
    type: "string",
    on: both("optional"),
    description: "Cluster running the image (runtime records).",
  },
  {
    name: "k8s.namespace.name",
    type: "string",
    on: both("optional"),
    description: "Namespace running the image (runtime records).",
  },
  {
    name: "k8s.workload.kind",
    type: "string",
    on: both("optional"),
    description: "Controller kind (runtime records).",
  },
  {
    name: "k8s.workload.name",
    type: "string",
    on: both("optional"),
    description: "Controller name (runtime records).",
  },
  {
    name: "k8s.pod.name",
    type: "string",
    on: both("optional"),
    description: "Pod name (runtime records).",
  },
  {
    name: "k8s.container.name",
    type: "string",
    on: both("optional"),
    description: "Container name (runtime records).",
  },

  {
    name: "microsoft_defender.assessment.key",
    type: "string",
    on: both("optional"),
    description: "Recommendation key GUID.",
  },
  {
    name: "microsoft_defender.assessed_resource_type",
    type: "string",
    on: both("optional"),
    description: "Defender's assessedResourceType, e.g. AzureContainerRegistryVulnerability.",
  },
  {
    name: "microsoft_defender.record.id",
    type: "string",
    on: both("required"),
    description: "ARM id of the source record.",
  },
  {
    name: "microsoft_defender.record.kind",
    type: "string",
    on: both("optional"),
    values: [
      "mdvm_subassessment",
      "qualys_subassessment",
      "per_image_assessment",
      "individual_recommendation",
    ],
    description: "Schema generation the record was read as.",
  },
  {
    name: "microsoft_defender.status.code",
    type: "string",
    on: both("optional"),
    description: "Healthy / Unhealthy / NotApplicable.",
  },
  {
    name: "microsoft_defender.status.cause",
    type: "string",
    on: both("optional"),
    description: "Exempt / Unscanned / ... when Defender gives a cause.",
  },
  {
    name: "microsoft_defender.is_snapshot",
    type: "boolean",
    on: both("optional"),
    description: "From the export envelope: part of the weekly snapshot.",
  },
  {
    name: "microsoft_defender.action",
    type: "string",
    on: both("optional"),
    description: "From the export envelope: Insert / Delete.",
  },

  {
    name: "dt.raw_data",
    type: "string",
    on: both("required"),
    description: "The original record, unchanged, as JSON text.",
  },
  {
    name: "dt.system.bucket",
    type: "string",
    on: both("required"),
    description: "Bucket the event is stored in.",
  },
  {
    name: "dt.openpipeline.source",
    type: "string",
    on: both("required"),
    description: "Where the event came in: the HTTP path, 'eventhubs', 'file'.",
  },
  {
    name: "vigil.connection.id",
    type: "string",
    on: both("optional"),
    description: "The connection the event came through, when any.",
  },
];

/** The catalog keyed by field name. */
export const FIELDS_BY_NAME: ReadonlyMap<string, FieldSpec> = new Map(
  FIELD_CATALOG.map((field) => [field.name, field]),
);
