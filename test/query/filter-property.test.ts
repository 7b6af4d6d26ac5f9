// Property test: random filters over random events give the same records in SQL (DuckDB and PostgreSQL) as in memory.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { SecurityEvent } from "../../src/model/security-event.js";
import { evaluate } from "../../src/query/evaluate-in-memory.js";
import { executeDql } from "../../src/query/execute.js";
import { parseExpression } from "../../src/query/parser.js";
import { openDuckDbStore } from "../../src/store/duckdb/open-duckdb-store.js";
import type { EventStore } from "../../src/store/event-store.js";
import { openPostgresStore } from "../../src/store/postgres/open-postgres-store.js";
import { findingsOf, mdvmRecord } from "../helpers/defender-records.js";
import { createDatabase } from "../helpers/postgres-server.js";

const NOW = new Date("2026-11-02T12:00:00.000Z");
const LEVELS = ["CRITICAL", "HIGH", "LOW"];
const NAMES = ["openssl", "zlib", "curl"];
const TAGS = ["latest", "prod", "v1"];

/** Fields the random filters read, each possibly absent. */
const eventFields = fc.record(
  {
    level: fc.option(fc.constantFrom(...LEVELS), { nil: undefined }),
    score: fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined }),
    name: fc.option(fc.constantFrom(...NAMES), { nil: undefined }),
    tags: fc.option(fc.subarray(TAGS), { nil: undefined }),
  },
  { requiredKeys: [] },
);

function buildEvents(specs: readonly unknown[]): SecurityEvent[] {
  const template = findingsOf(mdvmRecord(), "2026-11-02T11:00:00.000Z")[0]!;
  return specs.map((spec, index) => {
    const s = spec as { level?: string; score?: number; name?: string; tags?: string[] };
    const event: Record<string, unknown> = { ...template, "event.id": `e${index}` };
    for (const key of [
      "dt.security.risk.level",
      "dt.security.risk.score",
      "component.name",
      "container_image.tags",
    ])
      delete event[key];
    if (s.level !== undefined) event["dt.security.risk.level"] = s.level;
    if (s.score !== undefined) event["dt.security.risk.score"] = s.score;
    if (s.name !== undefined) event["component.name"] = s.name;
    if (s.tags !== undefined) event["container_image.tags"] = s.tags;
    return event as SecurityEvent;
  });
}

const leaf: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(fc.constantFrom("==", "!="), fc.constantFrom(...LEVELS))
    .map(([op, v]) => `dt.security.risk.level ${op} "${v}"`),
  fc
    .tuple(fc.constantFrom("<", "<=", ">", ">=", "==", "!="), fc.integer({ min: 0, max: 10 }))
    .map(([op, v]) => `dt.security.risk.score ${op} ${v}`),
  fc
    .constantFrom("dt.security.risk.score", "component.name", "container_image.tags")
    .map((f) => `isNull(${f})`),
  fc
    .subarray(NAMES, { minLength: 1 })
    .map((names) => `in(component.name, {${names.map((n) => `"${n}"`).join(", ")}})`),
  fc.constantFrom(...NAMES).map((n) => `startsWith(component.name, "${n.slice(0, 2)}")`),
  fc.constantFrom(...TAGS).map((t) => `iAny(container_image.tags[] == "${t}")`),
  fc.constantFrom(...TAGS).map((t) => `iAll(container_image.tags[] != "${t}")`),
  fc
    .subarray(TAGS, { minLength: 1 })
    .map((tags) => `iAny(in(container_image.tags[], {${tags.map((t) => `"${t}"`).join(", ")}}))`),
  fc
    .constantFrom(...TAGS)
    .map((t) => `iAny(startsWith(container_image.tags[], "${t.slice(0, 1)}"))`),
  fc.integer({ min: 0, max: 20 }).map((v) => `dt.security.risk.score * 2 > ${v}`),
);

const filter: fc.Arbitrary<string> = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc
      .tuple(tie("expr"), fc.constantFrom("and", "or"), tie("expr"))
      .map(([a, op, b]) => `(${a}) ${op} (${b})`),
    tie("expr").map((a) => `not (${a})`),
  ),
})).expr;

const stores: Record<string, EventStore> = {};
let events: SecurityEvent[] = [];
let dir = "";

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "vigil-prop-"));
  events = buildEvents(fc.sample(eventFields, { numRuns: 120, seed: 7 }));
  const url = await createDatabase(inject("postgresUrl"), `vigil_query_prop_${process.pid}`);
  stores.duckdb = await openDuckDbStore(join(dir, "prop.duckdb"));
  stores.postgres = await openPostgresStore(url);
  await Promise.all(Object.values(stores).map((store) => store.append(events)));
});

afterAll(async () => {
  await Promise.all(Object.values(stores).map((store) => store.close()));
  rmSync(dir, { recursive: true, force: true });
});

describe("random filters: SQL agrees with the in-memory evaluator", () => {
  for (const backend of ["duckdb", "postgres"]) {
    it(`on ${backend}`, async () => {
      await fc.assert(
        fc.asyncProperty(filter, fc.boolean(), async (condition, out) => {
          const command = out ? "filterOut" : "filter";
          const result = await executeDql(
            stores[backend]!,
            `fetch security.events | ${command} ${condition} | fields event.id`,
            {
              now: NOW,
              maxResultRecords: 10_000,
            },
          );
          const got = result.records.map((r) => r["event.id"]).sort();
          const expr = parseExpression(condition);
          const want = events
            .filter((event) => {
              const value = evaluate(expr, event);
              return out ? value !== true : value === true;
            })
            .map((event) => event["event.id"])
            .sort();
          expect(got).toEqual(want);
        }),
        { numRuns: 60, seed: 42 },
      );
    });
  }
});
