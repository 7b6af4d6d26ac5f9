// Coverage gaps: running images Defender could not scan (NotApplicable / Unscanned), sometimes with odd names.
import { subAssessmentId } from "./arm-ids.js";
import { ASSESSMENT_API_VERSION, enrichment, SUBASSESSMENT_API_VERSION } from "./envelope.js";
import type { Cluster } from "./fleet.js";
import { UNSUPPORTED_REGISTRIES, UNSUPPORTED_REPOSITORIES } from "./fleet-names.js";
import type { GenerationContext } from "./generation-context.js";
import { derivePrng, type Prng, stableGuid } from "./prng.js";
import { displayNameOf, KEYS } from "./recommendation-keys.js";
import { isoTicks } from "./time-format.js";

const REASONS = [
  "Image is not located in any of the supported container registries",
  "Image is not located in any of the supported container registries",
  "Image is not located in any of the supported container registries",
  "Image was not scanned because its operating system is not supported",
  "Image scan results are not yet available",
] as const;

/** Repository names as they arrive for unscanned images: mostly normal, sometimes empty or odd. */
function oddRepositoryName(prng: Prng, repository: string): string {
  const roll = prng.int(20);
  if (roll < 11) return repository;
  if (roll < 15) return "";
  if (roll < 17) return " ";
  if (roll < 19)
    return `${repository}:${prng.range(1, 3)}.${prng.range(0, 27)}.${prng.range(0, 9)}`;
  return "<none>";
}

export function unscannedRecord(ctx: GenerationContext, prng: Prng, nowMs: number): object {
  const cluster = ctx.fleet.clusters[prng.int(ctx.fleet.clusters.length)] as Cluster;
  const mcr = prng.chance(0.2);
  const host = mcr ? "mcr.microsoft.com" : prng.pick(UNSUPPORTED_REGISTRIES);
  const repository = mcr
    ? "azuremonitor/containerinsights/ciprod/prometheus-collector"
    : prng.pick(UNSUPPORTED_REPOSITORIES);
  const variant = prng.int(4);
  const digest = `sha256:${derivePrng(ctx.seed, `unscanned|${host}|${repository}|${variant}`).hex(64)}`;
  const clusterId = cluster.armId;
  const name = stableGuid(ctx.seed, `unscanned|${cluster.name}|${digest}`);
  const namespace = mcr
    ? "kube-system"
    : prng.pick(["monitoring", "ingress", "cert-manager", "default", "argocd", "tools"]);
  const podBase = repository.split("/").pop() as string;
  const description = prng.pick(REASONS);
  const status = { code: "NotApplicable", severity: "Unknown", cause: "Unscanned", description };
  const properties = {
    status,
    timeGenerated: isoTicks(nowMs - prng.int(3_600_000), prng.int(10_000)),
    resourceDetails: {
      NativeResourceId: clusterId,
      ResourceName: cluster.name,
      ResourceType: "managedClusters",
      ResourceProvider: "Microsoft.ContainerService",
      source: "Azure",
      id: prng.chance(0.5)
        ? `${host}/${repository}/images@${digest}`
        : `${host}/${repository}@${digest}`,
    },
    additionalData: {
      assessedResourceType: "AzureRuntimeImageVulnerability",
      clusterDetails: { clusterResourceId: clusterId, clusterName: cluster.name },
      kubernetesContext: {
        workloads: [
          {
            kind: "ReplicaSet",
            name: `${podBase}-${prng.hex(10)}`,
            namespace,
            ownedResources: [
              {
                containers: [{ name: podBase }],
                kind: "Pod",
                name: `${podBase}-${prng.hex(10)}-${prng.hex(5)}`,
              },
            ],
          },
        ],
      },
      artifactDetails: {
        repositoryName: oddRepositoryName(prng, repository),
        registryHost: host,
        digest,
        artifactType: "ContainerImage",
      },
      metadata: {
        inventorySource: "Agentless",
        scanner: "MicrosoftDefenderVulnerabilityManagement",
      },
    },
  };
  const subId = subAssessmentId(clusterId, KEYS.azureRuntimeMdvm, name, false);
  if (prng.chance(0.5)) {
    return {
      type: "Microsoft.Security/assessments/subAssessments",
      id: subId,
      name,
      tenantId: ctx.fleet.tenantId,
      subAssessmentEventDataEnrichment: enrichment("Insert", SUBASSESSMENT_API_VERSION, false),
      properties,
    };
  }
  const parentId = `${clusterId}/providers/Microsoft.Security/assessments/${KEYS.azureRuntimeMdvm}`;
  return {
    type: "Microsoft.Security/assessments",
    id: parentId,
    name: KEYS.azureRuntimeMdvm,
    tenantId: ctx.fleet.tenantId,
    assessmentEventDataEnrichment: enrichment("Insert", ASSESSMENT_API_VERSION, false),
    properties: {
      resourceDetails: {
        Source: "Azure",
        Id: clusterId,
        ResourceName: cluster.name,
        ResourceType: "managedClusters",
        ResourceProvider: "Microsoft.ContainerService",
        NativeResourceId: clusterId,
      },
      displayName: displayNameOf(KEYS.azureRuntimeMdvm),
      status: { code: "NotApplicable", cause: "Unscanned", description },
      additionalData: {
        subAssessmentsLink: `${parentId}/subAssessments`,
        subAssessment: {
          type: "Microsoft.Security/assessments/subAssessments",
          id: subId,
          name,
          properties,
        },
      },
    },
  };
}
