// Legacy Qualys `ContainerRegistryVulnerability` sub-assessments: one QID per vulnerable package.
import { registryResourceId, subAssessmentId } from "./arm-ids.js";
import type { CveEntry } from "./cve-pool.js";
import { enrichment, SUBASSESSMENT_API_VERSION } from "./envelope.js";
import type { Registry } from "./fleet.js";
import type { GenerationContext } from "./generation-context.js";
import { statusSeverity } from "./mdvm-details.js";
import { hashString, type Prng, stableGuid } from "./prng.js";
import { KEYS } from "./recommendation-keys.js";
import type { ScanStep } from "./scan-cursor.js";
import { worstSeverity } from "./severity-rank.js";
import { isoTicks } from "./time-format.js";

const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function title(step: ScanStep, prng: Prng): { title: string; category: string } {
  const pkg = step.finding.pkg.spec;
  const flavor = step.scan.profile.flavor;
  if (pkg.category === "Language")
    return { title: `${pkg.name} Multiple Vulnerabilities`, category: "Local" };
  switch (flavor.vendor) {
    case "ubuntu":
      return {
        title: `Ubuntu Security Notification for ${capital(pkg.name)} Vulnerabilities (USN-${prng.range(5800, 7200)}-1)`,
        category: "Ubuntu",
      };
    case "debian":
      return {
        title: `Debian Security Update for ${pkg.name} (DSA ${prng.range(5300, 6000)}-1)`,
        category: "Debian",
      };
    case "alpine":
      return { title: `Alpine Linux Security Update for ${pkg.name}`, category: "Alpine Linux" };
    default:
      return { title: `${flavor.distribution} Security Update for ${pkg.name}`, category: "Local" };
  }
}

export function qualysRecord(ctx: GenerationContext, prng: Prng, step: ScanStep): object {
  const { scan, finding } = step;
  const profile = scan.profile;
  const registry = ctx.fleet.registries[profile.image.registryIndex] as Registry;
  const registryId = registryResourceId(ctx.fleet, registry, profile.repository.name);
  const cves = finding.pkg.cveIndexes.map((i) => ctx.pool.entries[i] as CveEntry);
  const worstLevel = worstSeverity(cves.map((c) => c.severity));
  const worst = cves.find((c) => c.severity === worstLevel) as CveEntry;
  const maxScore = Math.max(...cves.map((c) => c.score ?? 0));
  const qid = String(
    100_000 +
      (hashString(`${finding.pkg.spec.name}|${profile.flavor.osVersion}`, ctx.seed) % 280_000),
  );
  const name = stableGuid(ctx.seed, `qualys|${profile.image.digest}|${qid}`);
  const typeRoll = prng.int(100);
  const type =
    typeRoll < 85
      ? "Vulnerability"
      : typeRoll < 97
        ? "Potential Vulnerability"
        : "Information Gathered";
  const { title: displayName, category } = title(step, prng);
  const patchable = finding.pkg.fixStatus === "FixAvailable";
  const timeGenerated = isoTicks(scan.scanMs, scan.ticks);
  const advisory = finding.pkg.advisory;
  return {
    type: "Microsoft.Security/assessments/subAssessments",
    id: subAssessmentId(registryId, KEYS.azureRegistryQualys, name, true),
    name,
    tenantId: ctx.fleet.tenantId,
    subAssessmentEventDataEnrichment: enrichment("Insert", SUBASSESSMENT_API_VERSION, false),
    properties: {
      displayName,
      id: qid,
      status: {
        code: "Unhealthy",
        cause: "",
        severity: statusSeverity(worst.severity),
        description: "The resource is unhealthy",
      },
      resourceDetails: {
        source: "Azure",
        id: `${registryId}/repository/${profile.repository.name}/imageDigest/${profile.image.digest}`,
      },
      remediation: patchable
        ? `Upgrade ${finding.pkg.spec.name} to version ${finding.pkg.fixedVersion || "the latest available"} or later and rebuild the image.`
        : "There is no patch available at this time.",
      impact: `Successful exploitation could allow an attacker to ${worst.weakness.impact}.`,
      category,
      description: worst.description,
      timeGenerated,
      additionalData: {
        assessedResourceType: "ContainerRegistryVulnerability",
        imageName: profile.repository.component,
        imageDigest: profile.image.digest,
        repositoryName: profile.repository.name,
        type,
        cvss: {
          "2.0": maxScore > 0 ? { base: Math.round(maxScore * 9) / 10 } : null,
          "3.0": maxScore > 0 ? { base: maxScore } : null,
        },
        patchable,
        cve:
          type === "Information Gathered"
            ? []
            : cves.map((c) => ({ title: c.id, link: `https://nvd.nist.gov/vuln/detail/${c.id}` })),
        publishedTime: new Date(Math.min(...cves.map((c) => c.publishedMs))).toISOString(),
        threat: worst.shortDescription,
        vendorReferences: advisory ? [{ title: advisory.id, link: advisory.url }] : [],
      },
    },
  };
}
