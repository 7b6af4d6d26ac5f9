// The fixed event set the evaluation tests load: real mapper output for a few images, CVEs and observations.

import type { SecurityEvent } from "../../src/model/security-event.js";
import { eventsOf, mdvmRecord, type RecordSpec } from "../helpers/defender-records.js";

/** The evaluation tests' now(). */
export const EVAL_NOW = new Date("2026-11-02T12:00:00.000Z");

interface Observation {
  readonly spec: RecordSpec;
  /** When Vigil observed it (timestamp). */
  readonly at: string;
  /** Undeclared fields added to each event (stored in `extra`). */
  readonly extra?: Record<string, string | number>;
  readonly tags?: readonly string[];
  /** Overrides dt.security.risk.score on the finding event. */
  readonly score?: number;
}

const OBSERVATIONS: readonly Observation[] = [
  {
    spec: {
      cve: "CVE-2026-0001",
      severity: "Critical",
      digest: "a1",
      packageName: "openssl",
      version: "1.0",
    },
    at: "2026-11-02T10:30:00.000Z",
    score: 9.1,
    tags: ["latest", "v1"],
  },
  {
    spec: {
      cve: "CVE-2026-0001",
      severity: "Critical",
      digest: "a1",
      packageName: "openssl",
      version: "1.0",
      timeGenerated: "2026-11-02T00:00:00Z",
    },
    at: "2026-11-02T11:30:00.000Z",
    score: 9.8,
    tags: ["latest", "v1"],
    extra: { "custom.team": "payments" },
  },
  {
    spec: {
      cve: "CVE-2026-0002",
      severity: "High",
      digest: "a1",
      packageName: "zlib",
      version: "1.2",
    },
    at: "2026-11-02T10:45:00.000Z",
    score: 8.1,
    tags: ["latest", "v1"],
  },
  {
    spec: {
      cve: "CVE-2026-0001",
      severity: "Critical",
      digest: "b2",
      repository: "team/api",
      packageName: "openssl",
      version: "1.0",
    },
    at: "2026-11-02T11:05:00.000Z",
    score: 9.3,
    tags: ["prod"],
    extra: { "custom.team": "platform", "custom.priority": 2 },
  },
  {
    spec: {
      cve: "CVE-2026-0003",
      severity: "Medium",
      digest: "b2",
      repository: "team/api",
      packageName: "curl",
      version: "7.1",
    },
    at: "2026-11-02T11:10:00.000Z",
    score: 5.5,
    tags: ["prod"],
  },
  {
    spec: {
      cve: "CVE-2026-0004",
      severity: "Low",
      digest: "c3",
      repository: "web",
      registry: "other.azurecr.io",
      packageName: "bash",
      version: "5.0",
    },
    at: "2026-11-02T11:50:00.000Z",
    score: 2.2,
  },
  {
    spec: {
      cve: "CVE-2026-0005",
      severity: "Unknown",
      digest: "c3",
      repository: "web",
      registry: "other.azurecr.io",
      packageName: "tar",
      version: "1.3",
    },
    at: "2026-11-02T10:10:00.000Z",
    score: 0,
    tags: [],
  },
  {
    spec: {
      cve: "CVE-2026-0006",
      severity: "Critical",
      digest: "d4",
      repository: "old/job",
      packageName: "glibc",
      version: "2.31",
    },
    at: "2026-10-30T08:00:00.000Z",
    score: 9.9,
    tags: ["staging"],
  },
  {
    spec: {
      cve: "CVE-2026-0002",
      severity: "High",
      digest: "d4",
      repository: "old/job",
      packageName: "zlib",
      version: "1.2",
    },
    at: "2026-10-29T08:00:00.000Z",
    score: 7.5,
    tags: ["staging"],
  },
];

/** Every event of the set (finding and scan events). */
export function evalEvents(): SecurityEvent[] {
  const events: SecurityEvent[] = [];
  for (const observation of OBSERVATIONS) {
    for (const event of eventsOf(mdvmRecord(observation.spec), observation.at)) {
      const copy: Record<string, unknown> = { ...event, ...(observation.extra ?? {}) };
      if (observation.score !== undefined && event["event.type"] === "VULNERABILITY_FINDING")
        copy["dt.security.risk.score"] = observation.score;
      if (observation.tags !== undefined) copy["container_image.tags"] = observation.tags;
      else delete copy["container_image.tags"];
      events.push(copy as SecurityEvent);
    }
  }
  return events;
}
