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
import type {
  KubernetesContext,
  ParsedComponent,
  ParsedRecord,
  ParsedVulnerability,
  RecordKind,
} from "./parsed-record.js";
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
  const ids: RecordIds = {
    objectId,
    scanId: scanIdOf(objectId, record.recordTime ?? context.delivery?.enqueuedTime ?? ""),
  };
  const events: DefenderEvent[] = [];
  const seen = new Set<string>();
  if (lifecycle.findingStatus !== undefined) {
    for (const vulnerability of record.vulnerabilities) {
      const finding = findingEvent(input, ids, vulnerability);
      if (seen.has(finding["event.id"])) continue;
      seen.add(finding["event.id"]);
      events.push(finding);
    }
  }
  if (lifecycle.scanStatus !== undefined) {
    events.push(scanEvent(input, ids, scanTime));
  }
  return events;
}

type CommonFields = Omit<
  VulnerabilityScanEvent,
  "event.type" | "event.name" | "event.id" | "scan.name" | "scan.status" | "scan.time.completed"
>;

/** The ids every event of one record shares. */
interface RecordIds {
  readonly objectId: string;
  readonly scanId: string;
}

/** An event being filled in field by field: absent fields are left out, never set to undefined. */
type Draft<T> = { -readonly [K in keyof T]?: T[K] };

/**
 * The fields every event of a record starts with, as a fresh object per event. Each event is built
 * with its property names written out rather than copied from a shared object: V8 keeps such
 * objects in its fast layout, and that is cheaper than a copy of this many fields.
 */
function commonFields(input: BuildInput, ids: RecordIds): Draft<CommonFields> {
  const { record, envelope, context, rawText } = input;
  const image = record.image;
  const common: Draft<CommonFields> = {
    timestamp: context.observedAt,
    "event.kind": "SECURITY_EVENT",
    "event.provider": PRODUCT_NAME,
    "event.version": MAPPING_VERSION,
    "product.vendor": PRODUCT_VENDOR,
    "product.name": PRODUCT_NAME,
    "product.feature": record.feature,
    "object.id": ids.objectId,
    "object.name": `${image.registry}/${image.repository}`,
    "object.type": "CONTAINER_IMAGE",
    "container_image.digest": image.digest,
    "container_image.registry": image.registry,
    "container_image.repository": image.repository,
  };
  if (image.tags !== undefined) common["container_image.tags"] = image.tags;
  common["scan.id"] = ids.scanId;
  if (record.cloudProvider !== undefined) common["cloud.provider"] = record.cloudProvider;
  if (record.subscription !== undefined) common["azure.subscription"] = record.subscription;
  if (record.tenantId !== undefined) common["azure.tenant.id"] = record.tenantId;
  if (record.resourceId !== undefined) common["azure.resource.id"] = record.resourceId;
  if (record.k8s !== undefined) addKubernetes(common, record.k8s);
  addDefenderFields(common, record, envelope);
  common["dt.raw_data"] = rawText;
  common["dt.system.bucket"] = context.bucket;
  common["dt.openpipeline.source"] = context.source;
  if (context.connectionId !== undefined) common["vigil.connection.id"] = context.connectionId;
  return common;
}

function addKubernetes(common: Draft<CommonFields>, k8s: KubernetesContext): void {
  if (k8s.cluster !== undefined) common["k8s.cluster.name"] = k8s.cluster;
  if (k8s.namespace !== undefined) common["k8s.namespace.name"] = k8s.namespace;
  if (k8s.workloadKind !== undefined) common["k8s.workload.kind"] = k8s.workloadKind;
  if (k8s.workloadName !== undefined) common["k8s.workload.name"] = k8s.workloadName;
  if (k8s.pod !== undefined) common["k8s.pod.name"] = k8s.pod;
  if (k8s.container !== undefined) common["k8s.container.name"] = k8s.container;
}

function addDefenderFields(
  common: Draft<CommonFields>,
  record: ParsedRecord,
  envelope: ExportEnvelope,
): void {
  if (record.assessmentKey !== undefined)
    common["microsoft_defender.assessment.key"] = record.assessmentKey;
  if (record.assessedResourceType !== undefined)
    common["microsoft_defender.assessed_resource_type"] = record.assessedResourceType;
  common["microsoft_defender.record.id"] = record.recordId;
  common["microsoft_defender.record.kind"] = record.kind;
  if (record.statusCode !== undefined) common["microsoft_defender.status.code"] = record.statusCode;
  if (record.statusCause !== undefined)
    common["microsoft_defender.status.cause"] = record.statusCause;
  if (envelope.isSnapshot !== undefined)
    common["microsoft_defender.is_snapshot"] = envelope.isSnapshot;
  if (envelope.action !== undefined) common["microsoft_defender.action"] = envelope.action;
}

