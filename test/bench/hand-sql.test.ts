// The benchmark's hand-written SQL gives each query's DQL answer, on DuckDB and on PostgreSQL: every dql.md
// example and dashboard tile runs through executeDql and its SQL through store.query on one small store per
// engine (generated records over the benchmark's week, plus findings that change, tie and fall outside the timeframe).
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DAY_MS, fileContext, INGEST_START_MS } from "../../bench/lib/context.js";
import { queryTimes } from "../../bench/lib/store-cache.js";
import { dashboardTiles } from "../../bench/queries/dashboard-tiles.js";
import { type BenchQuery, DQL_EXAMPLES } from "../../bench/queries/dql-examples.js";
import { handSqlParams } from "../../bench/sections/queries.js";
import { generateDefenderRecords } from "../../src/generate/generate-records.js";
import { mapDefenderRecord } from "../../src/mapping/defender/map-record.js";
import type { SecurityEvent } from "../../src/model/security-event.js";
import { compile } from "../../src/query/compile/compile.js";
import { DEFAULT_MAX_RESULT_RECORDS, executeDql } from "../../src/query/execute.js";
import { toRecords } from "../../src/query/grail-result.js";
import { parseQuery } from "../../src/query/parser.js";
import { openDuckDbStore } from "../../src/store/duckdb/open-duckdb-store.js";
import type { EventStore } from "../../src/store/event-store.js";
import { openPostgresStore } from "../../src/store/postgres/open-postgres-store.js";
import { mdvmRecord, type RecordSpec } from "../helpers/defender-records.js";
import { createDatabase } from "../helpers/postgres-server.js";

const QUERIES: readonly BenchQuery[] = [...DQL_EXAMPLES, ...dashboardTiles()];
const TIMES = queryTimes();
const OPTIONS = {
  defaultTimeframeStart: TIMES.timeframeStart,
  defaultTimeframeEnd: TIMES.timeframeEnd,
  now: new Date(TIMES.now),
};

/** Result arrays whose order DQL leaves open (collectArray): compared as sets. */
const UNORDERED_ARRAYS: Readonly<Record<string, readonly string[]>> = {
  "New critical findings of the last day (workflow)": ["events"],
};

// --- the store -------------------------------------------------------------------------------------

/** Generated records per pass; the second pass is the same fleet three days later (findings seen again). */
const GENERATED = 120;
const SEED = 8;

const observedAt = (day: number) =>
  new Date(INGEST_START_MS + day * DAY_MS + 3_600_000).toISOString();
const time = (day: number, minute = 0) =>
  new Date(INGEST_START_MS + day * DAY_MS + minute * 60_000).toISOString();

/** Hand-made records by ingest day (day 0 = 2026-11-01; the default timeframe covers days -1 … 6). */
const CRAFTED: Readonly<Record<number, readonly RecordSpec[]>> = {
  // Images scanned only before the default timeframe, within 90 days: the stale-scans tile lists them.
  [-12]: [{ cve: "CVE-2026-1001", digest: "a1", repository: "old/app", timeGenerated: time(-12) }],
  [-6]: [
    { cve: "CVE-2026-1002", digest: "a2", repository: "old/app", timeGenerated: time(-6) },
    { cve: "CVE-2026-1003", digest: "a3", repository: "old/app", timeGenerated: time(-6) },
  ],
  // One finding high, then critical, then resolved: its newest observation wins.
  1: [{ cve: "CVE-2026-2001", digest: "k1", severity: "High", timeGenerated: time(1) }],
  2: [
    { cve: "CVE-2026-1003", digest: "a3", repository: "old/app", timeGenerated: time(2) },
    { cve: "CVE-2026-2005", digest: "k5", severity: "Critical", timeGenerated: time(2) },
  ],
  3: [{ cve: "CVE-2026-2001", digest: "k1", severity: "Critical", timeGenerated: time(3) }],
  // Two observations of one finding on one day (same timestamp): the greater event.id wins. An odd
  // number of such findings, so that the other winner of each would change the count of critical ones.
  4: [1, 2, 3].flatMap((n) => [
    { cve: `CVE-2026-300${n}`, digest: "k2", severity: "Critical", timeGenerated: time(4, n) },
    { cve: `CVE-2026-300${n}`, digest: "k2", severity: "Low", timeGenerated: time(4, n + 10) },
  ]),
  5: [{ cve: "CVE-2026-2001", digest: "k1", statusCode: "Healthy", timeGenerated: time(5) }],
  // Critical on the last day only (2003, reported by the workflow query) and also before (2005, not).
  6: [
    { cve: "CVE-2026-2003", digest: "k3", severity: "Critical", timeGenerated: time(6) },
    { cve: "CVE-2026-2005", digest: "k6", severity: "Critical", timeGenerated: time(6) },
  ],
  // After the timeframe's end: no query sees these.
  7: [
    { cve: "CVE-2026-3001", digest: "k2", statusCode: "Healthy", timeGenerated: time(7) },
    { cve: "CVE-2026-2004", digest: "k4", severity: "Critical", timeGenerated: time(7) },
  ],
};

