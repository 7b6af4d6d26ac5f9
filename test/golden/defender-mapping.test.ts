// Golden tests: every Defender fixture maps to exactly its reviewed expected output.
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FIELD_CATALOG } from "../../src/model/field-catalog.js";
import { validateEvent } from "../../src/model/validate-event.js";
import { expectedPathOf, formatExpected, goldenInputs, runGolden } from "./defender-golden.js";

describe("Defender mapping golden files", () => {
  const inputs = goldenInputs();

  it("has fixtures", () => {
    expect(inputs.length).toBeGreaterThanOrEqual(20);
  });

  for (const input of inputs) {
    it(`${input} maps to its expected output`, async () => {
      const expectedPath = expectedPathOf(input);
      expect(
        existsSync(expectedPath),
        `${expectedPath} is missing: run npm run golden:update and review it`,
      ).toBe(true);
      const run = await runGolden(input);
      expect(formatExpected(run.output)).toBe(readFileSync(expectedPath, "utf8"));
      expect(run.rawMismatches).toEqual([]);
      for (const event of run.events) {
        expect(validateEvent(event), `${input} ${String(event["event.id"])}`).toEqual([]);
      }
    });
  }

  it("together exercise every catalog field", async () => {
    const seen = new Set<string>();
    for (const input of inputs) {
      for (const event of (await runGolden(input)).events)
        for (const key of Object.keys(event)) seen.add(key);
    }
    const neverProduced = FIELD_CATALOG.map((field) => field.name).filter(
      (name) => !seen.has(name),
    );
    // Produced by later stages, not by the mapper: the store's snapshot reconciliation and connections.
    expect(neverProduced.sort()).toEqual(["vigil.connection.id"]);
  });
});
