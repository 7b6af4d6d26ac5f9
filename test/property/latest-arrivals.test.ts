// Property test: random event histories (ties, late arrivals, redeliveries, two buckets, null components) and random
// "latest per finding" queries give the same records with the latest-arrivals plan as with the general plan, on
// DuckDB and PostgreSQL; the latest-arrivals table always equals the newest event per key of the event log.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openDuckDbStore } from "../../src/store/duckdb/open-duckdb-store.js";
import type { EventStore } from "../../src/store/event-store.js";
import { openPostgresStore } from "../../src/store/postgres/open-postgres-store.js";
import {
  comparePlans,
  expectArrivalsMatchLog,
  type Observation,
  observation,
} from "../helpers/arrival-history.js";
import { createDatabase } from "../helpers/postgres-server.js";

const TEAM = "team_p";
const DEFAULT = "default_securityevents";
const NOW = new Date("2026-11-02T00:00:00.000Z");
const hour = (h: number) => new Date(Date.UTC(2026, 10, 1, h)).toISOString();

const observed = fc.record({
  at: fc.integer({ min: 0, max: 6 }),
  created: fc.integer({ min: 0, max: 6 }),
  scan: fc.boolean(),
  team: fc.boolean(),
  object: fc.constantFrom("o1", "o2"),
  vulnerability: fc.constantFrom("v1", "v2"),
  component: fc.constantFrom<string | null>("n1", null),
  version: fc.constantFrom<string | null>("1", "", null),
  repository: fc.constantFrom("p1", "p2"),
  product: fc.constantFrom("MDVM", "Qualys"),
  level: fc.constantFrom("CRITICAL", "HIGH", "LOW"),
  resolved: fc.boolean(),
  /** Orders event ids independently of arrival (ties in timestamp go to the greater id). */
  rank: fc.integer({ min: 0, max: 99 }),
});

const history = fc.record({
  events: fc.array(observed, { minLength: 4, maxLength: 24 }),
  /** Batch boundaries (event indexes). */
  cuts: fc.uniqueArray(fc.integer({ min: 1, max: 23 }), { maxLength: 3 }),
  /** Events appended again later under their id, with another bucket and time (stored once). */
  redelivered: fc.uniqueArray(fc.integer({ min: 0, max: 23 }), { maxLength: 2 }),
});

const PRE_FILTERS = [
  `dt.system.bucket == "${TEAM}"`,
  "isNull(component.version)",
  'component.version == ""',
  'vulnerability.id != "v2"',
  "isNotNull(component.name)",
  'in(vulnerability.id, {"v1"})',
  'not (object.id == "o2")',
];
const DEDUP_FIELDS = [
  "dt.system.bucket",
  "object.id",
  "vulnerability.id",
  "component.name",
  "component.version",
];

const query = fc
  .record({
    // Timeframes start and end among the arrivals (hours 0 to 6), or after them.
    from: fc.integer({ min: 0, max: 5 }),
    span: fc.integer({ min: 1, max: 6 }),
    bucket: fc.constantFrom<string | undefined>(undefined, TEAM, DEFAULT),
    filters: fc.oneof(fc.constant([]), fc.subarray(PRE_FILTERS, { maxLength: 2 })),
    filterOut: fc.option(fc.constant('object.id == "o2" and component.name == "n1"'), {
      nil: undefined,
    }),
    keys: fc.subarray(DEDUP_FIELDS, { minLength: 1 }),
  })
  .map((q) => {
    const bucket = q.bucket === undefined ? "" : `, bucket: "${q.bucket}"`;
    const timeframe = `timeframe: "${hour(q.from)}/${hour(q.from + q.span)}"`;
    const filter = ['event.type == "VULNERABILITY_FINDING"', ...q.filters].join(" and ");
    const out = q.filterOut === undefined ? "" : `\n| filterOut ${q.filterOut}`;
    return `fetch security.events, ${timeframe}${bucket}
| filter ${filter}${out}
| dedup {${q.keys.join(", ")}}, sort: {timestamp desc}
| fields event.id, timestamp, dt.system.bucket, dt.security.risk.level, finding.status`;
  });

const stores: Record<string, EventStore> = {};
let dir = "";
let run = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "vigil-arrivals-prop-"));
  stores.duckdb = await openDuckDbStore(join(dir, "prop.duckdb"));
  stores.postgres = await openPostgresStore(
    await createDatabase(inject("postgresUrl"), `vigil_arrivals_prop_${process.pid}`),
  );
  for (const store of Object.values(stores)) await store.createBucket(TEAM, 30);
});

afterAll(async () => {
  await Promise.all(Object.values(stores).map((store) => store.close()));
  rmSync(dir, { recursive: true, force: true });
});

type History = typeof history extends fc.Arbitrary<infer T> ? T : never;

function batchesOf(h: History): Observation[][] {
  run += 1;
  const observations = h.events.map(
    (e, index): Observation => ({
      id: `r${String(run).padStart(3, "0")}${String(e.rank).padStart(2, "0")}${String(index).padStart(2, "0")}`,
      at: hour(e.at),
      created: hour(e.created),
      type: e.scan ? "VULNERABILITY_SCAN" : "VULNERABILITY_FINDING",
      bucket: e.team ? TEAM : DEFAULT,
      object: e.object,
      vulnerability: e.vulnerability,
      component: e.component,
      version: e.version,
      repository: e.repository,
      product: e.product,
      level: e.level,
      status: e.resolved ? "RESOLVED" : "OPEN",
    }),
  );
  const batches: Observation[][] = [];
  let start = 0;
  for (const cut of [...h.cuts.filter((c) => c < observations.length)].sort((a, b) => a - b)) {
    batches.push(observations.slice(start, cut));
    start = cut;
  }
  batches.push(observations.slice(start));
  const again = h.redelivered
    .filter((index) => index < observations.length)
    .map((index) => {
      const o = observations[index]!;
      return { ...o, bucket: o.bucket === TEAM ? DEFAULT : TEAM, at: hour(6), level: "LOW" };
    });
  // With the new events of the last batch: a batch that stores some of its events and not others.
  batches.at(-1)!.push(...again);
  return batches.filter((batch) => batch.length > 0);
}

describe("random histories: the latest-arrivals plan agrees with the general plan", () => {
  it("on DuckDB and PostgreSQL", async () => {
    await fc.assert(
      fc.asyncProperty(history, fc.array(query, { minLength: 2, maxLength: 3 }), async (h, qs) => {
        const batches = batchesOf(h);
        for (const store of Object.values(stores)) {
          for (const batch of batches) await store.append(batch.map(observation));
          await expectArrivalsMatchLog(store);
          for (const dql of qs)
            expect((await comparePlans(store, dql, { now: NOW })).plan).toBe("latest-arrivals");
        }
      }),
      { numRuns: 40, seed: 20261101 },
    );
  }, 600_000);
});
