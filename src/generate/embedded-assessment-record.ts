// Parent assessments carrying one MDVM finding in `additionalData.subAssessment` (the ARG/export form).
import { assessmentId, containerEntityId, registryResourceId, subAssessmentId } from "./arm-ids.js";
import { ASSESSMENT_API_VERSION, enrichment } from "./envelope.js";
import type { Registry } from "./fleet.js";
import type { GenerationContext } from "./generation-context.js";
import type { MdvmCore } from "./mdvm-record.js";
import { RAW_SLOT, stringifyWithRaw } from "./raw-json.js";
import { displayNameOf } from "./recommendation-keys.js";
import type { ScanStep } from "./scan-cursor.js";

export interface EmbeddedOptions {
  /** Send the assessment envelope (exports) or not (ARG samples carry none). */
  readonly envelope: boolean;
  readonly status?: {
    readonly code: string;
    readonly cause?: string;
    readonly description?: string;
  };
  /** Force the parent resource to be the cluster (coverage-gap records hang off the cluster). */
  readonly parentIsCluster?: boolean;
}

function parentResource(
  ctx: GenerationContext,
  step: ScanStep,
  parentIsCluster: boolean,
): Record<string, string> {
  const workload = step.scan.workload;
  if (workload && parentIsCluster) {
    const id = workload.cluster.armId;
    return {
      Source: "Azure",
      Id: id,
      ResourceName: workload.cluster.name,
      ResourceType: "managedClusters",
      ResourceProvider: "Microsoft.ContainerService",
      NativeResourceId: id,
    };
  }
  if (workload) {
    const id = containerEntityId(workload);
    return {
      Source: "Azure",
      Id: id,
      ResourceName: workload.containerName,
      ResourceType: "Container",
      ResourceProvider: "Microsoft.ContainerService",
      NativeResourceId: id,
    };
  }
  const profile = step.scan.profile;
  const registry = ctx.fleet.registries[profile.image.registryIndex] as Registry;
  const id = registryResourceId(ctx.fleet, registry, profile.repository.name);
  return {
    Source: "Azure",
    Id: id,
    ResourceName: registry.name,
    ResourceType: "registries",
    ResourceProvider: "Microsoft.ContainerRegistry",
    NativeResourceId: id,
  };
}

/** Wraps a sub-assessment into its parent assessment, re-rooting its id under the parent. */
export function embeddedAssessmentRecord(
  ctx: GenerationContext,
  step: ScanStep,
  core: MdvmCore,
  options: EmbeddedOptions,
): string {
  const resource = parentResource(ctx, step, options.parentIsCluster ?? false);
  const parentId = assessmentId(resource.Id as string, core.key);
  const status = options.status ?? { code: "Unhealthy" };
  const maxScore = step.scan.profile.maxScore;
  const record = {
    type: "Microsoft.Security/assessments",
    id: parentId,
    name: core.key,
    tenantId: ctx.fleet.tenantId,
    ...(options.envelope
      ? { assessmentEventDataEnrichment: enrichment("Insert", ASSESSMENT_API_VERSION, false) }
      : {}),
    properties: {
      resourceDetails: resource,
      displayName: displayNameOf(core.key),
      status,
      additionalData: {
        subAssessmentsLink: `${parentId}/subAssessments`,
        ...(status.code === "Unhealthy" && maxScore > 0
          ? { maxCvss30Score: String(maxScore) }
          : {}),
        subAssessment: {
          type: "Microsoft.Security/assessments/subAssessments",
          id: subAssessmentId(resource.Id as string, core.key, core.name, false),
          name: core.name,
          properties: RAW_SLOT,
        },
      },
    },
  };
  return stringifyWithRaw(record, core.propertiesJson);
}
