// The latest-arrivals plan gives the general plan's answer: every recognized dql.md example and dashboard tile, and
// edge cases (resends, late older observations, a finding in two buckets, null versions, timeframes ending before the
// latest arrival, filters before dedup, retention, bucket deletion, the migration's backfill, the bulk rebuild), on
// DuckDB and PostgreSQL.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { dashboardTiles } from "../../bench/queries/dashboard-tiles.js";
import { DQL_EXAMPLES } from "../../bench/queries/dql-examples.js";
import { parseQuery } from "../../src/query/parser.js";
import { choosePlan } from "../../src/query/plan.js";
import { DuckDbBackend } from "../../src/store/duckdb/duckdb-backend.js";
import { openDuckDbStore } from "../../src/store/duckdb/open-duckdb-store.js";
import type { EventStore } from "../../src/store/event-store.js";
import { openPostgresStore } from "../../src/store/postgres/open-postgres-store.js";
import { PostgresBackend } from "../../src/store/postgres/postgres-backend.js";
import type { SqlBackend } from "../../src/store/sql-backend.js";
import { derivedStateRebuildStatements } from "../../src/store/sql-schema.js";
import {
  comparePlans,
  expectArrivalsMatchLog,
  type Observation,
  observation,
} from "../helpers/arrival-history.js";
import { createDatabase } from "../helpers/postgres-server.js";

const NOW = new Date("2026-11-02T00:00:00.000Z");
const T = (hour: number, minute = 0) => new Date(Date.UTC(2026, 10, 1, hour, minute)).toISOString();
const TEAM = "team_x";
const DEFAULT = "default_securityevents";
const B = "reg.azurecr.io/team/app@sha256:b2";

/** Appended in this order, one batch per entry: arrival order is not timestamp order everywhere. */
const BATCHES: readonly (readonly Observation[])[] = [
  [
    // A finding observed, re-observed with a newer state, then an older observation arriving late.
    { id: "a1", at: T(1), created: T(0), level: "HIGH" },
    { id: "a2", at: T(3), created: T(2), level: "CRITICAL" },
    // Unchanged resends.
    { id: "b1", at: T(1), vulnerability: "CVE-2026-0002", level: "MEDIUM" },
    // The same finding in two buckets.
    { id: "c1", at: T(2), vulnerability: "CVE-2026-0003", level: "HIGH" },
    { id: "c2", at: T(4), vulnerability: "CVE-2026-0003", level: "CRITICAL", bucket: TEAM },
    // No component.version, an empty one, no component.name.
    { id: "d1", at: T(1), vulnerability: "CVE-2026-0004", version: null, level: "LOW" },
    { id: "d2", at: T(2), vulnerability: "CVE-2026-0004", version: "", level: "HIGH" },
    { id: "e1", at: T(2), vulnerability: "CVE-2026-0005", component: null, version: null },
    // Two observations arriving at the same instant: the greater event.id is the latest.
    { id: "f2", at: T(3), vulnerability: "CVE-2026-0006", level: "LOW" },
    { id: "f1", at: T(3), vulnerability: "CVE-2026-0006", level: "CRITICAL" },
    // Two products, one dedup key.
    { id: "g1", at: T(2), vulnerability: "CVE-2026-0007", product: "MDVM", level: "HIGH" },
    { id: "g2", at: T(3), vulnerability: "CVE-2026-0007", product: "Qualys", level: "LOW" },
    // One object.id, two repositories.
    { id: "h1", at: T(2), object: B, vulnerability: "CVE-2026-0008", repository: "x" },
    { id: "h2", at: T(3), object: B, vulnerability: "CVE-2026-0008", repository: "y" },
    // Scan events share the object.
    { id: "s1", at: T(4), type: "VULNERABILITY_SCAN" },
    { id: "s2", at: T(6), type: "VULNERABILITY_SCAN", object: B },
    // A finding seen only before the usual windows start.
    { id: "j1", at: T(0, 30), vulnerability: "CVE-2026-0010", level: "CRITICAL" },
  ],
  [
    { id: "a3", at: T(5), created: T(1), level: "LOW", status: "RESOLVED" },
    { id: "b2", at: T(4), vulnerability: "CVE-2026-0002", level: "MEDIUM" },
    { id: "d3", at: T(3), vulnerability: "CVE-2026-0004", version: null, level: "CRITICAL" },
    // The latest arrival comes after the end of some timeframes.
    { id: "i1", at: T(2), vulnerability: "CVE-2026-0009", level: "HIGH" },
    { id: "i2", at: T(6), vulnerability: "CVE-2026-0009", level: "LOW" },
  ],
  [
    // Arrives after a3 and i2 but is older: not the latest.
    { id: "k2", at: T(2), vulnerability: "CVE-2026-0011", level: "LOW" },
    { id: "k1", at: T(4, 30), vulnerability: "CVE-2026-0011", level: "HIGH" },
    { id: "k0", at: T(1), vulnerability: "CVE-2026-0011", level: "CRITICAL" },
    // A redelivered event id with other content: the stored copy stays.
    { id: "c1", at: T(6), vulnerability: "CVE-2026-0003", level: "LOW", bucket: TEAM },
  ],
];

