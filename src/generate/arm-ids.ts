// ARM resource ids for registries, connector entities, clusters and the assessments hanging off them.
import type { Fleet, Registry, Subscription } from "./fleet.js";
import type { Workload } from "./workload.js";

function subscriptionOf(fleet: Fleet, index: number): Subscription {
  return fleet.subscriptions[index] as Subscription;
}

/** The Azure resource a registry finding hangs off (the ACR, or the connector's entity for AWS/GCP). */
export function registryResourceId(
  fleet: Fleet,
  registry: Registry,
  repositoryName: string,
): string {
  const sub = subscriptionOf(fleet, registry.subscriptionIndex).id;
  if (registry.cloud === "Azure" || registry.cloud === "Public") {
    return `/subscriptions/${sub}/resourceGroups/${registry.resourceGroup}/providers/Microsoft.ContainerRegistry/registries/${registry.name}`;
  }
  const entity =
    registry.cloud === "Aws"
      ? `aws-ecr-repository-${repositoryName.replaceAll("/", "-")}-${registry.region}`
      : `gcp-${registry.provider}-repository-${repositoryName.replaceAll("/", "-")}-${registry.region}`;
  return `/subscriptions/${sub}/resourceGroups/${registry.resourceGroup}/providers/microsoft.security/securityconnectors/${registry.connectorName}/securityentitydata/${entity}`;
}

/** The running container's security entity under its cluster (as per-image assessments use). */
export function containerEntityId(workload: Workload): string {
  const pod = workload.podName;
  return `${workload.cluster.resourceId}/securityentitydata/namespace-${workload.namespace}-pod-${pod}-container-${workload.containerName}`;
}

export function assessmentId(resourceId: string, key: string): string {
  return `${resourceId}/providers/Microsoft.Security/assessments/${key}`;
}

/** Sub-assessment id; Defender spells the segment both `subassessments` and `subAssessments`. */
export function subAssessmentId(
  resourceId: string,
  key: string,
  name: string,
  camel: boolean,
): string {
  return `${assessmentId(resourceId, key)}/${camel ? "subAssessments" : "subassessments"}/${name}`;
}
