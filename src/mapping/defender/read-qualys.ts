// Reads a legacy Qualys `ContainerRegistryVulnerability` sub-assessment: one finding per CVE (the QID when none).
import { optionalDate, recordDate } from "./dates.js";
import { parseRepositoryPath, registryFromArmId, resolveImage } from "./image-ref.js";
import { QUALYS } from "./lookups.js";
import type { ParsedRecord, ParsedVulnerability } from "./parsed-record.js";
import { readBasics } from "./read-common.js";
import { distinctTexts, flag, get, list, numeric, path, text } from "./read-keys.js";
import { missing } from "./rejection.js";

export function readQualysSubAssessment(
  sub: unknown,
  outer: unknown,
  kindName: string,
): ParsedRecord {
  const basics = readBasics(sub, outer);
  const props = get(sub, "properties");
  const data = get(props, "additionalData");
  const resourceId = text(path(props, "resourceDetails", "id"));
  const fromPath = parseRepositoryPath(resourceId);
  const image = resolveImage({
    registry: [registryFromArmId(resourceId), registryFromArmId(basics.recordId)],
    repository: [text(get(data, "repositoryName")), fromPath.repository],
    digest: [text(get(data, "imageDigest")), fromPath.digest],
    fields: {
      registry: "properties.resourceDetails.id",
      repository: "properties.additionalData.repositoryName",
      digest: "properties.additionalData.imageDigest",
    },
  });
  const qid = text(get(props, "id"));
  if (qid === undefined) throw missing("properties.id", "a Qualys record needs its QID");
  const cves = distinctTexts(list(get(data, "cve")).map((cve) => get(cve, "title")));
  const shared = readShared(props, data, qid);
  const vulnerabilities = (cves.length > 0 ? cves : [qid]).map(
    (id): ParsedVulnerability => Object.assign({}, shared, { id, cves: id === qid ? [] : [id] }),
  );
  return {
    kind: "qualys_subassessment",
    feature: QUALYS,
    recordId: basics.recordId,
    recordTime: recordDate([["properties.timeGenerated", get(props, "timeGenerated")]]),
    assessedResourceType: kindName,
    assessmentKey: basics.assessmentKey,
    statusCode: basics.statusCode,
    statusCause: basics.statusCause,
    recordSeverity: basics.statusSeverity,
    image,
    cloudProvider: basics.sourceCloud ?? "azure",
    tenantId: basics.tenantId,
    subscription: basics.subscription,
    resourceId: basics.resourceId,
    vulnerabilities,
  };
}

function readShared(
  props: unknown,
  data: unknown,
  qid: string,
): Omit<ParsedVulnerability, "id" | "cves"> {
  const patchable = flag(get(data, "patchable"));
  const references = [...list(get(data, "vendorReferences")), ...list(get(data, "cve"))];
  return {
    title: text(get(props, "displayName")) ?? qid,
    description: text(get(props, "description")),
    score: numeric(path(data, "cvss", "3.0", "base")),
    cvssVersion: path(data, "cvss", "3.0", "base") === undefined ? undefined : "3.0",
    cwes: [],
    urls: distinctTexts(references.map((reference) => get(reference, "link"))),
    published: optionalDate(get(data, "publishedTime")),
    fixAvailable: patchable,
    fixVersions: [],
    remediation: text(get(props, "remediation")),
  };
}
