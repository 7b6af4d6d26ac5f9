import { describe, expect, it } from "vitest";
import { validateEvent } from "./validate-event.js";

const scan = {
  timestamp: "2026-11-28T00:00:00.000Z",
  "event.id": "e1",
  "event.kind": "SECURITY_EVENT",
  "event.type": "VULNERABILITY_SCAN",
  "event.name": "Vulnerability scan event",
  "event.provider": "Microsoft Defender for Cloud",
  "product.vendor": "Microsoft",
  "product.name": "Microsoft Defender for Cloud",
  "object.id": "r.io/a@sha256:00",
  "object.name": "r.io/a",
  "object.type": "CONTAINER_IMAGE",
  "container_image.digest": "sha256:00",
  "container_image.registry": "r.io",
  "container_image.repository": "a",
  "scan.id": "s1",
  "scan.name": "scan",
  "scan.status": "COMPLETED",
  "scan.time.completed": "2026-11-28T00:00:00.000Z",
  "microsoft_defender.record.id": "/x",
  "dt.raw_data": "{}",
  "dt.system.bucket": "default_securityevents",
  "dt.openpipeline.source": "file",
};

describe("validateEvent", () => {
  it("accepts a complete scan event", () => {
    expect(validateEvent(scan)).toEqual([]);
  });

  it("reports every problem at once", () => {
    const { "scan.id": _scanId, ...withoutScanId } = scan;
    const problems = validateEvent({
      ...withoutScanId,
      "scan.status": "DONE",
      "container_image.tags": "latest",
      "finding.id": "f",
      "made.up": 1,
      timestamp: "yesterday",
    });
    expect(problems.map((p) => `${p.field}:${p.problem}`).sort()).toEqual([
      "container_image.tags:wrong_type",
      "finding.id:not_allowed",
      "made.up:undeclared",
      "scan.id:missing",
      "scan.status:bad_value",
      "timestamp:wrong_type",
    ]);
  });

  it("requires finding fields on findings", () => {
    const problems = validateEvent({ ...scan, "event.type": "VULNERABILITY_FINDING" });
    const missing = problems.filter((p) => p.problem === "missing").map((p) => p.field);
    expect(missing).toContain("finding.id");
    expect(missing).toContain("dt.security.risk.level");
    expect(problems.filter((p) => p.problem === "not_allowed").map((p) => p.field)).toContain(
      "scan.status",
    );
  });

  it("rejects an unknown event type and can keep undeclared fields", () => {
    expect(validateEvent({ "event.type": "ALERT" })[0]?.problem).toBe("bad_value");
    expect(validateEvent({ ...scan, "custom.field": "x" }, { allowUndeclared: true })).toEqual([]);
  });
});
