// Builds security events from a parsed record: ids, risk normalization, lifecycle, context fields.
import { findingIdOf, hashParts, objectIdOf, scanIdOf } from "../../model/ids.js";
import { riskLevelOf, riskScoreOf } from "../../model/risk.js";
import type {
  DefenderEvent,
  VulnerabilityFindingEvent,
  VulnerabilityScanEvent,
} from "../../model/security-event.js";
import type { ExportEnvelope } from "./envelope.js";
import type { LifecycleDecision } from "./lifecycle.js";
import type { MappingContext } from "./mapping-context.js";
import type { ParsedRecord, ParsedVulnerability, RecordKind } from "./parsed-record.js";
import { RecordRejection } from "./rejection.js";

/** Version of this mapping, stamped on every event (`event.version`); bump when output changes. */
export const MAPPING_VERSION = "vigil-defender-mapping/1";
export const PRODUCT_VENDOR = "Microsoft";
export const PRODUCT_NAME = "Microsoft Defender for Cloud";

/** Where each record kind keeps its per-vulnerability severity, for rejection messages. */
const SEVERITY_FIELD: Readonly<Record<RecordKind, string>> = {
  mdvm_subassessment: "properties.additionalData.vulnerabilityDetails.severity",
  qualys_subassessment: "properties.status.severity",
  per_image_assessment: "properties.additionalData.CVEs[].Severity",
  individual_recommendation: "properties.additionalData.CvesDetails[].Severity",
};

export interface BuildInput {
  readonly record: ParsedRecord;
  readonly envelope: ExportEnvelope;
  readonly lifecycle: LifecycleDecision;
  readonly rawText: string;
  readonly context: MappingContext;
}

/** All events of one record: one finding per vulnerability × component, and the scan it shows. */
export function buildEvents(input: BuildInput): DefenderEvent[] {
  const { record, lifecycle, context } = input;
  const objectId = objectIdOf(record.image.registry, record.image.repository, record.image.digest);
  const scanTime = record.recordTime ?? context.delivery?.enqueuedTime ?? context.observedAt;
  const scanId = scanIdOf(objectId, record.recordTime ?? context.delivery?.enqueuedTime ?? "");
  const common = commonFields(input, objectId, scanId);
  const events: DefenderEvent[] = [];
  const seen = new Set<string>();
  if (lifecycle.findingStatus !== undefined) {
    for (const vulnerability of record.vulnerabilities) {
      const finding = findingEvent(input, common, vulnerability);
      if (seen.has(finding["event.id"])) continue;
      seen.add(finding["event.id"]);
      events.push(finding);
    }
  }
  if (lifecycle.scanStatus !== undefined) {
    events.push(scanEvent(input, common, scanTime));
  }
  return events;
}

type CommonFields = Omit<
  VulnerabilityScanEvent,
  "event.type" | "event.name" | "event.id" | "scan.name" | "scan.status" | "scan.time.completed"
>;

function commonFields(input: BuildInput, objectId: string, scanId: string): CommonFields {
  const { record, envelope, context, rawText } = input;
  const k8s = record.k8s;
  return defined({
    timestamp: context.observedAt,
    "event.kind": "SECURITY_EVENT",
    "event.provider": PRODUCT_NAME,
    "event.version": MAPPING_VERSION,
    "product.vendor": PRODUCT_VENDOR,
    "product.name": PRODUCT_NAME,
    "product.feature": record.feature,
    "object.id": objectId,
    "object.name": `${record.image.registry}/${record.image.repository}`,
    "object.type": "CONTAINER_IMAGE",
    "container_image.digest": record.image.digest,
    "container_image.registry": record.image.registry,
    "container_image.repository": record.image.repository,
    "container_image.tags": record.image.tags,
    "scan.id": scanId,
    "cloud.provider": record.cloudProvider,
    "azure.subscription": record.subscription,
    "azure.tenant.id": record.tenantId,
    "azure.resource.id": record.resourceId,
    "k8s.cluster.name": k8s?.cluster,
    "k8s.namespace.name": k8s?.namespace,
    "k8s.workload.kind": k8s?.workloadKind,
    "k8s.workload.name": k8s?.workloadName,
    "k8s.pod.name": k8s?.pod,
    "k8s.container.name": k8s?.container,
    "microsoft_defender.assessment.key": record.assessmentKey,
    "microsoft_defender.assessed_resource_type": record.assessedResourceType,
    "microsoft_defender.record.id": record.recordId,
    "microsoft_defender.record.kind": record.kind,
    "microsoft_defender.status.code": record.statusCode,
    "microsoft_defender.status.cause": record.statusCause,
    "microsoft_defender.is_snapshot": envelope.isSnapshot,
    "microsoft_defender.action": envelope.action,
    "dt.raw_data": rawText,
    "dt.system.bucket": context.bucket,
    "dt.openpipeline.source": context.source,
    "vigil.connection.id": context.connectionId,
  });
}

