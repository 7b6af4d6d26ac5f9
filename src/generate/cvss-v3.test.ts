// Tests of the CVSS v3.1 base-score arithmetic against well-known vectors.
import { describe, expect, it } from "vitest";
import { baseScore, buildVectorTables, severityOfScore } from "./cvss-v3.js";
import { Prng } from "./prng.js";

describe("cvss-v3", () => {
  it("scores known vectors like the FIRST calculator", () => {
    expect(baseScore({ av: "N", ac: "L", pr: "N", ui: "N", s: "U", c: "H", i: "H", a: "H" })).toBe(
      9.8,
    );
    expect(baseScore({ av: "N", ac: "L", pr: "N", ui: "N", s: "C", c: "H", i: "H", a: "H" })).toBe(
      10,
    );
    expect(baseScore({ av: "L", ac: "L", pr: "N", ui: "R", s: "U", c: "H", i: "H", a: "H" })).toBe(
      7.8,
    );
    expect(baseScore({ av: "N", ac: "L", pr: "N", ui: "N", s: "U", c: "N", i: "N", a: "L" })).toBe(
      5.3,
    );
    expect(baseScore({ av: "N", ac: "L", pr: "N", ui: "N", s: "U", c: "N", i: "N", a: "N" })).toBe(
      0,
    );
  });

  it("only hands out vectors whose score lies in the requested band", () => {
    const tables = buildVectorTables();
    const prng = new Prng(1);
    for (const band of ["Critical", "High", "Medium", "Low"] as const) {
      for (let i = 0; i < 200; i++)
        expect(severityOfScore(tables[band].pick(prng).score)).toBe(band);
    }
  });
});
