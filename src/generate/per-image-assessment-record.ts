// Per-image assessments with flat string additionalData (2024–2025 AKS form: CVEs as JSON in a string).
import { assessmentId, containerEntityId } from "./arm-ids.js";
import type { CveEntry } from "./cve-pool.js";
import { ASSESSMENT_API_VERSION, enrichment } from "./envelope.js";
import type { Registry } from "./fleet.js";
import type { GenerationContext } from "./generation-context.js";
import { displayNameOf, KEYS } from "./recommendation-keys.js";
import type { Scan } from "./scan-cursor.js";
import { worstSeverity } from "./severity-rank.js";

export const MAX_FLAT_CVES = 20;

export interface FlatOptions {
  readonly action: "Insert" | "Delete";
  /** Report the image clean (Healthy, `CvesCount "0"`) whatever the scan found. */
  readonly healthy: boolean;
}

export function perImageAssessmentRecord(
  ctx: GenerationContext,
  scan: Scan,
  options: FlatOptions,
): object {
  const workload = scan.workload;
  if (!workload) throw new Error("per-image assessments describe running images");
  const profile = scan.profile;
  const registry = ctx.fleet.registries[profile.image.registryIndex] as Registry;
  const cves = options.healthy
    ? []
    : profile.findings.slice(0, MAX_FLAT_CVES).map((f) => ctx.pool.entries[f.cveIndex] as CveEntry);
  const entityId = containerEntityId(workload);
  const id = assessmentId(entityId, KEYS.azureContainers2024);
  const envelope = enrichment(options.action, ASSESSMENT_API_VERSION, false);
  return {
    type: "Microsoft.Security/assessments",
    id,
    name: KEYS.azureContainers2024,
    tenantId: ctx.fleet.tenantId,
    assessmentEventDataEnrichment: envelope,
    ...(options.action === "Delete" ? { securityEventDataEnrichment: envelope } : {}),
    properties: {
      resourceDetails: {
        Source: "Azure",
        Id: entityId,
        ResourceName: workload.containerName,
        ResourceType: "ContainerImage",
        ResourceProvider: "Microsoft.ContainerService",
        NativeResourceId: entityId,
      },
      displayName: displayNameOf(KEYS.azureContainers2024),
      status: { code: cves.length === 0 ? "Healthy" : "Unhealthy" },
      additionalData: {
        K8sClusterId: workload.cluster.resourceId,
        K8sClusterName: workload.cluster.name,
        ControllerName: workload.controllerName,
        ControllerType: workload.controllerKind,
        PodName: workload.podName,
        Namespace: workload.namespace,
        ImageUri: `${registry.host}/${profile.repository.name}@${profile.image.digest}`,
        Repo: profile.repository.name,
        Digest: profile.image.digest,
        OsType: "Linux",
        OsDistribution: profile.flavor.distribution,
        Tags: JSON.stringify(profile.image.tags),
        InventorySource: "Agentless",
        CvesCount: String(cves.length),
        HighestSeverity: worstSeverity(cves.map((c) => c.severity)),
        CVEs: JSON.stringify(
          cves.map((c) => ({ CVE: c.id, Severity: c.severity, BaseScore: c.score })),
        ),
      },
    },
  };
}