function generatedLines(startTime?: string): string[] {
  return [
    ...generateDefenderRecords({
      records: GENERATED,
      seed: SEED,
      ...(startTime === undefined ? {} : { startTime }),
    }),
  ].map((record) => record.line);
}

/** The lines each ingest day imports. */
function ingestDays(): Map<number, string[]> {
  const days = new Map<number, string[]>();
  const add = (day: number, lines: readonly string[]) =>
    days.set(day, [...(days.get(day) ?? []), ...lines]);
  const spread = (lines: readonly string[], first: number, count: number) => {
    const per = Math.ceil(lines.length / count);
    for (let i = 0; i < count; i++) add(first + i, lines.slice(i * per, (i + 1) * per));
  };
  spread(generatedLines(), 0, 4);
  spread(generatedLines(time(3)), 3, 4);
  for (const [day, specs] of Object.entries(CRAFTED))
    add(
      Number(day),
      specs.map((spec) => JSON.stringify(mdvmRecord(spec))),
    );
  return days;
}

/**
 * Each ingest day's records mapped as an import on that day would map them (the day's time is the
 * events' timestamp), all stored in one append: every DuckDB append has a fixed cost, up to seconds on
 * a loaded machine.
 */
async function load(store: EventStore): Promise<void> {
  const events: SecurityEvent[] = [];
  for (const [day, lines] of ingestDays()) {
    const context = fileContext(observedAt(day));
    for (const line of lines) {
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch {
        continue; // the generator's malformed lines: an import dead-letters them
      }
      const outcome = mapDefenderRecord(record, line, context);
      if (outcome.status === "mapped") events.push(...outcome.events);
    }
  }
  await store.append(events);
}

// --- comparing answers -----------------------------------------------------------------------------

type Rec = Record<string, unknown>;

/** Plain JSON with object keys sorted (bigint as number), for comparing and counting. */
function canonical(value: unknown): unknown {
  if (typeof value === "bigint") return Number(value);
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === "object")
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Rec)[key])]),
    );
  return value;
}

const text = (value: unknown) => JSON.stringify(canonical(value));
const bag = (records: readonly Rec[]) =>
  records.map(canonical).sort((a, b) => (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0));

function counts(records: readonly Rec[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const record of records) out.set(text(record), (out.get(text(record)) ?? 0) + 1);
  return out;
}

/** Records with their unordered arrays sorted. */
function settle(query: BenchQuery, records: readonly Rec[]): Rec[] {
  const unordered = UNORDERED_ARRAYS[query.name] ?? [];
  return records.map((record) => {
    const out = { ...record };
    for (const name of unordered)
      if (Array.isArray(out[name]))
        out[name] = [...(out[name] as unknown[])].sort((a, b) => (text(a) < text(b) ? -1 : 1));
    return out;
  });
}

/** Runs of consecutive records with the same values in `keys`. */
function runs(records: readonly Rec[], keys: readonly string[]): Rec[][] {
  const out: Rec[][] = [];
  let last: string | undefined;
  for (const record of records) {
    const key = text(keys.map((k) => record[k] ?? null));
    if (key !== last || out.length === 0) out.push([]);
    out.at(-1)!.push(record);
    last = key;
  }
  return out;
}

/**
 * Requires the same answer: the same records (as sets where the query leaves the order open), in the
 * same order where it sorts; where ties under a limit make the cut arbitrary, both sides' records of
 * the cut group must be records of the unlimited query.
 */
