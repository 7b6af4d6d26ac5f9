// Where an MDVM finding is: resourceDetails for registry and running images, and Kubernetes context.
import { containerEntityId, registryResourceId } from "./arm-ids.js";
import type { Registry } from "./fleet.js";
import type { GenerationContext } from "./generation-context.js";
import type { Scan } from "./scan-cursor.js";
import type { Workload } from "./workload.js";

const KIND_NAMES: Readonly<Record<string, string>> = {
  replicaset: "ReplicaSet",
  daemonset: "DaemonSet",
  statefulset: "StatefulSet",
  job: "Job",
  cronjob: "CronJob",
};

export function registryResourceDetails(
  ctx: GenerationContext,
  scan: Scan,
  registry: Registry,
): object {
  const repo = scan.profile.repository.name;
  const digest = scan.profile.image.digest;
  const ref = `${registry.host}/${repo}@${digest}`;
  if (registry.cloud === "Aws" || registry.cloud === "Gcp") {
    const aws = registry.cloud === "Aws";
    return {
      id: ref,
      source: registry.cloud,
      connectorId: registry.connectorId,
      region: registry.region,
      nativeCloudUniqueIdentifier: aws
        ? `arn:aws:ecr:${registry.region}:${registry.name}:image/${repo}`
        : `//artifactregistry.googleapis.com/projects/${registry.name}/locations/${registry.region}/repositories/${repo}`,
      resourceProvider: registry.provider,
      resourceType: "repository",
      resourceName: repo,
      hierarchyId: registry.hierarchyId,
    };
  }
  if (scan.era === "2023") return { source: "Azure", id: `/repositories/${repo}/images/${digest}` };
  return {
    ResourceName: repo,
    ResourceType: "ContainerImage",
    ResourceProvider: "Microsoft.ContainerRegistry",
    source: "Azure",
    id: `${registryResourceId(ctx.fleet, registry, repo)}/repositories/${repo}/images/${digest}`,
  };
}

export function runtimeResourceDetails(scan: Scan, registry: Registry, workload: Workload): object {
  if (scan.era === "2023") {
    return {
      source: "Azure",
      id: `${registry.host}/${scan.profile.repository.name}@${scan.profile.image.digest}`,
    };
  }
  return {
    ResourceName: workload.containerName,
    ResourceType: "Container",
    ResourceProvider: "Microsoft.ContainerService",
    source: "Azure",
    id: containerEntityId(workload),
  };
}

export function kubernetesData(
  workload: Workload,
  legacy: boolean,
  era: string,
): Record<string, unknown> {
  if (legacy) {
    return {
      clusterDetails: {
        clusterResourceId: workload.cluster.resourceId,
        clusterName: workload.cluster.name,
      },
      kubernetesContext: {
        workloads: [
          {
            kind: KIND_NAMES[workload.controllerKind] ?? "ReplicaSet",
            name: workload.controllerName,
            namespace: workload.namespace,
            ownedResources: [
              {
                containers: [{ name: workload.containerName }],
                kind: "Pod",
                name: workload.podName,
              },
            ],
          },
        ],
      },
    };
  }
  return {
    kubernetesDetails: {
      cloud: "Azure",
      clusterKind: "AKS",
      clusterName: workload.cluster.name,
      clusterResourceId: workload.cluster.resourceId,
      namespace: workload.namespace,
      controllerKind: workload.controllerKind,
      controllerName: workload.controllerName,
      podName: workload.podName,
      containerName: workload.containerName,
      ...(era === "2025" ? { containerId: workload.containerId } : {}),
    },
    ...(era === "2025"
      ? { securityGating: { requestId: "", evaluatedResourceName: "", evaluatedResourceKind: "" } }
      : {}),
  };
}
