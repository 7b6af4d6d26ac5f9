// Everything a record builder reads: seed, estate, CVE pool, and per-image scan results (memoized).
import { buildCvePool, type CvePool } from "./cve-pool.js";
import { buildFleet, type Fleet, type Image } from "./fleet.js";
import { buildImageProfile, type ImageProfile } from "./image-profile.js";
import { derivePrng } from "./prng.js";

export class GenerationContext {
  readonly seed: number;
  readonly startMs: number;
  readonly fleet: Fleet;
  readonly pool: CvePool;
  private readonly profiles = new Map<number, ImageProfile>();
  /** Memoized, never-mutated record fragments, by kind (see mdvm-details.ts and mdvm-record.ts). */
  readonly fragments = {
    detailsHead: new Map<number, string>(),
    detailsCpe: new Map<number, string>(),
    detailsTail: new Map<number, string>(),
    description: new Map<number, string>(),
    packageParts: new Map<number, { readonly software: string; readonly remediation: string }>(),
  } as const;

  constructor(seed: number, startMs: number) {
    this.seed = seed;
    this.startMs = startMs;
    this.fleet = buildFleet(derivePrng(seed, "fleet"), startMs);
    this.pool = buildCvePool(derivePrng(seed, "cve-pool"), startMs);
  }

  /** The scan result of an image (the same on every rescan). */
  profile(image: Image): ImageProfile {
    let profile = this.profiles.get(image.index);
    if (!profile) {
      profile = buildImageProfile(this.seed, this.fleet, this.pool, image);
      this.profiles.set(image.index, profile);
    }
    return profile;
  }
}

/** The cached value for `key`, built (once) by `build` when missing. */
export function memoized<T>(cache: Map<number, T>, key: number, build: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    value = build();
    cache.set(key, value);
  }
  return value;
}
