import { describe, expect, it } from "vitest";
import { decideLifecycle } from "./lifecycle.js";
import { RecordRejection } from "./rejection.js";

describe("decideLifecycle", () => {
  it.each([
    ["Insert", "Unhealthy", undefined, { findingStatus: "OPEN", scanStatus: "COMPLETED" }],
    [undefined, "Unhealthy", undefined, { findingStatus: "OPEN", scanStatus: "COMPLETED" }],
    [
      "Insert",
      "Healthy",
      undefined,
      { findingStatus: "RESOLVED", resolution: "healthy", scanStatus: "COMPLETED" },
    ],
    ["Delete", "Unhealthy", undefined, { findingStatus: "RESOLVED", resolution: "deleted" }],
    ["Insert", "NotApplicable", "Exempt", { findingStatus: "MUTED", scanStatus: "COMPLETED" }],
    ["Insert", "NotApplicable", "Unscanned", { scanStatus: "NOT_SCANNED" }],
    ["delete", "NotApplicable", "Unscanned", {}],
    ["Insert", "unhealthy", undefined, { findingStatus: "OPEN", scanStatus: "COMPLETED" }],
  ])("%s %s %s", (action, code, cause, expected) => {
    expect(decideLifecycle(action, code, cause)).toEqual(expected);
  });

  it("rejects a missing or unknown status", () => {
    expect(() => decideLifecycle("Insert", undefined, undefined)).toThrow(RecordRejection);
    expect(() => decideLifecycle("Insert", "Broken", undefined)).toThrow(
      /Healthy, Unhealthy or NotApplicable/,
    );
  });
});
