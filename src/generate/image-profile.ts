// What a scan of one image finds: its vulnerable packages (versions, fix status) and their CVEs.
import type { CvePool } from "./cve-pool.js";
import type { Fleet, Image, Repository } from "./fleet.js";
import { type Advisory, OS_FLAVORS, type OsFlavor, osEvidence } from "./os-flavors.js";
import { PACKAGES, type PackageSpec } from "./package-catalog.js";
import { derivePrng, type Prng } from "./prng.js";
import { WeightedTable } from "./weighted-table.js";

export type FixStatus = "FixAvailable" | "NoFixAvailable" | "Unknown" | "WontFix" | "Scheduled";

export interface PackageFinding {
  readonly packageIndex: number;
  readonly spec: PackageSpec;
  readonly installedVersion: string;
  /** `""` when no fix is known, and sometimes even with FixAvailable. */
  readonly fixedVersion: string;
  readonly fixStatus: FixStatus;
  readonly advisory: Advisory | undefined;
  readonly evidence: readonly string[];
  readonly cveIndexes: readonly number[];
}

export interface Finding {
  readonly pkg: PackageFinding;
  readonly cveIndex: number;
}

export interface ImageProfile {
  readonly image: Image;
  readonly repository: Repository;
  readonly flavor: OsFlavor;
  readonly packages: readonly PackageFinding[];
  readonly findings: readonly Finding[];
  /** Highest CVSS v3 score over the findings (0 when none has one). */
  readonly maxScore: number;
}

const FIX_STATUSES = new WeightedTable<FixStatus>([
  ["FixAvailable", 60],
  ["NoFixAvailable", 25],
  ["Unknown", 7],
  ["WontFix", 5],
  ["Scheduled", 3],
]);

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

function dateLabel(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
}

function languageEvidence(spec: PackageSpec, version: string, repository: Repository): string[] {
  const leaf = repository.component;
  switch (spec.language) {
    case "python":
      return [`/usr/local/lib/python3.11/site-packages/${spec.name}-${version}.dist-info/METADATA`];
    case "javascript":
      return [`/app/node_modules/${spec.name}/package.json`];
    case "go":
      return [`/usr/local/bin/${leaf}`];
    case "java":
      return [`/app/lib/${spec.name.split(":").pop()}-${version}.jar`];
    case "dotnet":
      return [`/app/${spec.name}.dll`];
    case "ruby":
      return [`/usr/local/bundle/specifications/${spec.name}-${version}.gemspec`];
    default:
      return [];
  }
}

function packageFinding(
  prng: Prng,
  pool: CvePool,
  packageIndex: number,
  flavor: OsFlavor,
  repository: Repository,
): PackageFinding {
  const spec = PACKAGES[packageIndex] as PackageSpec;
  const candidates = pool.byPackage[packageIndex] as readonly number[];
  const count = Math.min(candidates.length, 1 + prng.skewed(5, 1.8));
  const cveIndexes = prng.sample(candidates, count);
  const upstream = prng.pick(spec.versions);
  const revision = prng.range(1, 12);
  const os = spec.category === "OS";
  const installedVersion = os ? flavor.installed(upstream, revision) : upstream;
  const fixStatus = FIX_STATUSES.pick(prng);
  const knownFix = os ? flavor.fixed(upstream, revision) : spec.fixed;
  const fixedVersion = fixStatus === "FixAvailable" && !prng.chance(0.12) ? knownFix : "";
  const firstCve = pool.entries[cveIndexes[0] as number];
  let advisory: Advisory | undefined;
  if (fixStatus === "FixAvailable" && firstCve && prng.chance(0.8)) {
    const fix = {
      packageName: spec.name,
      cveId: firstCve.id,
      fixedVersion: knownFix,
      dateLabel: dateLabel(firstCve.lastModifiedMs),
    };
    if (os) advisory = flavor.advisory(prng, fix);
    else if (prng.chance(0.5)) {
      const id = `GHSA-${prng.hex(4)}-${prng.hex(4)}-${prng.hex(4)}`;
      advisory = {
        id,
        url: `https://github.com/advisories/${id}`,
        description: `${spec.name} ${fix.cveId} fixed in ${knownFix} ${fix.dateLabel}`,
      };
    }
  }
  return {
    packageIndex,
    spec,
    installedVersion,
    fixedVersion,
    fixStatus,
    advisory,
    evidence: os ? osEvidence(flavor, spec.name) : languageEvidence(spec, upstream, repository),
    cveIndexes,
  };
}

/** The scan result of one image; fixed by (seed, image), so every rescan finds the same. */
export function buildImageProfile(
  seed: number,
  fleet: Fleet,
  pool: CvePool,
  image: Image,
): ImageProfile {
  const prng = derivePrng(seed, `image:${image.index}`);
  const repository = fleet.repositories[image.repositoryIndex] as Repository;
  const flavor = OS_FLAVORS[repository.osFlavorIndex] as OsFlavor;
  const packages: PackageFinding[] = [];
  if (!prng.chance(0.07)) {
    const osCandidates: number[] = [];
    const langCandidates: number[] = [];
    PACKAGES.forEach((spec, i) => {
      if (spec.category === "OS" && (spec.libc === "any" || spec.libc === flavor.libc))
        osCandidates.push(i);
      if (spec.category === "Language" && spec.language === repository.language)
        langCandidates.push(i);
    });
    const age = Math.min(image.ageRank, 12);
    const osCount = (flavor.libc === "musl" ? prng.int(4) : 1 + prng.skewed(8, 1.4)) + (age >> 2);
    const langCount = langCandidates.length > 0 ? prng.skewed(5, 1.3) : 0;
    for (const i of prng.sample(osCandidates, osCount))
      packages.push(packageFinding(prng, pool, i, flavor, repository));
    for (const i of prng.sample(langCandidates, langCount))
      packages.push(packageFinding(prng, pool, i, flavor, repository));
  }
  const findings: Finding[] = [];
  let maxScore = 0;
  for (const pkg of packages) {
    for (const cveIndex of pkg.cveIndexes) {
      findings.push({ pkg, cveIndex });
      maxScore = Math.max(maxScore, pool.entries[cveIndex]?.score ?? 0);
    }
  }
  return { image, repository, flavor, packages, findings, maxScore };
}