function findingEvent(
  input: BuildInput,
  ids: RecordIds,
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
    objectId: ids.objectId,
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
  const event: Draft<VulnerabilityFindingEvent> = commonFields(input, ids);
  event["event.id"] = eventId;
  event["event.type"] = "VULNERABILITY_FINDING";
  event["event.name"] = "Vulnerability finding event";
  event["finding.id"] = findingId;
  event["finding.title"] = titleOf(vulnerability);
  event["finding.type"] = "DEPENDENCY_VULNERABILITY";
  event["finding.severity"] = severity;
  if (vulnerability.score !== undefined) event["finding.score"] = vulnerability.score;
  event["finding.time.created"] = record.recordTime ?? context.observedAt;
  event["finding.status"] = lifecycle.findingStatus ?? "OPEN";
  if (vulnerability.description !== undefined)
    event["finding.description"] = vulnerability.description;
  if (record.url !== undefined) event["finding.url"] = record.url;
  if (lifecycle.resolution !== undefined) event["vigil.finding.resolution"] = lifecycle.resolution;
  event["dt.security.risk.level"] = level;
  event["dt.security.risk.score"] = riskScoreOf(level, vulnerability.score);
  if (component !== undefined) addComponent(event, component);
  addVulnerability(event, vulnerability);
  return event as VulnerabilityFindingEvent;
}

function addComponent(event: Draft<VulnerabilityFindingEvent>, component: ParsedComponent): void {
  event["component.name"] = component.name;
  if (component.version !== undefined) event["component.version"] = component.version;
  if (component.type !== undefined) event["software_component.type"] = component.type;
}

function addVulnerability(
  event: Draft<VulnerabilityFindingEvent>,
  vulnerability: ParsedVulnerability,
): void {
  event["vulnerability.id"] = vulnerability.id;
  if (vulnerability.title !== undefined) event["vulnerability.title"] = vulnerability.title;
  if (vulnerability.description !== undefined)
    event["vulnerability.description"] = vulnerability.description;
  if (vulnerability.cves.length > 0) event["vulnerability.references.cve"] = vulnerability.cves;
  if (vulnerability.cwes.length > 0) event["vulnerability.references.cwe"] = vulnerability.cwes;
  if (vulnerability.urls.length > 0) event["vulnerability.references.url"] = vulnerability.urls;
  if (vulnerability.score !== undefined)
    event["vulnerability.cvss.base_score"] = vulnerability.score;
  if (vulnerability.cvssVersion !== undefined)
    event["vulnerability.cvss.version"] = vulnerability.cvssVersion;
  if (vulnerability.cvssVector !== undefined)
    event["vulnerability.cvss.vector"] = vulnerability.cvssVector;
  if (vulnerability.fixAvailable !== undefined)
    event["vulnerability.remediation.status"] = availability(vulnerability.fixAvailable);
  if (vulnerability.fixVersions.length > 0)
    event["vulnerability.remediation.fix_versions"] = vulnerability.fixVersions;
  if (vulnerability.remediation !== undefined)
    event["vulnerability.remediation.description"] = vulnerability.remediation;
  if (vulnerability.exploitAvailable !== undefined)
    event["vulnerability.exploit.status"] = availability(vulnerability.exploitAvailable);
  if (vulnerability.fixAvailable !== undefined)
    event["vulnerability.is_fix_available"] = vulnerability.fixAvailable;
  if (vulnerability.published !== undefined)
    event["vulnerability.time.published"] = vulnerability.published;
}

function availability(available: boolean): "AVAILABLE" | "NOT_AVAILABLE" {
  return available ? "AVAILABLE" : "NOT_AVAILABLE";
}

/**
 * The scan event of a record. Its event.id leaves out the record and delivery identity on purpose:
 * every CVE record of one image scan names the same scan, which is one event, not one per CVE.
 */
function scanEvent(input: BuildInput, ids: RecordIds, scanTime: string): VulnerabilityScanEvent {
  const { record, envelope, lifecycle } = input;
  const status = lifecycle.scanStatus ?? "COMPLETED";
  const event: Draft<VulnerabilityScanEvent> = commonFields(input, ids);
  event["event.id"] = hashParts([ids.scanId, status, envelope.action, envelope.isSnapshot]);
  event["event.type"] = "VULNERABILITY_SCAN";
  event["event.name"] = "Vulnerability scan event";
  event["scan.name"] = `${record.feature} container image scan`;
  event["scan.status"] = status;
  event["scan.time.completed"] = scanTime;
  return event as VulnerabilityScanEvent;
}

function titleOf(vulnerability: ParsedVulnerability): string {
  const component = vulnerability.component;
  if (component === undefined) return vulnerability.id;
  return component.version === undefined
    ? `${vulnerability.id} in ${component.name}`
    : `${vulnerability.id} in ${component.name} ${component.version}`;
}
