// Tests of the Defender export generator: determinism, validity, kinds, proportions, sizes, recurrence.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import {
  ALL_KINDS,
  type GeneratedKind,
  type GeneratedRecord,
  generateDefenderRecords,
  KIND_PERCENT,
} from "./generate-records.js";

type Json = Record<string, unknown>;

const SAMPLE_SIZE = 20_000;
const MDVM_KINDS: readonly GeneratedKind[] = [
  "mdvm-acr",
  "mdvm-ecr",
  "mdvm-gcp",
  "mdvm-runtime",
  "mdvm-runtime-legacy-context",
  "mdvm-pascalcase",
];
const SEVERITIES = ["Critical", "High", "Medium", "Low", "Unknown"];

function lines(records: number, seed: number, startTime?: string): string[] {
  return Array.from(generateDefenderRecords({ records, seed, startTime }), (r) => r.line);
}

function obj(value: unknown): Json {
  return value as Json;
}

/** properties.additionalData of a camelCase sub-assessment line. */
function additionalData(record: Json): Json {
  return obj(obj(record.properties).additionalData);
}

function bandOf(score: number): string {
  if (score >= 9) return "Critical";
  if (score >= 7) return "High";
  if (score >= 4) return "Medium";
  return "Low";
}

/** Every key at every level, with the path it was found at. */
function allKeys(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) allKeys(item, out);
  else if (value !== null && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) {
      out.push(key);
      allKeys(inner, out);
    }
  }
  return out;
}

