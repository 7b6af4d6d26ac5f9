import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mapDefenderRecord } from "./map-record.js";
import type { MappingContext } from "./mapping-context.js";

const FIXTURES = join(import.meta.dirname, "../../../fixtures/defender");
const context: MappingContext = {
  observedAt: "2026-11-28T00:00:00.000Z",
  bucket: "b",
  source: "file",
};
const load = (name: string) => JSON.parse(readFileSync(join(FIXTURES, name), "utf8"));

function eventsOf(record: unknown, ctx: MappingContext = context) {
  const outcome = mapDefenderRecord(record, JSON.stringify(record), ctx);
  if (outcome.status !== "mapped") throw new Error(`not mapped: ${JSON.stringify(outcome)}`);
  return outcome.events as readonly Record<string, unknown>[];
}

describe("mapDefenderRecord", () => {
  it("never throws, whatever it is given", () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const outcome = mapDefenderRecord(value, "x", context);
        expect(["mapped", "not_mapped", "rejected"]).toContain(outcome.status);
      }),
      { numRuns: 2000 },
    );
  });

  it("never throws on damaged real records", () => {
    const record = load("constructed-mdvm-eventhub-envelope-snapshot-1.json");
    const damaged = fc.record({
      path: fc.array(
        fc.constantFrom(
          "properties",
          "additionalData",
          "artifactDetails",
          "softwareDetails",
          "vulnerabilityDetails",
          "status",
          "resourceDetails",
          "digest",
          "cvss",
          "3.0",
        ),
        { maxLength: 5 },
      ),
      value: fc.anything(),
    });
    fc.assert(
      fc.property(damaged, ({ path, value }) => {
        const copy = structuredClone(record);
        let target = copy;
        for (const key of path.slice(0, -1))
          target = typeof target?.[key] === "object" && target[key] !== null ? target[key] : target;
        if (path.length > 0 && typeof target === "object" && target !== null)
          target[path[path.length - 1] as string] = value;
        const outcome = mapDefenderRecord(copy, "x", context);
        expect(["mapped", "not_mapped", "rejected"]).toContain(outcome.status);
      }),
      { numRuns: 1000 },
    );
  });

  it("maps a PascalCase record with $type keys to the same events as its camelCase original", () => {
    const camel = eventsOf(load("constructed-mdvm-eventhub-envelope-snapshot-1.json"));
    const pascal = eventsOf(load("constructed-mdvm-pascalcase-1.json"));
    const strip = (events: typeof camel) => events.map(({ "dt.raw_data": _raw, ...rest }) => rest);
    expect(strip(pascal)).toEqual(strip(camel));
  });

  it("gives the same ids whatever the key order", () => {
    const record = load("defender-subassessment-mdvm-aws-ecr-1.json")[0];
    const reversed = reverseKeys(record);
    expect(eventsOf(reversed).map((e) => e["event.id"])).toEqual(
      eventsOf(record).map((e) => e["event.id"]),
    );
  });

  it("puts the Event Hubs message identity into finding event ids, not into scan event ids", () => {
    const record = load("defender-subassessment-mdvm-aws-ecr-1.json")[0];
    const delivery = { namespace: "ns", eventHub: "hub", partitionId: "0", sequenceNumber: 1 };
    const first = eventsOf(record, { ...context, delivery });
    const again = eventsOf(record, { ...context, delivery });
    const resent = eventsOf(record, { ...context, delivery: { ...delivery, sequenceNumber: 2 } });
    expect(again.map((e) => e["event.id"])).toEqual(first.map((e) => e["event.id"]));
    expect(resent[0]?.["event.id"]).not.toBe(first[0]?.["event.id"]);
    expect(resent[0]?.["finding.id"]).toBe(first[0]?.["finding.id"]);
    expect(resent[1]?.["event.id"]).toBe(first[1]?.["event.id"]);
  });

  it("does not let the ingest time into any id", () => {
    const record = load("defender-subassessment-mdvm-aws-ecr-1.json")[0];
    const later = eventsOf(record, { ...context, observedAt: "2027-01-01T00:00:00.000Z" });
    expect(later.map((e) => e["event.id"])).toEqual(eventsOf(record).map((e) => e["event.id"]));
  });
});

function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reverseKeys(v)]),
    );
  }
  return value;
}