/** Default timeframes the queries run under: all, ending before some latest arrivals, a middle slice, the tail. */
const TIMEFRAMES = [
  { defaultTimeframeStart: T(0), defaultTimeframeEnd: NOW.toISOString() },
  { defaultTimeframeStart: T(0), defaultTimeframeEnd: T(4, 15) },
  { defaultTimeframeStart: T(2), defaultTimeframeEnd: T(4) },
  { defaultTimeframeStart: T(3), defaultTimeframeEnd: T(5) },
  { defaultTimeframeStart: T(5), defaultTimeframeEnd: NOW.toISOString() },
];

const FINDINGS = `| filter event.type == "VULNERABILITY_FINDING"`;
const K4 = "{object.id, vulnerability.id, component.name, component.version}";

/** Edge-case queries: each must get the latest-arrivals plan. */
const EDGE_QUERIES = [
  `fetch security.events ${FINDINGS} | dedup ${K4}, sort: {timestamp desc}`,
  `fetch security.events, bucket: "${TEAM}" ${FINDINGS} | dedup ${K4}, sort: {timestamp desc} | fields event.id, dt.system.bucket`,
  `fetch security.events, bucket: {"${TEAM}", "${DEFAULT}"} ${FINDINGS} | dedup ${K4}, sort: {timestamp desc} | fields event.id`,
  `fetch security.events
| filter event.type == "VULNERABILITY_FINDING" and dt.system.bucket == "${DEFAULT}"
| filterOut vulnerability.id == "CVE-2026-0007"
| dedup ${K4}, sort: {timestamp desc}
| fields event.id, dt.security.risk.level`,
  `fetch security.events ${FINDINGS} and isNull(component.version) | dedup {object.id, vulnerability.id, component.name}, sort: {timestamp desc} | fields event.id`,
  `fetch security.events ${FINDINGS} | filter component.version == "" or isNull(component.name) | dedup ${K4}, sort: {timestamp desc} | fields event.id`,
  `fetch security.events ${FINDINGS} | dedup {vulnerability.id}, sort: {timestamp desc} | fields vulnerability.id, event.id, dt.security.risk.level`,
  `fetch security.events ${FINDINGS} | dedup {dt.system.bucket, object.id, vulnerability.id, component.name, component.version}, sort: {timestamp desc}`,
  `fetch security.events ${FINDINGS} | dedup ${K4}, sort: {timestamp desc} | summarize {n = count(), critical = countIf(dt.security.risk.level == "CRITICAL")}, by: {object.id}`,
  `fetch security.events, from: toTimestamp("${T(1)}"), to: toTimestamp("${T(4)}") ${FINDINGS} | dedup ${K4}, sort: {timestamp desc} | fields event.id`,
  `fetch security.events, timeframe: "${T(2)}/${T(5, 30)}" ${FINDINGS} | dedup ${K4}, sort: {timestamp desc} | fields event.id`,
  `fetch security.events, from: now() - 7d ${FINDINGS} | dedup ${K4}, sort: {timestamp desc} | filterOut finding.status == "RESOLVED" | fields event.id`,
  `fetch security.events ${FINDINGS} and startsWith(object.id, "reg.") | dedup ${K4}, sort: {timestamp desc}
| parse dt.raw_data, "JSON:raw" | fields event.id, code = raw[properties][status][code]`,
];

/** Every dql.md example and dashboard tile the latest-arrivals plan takes. */
function recognizedExamples(): { name: string; dql: string }[] {
  const all = [...DQL_EXAMPLES, ...dashboardTiles()];
  return all
    .filter((query) => choosePlan(parseQuery(query.dql)).kind === "latest-arrivals")
    .map((query) => ({
      name: query.name,
      // Ties in a final sort could let a limit keep different records; the records before it must agree.
      dql: query.dql.replace(/\n\|\s*limit\s+\d+\s*(?=\n|$)/g, ""),
    }));
}

/** `fetch … | dedup …` of a query: the step the plans differ in, with every field of its records. */
function throughDedup(dql: string): string {
  const lines = dql.split("\n");
  const last = lines.findIndex((line) => line.trimStart().startsWith("| dedup"));
  return lines.slice(0, last + 1).join("\n");
}

interface Opened {
  readonly store: EventStore;
  reopen(): Promise<EventStore>;
  /** The store's SQL backend alone (the store must be closed). */
  backend(): Promise<SqlBackend>;
}

interface Backend {
  readonly name: string;
  open(): Promise<Opened>;
}