describe("generateDefenderRecords", () => {
  let sample: GeneratedRecord[];
  const byKind = (kind: GeneratedKind): GeneratedRecord[] => sample.filter((r) => r.kind === kind);
  const parsedByKind = new Map<GeneratedKind, Json[]>();
  /** The records of a kind, parsed once (tests only read them). */
  const parsed = (kind: GeneratedKind): Json[] => {
    let records = parsedByKind.get(kind);
    if (!records) {
      records = byKind(kind).map((r) => JSON.parse(r.line) as Json);
      parsedByKind.set(kind, records);
    }
    return records;
  };

  beforeAll(() => {
    sample = [...generateDefenderRecords({ records: SAMPLE_SIZE, seed: 42 })];
  });

  describe("determinism and options", () => {
    it("gives byte-identical output for the same options", () => {
      expect(lines(3000, 7)).toEqual(lines(3000, 7));
      expect(lines(500, 7, "2026-11-01T00:00:00Z")).toEqual(lines(500, 7));
    });

    it("gives different output for a different seed or start time", () => {
      const a = lines(1000, 7);
      const b = new Set(lines(1000, 8));
      expect(a.filter((line) => b.has(line)).length).toBeLessThan(10);
      expect(lines(50, 7, "2027-03-01T00:00:00Z")).not.toEqual(lines(50, 7));
    });

    it("yields exactly the requested number of records, one line each", () => {
      expect(sample).toHaveLength(SAMPLE_SIZE);
      expect(lines(0, 1)).toEqual([]);
      expect(lines(1, 1)).toHaveLength(1);
      expect(sample.every((r) => !r.line.includes("\n"))).toBe(true);
    });

    it("rejects invalid options", () => {
      expect(() => lines(-1, 1)).toThrow(RangeError);
      expect(() => lines(1.5, 1)).toThrow(RangeError);
      expect(() => lines(10, 0.5)).toThrow(RangeError);
      expect(() => lines(10, 1, "yesterday")).toThrow(RangeError);
    });

    it("spreads records over a few days from the start time", () => {
      const times = parsed("mdvm-acr").map((r) =>
        Date.parse(String(obj(r.properties).timeGenerated)),
      );
      const start = Date.parse("2026-11-01T00:00:00Z");
      const day = 86_400_000;
      expect(Math.min(...times)).toBeGreaterThan(start - day);
      expect(Math.max(...times)).toBeGreaterThan(start + 4 * day);
      expect(Math.max(...times)).toBeLessThan(start + 7 * day);
    });
  });

  describe("validity", () => {
    it("makes every non-malformed line valid JSON with a matching expectation", () => {
      for (const record of sample) {
        if (record.expectation === "malformed") continue;
        expect(() => JSON.parse(record.line), record.kind).not.toThrow();
      }
      for (const record of sample) {
        const expected = record.kind.startsWith("malformed-")
          ? "malformed"
          : record.kind.startsWith("not-container-")
            ? "not-container"
            : "container";
        expect(record.expectation).toBe(expected);
      }
    });

    it("breaks malformed records exactly as their kind says", () => {
      for (const r of byKind("malformed-json")) expect(() => JSON.parse(r.line)).toThrow();
      for (const r of parsed("malformed-missing-digest")) {
        expect(JSON.stringify(r)).not.toContain("sha256");
        expect(additionalData(r).assessedResourceType).toBe("AzureContainerRegistryVulnerability");
        expect(obj(additionalData(r).artifactDetails).digest).toBeUndefined();
      }
      for (const r of parsed("malformed-bad-date"))
        expect(obj(r.properties).timeGenerated).toBe("not-a-date");
      for (const r of parsed("malformed-unknown-severity")) {
        expect(obj(obj(r.properties).status).severity).toBe("Severe");
        expect(obj(additionalData(r).vulnerabilityDetails).severity).toBe("Severe");
      }
    });

    it("puts a tenantId on every camelCase record", () => {
      for (const record of sample) {
        if (record.expectation === "malformed" || record.kind === "mdvm-pascalcase") continue;
        const r = JSON.parse(record.line) as Json;
        expect(r.tenantId ?? r.TenantId, record.kind).toMatch(/^[0-9a-f-]{36}$/);
      }
    });
  });

  describe("kinds and proportions", () => {
    it("produces every kind in 20,000 records", () => {
      const seen = new Set(sample.map((r) => r.kind));
      for (const kind of ALL_KINDS) expect(seen.has(kind), kind).toBe(true);
    });

    it("keeps each kind near its intended share", () => {
      for (const kind of ALL_KINDS) {
        const share = (100 * byKind(kind).length) / SAMPLE_SIZE;
        const expected = KIND_PERCENT[kind];
        expect(Math.abs(share - expected), kind).toBeLessThan(Math.max(0.2, expected * 0.25));
      }
    });

    it("is mostly MDVM registry findings, then runtime, with a little noise", () => {
      const share = (kinds: readonly GeneratedKind[]): number =>
        (100 * sample.filter((r) => kinds.includes(r.kind)).length) / SAMPLE_SIZE;
      expect(
        share(["mdvm-acr", "mdvm-ecr", "mdvm-gcp", "mdvm-pascalcase", "snapshot"]),
      ).toBeGreaterThan(65);
      expect(
        share(["mdvm-acr", "mdvm-ecr", "mdvm-gcp", "mdvm-pascalcase", "snapshot"]),
      ).toBeLessThan(75);
      expect(share(["mdvm-runtime", "mdvm-runtime-legacy-context"])).toBeGreaterThan(9);
      expect(share(["mdvm-runtime", "mdvm-runtime-legacy-context"])).toBeLessThan(15);
      expect(
        sample.filter((r) => r.expectation === "not-container").length / SAMPLE_SIZE,
      ).toBeCloseTo(0.03, 1);
      expect(sample.filter((r) => r.expectation === "malformed").length / SAMPLE_SIZE).toBeCloseTo(
        0.01,
        1,
      );
      expect(byKind("mdvm-acr").length).toBeGreaterThan(byKind("mdvm-ecr").length);
      expect(byKind("mdvm-ecr").length).toBeGreaterThan(byKind("mdvm-gcp").length);
    });

    it("has a realistic severity mix over distinct CVEs", () => {
      const severities = new Map<string, string>();
      for (const kind of ["mdvm-acr", "mdvm-ecr", "mdvm-gcp"] as const) {
        for (const r of parsed(kind)) {
          const details = obj(additionalData(r).vulnerabilityDetails);
          severities.set(String(details.cveId), String(details.severity));
        }
      }
      const share = (s: string): number =>
        [...severities.values()].filter((v) => v === s).length / severities.size;
      expect(severities.size).toBeGreaterThan(1500);
      expect(share("Critical")).toBeGreaterThan(0.02);
      expect(share("Critical")).toBeLessThan(0.09);
      expect(share("High")).toBeGreaterThan(0.18);
      expect(share("High")).toBeLessThan(0.32);
      expect(share("Medium")).toBeGreaterThan(0.37);
      expect(share("Medium")).toBeLessThan(0.53);
      expect(share("Low")).toBeGreaterThan(0.14);
      expect(share("Low")).toBeLessThan(0.27);
      expect(share("Unknown")).toBeGreaterThan(0.02);
      expect(share("Unknown")).toBeLessThan(0.09);
    });

    it("has a realistic fix-status mix", () => {
      const statuses = parsed("mdvm-acr").map((r) =>
        String(obj(additionalData(r).softwareDetails).fixStatus),
      );
      const share = (s: string): number => statuses.filter((v) => v === s).length / statuses.length;
      expect(share("FixAvailable")).toBeGreaterThan(0.5);
      expect(share("FixAvailable")).toBeLessThan(0.7);
      expect(share("NoFixAvailable")).toBeGreaterThan(0.17);
      expect(share("NoFixAvailable")).toBeLessThan(0.33);
      for (const s of ["Unknown", "WontFix", "Scheduled"]) expect(share(s), s).toBeGreaterThan(0);
      const emptyFix = parsed("mdvm-acr").filter((r) => {
        const software = obj(additionalData(r).softwareDetails);
        return software.fixStatus === "FixAvailable" && software.fixedVersion === "";
      });
      expect(emptyFix.length).toBeGreaterThan(0);
    });
  });

  describe("MDVM records", () => {
    it("are 2–10 KB, like real ones", () => {
      for (const kind of MDVM_KINDS) {
        const sizes = byKind(kind).map((r) => r.line.length);
        expect(Math.min(...sizes), kind).toBeGreaterThanOrEqual(2000);
        expect(Math.max(...sizes), kind).toBeLessThanOrEqual(10_000);
        const median = sizes.sort((a, b) => a - b)[sizes.length >> 1] as number;
        expect(median, kind).toBeGreaterThan(3000);
      }
    });

    it("carry consistent severity, CVSS and identifiers", () => {
      for (const kind of ["mdvm-acr", "mdvm-ecr", "mdvm-gcp", "mdvm-runtime"] as const) {
        for (const r of parsed(kind)) {
          const data = additionalData(r);
          const details = obj(data.vulnerabilityDetails);
          const artifact = obj(data.artifactDetails);
          expect(SEVERITIES).toContain(details.severity);
          expect(details.cveId).toMatch(/^CVE-\d{4}-\d{4,5}$/);
          expect(artifact.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
          const cvss = obj(obj(details.cvss)["3.0"] ?? {});
          if (details.severity === "Unknown") {
            expect(data.cvssV30Score).toBeUndefined();
          } else {
            expect(bandOf(Number(cvss.base))).toBe(details.severity);
            expect(data.cvssV30Score).toBe(cvss.base);
            expect(cvss.cvssVectorString).toMatch(
              /^CVSS:3\.[01]\/AV:[NALP]\/AC:[LH]\/PR:[NLH]\/UI:[NR]\/S:[UC]\//,
            );
          }
          expect(String(r.id ?? "")).toMatch(
            /\/providers\/Microsoft\.Security\/assessments\/[0-9a-f-]{36}\/sub[aA]ssessments\/[0-9a-f-]{36}$/,
          );
        }
      }
    });

    it("use the right registries and recommendation keys per cloud", () => {
      for (const r of parsed("mdvm-acr")) {
        expect(obj(additionalData(r).artifactDetails).registryHost).toMatch(
          /^[a-z0-9]+\.azurecr\.io$/,
        );
        expect(String(r.id)).toContain("/assessments/c0b7cfc6-3172-465a-b378-53c7ff2cc0d5/");
      }
      for (const r of parsed("mdvm-ecr")) {
        expect(obj(additionalData(r).artifactDetails).registryHost).toMatch(
          /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com$/,
        );
        expect(obj(obj(r.properties).resourceDetails).source).toBe("Aws");
        expect(String(r.id)).toContain("/assessments/c27441ae-775c-45be-8ffa-655de37362ce/");
      }
      const gcpHosts = new Set(
        parsed("mdvm-gcp").map((r) => obj(additionalData(r).artifactDetails).registryHost),
      );
      expect([...gcpHosts].sort()).toEqual(["gcr.io", "us-central1-docker.pkg.dev"]);
      const registries = new Set(
        [...parsed("mdvm-acr"), ...parsed("mdvm-ecr"), ...parsed("mdvm-gcp")].map(
          (r) => obj(additionalData(r).artifactDetails).registryHost,
        ),
      );
      expect(registries.size).toBe(12);
    });

    it("describe running images with kubernetesDetails, or the older clusterDetails context", () => {
      for (const r of parsed("mdvm-runtime")) {
        const data = additionalData(r);
        expect(data.assessedResourceType).toBe("AzureRuntimeImageVulnerability");
        expect(obj(data.kubernetesDetails).clusterName).toBeTruthy();
      }
      for (const r of parsed("mdvm-runtime-legacy-context")) {
        const data = additionalData(r);
        expect(data.kubernetesDetails).toBeUndefined();
        expect(obj(data.clusterDetails).clusterResourceId).toBeTruthy();
        expect(obj(data.kubernetesContext).workloads).toHaveLength(1);
      }
    });

    it("write PascalCase records with $type keys at every level", () => {
      const records = parsed("mdvm-pascalcase");
      for (const r of records) {
        expect(r.$type).toBe("subAssessmentEvent");
        for (const key of allKeys(r)) expect(key, key).toMatch(/^(?:\$type|[A-Z0-9])/);
        expect(obj(obj(r.Properties).Status).$type).toBe("status");
      }
      const types = new Set(
        records.map((r) => obj(obj(r.Properties).AdditionalData).AssessedResourceType),
      );
      expect(types.has("AzureContainerRegistryVulnerability")).toBe(true);
      expect(types.has("AzureRuntimeImageVulnerability")).toBe(true);
    });

    it("let the same image recur, all findings of one scan sharing its scan time", () => {
      const records = parsed("mdvm-acr").map((r) => ({
        digest: String(obj(additionalData(r).artifactDetails).digest),
        time: String(obj(r.properties).timeGenerated),
      }));
      const perDigest = new Map<string, number>();
      const perScan = new Map<string, number>();
      const scansPerDigest = new Map<string, Set<string>>();
      for (const { digest, time } of records) {
        perDigest.set(digest, (perDigest.get(digest) ?? 0) + 1);
        perScan.set(`${digest}|${time}`, (perScan.get(`${digest}|${time}`) ?? 0) + 1);
        scansPerDigest.set(digest, (scansPerDigest.get(digest) ?? new Set()).add(time));
      }
      expect(perDigest.size).toBeGreaterThan(300);
      expect(records.length / perDigest.size).toBeGreaterThan(4);
      expect(records.length / perScan.size).toBeGreaterThan(4);
      const rescanned = [...scansPerDigest.values()].filter((times) => times.size > 1).length;
      expect(rescanned).toBeGreaterThan(20);
    });
  });

  describe("other container shapes", () => {
    it("follows the constructed 2026 individual-recommendation fixture exactly", () => {
      const fixtureUrl = new URL(
        "../../fixtures/defender/constructed-individual-recommendation-2026-acr-1.json",
        import.meta.url,
      );
      const fixture = JSON.parse(readFileSync(fixtureUrl, "utf8")) as Json;
      const keysOf = (r: Json): string[] => [
        ...Object.keys(r),
        ...Object.keys(obj(r.properties)).map((k) => `properties.${k}`),
        ...Object.keys(additionalData(r)).map((k) => `additionalData.${k}`),
        ...Object.keys(obj(obj(r.properties).metadata)).map((k) => `metadata.${k}`),
        ...Object.keys(obj(obj(r.properties).status)).map((k) => `status.${k}`),
        ...Object.keys(obj(additionalData(r).ResourceAdditionalData)).map((k) => `resource.${k}`),
      ];
      const records = parsed("individual-2026");
      let arrays = 0;
      for (const r of records) {
        expect(keysOf(r)).toEqual(keysOf(fixture));
        const raw = additionalData(r).CvesDetails;
        if (Array.isArray(raw)) arrays++;
        const details = (typeof raw === "string" ? JSON.parse(raw) : raw) as Json[];
        expect(details.length).toBeGreaterThanOrEqual(1);
        expect(details.length).toBeLessThanOrEqual(5);
        expect(Object.keys(details[0] as Json)).toEqual(
          Object.keys(
            (JSON.parse(String(additionalData(fixture).CvesDetails)) as Json[])[0] as Json,
          ),
        );
        expect(obj(r.properties).displayName).toBe(
          `Update ${String(additionalData(r).SoftwareName)}`,
        );
      }
      expect(arrays).toBeGreaterThan(0);
      expect(arrays).toBeLessThan(records.length);
    });

    it("writes per-image assessments with flat string data", () => {
      const records = parsed("per-image-flat");
      let healthy = 0;
      for (const r of records) {
        const data = additionalData(r);
        for (const value of Object.values(data)) expect(typeof value).toBe("string");
        const cves = JSON.parse(String(data.CVEs)) as Json[];
        expect(String(cves.length)).toBe(data.CvesCount);
        expect(JSON.parse(String(data.Tags))).toBeInstanceOf(Array);
        expect(String(data.ImageUri)).toBe(
          `${String(data.ImageUri).split("/")[0]}/${String(data.Repo)}@${String(data.Digest)}`,
        );
        if (obj(obj(r.properties).status).code === "Healthy") {
          healthy++;
          expect(data.CvesCount).toBe("0");
        } else {
          expect(cves.length).toBeGreaterThanOrEqual(1);
          expect(cves.length).toBeLessThanOrEqual(20);
          expect(Object.keys(cves[0] as Json)).toEqual(["CVE", "Severity", "BaseScore"]);
        }
      }
      expect(healthy).toBeGreaterThan(records.length * 0.05);
      expect(healthy).toBeLessThan(records.length * 0.3);
    });

    it("embeds sub-assessments in parent assessments, Qualys and coverage gaps as in the samples", () => {
      const embeddedTypes = new Set<unknown>();
      for (const r of parsed("embedded-subassessment")) {
        const data = additionalData(r);
        expect(r.type).toBe("Microsoft.Security/assessments");
        expect(typeof data.maxCvss30Score).toBe("string");
        embeddedTypes.add(
          obj(obj(obj(data.subAssessment).properties).additionalData).assessedResourceType,
        );
      }
      expect([...embeddedTypes].sort()).toEqual([
        "AzureContainerRegistryVulnerability",
        "AzureRuntimeImageVulnerability",
      ]);
      for (const r of parsed("qualys-acr")) {
        expect(additionalData(r).assessedResourceType).toBe("ContainerRegistryVulnerability");
        expect(String(r.id)).toContain("/assessments/dbd0cb49-b563-45e7-9724-889e799fa648/");
      }
      const repositoryNames = new Set<string>();
      for (const r of parsed("unscanned")) {
        const sub =
          r.type === "Microsoft.Security/assessments" ? obj(additionalData(r).subAssessment) : r;
        const properties = obj(sub.properties);
        expect(obj(properties.status)).toMatchObject({ code: "NotApplicable", cause: "Unscanned" });
        repositoryNames.add(
          String(obj(obj(properties.additionalData).artifactDetails).repositoryName),
        );
      }
      expect(repositoryNames.has("")).toBe(true);
      for (const r of parsed("exempt")) {
        expect(obj(obj(r.properties).status)).toMatchObject({
          code: "NotApplicable",
          cause: "Exempt",
        });
      }
    });

    it("sends snapshots, deletes and healthy states through the export envelope", () => {
      for (const r of parsed("snapshot")) {
        expect(obj(r.subAssessmentEventDataEnrichment)).toMatchObject({
          action: "Insert",
          isSnapshot: true,
        });
      }
      const deletes = parsed("delete");
      for (const r of deletes) {
        const envelope = obj(r.subAssessmentEventDataEnrichment ?? r.assessmentEventDataEnrichment);
        expect(envelope).toMatchObject({ action: "Delete", isSnapshot: false });
      }
      expect(deletes.some((r) => r.assessmentEventDataEnrichment !== undefined)).toBe(true);
      for (const r of parsed("healthy")) expect(obj(obj(r.properties).status).code).toBe("Healthy");
    });

    it("schedules snapshots in weekly per-subscription batches", () => {
      const subscriptions = new Set(parsed("snapshot").map((r) => String(r.id).split("/")[2]));
      expect(subscriptions.size).toBeGreaterThanOrEqual(5);
      const positions = sample.flatMap((r, i) => (r.kind === "snapshot" ? [i] : []));
      const gaps = positions.slice(1).map((p, i) => p - (positions[i] as number));
      expect(gaps.filter((g) => g > 1000).length).toBeLessThanOrEqual(subscriptions.size);
    });
  });

  describe("non-container records", () => {
    it("are VM findings, secure scores, compliance and PascalCase alerts", () => {
      for (const r of parsed("not-container-vm")) {
        const sub = obj(additionalData(r).subAssessment);
        expect(obj(obj(sub.properties).additionalData).assessedResourceType).toBe(
          "ServerVulnerabilityTvm",
        );
      }
      for (const r of parsed("not-container-securescore")) {
        expect(r.type).toBe("Microsoft.Security/secureScores/secureScoreControls");
      }
      for (const r of parsed("not-container-compliance")) {
        expect(obj(r.securityEventDataEnrichment).action).toBe("Write");
      }
      for (const r of parsed("not-container-alert")) {
        expect(typeof r.AlertType).toBe("string");
        expect(r.type).toBeUndefined();
      }
    });
  });
});
