// Reads a 2026 individual recommendation (one assessment per vulnerable package of an image; `CvesDetails`).
// No public verbatim sample exists yet: parsing is lenient and versioned (see MAPPING_VERSION).

import { portalUrlOf } from "./azure-context.js";
import { optionalDate, recordDate } from "./dates.js";
import { parseEmbeddedJson } from "./embedded-json.js";
import {
  parseImageReference,
  parseRepositoryPath,
  readTags,
  registryFromArmId,
  resolveImage,
} from "./image-ref.js";
import { FIX_AVAILABLE_STATUSES, MDVM } from "./lookups.js";
import type {
  ImageRef,
  ParsedComponent,
  ParsedRecord,
  ParsedVulnerability,
} from "./parsed-record.js";
import { readBasics } from "./read-common.js";
import { distinctTexts, get, type Json, list, numeric, path, text } from "./read-keys.js";
import { cvssVersionOf, exploitAvailableOf } from "./read-mdvm.js";

const DATA = "properties.additionalData";

/** True when an assessment is an individual (per-finding) recommendation. */
export function isIndividualRecommendation(props: unknown): boolean {
  const category = text(path(props, "metadata", "recommendationCategory"));
  if (category?.toLowerCase() === "softwareupdate") return true;
  const data = get(props, "additionalData");
  return get(data, "cvesDetails") !== undefined || get(data, "softwareName") !== undefined;
}

export function readIndividualRecommendation(record: unknown): ParsedRecord {
  const basics = readBasics(record, undefined);
  const props = get(record, "properties");
  const data = get(props, "additionalData");
  const status = get(props, "status");
  const fixStatus = text(get(data, "fixStatus"));
  const shared = {
    fixStatus,
    fixVersions: distinctTexts([get(data, "fixedVersion")]),
    remediation: text(path(props, "metadata", "remediationDescription")),
  };
  const components = readComponents(data);
  const cves = readCves(data);
  const vulnerabilities = cves.flatMap((cve) =>
    components.map((component) => Object.assign(cveToVulnerability(cve, shared), { component })),
  );
  return {
    kind: "individual_recommendation",
    feature: MDVM,
    recordId: basics.recordId,
    recordTime: recordDate([
      ["properties.status.statusChangeDate", get(status, "statusChangeDate")],
      ["properties.status.firstEvaluationDate", get(status, "firstEvaluationDate")],
      ["properties.timeGenerated", get(props, "timeGenerated")],
    ]),
    assessmentKey: basics.assessmentKey,
    statusCode: basics.statusCode,
    statusCause: basics.statusCause,
    recordSeverity: text(path(props, "metadata", "severity")) ?? basics.statusSeverity,
    image: readImage(record, data),
    cloudProvider: basics.sourceCloud,
    tenantId: basics.tenantId,
    subscription: basics.subscription,
    resourceId: basics.resourceId,
    url: portalUrlOf(record),
    vulnerabilities,
  };
}

function readImage(record: unknown, data: unknown): ImageRef {
  const extra = parseEmbeddedJson(
    get(data, "resourceAdditionalData"),
    `${DATA}.ResourceAdditionalData`,
  );
  const sources = extra === undefined ? [data] : [extra, data];
  const first = (...keys: string[]) => {
    for (const source of sources) {
      for (const key of keys) {
        const value = text(key.includes(".") ? path(source, ...key.split(".")) : get(source, key));
        if (value !== undefined) return value;
      }
    }
    return undefined;
  };
  const resourceId = text(path(record, "properties", "resourceDetails", "id"));
  const reference = parseImageReference(first("imageUri"));
  const repositoryPath = parseRepositoryPath(resourceId);
  const tagSource = sources.map((source) => get(source, "tags")).find((tags) => tags !== undefined);
  return resolveImage({
    registry: [
      first("registryHost", "registry", "loginServer"),
      reference.registry,
      registryFromArmId(resourceId),
    ],
    repository: [
      first("repositoryDetails.repositoryName", "repositoryName", "repo"),
      reference.repository,
      repositoryPath.repository,
    ],
    digest: [first("digest"), reference.digest, repositoryPath.digest],
    tags: readTags(tagSource),
    fields: {
      registry: `${DATA}.ResourceAdditionalData.RegistryHost`,
      repository: `${DATA}.ResourceAdditionalData.RepositoryDetails.RepositoryName`,
      digest: `${DATA}.ResourceAdditionalData.Digest`,
    },
  });
}

