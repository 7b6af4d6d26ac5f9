// 3. Import into PostgreSQL (a real embedded server) against COPY of the same rows into a table with the same columns.
import { createReadStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { importRecords } from "../../src/ingest/import-records.js";
import { openPostgresStore } from "../../src/store/postgres/open-postgres-store.js";
import { createDatabase, type RunningPostgres } from "../../test/helpers/postgres-server.js";
import { fileContext } from "../lib/context.js";
import { recordsFile } from "../lib/data.js";
import { writeEventFiles } from "../lib/event-files.js";
import { type Figure, figure, rate } from "../lib/stats.js";

export interface PostgresImportResult {
  readonly records: number;
  readonly events: number;
  readonly storedRows: number;
  readonly runs: number;
  readonly importSeconds: Figure;
  readonly recordsPerSec: Figure;
  readonly storedRowsPerSec: Figure;
  readonly floorRowsPerSec: Figure;
  readonly ratio: number;
}

async function copyFloor(url: string, csv: string, runs: number): Promise<number[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const durations: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      await client.query("DROP TABLE IF EXISTS floor_events");
      await client.query("CREATE TABLE floor_events (LIKE events)");
      const started = performance.now();
      await pipeline(
        createReadStream(csv),
        client.query(copyFrom("COPY floor_events FROM STDIN (FORMAT csv)")),
      );
      durations.push(performance.now() - started);
    }
  } finally {
    await client.end();
  }
  return durations;
}

export async function benchPostgresImport(
  server: RunningPostgres,
  records: number,
  runs: number,
): Promise<PostgresImportResult> {
  const path = await recordsFile(records);
  const dir = mkdtempSync(join(tmpdir(), "vigil-bench-pg-"));
  try {
    const durations: number[] = [];
    let summary = { records: 0, events: 0, stored: 0 };
    let lastUrl = "";
    for (let i = 0; i < runs; i++) {
      lastUrl = await createDatabase(server.url, `bench_import_${i}`);
      const store = await openPostgresStore(lastUrl);
      const started = performance.now();
      const result = await importRecords(store, [{ stream: createReadStream(path), name: path }], {
        context: fileContext(),
      });
      durations.push(performance.now() - started);
      await store.close();
      summary = {
        records: result.records,
        events: Object.values(result.events).reduce((a, b) => a + b, 0),
        stored: result.stored,
      };
    }
    const files = await writeEventFiles(path, join(dir, "floor"), true);
    const floor = await copyFloor(lastUrl, files.csv!, Math.max(runs, 3));
    const storedRowsPerSec = rate(summary.stored, durations);
    const floorRowsPerSec = rate(files.rows, floor);
    return {
      records: summary.records,
      events: summary.events,
      storedRows: summary.stored,
      runs,
      importSeconds: figure(durations.map((ms) => ms / 1000)),
      recordsPerSec: rate(summary.records, durations),
      storedRowsPerSec,
      floorRowsPerSec,
      ratio: storedRowsPerSec.median / floorRowsPerSec.median,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
