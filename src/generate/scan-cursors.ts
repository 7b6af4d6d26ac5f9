// The named scan cursors of one generation run: one per record stream, so each stream walks whole scans.
import type { SnapshotWindow } from "./export-clock.js";
import type { RegistryCloud } from "./fleet.js";
import type { GenerationContext } from "./generation-context.js";
import type { Prng } from "./prng.js";
import { type Scan, ScanCursor, startScan } from "./scan-cursor.js";
import { HOUR_MS } from "./time-format.js";
import { WeightedTable } from "./weighted-table.js";

/** Which estate a scan comes from: a registry cloud's images, or running images (AKS). */
export type Family = "acr" | "ecr" | "gcp" | "runtime";

/** Estate mix of the "mixed" cursors (PascalCase, exempt, healthy, delete). */
const FAMILY_MIX = new WeightedTable<Family>([
  ["acr", 50],
  ["ecr", 20],
  ["gcp", 12],
  ["runtime", 18],
]);

const FAMILY_CLOUD: Readonly<Record<Exclude<Family, "runtime">, RegistryCloud>> = {
  acr: "Azure",
  ecr: "Aws",
  gcp: "Gcp",
};

export class ScanCursors {
  private readonly ctx: GenerationContext;
  private readonly cursors = new Map<string, ScanCursor>();
  /** Running images: Microsoft's kube-system images first, then the Azure registries' images. */
  readonly runtimeRepositories: readonly number[];

  constructor(ctx: GenerationContext) {
    this.ctx = ctx;
    this.runtimeRepositories = [
      ...ctx.fleet.repositoriesByCloud.Public,
      ...ctx.fleet.repositoriesByCloud.Azure,
    ];
  }

  /** A new scan of an image of the family. */
  scanOf(family: Family, prng: Prng, nowMs: number): Scan {
    if (family === "runtime")
      return startScan(prng, this.ctx, this.runtimeRepositories, nowMs, true);
    const repositories = this.ctx.fleet.repositoriesByCloud[FAMILY_CLOUD[family]];
    return startScan(prng, this.ctx, repositories, nowMs, false);
  }

  /**
   * The cursor of a record stream, created on first use. `family` fixes its estate ("mixed" draws
   * one per scan); the same name must always be used with the same family and unit.
   */
  get(name: string, family: Family | "mixed", unit: "finding" | "package" = "finding"): ScanCursor {
    let cursor = this.cursors.get(name);
    if (!cursor) {
      cursor = new ScanCursor(
        (prng, nowMs) =>
          this.scanOf(family === "mixed" ? FAMILY_MIX.pick(prng) : family, prng, nowMs),
        unit,
      );
      this.cursors.set(name, cursor);
    }
    return cursor;
  }

  /** The cursor of one weekly snapshot: the subscription's registry images, scanned earlier. */
  snapshot(window: SnapshotWindow): ScanCursor {
    const name = `snapshot-${window.subscriptionIndex}-${window.startMs}`;
    let cursor = this.cursors.get(name);
    if (!cursor) {
      const repositories =
        this.ctx.fleet.repositoriesBySubscription[window.subscriptionIndex] ?? [];
      // A snapshot resends current state: the scan happened some time before the snapshot.
      cursor = new ScanCursor((prng, nowMs) =>
        startScan(prng, this.ctx, repositories, nowMs - prng.range(12, 24 * 6) * HOUR_MS, false),
      );
      this.cursors.set(name, cursor);
    }
    return cursor;
  }
}
