// Builds one record of a requested kind, keeping the per-kind scan cursors so images recur realistically.

import { alertRecord } from "./alert-record.js";
import { complianceRecord } from "./compliance-record.js";
import { type EmbeddedOptions, embeddedAssessmentRecord } from "./embedded-assessment-record.js";
import type { SnapshotWindow } from "./export-clock.js";
import type { GenerationContext } from "./generation-context.js";
import { individualRecommendationRecord } from "./individual-recommendation-record.js";
import { expectationOf, type GeneratedKind, type GeneratedRecord } from "./kind-mix.js";
import { type MalformedKind, malformedLine } from "./malformed-records.js";
import {
  eventHubSubAssessment,
  type MdvmStatus,
  mdvmCore,
  resourceGraphSubAssessment,
} from "./mdvm-record.js";
import { pascalCaseLine } from "./pascal-case.js";
import { perImageAssessmentRecord } from "./per-image-assessment-record.js";
import type { Prng } from "./prng.js";
import { qualysRecord } from "./qualys-record.js";
import { type ScanStep, startScan } from "./scan-cursor.js";
import { type Family, ScanCursors } from "./scan-cursors.js";
import { secureScoreRecord } from "./secure-score-record.js";
import { unscannedRecord } from "./unscanned-record.js";
import { vmVulnerabilityRecord } from "./vm-vulnerability-record.js";

const UNHEALTHY: MdvmStatus = { code: "Unhealthy" };
const EXEMPT: MdvmStatus = {
  code: "NotApplicable",
  cause: "Exempt",
  description: "Disabled parent assessment",
};
const HEALTHY: MdvmStatus = { code: "Healthy" };

export class RecordFactory {
  private readonly ctx: GenerationContext;
  private readonly cursors: ScanCursors;

  constructor(ctx: GenerationContext) {
    this.ctx = ctx;
    this.cursors = new ScanCursors(ctx);
  }

  private mdvmLine(
    prng: Prng,
    step: ScanStep,
    status: MdvmStatus,
    action: "Insert" | "Delete",
    isSnapshot: boolean,
  ): string {
    const core = mdvmCore(this.ctx, step, status);
    if (action === "Insert" && !isSnapshot && prng.chance(0.12))
      return resourceGraphSubAssessment(this.ctx, core);
    const securityEnrichment = prng.chance(action === "Delete" ? 0.5 : 0.15);
    return eventHubSubAssessment(this.ctx, core, { action, isSnapshot, securityEnrichment });
  }

  build(
    kind: GeneratedKind,
    prng: Prng,
    nowMs: number,
    window: SnapshotWindow | undefined,
  ): GeneratedRecord {
    return { line: this.line(kind, prng, nowMs, window), kind, expectation: expectationOf(kind) };
  }

