// MDVM container sub-assessments (registry and runtime): the bulk of a real export.
import { registryResourceId, subAssessmentId } from "./arm-ids.js";
import { enrichment, resourceGraphFields, SUBASSESSMENT_API_VERSION } from "./envelope.js";
import type { Registry, Subscription } from "./fleet.js";
import { type GenerationContext, memoized } from "./generation-context.js";
import { type JsonEntry, jsonObject } from "./json-assembly.js";
import {
  artifactDetails,
  cveOf,
  descriptionJson,
  remediation,
  softwareDetails,
  statusSeverity,
  vulnerabilityDetailsJson,
} from "./mdvm-details.js";
import {
  kubernetesData,
  registryResourceDetails,
  runtimeResourceDetails,
} from "./mdvm-resource-details.js";
import { PACKAGES } from "./package-catalog.js";
import { stableGuid } from "./prng.js";
import { RAW_SLOT, stringifyWithRaw } from "./raw-json.js";
import { KEYS } from "./recommendation-keys.js";
import type { Scan, ScanStep } from "./scan-cursor.js";

export interface MdvmStatus {
  readonly code: "Unhealthy" | "Healthy" | "NotApplicable";
  readonly cause?: string;
  readonly description?: string;
}

export interface MdvmCore {
  readonly key: string;
  /** The resource the assessment hangs off (registry, connector entity or cluster). */
  readonly resourceId: string;
  readonly id: string;
  readonly name: string;
  readonly resourceGroup: string;
  readonly subscriptionId: string;
  readonly timeGenerated: string;
  /** The sub-assessment's `properties`, already serialized. */
  readonly propertiesJson: string;
}

const ASSESSED_TYPES: Readonly<Record<string, string>> = {
  Azure: "AzureContainerRegistryVulnerability",
  Aws: "AwsContainerRegistryVulnerability",
  Gcp: "GcpContainerRegistryVulnerability",
  Public: "AzureContainerRegistryVulnerability",
};

const REGISTRY_KEYS: Readonly<Record<string, string>> = {
  Azure: KEYS.azureRegistryMdvm,
  Aws: KEYS.awsRegistryMdvm,
  Gcp: KEYS.gcpRegistryMdvm,
  Public: KEYS.azureRegistryMdvm,
};

function statusObject(status: MdvmStatus, severity: string): Record<string, string> {
  const out: Record<string, string> = { code: status.code, severity };
  if (status.cause !== undefined) out.cause = status.cause;
  if (status.description !== undefined) out.description = status.description;
  return out;
}

/** What every finding of one scan shares (built once per scan and kept in its memo). */
interface ScanParts {
  readonly registry: Registry;
  readonly key: string;
  readonly resourceId: string;
  readonly resourceGroup: string;
  readonly subscriptionId: string;
  readonly resourceDetailsJson: string;
  readonly artifactDetailsJson: string;
  readonly kubernetesEntries: readonly JsonEntry[];
  readonly metadataJson: string;
}

function scanParts(ctx: GenerationContext, scan: Scan, legacyContext: boolean): ScanParts {
  const memoKey = legacyContext ? "mdvm-parts-legacy" : "mdvm-parts";
  const cached = scan.memo.get(memoKey) as ScanParts | undefined;
  if (cached) return cached;
  const profile = scan.profile;
  const registry = ctx.fleet.registries[profile.image.registryIndex] as Registry;
  const workload = scan.workload;
  const running = workload !== undefined;
  const subscriptionIndex = running
    ? workload.cluster.subscriptionIndex
    : registry.subscriptionIndex;
  const kubernetes = running ? kubernetesData(workload, legacyContext, scan.era) : {};
  const parts: ScanParts = {
    registry,
    key: running ? KEYS.azureRuntimeMdvm : (REGISTRY_KEYS[registry.cloud] as string),
    resourceId: running
      ? workload.cluster.resourceId
      : registryResourceId(ctx.fleet, registry, profile.repository.name),
    resourceGroup: running ? workload.cluster.resourceGroup : registry.resourceGroup,
    subscriptionId: (ctx.fleet.subscriptions[subscriptionIndex] as Subscription).id,
    resourceDetailsJson: JSON.stringify(
      running
        ? runtimeResourceDetails(scan, registry, workload)
        : registryResourceDetails(ctx, scan, registry),
    ),
    artifactDetailsJson: JSON.stringify(artifactDetails(profile, registry, scan.ticks, running)),
    kubernetesEntries: Object.entries(kubernetes).map(([k, v]) => [k, JSON.stringify(v)] as const),
    metadataJson: JSON.stringify({
      inventorySource: running ? "Agentless" : "Registry",
      scanner: "MicrosoftDefenderVulnerabilityManagement",
    }),
  };
  scan.memo.set(memoKey, parts);
  return parts;
}

