// Migrations run from an empty store and from the previous version (v1 event log → v2 backfilled finding state).
import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { findingsOf, mdvmRecord } from "../../test/helpers/defender-records.js";
import { createDatabase } from "../../test/helpers/postgres-server.js";
import { EVENT_COLUMNS, RAW_COLUMNS } from "./columns.js";
import { DuckDbBackend } from "./duckdb/duckdb-backend.js";
import { openDuckDbStore } from "./duckdb/open-duckdb-store.js";
import type { EventStore } from "./event-store.js";
import { LATEST_VERSION } from "./migrations.js";
import { openPostgresStore } from "./postgres/open-postgres-store.js";
import { PostgresBackend } from "./postgres/postgres-backend.js";
import { runMigrations } from "./run-migrations.js";
import type { SqlBackend } from "./sql-backend.js";
import { stageBatch } from "./staging-rows.js";

interface Engine {
  name: string;
  target(): Promise<string>;
  backend(target: string): Promise<SqlBackend>;
  store(target: string): Promise<EventStore>;
}

const engines: Engine[] = [
  {
    name: "DuckDB",
    target: async () => join(mkdtempSync(join(tmpdir(), "vigil-mig-")), "vigil.duckdb"),
    backend: (target) => DuckDbBackend.open(target),
    store: (target) => openDuckDbStore(target),
  },
  {
    name: "PostgreSQL",
    target: () =>
      createDatabase(inject("postgresUrl"), `vigil_mig_${randomUUID().replaceAll("-", "")}`),
    backend: (target) => PostgresBackend.open(target),
    store: (target) => openPostgresStore(target),
  },
];

for (const engine of engines) {
  describe(`${engine.name} migrations`, () => {
    it("bring an empty store to the latest version, once", async () => {
      const target = await engine.target();
      const store = await engine.store(target);
      const versions = await store.query("SELECT version FROM schema_migrations ORDER BY version");
      expect(versions.map((row) => Number(row.version))).toEqual(
        Array.from({ length: LATEST_VERSION }, (_, i) => i + 1),
      );
      await store.close();
      const again = await engine.store(target);
      expect((await again.query("SELECT count(*) AS n FROM schema_migrations"))[0]?.n).toBe(
        LATEST_VERSION,
      );
      await again.close();
    });

    it("upgrade a version-1 store and backfill finding state from its event log", async () => {
      const target = await engine.target();
      const v1 = await engine.backend(target);
      expect(await runMigrations(v1, 1)).toEqual([1]);
      const open = findingsOf(
        mdvmRecord({ cve: "CVE-OLD", timeGenerated: "2026-10-01T00:00:00Z" }),
      );
      const deleted = findingsOf(
        mdvmRecord({ cve: "CVE-OLD", action: "Delete", timeGenerated: "2026-10-02T00:00:00Z" }),
      );
      const other = findingsOf(mdvmRecord({ cve: "CVE-STILL-OPEN" }));
      const batch = stageBatch([...deleted, ...open, ...other]);
      await v1.transaction(async (session) => {
        await session.stage("v1_events", "events", EVENT_COLUMNS, batch.eventRows);
        await session.stage("v1_raw", "raw_records", RAW_COLUMNS, batch.rawRows);
        await session.run("INSERT INTO events SELECT * FROM v1_events");
        await session.run("INSERT INTO raw_records SELECT * FROM v1_raw");
      });
      await v1.close();

      const store = await engine.store(target);
      const state = await store.query(
        `SELECT "vulnerability.id" AS id, "finding.status" AS status FROM findings ORDER BY 1`,
      );
      expect(state).toEqual([
        { id: "CVE-OLD", status: "RESOLVED" },
        { id: "CVE-STILL-OPEN", status: "OPEN" },
      ]);
      expect((await store.append(findingsOf(mdvmRecord({ cve: "CVE-NEW" })))).stored).toBe(1);
      await store.close();
    });
  });
}