  private line(
    kind: GeneratedKind,
    prng: Prng,
    nowMs: number,
    window: SnapshotWindow | undefined,
  ): string {
    const ctx = this.ctx;
    switch (kind) {
      case "mdvm-acr":
      case "mdvm-ecr":
      case "mdvm-gcp":
      case "mdvm-runtime": {
        const family = kind.slice(5) as Family;
        return this.mdvmLine(
          prng,
          this.cursors.get(kind, family).next(prng, nowMs),
          UNHEALTHY,
          "Insert",
          false,
        );
      }
      case "mdvm-runtime-legacy-context": {
        const step = this.cursors.get(kind, "runtime").next(prng, nowMs);
        const core = mdvmCore(ctx, step, UNHEALTHY, { legacyContext: true });
        return eventHubSubAssessment(ctx, core, {
          action: "Insert",
          isSnapshot: false,
          securityEnrichment: false,
        });
      }
      case "mdvm-pascalcase": {
        const step = this.cursors.get(kind, "mixed").next(prng, nowMs);
        const line = eventHubSubAssessment(ctx, mdvmCore(ctx, step, UNHEALTHY), {
          action: prng.chance(0.1) ? "Delete" : "Insert",
          isSnapshot: false,
          securityEnrichment: prng.chance(0.5),
        });
        return pascalCaseLine(line);
      }
      case "snapshot": {
        if (!window) throw new Error("snapshot records need a snapshot window");
        return this.mdvmLine(
          prng,
          this.cursors.snapshot(window).next(prng, nowMs),
          UNHEALTHY,
          "Insert",
          true,
        );
      }
      case "exempt":
        return this.mdvmLine(
          prng,
          this.cursors.get(kind, "mixed").next(prng, nowMs),
          EXEMPT,
          "Insert",
          false,
        );
      case "healthy": {
        if (prng.chance(0.3)) {
          const step = this.cursors.get("healthy-individual", "acr", "package").next(prng, nowMs);
          const options = {
            action: "Insert",
            healthy: true,
            arrayDetails: prng.chance(0.25),
          } as const;
          return JSON.stringify(individualRecommendationRecord(ctx, prng, step, options));
        }
        return this.mdvmLine(
          prng,
          this.cursors.get(kind, "mixed").next(prng, nowMs),
          HEALTHY,
          "Insert",
          false,
        );
      }
      case "delete": {
        const roll = prng.int(10);
        if (roll < 7)
          return this.mdvmLine(
            prng,
            this.cursors.get(kind, "mixed").next(prng, nowMs),
            UNHEALTHY,
            "Delete",
            false,
          );
        if (roll < 9) {
          const step = this.cursors.get("delete-individual", "acr", "package").next(prng, nowMs);
          const options = { action: "Delete", healthy: false, arrayDetails: false } as const;
          return JSON.stringify(individualRecommendationRecord(ctx, prng, step, options));
        }
        const scan = this.cursors.scanOf("runtime", prng, nowMs);
        return JSON.stringify(
          perImageAssessmentRecord(ctx, scan, { action: "Delete", healthy: false }),
        );
      }
      case "qualys-acr":
        return JSON.stringify(
          qualysRecord(ctx, prng, this.cursors.get(kind, "acr", "package").next(prng, nowMs)),
        );
      case "embedded-subassessment": {
        const family = prng.chance(0.7) ? "runtime" : "acr";
        const step = this.cursors.get(`${kind}-${family}`, family).next(prng, nowMs);
        const options: EmbeddedOptions = { envelope: prng.chance(0.5) };
        return embeddedAssessmentRecord(ctx, step, mdvmCore(ctx, step, UNHEALTHY), options);
      }
      case "per-image-flat": {
        const healthy = prng.chance(0.15);
        const scan = startScan(
          prng,
          ctx,
          this.cursors.runtimeRepositories,
          nowMs,
          true,
          healthy ? "clean" : "vulnerable",
        );
        return JSON.stringify(perImageAssessmentRecord(ctx, scan, { action: "Insert", healthy }));
      }
      case "individual-2026": {
        const step = this.cursors.get(kind, "acr", "package").next(prng, nowMs);
        const options = {
          action: "Insert",
          healthy: false,
          arrayDetails: prng.chance(0.25),
        } as const;
        return JSON.stringify(individualRecommendationRecord(ctx, prng, step, options));
      }
      case "unscanned":
        return JSON.stringify(unscannedRecord(ctx, prng, nowMs));
      case "not-container-vm":
        return JSON.stringify(vmVulnerabilityRecord(ctx, prng, nowMs));
      case "not-container-securescore":
        return JSON.stringify(secureScoreRecord(ctx, prng));
      case "not-container-compliance":
        return JSON.stringify(complianceRecord(ctx, prng));
      case "not-container-alert":
        return JSON.stringify(alertRecord(ctx, prng, nowMs));
      case "malformed-json":
      case "malformed-missing-digest":
      case "malformed-bad-date":
      case "malformed-unknown-severity": {
        const step = this.cursors.get("malformed", "acr").next(prng, nowMs);
        return malformedLine(ctx, prng, kind as MalformedKind, mdvmCore(ctx, step, UNHEALTHY));
      }
    }
  }
}
