// Reads an MDVM container sub-assessment (registry images on Azure/AWS/GCP and running containers).
import { optionalDate, recordDate } from "./dates.js";
import { parseImageReference, parseRepositoryPath, readTags, resolveImage } from "./image-ref.js";
import { FIX_AVAILABLE_STATUSES, MDVM } from "./lookups.js";
import type { KubernetesContext, ParsedRecord, ParsedVulnerability } from "./parsed-record.js";
import { readBasics } from "./read-common.js";
import { distinctTexts, flag, get, list, numeric, path, text } from "./read-keys.js";

/** Reads `sub` (a sub-assessment, standalone or embedded in `outer`) as an MDVM container finding. */
export function readMdvmSubAssessment(
  sub: unknown,
  outer: unknown,
  kindName: string,
): ParsedRecord {
  const basics = readBasics(sub, outer);
  const props = get(sub, "properties");
  const data = get(props, "additionalData");
  const artifact = get(data, "artifactDetails");
  const resourceId = text(path(props, "resourceDetails", "id"));
  const fromReference = parseImageReference(resourceId);
  const fromPath = parseRepositoryPath(resourceId);
  const image = resolveImage({
    registry: [text(get(artifact, "registryHost")), fromReference.registry],
    repository: [
      text(get(artifact, "repositoryName")),
      fromReference.repository,
      fromPath.repository,
    ],
    digest: [text(get(artifact, "digest")), fromReference.digest, fromPath.digest],
    tags: readTags(get(artifact, "tags")),
    fields: {
      registry: "properties.additionalData.artifactDetails.registryHost",
      repository: "properties.additionalData.artifactDetails.repositoryName",
      digest: "properties.additionalData.artifactDetails.digest",
    },
  });
  const recordTime = recordDate([
    ["properties.timeGenerated", get(props, "timeGenerated")],
    ["timeGenerated", get(sub, "timeGenerated")],
  ]);
  const k8s = readKubernetes(data);
  const vulnerability = readVulnerability(props, data);
  return {
    kind: "mdvm_subassessment",
    feature: MDVM,
    recordId: basics.recordId,
    recordTime,
    assessedResourceType: kindName,
    assessmentKey: basics.assessmentKey,
    statusCode: basics.statusCode,
    statusCause: basics.statusCause,
    recordSeverity: basics.statusSeverity,
    image,
    cloudProvider: cloudOf(text(path(data, "kubernetesDetails", "cloud"))) ?? basics.sourceCloud,
    tenantId: basics.tenantId,
    subscription: basics.subscription,
    resourceId: basics.resourceId,
    k8s,
    vulnerabilities: vulnerability === undefined ? [] : [vulnerability],
  };
}

function readVulnerability(props: unknown, data: unknown): ParsedVulnerability | undefined {
  const details = get(data, "vulnerabilityDetails");
  const software = get(data, "softwareDetails");
  const id = text(get(details, "cveId")) ?? text(get(props, "id"));
  if (id === undefined) return undefined;
  const cvss3 = get(get(details, "cvss"), "3.0");
  const vector = text(get(cvss3, "cvssVectorString"));
  const score = numeric(get(data, "cvssV30Score")) ?? numeric(get(cvss3, "base"));
  const packageName = text(get(software, "packageName"));
  const fixStatus = text(get(software, "fixStatus"));
  const fixedVersion = text(get(software, "fixedVersion"));
  const exploit = get(details, "exploitabilityAssessment");
  const references = list(get(details, "references"));
  return {
    id,
    title: text(get(props, "displayName")) ?? id,
    description: text(get(props, "description")),
    severity: text(get(details, "severity")),
    score,
    cvssVector: vector,
    cvssVersion: cvssVersionOf(vector, cvss3 === undefined ? undefined : "3.0"),
    cves: id.toUpperCase().startsWith("CVE-") ? [id] : [],
    cwes: distinctTexts(list(path(details, "weaknesses", "cwe")).map((cwe) => get(cwe, "id"))),
    urls: distinctTexts(references.map((reference) => get(reference, "link"))),
    published: optionalDate(get(details, "publishedDate")),
    exploitAvailable: exploitAvailableOf(exploit),
    component:
      packageName === undefined
        ? undefined
        : {
            name: packageName,
            version: text(get(software, "version")),
            type: componentTypeOf(software),
          },
    fixStatus,
    fixAvailable:
      fixStatus === undefined ? undefined : FIX_AVAILABLE_STATUSES.has(fixStatus.toLowerCase()),
    fixVersions: fixedVersion === undefined ? [] : [fixedVersion],
    remediation: text(get(props, "remediation")),
  };
}

/** 2023 (`exploitStepsPublished`) and 2025 (`isPubliclyDisclosed`) forms; undefined when not assessed. */
export function exploitAvailableOf(assessment: unknown): boolean | undefined {
  if (assessment === undefined || assessment === null) return undefined;
  const flags = ["exploitStepsPublished", "isPubliclyDisclosed", "isInExploitKit"].map((key) =>
    flag(get(assessment, key)),
  );
  if (flags.every((value) => value === undefined)) return undefined;
  return flags.some((value) => value === true);
}

/** `CVSS:3.1/…` → "3.1"; falls back to the key the vector was filed under. */
export function cvssVersionOf(
  vector: string | undefined,
  fallback: string | undefined,
): string | undefined {
  const match = vector === undefined ? null : /^CVSS:(\d+(?:\.\d+)?)\//i.exec(vector);
  return match?.[1] ?? (vector === undefined ? undefined : fallback);
}

function componentTypeOf(software: unknown): string | undefined {
  const category = text(get(software, "category"));
  const language = text(get(software, "language"));
  if (category?.toLowerCase() === "os") return "OS";
  return language?.toLowerCase() ?? category;
}

function cloudOf(value: string | undefined): string | undefined {
  return value?.toLowerCase();
}

/** Runtime context: 2025 `kubernetesDetails`, or the older `clusterDetails` + `kubernetesContext`. */
function readKubernetes(data: unknown): KubernetesContext | undefined {
  const details = get(data, "kubernetesDetails");
  if (details !== undefined) {
    return {
      cluster: text(get(details, "clusterName")),
      namespace: text(get(details, "namespace")),
      workloadKind: text(get(details, "controllerKind")),
      workloadName: text(get(details, "controllerName")),
      pod: text(get(details, "podName")),
      container: text(get(details, "containerName")),
    };
  }
  const cluster = text(path(data, "clusterDetails", "clusterName"));
  const workload = list(path(data, "kubernetesContext", "workloads"))[0];
  if (cluster === undefined && workload === undefined) return undefined;
  const pod = list(get(workload, "ownedResources"))[0];
  const container = list(get(pod, "containers"))[0];
  return {
    cluster,
    namespace: text(get(workload, "namespace")),
    workloadKind: text(get(workload, "kind")),
    workloadName: text(get(workload, "name")),
    pod: text(get(pod, "name")),
    container: text(get(container, "name")),
  };
}
