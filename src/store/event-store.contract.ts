// The contract every EventStore implementation passes (run by duckdb/*.test.ts and postgres/*.test.ts).
import { describe, expect, it } from "vitest";
import { eventsOf, findingsOf, mdvmRecord } from "../../test/helpers/defender-records.js";
import { countEventsQuery, EVENT_COUNTS_TABLE } from "./event-counts.js";
import type { EventStore, Row } from "./event-store.js";
import { StoreError } from "./store-error.js";

export interface StoreHarness {
  /** A store on an empty database. */
  fresh(): Promise<EventStore>;
  /** Closes `store` and opens the same database again (a restart). */
  reopen(store: EventStore): Promise<EventStore>;
}

const q = (name: string) => `"${name}"`;

async function stateOf(store: EventStore, findingId: unknown): Promise<Row | undefined> {
  const rows = await store.query(`SELECT * FROM findings WHERE ${q("finding.id")} = $1`, [
    String(findingId),
  ]);
  return rows[0];
}

async function countEvents(store: EventStore): Promise<number> {
  return Number((await store.query("SELECT count(*) AS n FROM events"))[0]?.n);
}

const HOUR_MS = 3_600_000;
const epochMs = (value: unknown) =>
  new Date(String(value instanceof Date ? value.toISOString() : value)).getTime();

/** The event-counts table holds, per bucket and UTC hour, exactly the number of events the log holds. */
async function expectCountsMatchLog(store: EventStore): Promise<void> {
  const log = new Map<string, number>();
  for (const row of await store.query(
    `SELECT ${q("dt.system.bucket")} AS b, ${q("timestamp")} AS t FROM events`,
  )) {
    const key = `${row.b}@${Math.floor(epochMs(row.t) / HOUR_MS) * HOUR_MS}`;
    log.set(key, (log.get(key) ?? 0) + 1);
  }
  const table = new Map<string, number>();
  for (const row of await store.query(`SELECT bucket, hour, n FROM ${EVENT_COUNTS_TABLE}`))
    if (Number(row.n) !== 0) table.set(`${row.bucket}@${epochMs(row.hour)}`, Number(row.n));
  expect(Object.fromEntries([...table].sort())).toEqual(Object.fromEntries([...log].sort()));
}

/** countEventsQuery over [start, end) equals counting the log. */
async function expectScanCount(store: EventStore, start: string, end: string): Promise<void> {
  const { sql, params } = countEventsQuery(store.dialect, start, end);
  const counted = Number((await store.query(sql, params))[0]?.n);
  const direct = await store.query(
    `SELECT count(*) AS n FROM events WHERE ${q("timestamp")} >= CAST($1 AS TIMESTAMP) AND ${q("timestamp")} < CAST($2 AS TIMESTAMP)`,
    [start, end],
  );
  expect(counted, `${start} … ${end}`).toBe(Number(direct[0]?.n));
}

