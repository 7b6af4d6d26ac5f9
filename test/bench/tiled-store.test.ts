// The benchmark's big stores copy the derived tables instead of recomputing them: copying must give what a rebuild
// from the copied event log gives (finding state and latest arrivals), on DuckDB and PostgreSQL.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  tableConstraints,
  tile,
  tiledDuckDbStore,
  tiledPostgresStore,
} from "../../bench/lib/tiled-store.js";
import { generateDefenderRecords } from "../../src/generate/generate-records.js";
import { importRecords } from "../../src/ingest/import-records.js";
import { executeDql } from "../../src/query/execute.js";
import { DuckDbBackend } from "../../src/store/duckdb/duckdb-backend.js";
import { openDuckDbStore } from "../../src/store/duckdb/open-duckdb-store.js";
import type { EventStore } from "../../src/store/event-store.js";
import { openPostgresStore } from "../../src/store/postgres/open-postgres-store.js";
import { PostgresBackend } from "../../src/store/postgres/postgres-backend.js";
import type { SqlBackend } from "../../src/store/sql-backend.js";
import { derivedStateRebuildStatements } from "../../src/store/sql-schema.js";
import { createDatabase } from "../helpers/postgres-server.js";

const COPIES = 3;
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "vigil-tiled-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const engines: {
  name: string;
  open(): Promise<{ store: () => Promise<EventStore>; backend: () => Promise<SqlBackend> }>;
}[] = [
  {
    name: "DuckDB",
    open: async () => {
      const path = join(dir, `${randomUUID()}.duckdb`);
      return { store: () => openDuckDbStore(path), backend: () => DuckDbBackend.open(path) };
    },
  },
  {
    name: "PostgreSQL",
    open: async () => {
      const url = await createDatabase(
        inject("postgresUrl"),
        `vigil_tiled_${randomUUID().replaceAll("-", "")}`,
      );
      return { store: () => openPostgresStore(url), backend: () => PostgresBackend.open(url) };
    },
  },
];

/** Two import days, so that findings are re-observed, change level and latest arrivals move. */
async function importTwoDays(store: EventStore): Promise<void> {
  const records = [...generateDefenderRecords({ records: 300, seed: 3 })].map((r) => r.line);
  for (const [day, lines] of [records.slice(0, 200), records.slice(120)].entries())
    await importRecords(store, [{ stream: Readable.from(lines.map((l) => `${l}\n`)), name: "x" }], {
      context: {
        observedAt: new Date(Date.UTC(2026, 10, 1 + day)).toISOString(),
        bucket: "default_securityevents",
        source: "file",
      },
    });
}

const count = async (backend: SqlBackend, sql: string) =>
  backend.read(async (session) => Number((await session.all(sql))[0]?.n ?? 0));

for (const engine of engines)
  describe(`tiled store on ${engine.name}`, () => {
    it("copies findings and latest arrivals exactly as a rebuild from the copied log", async () => {
      const opened = await engine.open();
      const store = await opened.store();
      await importTwoDays(store);
      await store.close();
      const backend = await opened.backend();
      const rebuild = () =>
        backend.transaction(async (session) => {
          for (const statement of derivedStateRebuildStatements(backend.dialect))
            await session.run(statement);
        });
      try {
        // From the log first: an unchanged resend moves a finding's last seen but stores no event, so the
        // incremental state is not a function of the log; copying must commute with the rebuild.
        await rebuild();
        const base = {
          events: await count(backend, "SELECT count(*) AS n FROM events"),
          findings: await count(backend, "SELECT count(*) AS n FROM findings"),
          arrivals: await count(backend, "SELECT count(*) AS n FROM latest_arrivals"),
        };
        expect(base.findings).toBeGreaterThan(100);
        const tables = ["events", "findings", "latest_arrivals"];
        const constraints = engine.name === "DuckDB" ? await tableConstraints(backend, tables) : [];
        await tile(backend, COPIES);
        if (engine.name === "DuckDB") {
          // DuckDB copies without the keys and puts them back: the schema must be what it was.
          expect(constraints.filter((c) => c.type === "PRIMARY KEY")).toHaveLength(3);
          expect(await tableConstraints(backend, tables)).toEqual(constraints);
        }
        // Derived tables a migration adds are compared too (e.g. the events per bucket and hour).
        const derived = [
          ["copied_findings", "findings"],
          ["copied_arrivals", "latest_arrivals"],
          ...(
            await backend.read((session) =>
              session.all(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'event_counts'",
              ),
            )
          ).map(() => ["copied_counts", "event_counts"]),
        ] as const;
        await backend.transaction(async (session) => {
          for (const [copied, table] of derived)
            await session.run(`CREATE TABLE ${copied} AS SELECT * FROM ${table}`);
        });
        await rebuild();
        expect(await count(backend, "SELECT count(*) AS n FROM events")).toBe(base.events * COPIES);
        // What queries read: the view over the (re-created) events table.
        expect(await count(backend, "SELECT count(*) AS n FROM security_events")).toBe(
          base.events * COPIES,
        );
        expect(await count(backend, "SELECT count(*) AS n FROM findings")).toBe(
          base.findings * COPIES,
        );
        expect(await count(backend, "SELECT count(*) AS n FROM latest_arrivals")).toBe(
          base.arrivals * COPIES,
        );
        for (const [copied, rebuilt] of derived) {
          const differ = `SELECT count(*) AS n FROM (
  (SELECT * FROM ${copied} EXCEPT ALL SELECT * FROM ${rebuilt})
  UNION ALL (SELECT * FROM ${rebuilt} EXCEPT ALL SELECT * FROM ${copied})) d`;
          expect(await count(backend, differ), `${copied} vs ${rebuilt}`).toBe(0);
        }
      } finally {
        await backend.close();
      }
    }, 240_000);
  });

describe("the PostgreSQL copy of a tiled store", () => {
  it("holds what the DuckDB tiled store holds and answers queries alike", async () => {
    const base = 1_000;
    const duck = await tiledDuckDbStore(base, 2);
    const url = await createDatabase(
      inject("postgresUrl"),
      `vigil_tiled_pg_${randomUUID().replaceAll("-", "")}`,
    );
    const meta = await tiledPostgresStore(url, base, 2);
    expect(meta.findings).toBe(duck.meta.findings);
    expect(meta.eventRows).toBe(duck.meta.eventRows);
    const options = {
      defaultTimeframeStart: meta.timeframeStart,
      defaultTimeframeEnd: meta.timeframeEnd,
      now: new Date(meta.now),
    };
    const stores = [await openDuckDbStore(duck.path), await openPostgresStore(url)];
    try {
      for (const table of ["findings", "latest_arrivals"]) {
        const [a, b] = await Promise.all(
          stores.map(async (s) =>
            Number((await s.query(`SELECT count(*) AS n FROM ${table}`))[0]?.n),
          ),
        );
        expect(b, table).toBe(a);
      }
      // A dedup query (the latest-arrivals plan where it pays off) and a plain aggregation.
      for (const dql of [
        `fetch security.events | filter event.type == "VULNERABILITY_FINDING" | dedup {object.id, vulnerability.id, component.name, component.version}, sort: {timestamp desc} | summarize {n = count()}, by: {dt.security.risk.level} | sort dt.security.risk.level`,
        `fetch security.events | summarize {n = count()}, by: {event.type} | sort event.type`,
      ]) {
        const [a, b] = await Promise.all(stores.map((s) => executeDql(s, dql, options)));
        expect(b?.records, dql).toEqual(a?.records);
        expect(a?.records.length).toBeGreaterThan(1);
      }
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  }, 300_000);
});
