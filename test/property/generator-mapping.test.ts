// Property tests over the generator: every shape maps as expected, ids are stable, casing and key order do not matter.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateDefenderRecords } from "../../src/generate/generate-records.js";
import { mapDefenderRecord } from "../../src/mapping/defender/map-record.js";
import type { MappingContext } from "../../src/mapping/defender/mapping-context.js";
import { validateEvent } from "../../src/model/validate-event.js";

const context: MappingContext = {
  observedAt: "2026-11-28T00:00:00.000Z",
  bucket: "default_securityevents",
  source: "file",
};

function outcomeOf(line: string) {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return { status: "rejected" as const, record: undefined, events: [] };
  }
  const outcome = mapDefenderRecord(record, line, context);
  return {
    status: outcome.status,
    record,
    events: outcome.status === "mapped" ? outcome.events : [],
  };
}

const ids = (events: readonly Record<string, unknown>[]) =>
  events.map((event) => event["event.id"]);

function transformKeys(value: unknown, rename: (key: string) => string, reverse = false): unknown {
  if (Array.isArray(value)) return value.map((item) => transformKeys(item, rename, reverse));
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).map(
      ([key, item]) =>
        [key === "$type" ? key : rename(key), transformKeys(item, rename, reverse)] as const,
    );
    return Object.fromEntries(reverse ? entries.reverse() : entries);
  }
  return value;
}

const pascal = (key: string) => (/^[a-z]/.test(key) ? key[0]!.toUpperCase() + key.slice(1) : key);

describe("generated records through the mapper", () => {
  it("map exactly as the generator says: containers map, others are recognized, malformed are rejected", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        for (const generated of generateDefenderRecords({ records: 300, seed })) {
          const outcome = outcomeOf(generated.line);
          const expected = {
            container: "mapped",
            "not-container": "not_mapped",
            malformed: "rejected",
          }[generated.expectation];
          expect(`${generated.kind}:${outcome.status}`).toBe(`${generated.kind}:${expected}`);
          for (const event of outcome.events) expect(validateEvent(event)).toEqual([]);
        }
      }),
      { numRuns: 15 },
    );
  });

  it("give the same event ids when mapped again, with keys reordered, or PascalCased", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        for (const generated of generateDefenderRecords({ records: 150, seed })) {
          if (generated.expectation !== "container") continue;
          const first = outcomeOf(generated.line);
          expect(ids(outcomeOf(generated.line).events)).toEqual(ids(first.events));
          const reordered = JSON.stringify(transformKeys(first.record, (key) => key, true));
          expect(ids(outcomeOf(reordered).events)).toEqual(ids(first.events));
          const pascalCased = transformKeys(first.record, pascal);
          const pascalEvents = outcomeOf(JSON.stringify(pascalCased)).events.map(
            ({ "dt.raw_data": _raw, ...rest }) => rest,
          );
          expect(pascalEvents).toEqual(
            first.events.map(({ "dt.raw_data": _raw, ...rest }) => rest),
          );
        }
      }),
      { numRuns: 10 },
    );
  });

  it("is deterministic: the same seed gives the same events", () => {
    const run = () =>
      [...generateDefenderRecords({ records: 500, seed: 42 })].flatMap((generated) =>
        ids(outcomeOf(generated.line).events),
      );
    expect(run()).toEqual(run());
  });
});
