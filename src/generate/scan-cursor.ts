// Walks through image scans one finding at a time, so every finding of a scan shares its image and time.
import type { Image, Repository } from "./fleet.js";
import type { GenerationContext } from "./generation-context.js";
import type { Finding, ImageProfile } from "./image-profile.js";
import type { Prng } from "./prng.js";
import { isoTicks, MINUTE_MS } from "./time-format.js";
import { pickWorkload, type Workload } from "./workload.js";

/** Schema era of a scan: 2023 records (old ids, 2023 exploitability) or 2025 ones. */
export type Era = "2023" | "2025";

export interface Scan {
  readonly profile: ImageProfile;
  readonly scanMs: number;
  /** Sub-millisecond digits of the scan time (7-digit fractions). */
  readonly ticks: number;
  /** The scan time as records write it (`timeGenerated`). */
  readonly timeGenerated: string;
  readonly era: Era;
  /** Set for scans of running images. */
  readonly workload: Workload | undefined;
  /** Record parts shared by every finding of this scan, built once (see mdvm-record.ts). */
  readonly memo: Map<string, unknown>;
}

export interface ScanStep {
  readonly scan: Scan;
  readonly finding: Finding;
  /** Position of the finding within its scan. */
  readonly position: number;
}

/** A repository from the list, then one of its images (newer images are scanned more often). */
export function pickImage(
  prng: Prng,
  ctx: GenerationContext,
  repositoryIndexes: readonly number[],
): Image {
  const repositoryIndex = repositoryIndexes[prng.skewed(repositoryIndexes.length, 1.4)] as number;
  const repository = ctx.fleet.repositories[repositoryIndex] as Repository;
  const images = repository.imageIndexes;
  const imageIndex = images[images.length - 1 - prng.skewed(images.length, 2.2)] as number;
  return ctx.fleet.images[imageIndex] as Image;
}

/**
 * Starts a scan of an image from the repositories: by default one with findings; with
 * `want: "clean"` preferably one without (a clean image is rarer, so it may take a few draws).
 */
export function startScan(
  prng: Prng,
  ctx: GenerationContext,
  repositoryIndexes: readonly number[],
  scanMs: number,
  running: boolean,
  want: "vulnerable" | "clean" = "vulnerable",
): Scan {
  const wanted = (p: ImageProfile): boolean => (want === "clean") === (p.findings.length === 0);
  let profile = ctx.profile(pickImage(prng, ctx, repositoryIndexes));
  for (let tries = 0; !wanted(profile) && tries < 50; tries++) {
    profile = ctx.profile(pickImage(prng, ctx, repositoryIndexes));
  }
  const ms = scanMs - prng.range(1, 25) * MINUTE_MS - prng.int(60_000);
  const ticks = prng.int(10_000);
  return {
    profile,
    scanMs: ms,
    ticks,
    timeGenerated: isoTicks(ms, ticks),
    era: prng.chance(0.45) ? "2023" : "2025",
    workload: running ? pickWorkload(prng, ctx.fleet, profile.repository) : undefined,
    memo: new Map(),
  };
}

/**
 * Hands out the findings of one scan after another. With `unit: "package"` it steps through the
 * scan's vulnerable packages instead (the step's finding is then the package's first CVE).
 */
export class ScanCursor {
  private scan: Scan | undefined;
  private position = 0;
  private readonly begin: (prng: Prng, nowMs: number) => Scan;
  private readonly unit: "finding" | "package";

  constructor(begin: (prng: Prng, nowMs: number) => Scan, unit: "finding" | "package" = "finding") {
    this.begin = begin;
    this.unit = unit;
  }

  private length(scan: Scan): number {
    return this.unit === "finding" ? scan.profile.findings.length : scan.profile.packages.length;
  }

  next(prng: Prng, nowMs: number): ScanStep {
    let scan = this.scan;
    if (!scan || this.position >= this.length(scan)) {
      scan = this.begin(prng, nowMs);
      this.scan = scan;
      this.position = 0;
    }
    const position = this.position++;
    const finding =
      this.unit === "finding" ? scan.profile.findings[position] : firstFinding(scan, position);
    if (!finding) throw new Error("a scan without findings");
    return { scan, finding, position };
  }
}

function firstFinding(scan: Scan, packagePosition: number): Finding | undefined {
  const pkg = scan.profile.packages[packagePosition];
  const cveIndex = pkg?.cveIndexes[0];
  return pkg && cveIndex !== undefined ? { pkg, cveIndex } : undefined;
}