/** softwareDetails and remediation of a package on an image (shared by its CVEs and rescans). */
function packageParts(
  ctx: GenerationContext,
  step: ScanStep,
): { software: string; remediation: string } {
  const { scan, finding } = step;
  const running = scan.workload !== undefined;
  const imagePackage = scan.profile.image.index * PACKAGES.length + finding.pkg.packageIndex;
  const key = (imagePackage * 2 + (scan.era === "2023" ? 0 : 1)) * 2;
  return memoized(ctx.fragments.packageParts, key + (running ? 1 : 0), () => ({
    software: JSON.stringify(softwareDetails(ctx, finding, scan.profile, scan.era, running)),
    remediation: JSON.stringify(remediation(finding, running)),
  }));
}

export interface CoreOptions {
  /** Runtime findings with the older `clusterDetails` + `kubernetesContext` instead of `kubernetesDetails`. */
  readonly legacyContext?: boolean;
}

/** The sub-assessment of one finding of a scan, without any envelope. */
export function mdvmCore(
  ctx: GenerationContext,
  step: ScanStep,
  status: MdvmStatus,
  options: CoreOptions = {},
): MdvmCore {
  const { scan, finding } = step;
  const profile = scan.profile;
  const parts = scanParts(ctx, scan, options.legacyContext ?? false);
  const pkg = packageParts(ctx, step);
  const cve = cveOf(ctx, finding);
  const running = scan.workload !== undefined;
  const name = stableGuid(
    ctx.seed,
    `${parts.key}|${scan.workload?.cluster.name ?? ""}|${profile.image.index}|${cve.index}`,
  );
  const details = vulnerabilityDetailsJson(ctx, finding, profile, scan.era);
  const score = cve.score === null ? undefined : String(cve.score);
  const additionalData: JsonEntry[] = running
    ? [
        ["assessedResourceType", '"AzureRuntimeImageVulnerability"'],
        ...parts.kubernetesEntries,
        ["artifactDetails", parts.artifactDetailsJson],
        ["softwareDetails", pkg.software],
        ["vulnerabilityDetails", details],
        ["metadata", parts.metadataJson],
        ["cvssV30Score", score],
      ]
    : [
        ["assessedResourceType", `"${ASSESSED_TYPES[parts.registry.cloud]}"`],
        ["cvssV30Score", score],
        ["vulnerabilityDetails", details],
        ["artifactDetails", parts.artifactDetailsJson],
        ["softwareDetails", pkg.software],
        ["metadata", scan.era === "2025" ? parts.metadataJson : undefined],
      ];
  const timeGenerated = `"${scan.timeGenerated}"`;
  const cveId = `"${cve.id}"`;
  return {
    key: parts.key,
    resourceId: parts.resourceId,
    id: subAssessmentId(parts.resourceId, parts.key, name, scan.era === "2025"),
    name,
    resourceGroup: parts.resourceGroup,
    subscriptionId: parts.subscriptionId,
    timeGenerated: scan.timeGenerated,
    propertiesJson: jsonObject([
      ["id", cveId],
      ["displayName", cveId],
      ["status", JSON.stringify(statusObject(status, statusSeverity(cve.severity)))],
      ["remediation", pkg.remediation],
      ["description", descriptionJson(ctx, finding)],
      ["timeGenerated", timeGenerated],
      ["resourceDetails", parts.resourceDetailsJson],
      ["additionalData", jsonObject(additionalData)],
    ]),
  };
}

export interface EventHubOptions {
  readonly action: "Insert" | "Delete";
  readonly isSnapshot: boolean;
  /** Also repeat the envelope as `securityEventDataEnrichment` (older exports do). */
  readonly securityEnrichment: boolean;
}

/** A sub-assessment as continuous export sends it to Event Hubs (one JSON line). */
export function eventHubSubAssessment(
  ctx: GenerationContext,
  core: MdvmCore,
  options: EventHubOptions,
): string {
  const envelope = JSON.stringify(
    enrichment(options.action, SUBASSESSMENT_API_VERSION, options.isSnapshot),
  );
  return jsonObject([
    ["type", '"Microsoft.Security/assessments/subAssessments"'],
    ["id", JSON.stringify(core.id)],
    ["name", `"${core.name}"`],
    ["tenantId", `"${ctx.fleet.tenantId}"`],
    ["subAssessmentEventDataEnrichment", envelope],
    ["securityEventDataEnrichment", options.securityEnrichment ? envelope : undefined],
    ["properties", core.propertiesJson],
  ]);
}

/** A sub-assessment as Azure Resource Graph returns it (exports built from `az graph query`). */
export function resourceGraphSubAssessment(ctx: GenerationContext, core: MdvmCore): string {
  const record = {
    id: core.id,
    name: core.name,
    type: "microsoft.security/assessments/subassessments",
    tenantId: ctx.fleet.tenantId,
    ...resourceGraphFields(core.resourceGroup, core.subscriptionId),
    properties: RAW_SLOT,
    tags: null,
    identity: null,
    zones: null,
    extendedLocation: null,
    assessmentKey: core.key,
    timeGenerated: core.timeGenerated,
  };
  return stringifyWithRaw(record, core.propertiesJson);
}
