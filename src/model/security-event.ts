// The security-event types: flat records of dotted field names, as declared in the field catalog.

export type EventType = "VULNERABILITY_FINDING" | "VULNERABILITY_SCAN";
export type RiskLevel = "CRITICAL" | "HIGH" | "MEDIUM" | "LOW" | "NONE";
export type FindingStatus = "OPEN" | "RESOLVED" | "MUTED";
export type ScanStatus = "COMPLETED" | "NOT_SCANNED";
export type FieldValue = string | number | boolean | readonly string[];

/** Any event: dotted field name → value. Absent fields are left out, never null. */
export type SecurityEvent = Readonly<Record<string, FieldValue>>;

/** Fields shared by finding and scan events. */
type CommonEventFields = {
  timestamp: string;
  "event.id": string;
  "event.kind": "SECURITY_EVENT";
  "event.name": string;
  "event.provider": string;
  "event.version"?: string;
  "product.vendor": string;
  "product.name": string;
  "product.feature"?: string;
  "object.id": string;
  "object.name": string;
  "object.type": "CONTAINER_IMAGE";
  "container_image.digest": string;
  "container_image.registry": string;
  "container_image.repository": string;
  "container_image.tags"?: readonly string[];
  "scan.id": string;
  "cloud.provider"?: string;
  "azure.subscription"?: string;
  "azure.tenant.id"?: string;
  "azure.resource.id"?: string;
  "k8s.cluster.name"?: string;
  "k8s.namespace.name"?: string;
  "k8s.workload.kind"?: string;
  "k8s.workload.name"?: string;
  "k8s.pod.name"?: string;
  "k8s.container.name"?: string;
  "microsoft_defender.assessment.key"?: string;
  "microsoft_defender.assessed_resource_type"?: string;
  "microsoft_defender.record.id": string;
  "microsoft_defender.record.kind"?: string;
  "microsoft_defender.status.code"?: string;
  "microsoft_defender.status.cause"?: string;
  "microsoft_defender.is_snapshot"?: boolean;
  "microsoft_defender.action"?: string;
  "dt.raw_data": string;
  "dt.system.bucket": string;
  "dt.openpipeline.source": string;
  "vigil.connection.id"?: string;
};

/** One observation of one vulnerability in one component of one container image. */
export type VulnerabilityFindingEvent = CommonEventFields & {
  "event.type": "VULNERABILITY_FINDING";
  "finding.id": string;
  "finding.title": string;
  "finding.type": "DEPENDENCY_VULNERABILITY";
  "finding.severity": string;
  "finding.score"?: number;
  "finding.time.created": string;
  "finding.status": FindingStatus;
  "finding.description"?: string;
  "finding.url"?: string;
  "vigil.finding.resolution"?: "deleted" | "healthy" | "absent_from_snapshot";
  "dt.security.risk.level": RiskLevel;
  "dt.security.risk.score": number;
  "component.name"?: string;
  "component.version"?: string;
  "software_component.type"?: string;
  "vulnerability.id": string;
  "vulnerability.title"?: string;
  "vulnerability.description"?: string;
  "vulnerability.references.cve"?: readonly string[];
  "vulnerability.references.cwe"?: readonly string[];
  "vulnerability.references.url"?: readonly string[];
  "vulnerability.cvss.base_score"?: number;
  "vulnerability.cvss.version"?: string;
  "vulnerability.cvss.vector"?: string;
  "vulnerability.remediation.status"?: "AVAILABLE" | "NOT_AVAILABLE";
  "vulnerability.remediation.fix_versions"?: readonly string[];
  "vulnerability.remediation.description"?: string;
  "vulnerability.exploit.status"?: "AVAILABLE" | "NOT_AVAILABLE";
  "vulnerability.is_fix_available"?: boolean;
  "vulnerability.time.published"?: string;
};

/** One scan (or missing scan) of one container image. */
export type VulnerabilityScanEvent = CommonEventFields & {
  "event.type": "VULNERABILITY_SCAN";
  "scan.name": string;
  "scan.status": ScanStatus;
  "scan.time.completed": string;
};

export type DefenderEvent = VulnerabilityFindingEvent | VulnerabilityScanEvent;