export function runEventStoreContract(name: string, harness: StoreHarness): void {
  describe(`${name} event store contract`, () => {
    it("appends a batch and skips event ids it already has, also after a restart", async () => {
      let store = await harness.fresh();
      const events = [
        ...eventsOf(mdvmRecord({ cve: "CVE-1" })),
        ...eventsOf(mdvmRecord({ cve: "CVE-2" })),
      ];
      expect(await store.append(events)).toEqual({ received: 4, stored: 3, duplicates: 1 }); // one shared scan event
      expect(await store.append(events)).toEqual({ received: 4, stored: 0, duplicates: 4 });
      store = await harness.reopen(store);
      expect((await store.append(events)).stored).toBe(0);
      expect(await countEvents(store)).toBe(3);
      await store.close();
    });

    it("stores a new observation of an unchanged finding as a new event and refreshes last seen", async () => {
      const store = await harness.fresh();
      const first = findingsOf(mdvmRecord({ isSnapshot: true }), "2026-11-02T00:00:00.000Z");
      const week = findingsOf(mdvmRecord({ isSnapshot: true }), "2026-11-09T00:00:00.000Z");
      const resent = { ...week[0]!, "event.id": "weekly-resend" };
      await store.append(first);
      await store.append([resent]);
      expect(await countEvents(store)).toBe(2);
      const state = await stateOf(store, first[0]!["finding.id"]);
      expect(state?.["vigil.finding.first_seen"]).toBe("2026-11-02T00:00:00.000Z");
      expect(state?.["vigil.finding.last_seen"]).toBe("2026-11-09T00:00:00.000Z");
      await store.close();
    });

    it("writes nothing of a batch that fails", async () => {
      const store = await harness.fresh();
      const good = eventsOf(mdvmRecord({ cve: "CVE-9" }));
      const bad = eventsOf(mdvmRecord({ cve: "CVE-8" }), undefined, "no_such_bucket");
      await expect(store.append([...good, ...bad])).rejects.toThrow(/no_such_bucket/);
      expect(await countEvents(store)).toBe(0);
      expect((await store.append(good)).stored).toBe(2);
      await store.close();
    });

    it("moves finding state through Delete, Healthy and Exempt, and out-of-order arrivals never roll it back", async () => {
      const store = await harness.fresh();
      const open = findingsOf(mdvmRecord({ timeGenerated: "2026-11-01T00:00:00Z" }));
      const findingId = open[0]!["finding.id"];
      await store.append(open);
      expect((await stateOf(store, findingId))?.["finding.status"]).toBe("OPEN");

      const deleted = findingsOf(
        mdvmRecord({ action: "Delete", timeGenerated: "2026-11-03T00:00:00Z" }),
      );
      await store.append(deleted);
      let state = await stateOf(store, findingId);
      expect(state?.["finding.status"]).toBe("RESOLVED");
      expect(state?.["vigil.finding.resolution"]).toBe("deleted");
      expect(state?.["vigil.finding.resolved_at"]).toBe("2026-11-03T00:00:00.000Z");

      const late = findingsOf(
        mdvmRecord({ timeGenerated: "2026-11-02T00:00:00Z" }),
        "2026-11-04T00:00:00.000Z",
      );
      await store.append(late);
      state = await stateOf(store, findingId);
      expect(state?.["finding.status"]).toBe("RESOLVED");
      expect(state?.["vigil.finding.last_seen"]).toBe("2026-11-04T00:00:00.000Z");

      await store.append(findingsOf(mdvmRecord({ timeGenerated: "2026-11-05T00:00:00Z" })));
      state = await stateOf(store, findingId);
      expect(state?.["finding.status"]).toBe("OPEN");
      expect(state?.["vigil.finding.resolved_at"]).toBeNull();

      await store.append(
        findingsOf(mdvmRecord({ statusCode: "Healthy", timeGenerated: "2026-11-06T00:00:00Z" })),
      );
      expect((await stateOf(store, findingId))?.["vigil.finding.resolution"]).toBe("healthy");

      await store.append(
        findingsOf(
          mdvmRecord({
            statusCode: "NotApplicable",
            cause: "Exempt",
            timeGenerated: "2026-11-07T00:00:00Z",
          }),
        ),
      );
      expect((await stateOf(store, findingId))?.["finding.status"]).toBe("MUTED");
      await store.close();
    });

    it("answers 'open critical findings now' from the finding state", async () => {
      const store = await harness.fresh();
      const critical = (cve: string, extra = {}) =>
        findingsOf(mdvmRecord({ cve, severity: "Critical", ...extra }));
      await store.append([
        ...critical("CVE-A"),
        ...critical("CVE-B"),
        ...critical("CVE-C"),
        ...critical("CVE-D"),
        ...findingsOf(mdvmRecord({ cve: "CVE-E", severity: "High" })),
      ]);
      await store.append([
        ...critical("CVE-A", { action: "Delete", timeGenerated: "2026-11-03T00:00:00Z" }),
        ...critical("CVE-B", { statusCode: "Healthy", timeGenerated: "2026-11-03T00:00:00Z" }),
        ...critical("CVE-C", {
          statusCode: "NotApplicable",
          cause: "Exempt",
          timeGenerated: "2026-11-03T00:00:00Z",
        }),
      ]);
      const rows = await store.query(
        `SELECT ${q("vulnerability.id")} AS id FROM findings WHERE ${q("finding.status")} = 'OPEN' AND ${q("dt.security.risk.level")} = 'CRITICAL'`,
      );
      expect(rows.map((row) => row.id)).toEqual(["CVE-D"]);
      const stats = await store.stats();
      expect(stats.openFindingsByRiskLevel).toEqual([
        { key: "CRITICAL", count: 1 },
        { key: "HIGH", count: 1 },
      ]);
      await store.close();
    });

    it("resolves findings absent from a completed weekly snapshot, and only those", async () => {
      const store = await harness.fresh();
      const week1 = "2026-11-01T00:00:00.000Z";
      const week2 = "2026-11-08T00:00:00.000Z";
      const snap = (cve: string, observedAt: string, extra = {}) =>
        findingsOf(
          mdvmRecord({ cve, isSnapshot: true, timeGenerated: observedAt, ...extra }),
          observedAt,
        );
      const otherKey = { assessmentKey: "c609cf0f-71ab-41e9-a3c6-9a1f7fe1b8d5" };
      await store.append([
        ...snap("CVE-KEPT", week1),
        ...snap("CVE-GONE", week1),
        ...snap("CVE-OTHER", week1, otherKey),
      ]);
      // Week 1's runs complete; nothing was open before them, so nothing resolves.
      expect(
        await store.reconcileSnapshots(new Date("2026-11-02T00:00:00Z"), {
          quietPeriodMs: 3_600_000,
        }),
      ).toEqual({
        completedRuns: 2,
        resolvedFindings: 0,
      });
      // Week 2 lists only CVE-KEPT for the first recommendation, and nothing for the other one.
      await store.append(snap("CVE-KEPT", week2));
      expect(
        await store.reconcileSnapshots(new Date("2026-11-08T00:30:00Z"), {
          quietPeriodMs: 3_600_000,
        }),
      ).toEqual({
        completedRuns: 0,
        resolvedFindings: 0,
      });
      expect(
        await store.reconcileSnapshots(new Date("2026-11-08T02:00:00Z"), {
          quietPeriodMs: 3_600_000,
        }),
      ).toEqual({
        completedRuns: 1,
        resolvedFindings: 1,
      });
      const status = async (cve: string) =>
        (
          await store.query(
            `SELECT ${q("finding.status")} AS s, ${q("vigil.finding.resolution")} AS r FROM findings WHERE ${q("vulnerability.id")} = $1`,
            [cve],
          )
        )[0];
      expect(await status("CVE-KEPT")).toEqual({ s: "OPEN", r: null });
      expect(await status("CVE-GONE")).toEqual({ s: "RESOLVED", r: "absent_from_snapshot" });
      expect(await status("CVE-OTHER")).toEqual({ s: "OPEN", r: null });
      // The resolution is an event in the log, and reconciling again changes nothing.
      const resolving = await store.query(
        `SELECT count(*) AS n FROM events WHERE ${q("vigil.finding.resolution")} = 'absent_from_snapshot'`,
      );
      expect(Number(resolving[0]?.n)).toBe(1);
      expect(
        (
          await store.reconcileSnapshots(new Date("2026-11-09T00:00:00Z"), {
            quietPeriodMs: 3_600_000,
          })
        ).resolvedFindings,
      ).toBe(0);
      await store.close();
    });

    it("manages buckets by the spec's rules", async () => {
      const store = await harness.fresh();
      expect((await store.listBuckets()).map((bucket) => bucket.name)).toEqual([
        "default_securityevents",
      ]);
      await expect(store.createBucket("Bad Name", 10)).rejects.toThrow(StoreError);
      await expect(store.createBucket("default_mine", 10)).rejects.toThrow(/reserved/);
      await expect(store.createBucket("ok_bucket", 4000)).rejects.toThrow(/retention/);
      await store.createBucket("team_alpha", 30, "Team alpha");
      await expect(store.createBucket("team_alpha", 30)).rejects.toThrow(/exists/);
      expect((await store.updateBucket("team_alpha", { retentionDays: 90 })).retentionDays).toBe(
        90,
      );
      await expect(store.deleteBucket("default_securityevents")).rejects.toThrow(/built in/);
      await store.addRoutingRule({
        name: "to-alpha",
        field: "container_image.registry",
        operator: "equals",
        values: ["x"],
        bucket: "team_alpha",
      });
      await expect(store.deleteBucket("team_alpha")).rejects.toThrow(/routing rule/);
      // `exists` takes no values: an empty list is stored and read back as one.
      await store.addRoutingRule({
        name: "tagged",
        field: "container_image.tags",
        operator: "exists",
        values: [],
        bucket: "team_alpha",
      });
      expect(
        (await store.listRoutingRules()).find((rule) => rule.name === "tagged")?.values,
      ).toEqual([]);
      await store.removeRoutingRule("tagged");
      await store.removeRoutingRule("to-alpha");
      expect(await store.deleteBucket("team_alpha")).toEqual({ deletedEvents: 0 });
      await store.close();
    });

    it("routes events to buckets by rule, first match first", async () => {
      const store = await harness.fresh();
      await store.createBucket("prod_images", 30);
      await store.createBucket("critical_only", 30);
      await store.addRoutingRule({
        name: "prod",
        field: "container_image.registry",
        operator: "starts_with",
        values: ["prod"],
        bucket: "prod_images",
      });
      await store.addRoutingRule({
        name: "crit",
        field: "dt.security.risk.level",
        operator: "in",
        values: ["CRITICAL"],
        bucket: "critical_only",
      });
      await store.append([
        ...eventsOf(
          mdvmRecord({ cve: "CVE-P", registry: "prodreg.azurecr.io", severity: "Critical" }),
        ),
        ...findingsOf(mdvmRecord({ cve: "CVE-C", severity: "Critical" })),
        ...findingsOf(mdvmRecord({ cve: "CVE-L", severity: "Low" })),
      ]);
      const rows = await store.query(
        `SELECT ${q("dt.system.bucket")} AS bucket, count(*) AS n FROM events GROUP BY 1 ORDER BY 1`,
      );
      expect(rows.map((row) => [row.bucket, Number(row.n)])).toEqual([
        ["critical_only", 1],
        ["default_securityevents", 1],
        ["prod_images", 2],
      ]);
      await store.close();
    });

    it("deletes events past their bucket's retention in bounded batches", async () => {
      const store = await harness.fresh();
      await store.createBucket("short", 7);
      const old = Array.from({ length: 5 }, (_, index) =>
        findingsOf(mdvmRecord({ cve: `CVE-OLD-${index}` }), "2026-10-01T00:00:00.000Z", "short"),
      ).flat();
      const recent = findingsOf(
        mdvmRecord({ cve: "CVE-NEW" }),
        "2026-11-20T00:00:00.000Z",
        "short",
      );
      const kept = findingsOf(mdvmRecord({ cve: "CVE-DEFAULT" }), "2026-10-01T00:00:00.000Z");
      await store.append([...old, ...recent, ...kept]);
      const result = await store.enforceRetention(new Date("2026-11-21T00:00:00Z"), {
        batchSize: 2,
      });
      expect(result.deletedEvents).toBe(5);
      expect(result.deletedFindings).toBe(5);
      expect(result.batches).toBeGreaterThanOrEqual(3);
      expect(await countEvents(store)).toBe(2);
      await store.close();
    });

    it("counts events per bucket and hour as the log holds them, through redelivery, retention and bucket deletion", async () => {
      const store = await harness.fresh();
      await store.createBucket("short", 7);
      const at = (iso: string, cve: string, bucket?: string) =>
        findingsOf(mdvmRecord({ cve }), iso, bucket);
      const batch = [
        ...at("2026-10-01T00:10:00.000Z", "CVE-A", "short"),
        ...at("2026-10-01T00:50:00.000Z", "CVE-B", "short"),
        ...at("2026-10-01T05:30:00.000Z", "CVE-C", "short"),
        ...at("2026-11-14T23:59:59.000Z", "CVE-D", "short"),
        ...at("2026-11-20T10:15:00.000Z", "CVE-E"),
        ...at("2026-11-20T10:45:00.000Z", "CVE-F"),
        ...at("2026-11-20T11:00:00.000Z", "CVE-G"),
      ];
      await store.append(batch);
      await store.append([...batch.slice(0, 3), ...at("2026-11-20T10:20:00.000Z", "CVE-H")]);
      await expectCountsMatchLog(store);
      const edges: [string, string][] = [
        ["2026-10-01T00:00:00.000Z", "2026-11-21T00:00:00.000Z"],
        ["2026-10-01T00:30:00.000Z", "2026-11-20T10:30:00.000Z"],
        ["2026-11-20T10:16:00.000Z", "2026-11-20T10:50:00.000Z"],
        ["2026-11-20T10:00:00.000Z", "2026-11-20T11:00:00.000Z"],
        ["2026-11-20T09:59:00.000Z", "2026-11-20T11:00:00.001Z"],
        ["2026-11-21T00:00:00.000Z", "2026-11-22T00:00:00.000Z"],
      ];
      for (const [start, end] of edges) await expectScanCount(store, start, end);
      // The cutoff falls inside an hour that keeps an event: 2026-11-14T00:00 + 7 days.
      await store.enforceRetention(new Date("2026-11-21T12:00:00Z"), { batchSize: 1 });
      expect(await countEvents(store)).toBe(5);
      await expectCountsMatchLog(store);
      for (const [start, end] of edges) await expectScanCount(store, start, end);
      await store.deleteBucket("short");
      await expectCountsMatchLog(store);
      for (const [start, end] of edges) await expectScanCount(store, start, end);
      await store.close();
    });

    it("keeps each original record once and gives it back as dt.raw_data", async () => {
      const store = await harness.fresh();
      const record = mdvmRecord({ cve: "CVE-RAW" });
      const events = eventsOf(record);
      await store.append(events);
      expect(Number((await store.query("SELECT count(*) AS n FROM raw_records"))[0]?.n)).toBe(1);
      const rows = await store.query(`SELECT ${q("dt.raw_data")} AS raw FROM security_events`);
      expect(rows.map((row) => JSON.parse(String(row.raw)))).toEqual([record, record]);
      await store.enforceRetention(new Date("2030-01-01T00:00:00Z"));
      expect(Number((await store.query("SELECT count(*) AS n FROM raw_records"))[0]?.n)).toBe(0);
      await store.close();
    });

    it("cancels a read that outlives its time limit, and keeps working", async () => {
      const store = await harness.fresh();
      const slow =
        store.dialect.name === "duckdb"
          ? "SELECT sum(a.range * b.range) AS n FROM range(200000) a, range(200000) b"
          : "SELECT count(*) AS n FROM generate_series(1, 200000) a, generate_series(1, 200000) b";
      const started = Date.now();
      await expect(store.query(slow, [], { timeoutMs: 300 })).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(await store.query("SELECT 1 AS one")).toEqual([{ one: 1 }]);
      await store.close();
    });

    it("keeps undeclared fields queryable", async () => {
      const store = await harness.fresh();
      const [event] = findingsOf(mdvmRecord());
      await store.append([{ ...event!, "custom.team": "payments" }]);
      const extra = (await store.query("SELECT extra FROM events"))[0]?.extra;
      const parsed = typeof extra === "string" ? JSON.parse(extra) : extra;
      expect(parsed).toEqual({ "custom.team": "payments" });
      await store.close();
    });
  });
}