async function expectSameAnswer(
  query: BenchQuery,
  dql: readonly Rec[],
  sql: readonly Rec[],
  limited: boolean,
  unlimited: () => Promise<Rec[]>,
): Promise<void> {
  const sorted = /^\|\s*sort\b/m.test(query.dql);
  const keys = query.orderedBy ?? (sorted ? undefined : limited ? [] : undefined);
  if (keys === undefined) {
    if (sorted) expect(sql.map(canonical)).toEqual(dql.map(canonical));
    else expect(bag(sql)).toEqual(bag(dql));
    return;
  }
  const keysOf = (record: Rec) => keys.map((key) => canonical(record[key] ?? null));
  expect(sql.map(keysOf), "sort keys in order").toEqual(dql.map(keysOf));
  const dqlRuns = runs(dql, keys);
  const sqlRuns = runs(sql, keys);
  let all: Map<string, number> | undefined;
  for (const [index, dqlRun] of dqlRuns.entries()) {
    const sqlRun = sqlRuns[index]!;
    if (!limited || index < dqlRuns.length - 1) {
      expect(bag(sqlRun), `records with ${text(keysOf(dqlRun[0]!))}`).toEqual(bag(dqlRun));
      continue;
    }
    // The last group under a limit: any of the tied records may make it.
    all ??= counts(settle(query, await unlimited()));
    for (const [record, n] of [...counts(dqlRun), ...counts(sqlRun)])
      expect(
        all.get(record) ?? 0,
        `a record of the query without its limit: ${record}`,
      ).toBeGreaterThanOrEqual(n);
  }
}

function engineSuite(
  engine: string,
  open: () => Promise<{ store: EventStore; close: () => Promise<void> }>,
) {
  describe(`benchmark queries: hand-written SQL = DQL on ${engine}`, () => {
    let store: EventStore;
    let close: () => Promise<void> = async () => undefined;

    beforeAll(async () => {
      ({ store, close } = await open());
      await load(store);
    }, 120_000);
    afterAll(() => close());

    it("every benchmark query has SQL for this engine", () => {
      expect(
        QUERIES.filter((query) => query.sql?.[store.dialect.name] === undefined).map((q) => q.name),
      ).toEqual([]);
    });

    for (const query of QUERIES)
      it(query.name, async () => {
        const handSql = query.sql?.[store.dialect.name];
        if (handSql === undefined) return;
        const answer = await executeDql(store, query.dql, OPTIONS);
        const rows = await store.query(handSql, handSqlParams(query, TIMES));
        const { columns } = compile(parseQuery(query.dql), store.dialect, OPTIONS);
        for (const row of rows)
          expect(Object.keys(row).sort(), "SQL column names").toEqual(
            columns.map((c) => c.name).sort(),
          );
        const truncated = answer.metadata.grail.truncated;
        const sql = toRecords(
          truncated ? rows.slice(0, DEFAULT_MAX_RESULT_RECORDS) : rows,
          columns.map((column) => ({ ...column, sqlName: column.name })),
        ).records;
        expect(
          answer.records.length,
          "the store gives this query something to answer",
        ).toBeGreaterThan(0);
        const limited = truncated || /^\|\s*limit\b/m.test(query.dql);
        const unlimited = async () =>
          settle(
            query,
            (
              await executeDql(store, query.dql.replace(/\n\|\s*limit\s+\d+[^\n]*/g, ""), {
                ...OPTIONS,
                maxResultRecords: 1_000_000,
              })
            ).records,
          );
        await expectSameAnswer(
          query,
          settle(query, answer.records),
          settle(query, sql),
          limited,
          unlimited,
        );
      });
  });
}

engineSuite("DuckDB", async () => {
  const dir = mkdtempSync(join(tmpdir(), "vigil-hand-sql-"));
  const store = await openDuckDbStore(join(dir, "store.duckdb"));
  return {
    store,
    close: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

engineSuite("PostgreSQL", async () => {
  const url = await createDatabase(
    inject("postgresUrl"),
    `vigil_${randomUUID().replaceAll("-", "")}`,
  );
  const store = await openPostgresStore(url);
  return { store, close: () => store.close() };
});