function findingEvent(
  input: BuildInput,
  common: CommonFields,
  vulnerability: ParsedVulnerability,
): VulnerabilityFindingEvent {
  const { record, envelope, lifecycle, context } = input;
  const severity = vulnerability.severity ?? record.recordSeverity ?? "Unknown";
  const level = riskLevelOf(severity);
  if (level === undefined) {
    throw new RecordRejection(
      "unknown_severity",
      SEVERITY_FIELD[record.kind],
      `severity ${JSON.stringify(severity)} of ${vulnerability.id} is not one of Critical, High, Medium, Low, Unknown, None`,
    );
  }
  const component = vulnerability.component;
  const findingId = findingIdOf({
    objectId: common["object.id"],
    vulnerabilityId: vulnerability.id,
    componentName: component?.name,
    componentVersion: component?.version,
    productName: PRODUCT_NAME,
    productVendor: PRODUCT_VENDOR,
  });
  const delivery = context.delivery;
  const eventId = hashParts([
    findingId,
    record.recordId,
    record.recordTime,
    envelope.action,
    envelope.isSnapshot,
    delivery?.namespace,
    delivery?.eventHub,
    delivery?.partitionId,
    delivery?.sequenceNumber,
  ]);
  const fixVersions = vulnerability.fixVersions;
  return extend(common, {
    "event.id": eventId,
    "event.type": "VULNERABILITY_FINDING",
    "event.name": "Vulnerability finding event",
    "finding.id": findingId,
    "finding.title": titleOf(vulnerability),
    "finding.type": "DEPENDENCY_VULNERABILITY",
    "finding.severity": severity,
    "finding.score": vulnerability.score,
    "finding.time.created": record.recordTime ?? context.observedAt,
    "finding.status": lifecycle.findingStatus ?? "OPEN",
    "finding.description": vulnerability.description,
    "finding.url": record.url,
    "vigil.finding.resolution": lifecycle.resolution,
    "dt.security.risk.level": level,
    "dt.security.risk.score": riskScoreOf(level, vulnerability.score),
    "component.name": component?.name,
    "component.version": component?.version,
    "software_component.type": component?.type,
    "vulnerability.id": vulnerability.id,
    "vulnerability.title": vulnerability.title,
    "vulnerability.description": vulnerability.description,
    "vulnerability.references.cve": vulnerability.cves.length > 0 ? vulnerability.cves : undefined,
    "vulnerability.references.cwe": vulnerability.cwes.length > 0 ? vulnerability.cwes : undefined,
    "vulnerability.references.url": vulnerability.urls.length > 0 ? vulnerability.urls : undefined,
    "vulnerability.cvss.base_score": vulnerability.score,
    "vulnerability.cvss.version": vulnerability.cvssVersion,
    "vulnerability.cvss.vector": vulnerability.cvssVector,
    "vulnerability.remediation.status":
      vulnerability.fixAvailable === undefined
        ? undefined
        : vulnerability.fixAvailable
          ? "AVAILABLE"
          : "NOT_AVAILABLE",
    "vulnerability.remediation.fix_versions": fixVersions.length > 0 ? fixVersions : undefined,
    "vulnerability.remediation.description": vulnerability.remediation,
    "vulnerability.exploit.status":
      vulnerability.exploitAvailable === undefined
        ? undefined
        : vulnerability.exploitAvailable
          ? "AVAILABLE"
          : "NOT_AVAILABLE",
    "vulnerability.is_fix_available": vulnerability.fixAvailable,
    "vulnerability.time.published": vulnerability.published,
  });
}

/**
 * The scan event of a record. Its event.id leaves out the record and delivery identity on purpose:
 * every CVE record of one image scan names the same scan, which is one event, not one per CVE.
 */
function scanEvent(
  input: BuildInput,
  common: CommonFields,
  scanTime: string,
): VulnerabilityScanEvent {
  const { record, envelope, lifecycle } = input;
  const status = lifecycle.scanStatus ?? "COMPLETED";
  return extend(common, {
    "event.id": hashParts([common["scan.id"], status, envelope.action, envelope.isSnapshot]),
    "event.type": "VULNERABILITY_SCAN",
    "event.name": "Vulnerability scan event",
    "scan.name": `${record.feature} container image scan`,
    "scan.status": status,
    "scan.time.completed": scanTime,
  });
}

function titleOf(vulnerability: ParsedVulnerability): string {
  const component = vulnerability.component;
  if (component === undefined) return vulnerability.id;
  return component.version === undefined
    ? `${vulnerability.id} in ${component.name}`
    : `${vulnerability.id} in ${component.name} ${component.version}`;
}

/**
 * Copies only defined fields: absent fields are left out of events, never null. Copying into a
 * fresh object (instead of deleting keys) keeps V8's fast property layout, which matters here.
 */
function defined<T extends object>(event: T): T {
  const out: Record<string, unknown> = {};
  for (const key in event) {
    const value = event[key];
    if (value !== undefined) out[key] = value;
  }
  return out as T;
}

/** `base` (already without undefined fields) plus the defined fields of `fields`, in one copy. */
function extend<B extends object, const F extends object>(base: B, fields: F): B & F {
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const key in fields) {
    const value = fields[key];
    if (value !== undefined) out[key] = value;
  }
  return out as B & F;
}