/** The package once per detected version (`DetectedSoftwareVersions` may be a list, a JSON string or text). */
function readComponents(data: unknown): (ParsedComponent | undefined)[] {
  const name = text(get(data, "softwareName"));
  if (name === undefined) return [undefined];
  const rawVersions = get(data, "detectedSoftwareVersions");
  const parsed =
    typeof rawVersions === "string" && rawVersions.trim().startsWith("[")
      ? parseEmbeddedJson(rawVersions, `${DATA}.DetectedSoftwareVersions`)
      : rawVersions;
  const versions = Array.isArray(parsed) ? distinctTexts(parsed) : distinctTexts([parsed]);
  const type = componentTypeOf(text(get(data, "packageType")), text(get(data, "language")));
  if (versions.length === 0) return [{ name, type }];
  return versions.map((version) => ({ name, version, type }));
}

function componentTypeOf(
  packageType: string | undefined,
  language: string | undefined,
): string | undefined {
  if (packageType?.toLowerCase() === "os") return "OS";
  return language?.toLowerCase() ?? packageType;
}

/** CVE entries from `CvesDetails`, else the ids listed by the scanners. */
function readCves(data: unknown): Json[] {
  const details = list(parseEmbeddedJson(get(data, "cvesDetails"), `${DATA}.CvesDetails`));
  if (details.length > 0) return details;
  const scanners = list(parseEmbeddedJson(get(data, "scannersDetails"), `${DATA}.ScannersDetails`));
  const ids = distinctTexts(scanners.flatMap((scanner) => list(get(scanner, "cvesIds"))));
  return ids.map((id) => ({ CveId: id }));
}

type SharedFix = Pick<ParsedVulnerability, "fixStatus" | "fixVersions" | "remediation">;

function cveToVulnerability(
  cve: unknown,
  shared: SharedFix,
): Omit<ParsedVulnerability, "component"> {
  const id = text(get(cve, "cveId")) ?? text(get(cve, "id")) ?? "UNKNOWN";
  const cvss = pickCvss(get(cve, "cvss"));
  const fixStatus = text(get(cve, "fixStatus")) ?? shared.fixStatus;
  const fixedVersion = text(get(cve, "fixedVersion"));
  const exploit = get(cve, "exploitabilityDetails");
  return {
    id,
    title: id,
    description: text(get(cve, "description")),
    severity: text(get(cve, "severity")),
    score: cvss.score,
    cvssVector: cvss.vector,
    cvssVersion: cvss.version,
    cves: id.toUpperCase().startsWith("CVE-") ? [id] : [],
    cwes: distinctTexts(list(path(cve, "weaknesses", "cwe")).map((cwe) => get(cwe, "id"))),
    urls: distinctTexts(list(get(cve, "references")).map((reference) => get(reference, "link"))),
    published: optionalDate(get(cve, "publishedDate")),
    exploitAvailable: exploitAvailableOf(exploit === null ? undefined : exploit),
    fixStatus,
    fixAvailable:
      fixStatus === undefined ? undefined : FIX_AVAILABLE_STATUSES.has(fixStatus.toLowerCase()),
    fixVersions: fixedVersion === undefined ? shared.fixVersions : [fixedVersion],
    remediation: shared.remediation,
  };
}

/** Highest CVSS version among `Cvss: [{Key: "3.1", Value: {Base, CvssVectorString}}]` (or an object keyed by version). */
function pickCvss(value: Json | undefined): { score?: number; vector?: string; version?: string } {
  const entries: [string, Json | undefined][] = Array.isArray(value)
    ? value.map((entry) => [text(get(entry, "key")) ?? "", get(entry, "value")])
    : Object.entries(value !== null && typeof value === "object" ? value : {});
  const best = entries
    .filter(([key, entry]) => key.startsWith("3") && entry !== null && entry !== undefined)
    .sort(([a], [b]) => b.localeCompare(a))[0];
  if (best === undefined) return {};
  const vector = text(get(best[1], "cvssVectorString"));
  return { score: numeric(get(best[1], "base")), vector, version: cvssVersionOf(vector, best[0]) };
}
