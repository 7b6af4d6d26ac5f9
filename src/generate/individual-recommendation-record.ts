// 2026 individual ("SoftwareUpdate") recommendations: one assessment per vulnerable package of an image.
import { assessmentId, registryResourceId } from "./arm-ids.js";
import type { CveEntry } from "./cve-pool.js";
import { enrichment, INDIVIDUAL_API_VERSION } from "./envelope.js";
import type { Registry } from "./fleet.js";
import type { GenerationContext } from "./generation-context.js";
import { statusSeverity } from "./mdvm-details.js";
import { type Prng, stableGuid } from "./prng.js";
import type { ScanStep } from "./scan-cursor.js";
import { worstSeverity } from "./severity-rank.js";
import { HOUR_MS, isoDate, isoSeconds, isoTicks } from "./time-format.js";

export interface IndividualOptions {
  readonly action: "Insert" | "Delete";
  readonly healthy: boolean;
  /** CvesDetails as a real JSON array instead of a JSON string. */
  readonly arrayDetails: boolean;
}

function cveDetails(
  cve: CveEntry,
  fixStatus: string,
  fixedVersion: string,
  newExploitShape: boolean,
): object {
  const exploit = cve.exploit;
  return {
    CveId: cve.id,
    Severity: cve.severity,
    Cvss:
      cve.score === null
        ? []
        : [{ Key: cve.cvssVersion, Value: { Base: cve.score, CvssVectorString: cve.vector } }],
    PublishedDate: isoSeconds(cve.publishedMs),
    LastModifiedDate: isoSeconds(cve.lastModifiedMs),
    FixStatus: fixStatus,
    FixedVersion: fixedVersion,
    ExploitabilityDetails: newExploitShape
      ? {
          IsInExploitKit: exploit.inExploitKit,
          IsPubliclyDisclosed: exploit.publiclyDisclosed,
          IsVerified: exploit.verified,
        }
      : {
          IsInExploitKit: exploit.inExploitKit,
          ExploitStepsPublished: exploit.stepsPublished,
          ExploitStepsVerified: exploit.stepsVerified,
        },
    Description: cve.shortDescription,
    References: cve.references.slice(0, 3).map((r) => ({ Title: r.title, Link: r.link })),
    Weaknesses: { Cwe: cve.cwe.map((id) => ({ Id: id })) },
  };
}

export function individualRecommendationRecord(
  ctx: GenerationContext,
  prng: Prng,
  step: ScanStep,
  options: IndividualOptions,
): object {
  const { scan, finding } = step;
  const profile = scan.profile;
  const pkg = finding.pkg;
  const registry = ctx.fleet.registries[profile.image.registryIndex] as Registry;
  const registryId = registryResourceId(ctx.fleet, registry, profile.repository.name);
  const name = stableGuid(ctx.seed, `individual|${profile.image.digest}|${pkg.spec.name}`);
  const cves = pkg.cveIndexes.slice(0, 5).map((i) => ctx.pool.entries[i] as CveEntry);
  const scores = cves.flatMap((c) => (c.score === null ? [] : [c.score]));
  const newExploitShape = prng.chance(0.7);
  const details = cves.map((c) => cveDetails(c, pkg.fixStatus, pkg.fixedVersion, newExploitShape));
  const firstEvaluationMs = Math.min(
    profile.image.pushedMs + prng.range(1, 6) * HOUR_MS,
    scan.scanMs,
  );
  const firstEvaluation = isoTicks(firstEvaluationMs, scan.ticks);
  const changed =
    options.healthy || prng.chance(0.4) ? isoTicks(scan.scanMs, scan.ticks) : firstEvaluation;
  const displayName = `Update ${pkg.spec.name}`;
  return {
    type: "Microsoft.Security/assessments",
    id: assessmentId(registryId, name),
    name,
    tenantId: ctx.fleet.tenantId,
    assessmentEventDataEnrichment: enrichment(options.action, INDIVIDUAL_API_VERSION, false),
    properties: {
      displayName,
      status: {
        code: options.healthy ? "Healthy" : "Unhealthy",
        firstEvaluationDate: firstEvaluation,
        statusChangeDate: changed,
      },
      metadata: {
        displayName,
        recommendationCategory: "SoftwareUpdate",
        severity: statusSeverity(worstSeverity(cves.map((c) => c.severity))),
        assessmentType: "BuiltIn",
        description: `Container image ${registry.host}/${profile.repository.name} has a vulnerable version of ${pkg.spec.name} installed.`,
      },
      resourceDetails: {
        Source: "Azure",
        Id: `${registryId}/repositories/${profile.repository.name}/images/${profile.image.digest}`,
        ResourceType: "ContainerImage",
      },
      additionalData: {
        SoftwareName: pkg.spec.name,
        DetectedSoftwareVersions: JSON.stringify([pkg.installedVersion]),
        FixedVersion: pkg.fixedVersion,
        FixStatus: pkg.fixStatus,
        PackageType: pkg.spec.category,
        Language: pkg.spec.language,
        MaxCvssScore: scores.length > 0 ? String(Math.max(...scores)) : "",
        CvesDetails: options.arrayDetails ? details : JSON.stringify(details),
        ScannersDetails: JSON.stringify([
          {
            Scanner: prng.chance(0.7) ? "mdvm" : "agentlessmdvm",
            DetectedSoftwareVersions: [pkg.installedVersion],
            FixedVersion: pkg.fixedVersion,
            CvesIds: cves.map((c) => c.id),
          },
        ]),
        ResourceAdditionalData: {
          Digest: profile.image.digest,
          RegistryHost: registry.host,
          RepositoryDetails: { RepositoryName: profile.repository.name },
          Tags: profile.image.tags,
          LastPushedToRegistryUTC: isoDate(profile.image.pushedMs, "ticks"),
        },
      },
      links: {
        azurePortal: `portal.azure.com/#view/Microsoft_Azure_Security/GenericRecommendationDetailsBlade/assessmentKey/${name}`,
      },
    },
  };
}
