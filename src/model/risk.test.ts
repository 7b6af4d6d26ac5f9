import { describe, expect, it } from "vitest";
import { riskLevelOf, riskScoreOf } from "./risk.js";

describe("risk normalization (seed table)", () => {
  it.each([
    ["Critical", "CRITICAL"],
    ["high", "HIGH"],
    ["MEDIUM", "MEDIUM"],
    ["Low", "LOW"],
    ["Unknown", "NONE"],
    ["None", "NONE"],
    [undefined, "NONE"],
  ])("%s → %s", (severity, level) => {
    expect(riskLevelOf(severity)).toBe(level);
  });

  it("does not guess unknown words", () => {
    expect(riskLevelOf("Severe")).toBeUndefined();
  });

  it("takes Defender's score, clamped, else the top of the band", () => {
    expect(riskScoreOf("HIGH", 9.8)).toBe(9.8);
    expect(riskScoreOf("LOW", 12)).toBe(10);
    expect(riskScoreOf("LOW", -1)).toBe(0);
    expect(riskScoreOf("CRITICAL", undefined)).toBe(10);
    expect(riskScoreOf("HIGH", undefined)).toBe(8.9);
    expect(riskScoreOf("MEDIUM", undefined)).toBe(6.9);
    expect(riskScoreOf("LOW", undefined)).toBe(3.9);
    expect(riskScoreOf("NONE", undefined)).toBe(0);
  });
});
