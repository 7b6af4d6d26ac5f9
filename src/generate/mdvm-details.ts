// The MDVM additionalData parts: vulnerabilityDetails, softwareDetails and artifactDetails.
import type { CveEntry } from "./cve-pool.js";
import type { Severity } from "./cvss-v3.js";
import type { Registry } from "./fleet.js";
import { type GenerationContext, memoized } from "./generation-context.js";
import type { Finding, ImageProfile } from "./image-profile.js";
import type { PackageSpec } from "./package-catalog.js";
import type { Era } from "./scan-cursor.js";
import { isoDate, isoTicks } from "./time-format.js";

const CPE_TARGETS: Readonly<Record<string, string>> = {
  python: "python",
  javascript: "node.js",
  go: "go",
  java: "java",
  dotnet: ".net",
  ruby: "ruby",
};

/** `status.severity` only knows Low, Medium and High. */
export function statusSeverity(severity: Severity): string {
  if (severity === "Critical") return "High";
  if (severity === "Unknown") return "Low";
  return severity;
}

export function cveOf(ctx: GenerationContext, finding: Finding): CveEntry {
  return ctx.pool.entries[finding.cveIndex] as CveEntry;
}

function cpe(spec: PackageSpec, profile: ImageProfile, era: Era): Record<string, string> {
  const os = spec.category === "OS";
  const vendor = os ? profile.flavor.vendor : spec.vendor;
  const product = (spec.name.split(/[:/]/).pop() as string).toLowerCase();
  const target = os ? profile.flavor.osVersion : (CPE_TARGETS[spec.language] ?? "*");
  return {
    uri: `cpe:2.3:a:${vendor}:${product}:*:*:*:*:*:${target}:*:*`,
    part: era === "2023" ? "Applications" : "0",
    vendor,
    product,
    version: "*",
    update: "*",
    edition: "*",
    language: "*",
    softwareEdition: "*",
    targetSoftware: target,
    targetHardware: "*",
    other: "*",
  };
}

/**
 * `vulnerabilityDetails` of a finding, serialized. It is most of a record's bytes, so it is
 * assembled from memoized pieces: the CVE's own data, the package's CPE for the image's OS,
 * and the weaknesses plus the era's exploitability shape.
 */
export function vulnerabilityDetailsJson(
  ctx: GenerationContext,
  finding: Finding,
  profile: ImageProfile,
  era: Era,
): string {
  const cve = cveOf(ctx, finding);
  const spec = finding.pkg.spec;
  const eraBit = era === "2023" ? 0 : 1;
  const head = memoized(ctx.fragments.detailsHead, cve.index, () =>
    JSON.stringify({
      cveId: cve.id,
      references: cve.references,
      cvss: {
        "2.0": null,
        "3.0": cve.score === null ? null : { base: cve.score, cvssVectorString: cve.vector },
      },
      workarounds: [],
      publishedDate: isoDate(cve.publishedMs, cve.dateStyle),
      lastModifiedDate: isoDate(cve.lastModifiedMs, cve.dateStyle),
      severity: cve.severity,
    }).slice(0, -1),
  );
  const osKey = spec.category === "OS" ? profile.repository.osFlavorIndex : 31;
  const cpeJson = memoized(
    ctx.fragments.detailsCpe,
    (finding.pkg.packageIndex * 32 + osKey) * 2 + eraBit,
    () => JSON.stringify(cpe(spec, profile, era)),
  );
  const tail = memoized(ctx.fragments.detailsTail, cve.index * 2 + eraBit, () => {
    const exploit = cve.exploit;
    return JSON.stringify({
      weaknesses: { cwe: cve.cwe.map((id) => ({ id })) },
      exploitabilityAssessment:
        era === "2023"
          ? {
              exploitStepsVerified: exploit.stepsVerified,
              exploitStepsPublished: exploit.stepsPublished,
              isInExploitKit: exploit.inExploitKit,
              types: exploit.types,
              exploitUris: exploit.uris,
            }
          : {
              isVerified: exploit.verified,
              isPubliclyDisclosed: exploit.publiclyDisclosed,
              isInExploitKit: exploit.inExploitKit,
            },
    }).slice(1);
  });
  return `${head},"cpe":${cpeJson},${tail}`;
}

/** A CVE's description as a JSON string literal; memoized. */
export function descriptionJson(ctx: GenerationContext, finding: Finding): string {
  return memoized(ctx.fragments.description, finding.cveIndex, () =>
    JSON.stringify(cveOf(ctx, finding).description),
  );
}

export function softwareDetails(
  ctx: GenerationContext,
  finding: Finding,
  profile: ImageProfile,
  era: Era,
  running: boolean,
): object {
  const pkg = finding.pkg;
  const cve = cveOf(ctx, finding);
  const osDetails = running
    ? { osName: "", osPlatform: "linux", osVersion: profile.flavor.osVersion }
    : { osPlatform: "linux", osVersion: profile.flavor.osVersion };
  const fixReference = pkg.advisory
    ? {
        id: pkg.advisory.id,
        url: pkg.advisory.url,
        description: pkg.advisory.description,
        releaseDate: isoDate(cve.lastModifiedMs, era === "2023" ? "offset" : "ticks"),
      }
    : undefined;
  return {
    osDetails,
    packageName: pkg.spec.name,
    category: pkg.spec.category,
    ...(fixReference ? { fixReference } : {}),
    vendor: pkg.spec.category === "OS" ? profile.flavor.vendor : pkg.spec.vendor,
    version: pkg.installedVersion,
    evidence: pkg.evidence,
    language: pkg.spec.language,
    fixedVersion: pkg.fixedVersion,
    ...(era === "2025" ? { patchable: pkg.fixStatus === "FixAvailable" } : {}),
    fixStatus: pkg.fixStatus,
  };
}

export function artifactDetails(
  profile: ImageProfile,
  registry: Registry,
  ticks: number,
  running: boolean,
): object {
  const image = profile.image;
  if (running) {
    return {
      repositoryName: profile.repository.name,
      registryHost: registry.host,
      digest: image.digest,
      artifactType: "ContainerImage",
    };
  }
  return {
    repositoryName: profile.repository.name,
    registryHost: registry.host,
    digest: image.digest,
    tags: image.tags,
    artifactType: "ContainerImage",
    mediaType: image.mediaType,
    lastPushedToRegistryUTC: isoTicks(image.pushedMs, ticks),
  };
}

export function remediation(finding: Finding, running: boolean): string {
  const pkg = finding.pkg;
  if (pkg.fixStatus === "FixAvailable" && pkg.fixedVersion !== "") {
    return running
      ? "This vulnerability is patchable by a version update"
      : `Create new image with updated package ${pkg.spec.name} with version ${pkg.fixedVersion} or higher.`;
  }
  return "No remediation exists";
}
