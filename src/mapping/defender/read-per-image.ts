// Reads a per-image assessment whose additionalData is flat strings (2024–2025: Digest, Repo, ImageUri, CVEs).
import { recordDate } from "./dates.js";
import { parseEmbeddedJson } from "./embedded-json.js";
import { parseImageReference, readTags, resolveImage } from "./image-ref.js";
import { MDVM } from "./lookups.js";
import type { ParsedRecord, ParsedVulnerability } from "./parsed-record.js";
import { readBasics } from "./read-common.js";
import { get, list, numeric, path, text } from "./read-keys.js";
import { RecordRejection } from "./rejection.js";

const DATA = "properties.additionalData";

/** True when `data` (an assessment's additionalData) has the per-image flat shape. */
export function isPerImageData(data: unknown): boolean {
  return get(data, "digest") !== undefined || get(data, "imageUri") !== undefined;
}

export function readPerImageAssessment(record: unknown): ParsedRecord {
  const basics = readBasics(record, undefined);
  const props = get(record, "properties");
  const data = get(props, "additionalData");
  const reference = parseImageReference(text(get(data, "imageUri")));
  const image = resolveImage({
    registry: [text(get(data, "registry")), reference.registry],
    repository: [text(get(data, "repo")), reference.repository],
    digest: [text(get(data, "digest")), reference.digest],
    tags: readTags(get(data, "tags")),
    fields: { registry: `${DATA}.ImageUri`, repository: `${DATA}.Repo`, digest: `${DATA}.Digest` },
  });
  const cves = list(parseEmbeddedJson(get(data, "cves"), `${DATA}.CVEs`));
  const vulnerabilities = cves.map((cve, index) => readCve(cve, index));
  const cluster = text(get(data, "k8sClusterName"));
  return {
    kind: "per_image_assessment",
    feature: MDVM,
    recordId: basics.recordId,
    recordTime: recordDate([
      ["properties.status.statusChangeDate", path(props, "status", "statusChangeDate")],
      ["properties.status.firstEvaluationDate", path(props, "status", "firstEvaluationDate")],
      ["properties.timeGenerated", get(props, "timeGenerated")],
    ]),
    assessmentKey: basics.assessmentKey,
    statusCode: basics.statusCode,
    statusCause: basics.statusCause,
    recordSeverity: text(get(data, "highestSeverity")) ?? basics.statusSeverity,
    image,
    cloudProvider: basics.sourceCloud,
    tenantId: basics.tenantId,
    subscription: basics.subscription,
    resourceId: basics.resourceId,
    k8s:
      cluster === undefined
        ? undefined
        : {
            cluster,
            namespace: text(get(data, "namespace")),
            workloadKind: text(get(data, "controllerType")),
            workloadName: text(get(data, "controllerName")),
            pod: text(get(data, "podName")),
            container:
              text(get(data, "containerName")) ??
              text(path(props, "resourceDetails", "resourceName")),
          },
    vulnerabilities,
  };
}

function readCve(cve: unknown, index: number): ParsedVulnerability {
  const id = text(get(cve, "cve")) ?? text(get(cve, "cveId"));
  if (id === undefined) {
    throw new RecordRejection(
      "missing_field",
      `${DATA}.CVEs[${index}].CVE`,
      `${DATA}.CVEs[${index}] has no CVE id`,
    );
  }
  return {
    id,
    title: id,
    severity: text(get(cve, "severity")),
    score: numeric(get(cve, "baseScore")),
    cves: [id],
    cwes: [],
    urls: [],
    fixVersions: [],
  };
}