let dir = "";
const backends: Backend[] = [
  {
    name: "DuckDB",
    open: async () => {
      const path = join(dir, `${randomUUID()}.duckdb`);
      return {
        store: await openDuckDbStore(path),
        reopen: () => openDuckDbStore(path),
        backend: () => DuckDbBackend.open(path),
      };
    },
  },
  {
    name: "PostgreSQL",
    open: async () => {
      const url = await createDatabase(
        inject("postgresUrl"),
        `vigil_arrivals_${randomUUID().replaceAll("-", "")}`,
      );
      return {
        store: await openPostgresStore(url),
        reopen: () => openPostgresStore(url),
        backend: () => PostgresBackend.open(url),
      };
    },
  },
];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "vigil-arrivals-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("recognized examples", () => {
  it("include the dedup dashboards and dql.md examples", () => {
    const names = recognizedExamples().map((query) => query.name);
    expect(names).toContain("Critical vulnerabilities right now");
    // Six dedup keys (registry and repository too) are finer than the table's finding key.
    expect(names).not.toContain("Vulnerable images");
    expect(names).toContain("Top vulnerabilities");
    expect(names).toContain("container-vulnerability-findings: Critical vulnerabilities");
    // A filter on the risk level (a finding's level can change) keeps the general plan.
    expect(names).not.toContain("Shape: top critical vulnerabilities by images (7d)");
    expect(names.length).toBeGreaterThanOrEqual(17);
  });
});

for (const backend of backends) {
  describe(`latest-arrivals plan vs general plan on ${backend.name}`, () => {
    let store: EventStore;
    let opened: Opened;

    beforeAll(async () => {
      opened = await backend.open();
      store = opened.store;
      await store.createBucket(TEAM, 30);
      for (const batch of BATCHES) await store.append(batch.map(observation));
    });
    afterAll(async () => store.close());

    /** Every recognized example (and its steps through the dedup) and edge query under `timeframes`. */
    const runAll = async (timeframes = TIMEFRAMES) => {
      const examples = recognizedExamples();
      const queries = new Set([
        ...examples.map((query) => query.dql),
        ...examples.map((query) => throughDedup(query.dql)),
        ...EDGE_QUERIES,
      ]);
      for (const timeframe of timeframes)
        for (const dql of queries)
          expect((await comparePlans(store, dql, { now: NOW, ...timeframe })).plan, dql).toBe(
            "latest-arrivals",
          );
    };

    it("keeps the newest arrival per finding key in the table", async () => {
      await expectArrivalsMatchLog(store);
      const latest = await store.query(
        `SELECT "event.id" AS id FROM latest_arrivals WHERE "vulnerability.id" = 'CVE-2026-0001'`,
      );
      // The late older observation is the latest arrival (the findings table keeps a2's state).
      expect(latest).toEqual([{ id: "a3" }]);
    });

    it("answers every recognized query like the general plan", async () => {
      const first = await comparePlans(store, EDGE_QUERIES[0]!, { now: NOW, ...TIMEFRAMES[0] });
      const ids = first.records.map((record) => record["event.id"]).sort();
      // Per dedup key, across buckets and products: the latest arrival, ties to the greater id.
      expect(ids).toEqual(["a3", "b2", "c2", "d2", "d3", "e1", "f2", "g2", "h2", "i2", "j1", "k1"]);
      const endsEarly = await comparePlans(store, EDGE_QUERIES[0]!, {
        now: NOW,
        ...TIMEFRAMES[1],
      });
      // a3, i2 and k1 arrived after the end: a2, i1 and k2 are the latest inside the timeframe.
      expect(endsEarly.records.map((record) => record["event.id"]).sort()).toEqual([
        "a2",
        "b2",
        "c2",
        "d2",
        "d3",
        "e1",
        "f2",
        "g2",
        "h2",
        "i1",
        "j1",
        "k2",
      ]);
      await runAll();
    }, 300_000);

    it("stays exact through retention batches and bucket deletion", async () => {
      await store.updateBucket(DEFAULT, { retentionDays: 1 });
      await store.updateBucket(TEAM, { retentionDays: 1 });
      // Cutoff T(3): events before it go, two per transaction.
      const result = await store.enforceRetention(new Date(Date.parse(T(3)) + 86_400_000), {
        batchSize: 2,
      });
      expect(result.deletedEvents).toBeGreaterThan(4);
      await expectArrivalsMatchLog(store);
      await runAll(TIMEFRAMES.slice(0, 3));
      await store.deleteBucket(TEAM);
      await expectArrivalsMatchLog(store);
      await runAll(TIMEFRAMES.slice(0, 3));
    }, 300_000);

    it("backfills the table from the event log when the migration runs", async () => {
      await store.query("DROP TABLE latest_arrivals");
      await store.query("DELETE FROM schema_migrations WHERE version = 7");
      await store.close();
      store = await opened.reopen();
      expect(Number((await store.query("SELECT count(*) AS n FROM latest_arrivals"))[0]?.n)).toBe(
        8,
      );
      await expectArrivalsMatchLog(store);
      await runAll(TIMEFRAMES.slice(0, 2));
    }, 300_000);

    it("is rebuilt with the finding state after the log changed in bulk", async () => {
      await store.query(`DELETE FROM latest_arrivals WHERE "vulnerability.id" = 'CVE-2026-0001'`);
      await store.close();
      const sql = await opened.backend();
      await sql.transaction(async (session) => {
        for (const statement of derivedStateRebuildStatements(sql.dialect))
          await session.run(statement);
      });
      await sql.close();
      store = await opened.reopen();
      await expectArrivalsMatchLog(store);
      await runAll(TIMEFRAMES.slice(0, 1));
    }, 300_000);
  });
}
