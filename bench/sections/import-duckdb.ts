// 2. Import into DuckDB (in a child process: peak RSS) against DuckDB's own read_json of the same events.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EVENT_COLUMNS } from "../../src/store/columns.js";
import { DUCKDB_DIALECT } from "../../src/store/dialect.js";
import { openDuckDbStore } from "../../src/store/duckdb/open-duckdb-store.js";
import { runChild } from "../lib/child.js";
import { recordsFile } from "../lib/data.js";
import { writeEventFiles } from "../lib/event-files.js";
import { type Figure, figure, rate } from "../lib/stats.js";

export interface ImportChildResult {
  readonly ms: number;
  readonly records: number;
  readonly events: number;
  readonly stored: number;
  readonly bytes: number;
  readonly maxRssKB: number;
  readonly batchStoredPerSec: number[];
}

export interface DuckDbImportResult {
  readonly records: number;
  readonly events: number;
  readonly storedRows: number;
  readonly runs: number;
  readonly importSeconds: Figure;
  readonly recordsPerSec: Figure;
  readonly eventsPerSec: Figure;
  readonly storedRowsPerSec: Figure;
  readonly batchStoredRowsPerSec: Figure;
  readonly peakRssMB: Figure;
  readonly floorRows: number;
  readonly floorRowsPerSec: Figure;
  readonly floorWithIndexesRowsPerSec: Figure;
  /** stored rows/s of the import over rows/s of read_json into a plain table. */
  readonly ratio: number;
}

export function columnSpec(): string {
  const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;
  return EVENT_COLUMNS.map(
    (c) => `${quote(c.name)}: ${quote(DUCKDB_DIALECT.columnType(c.type))}`,
  ).join(", ");
}

/** DuckDB's read_json of the events' staging lines into a plain table (the floor), and into the product's indexed events table. */
async function duckDbFloor(ndjson: string, dir: string, runs: number) {
  const store = await openDuckDbStore(join(dir, "floor.duckdb"));
  const source = `read_json('${ndjson}', format = 'newline_delimited', columns = {${columnSpec()}}, maximum_object_size = 8388608)`;
  const plain: number[] = [];
  const indexed: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      await store.query("DROP TABLE IF EXISTS floor_events");
      let started = performance.now();
      await store.query(`CREATE TABLE floor_events AS SELECT * FROM ${source}`);
      plain.push(performance.now() - started);
      await store.query("DELETE FROM events");
      await store.query("CHECKPOINT");
      started = performance.now();
      await store.query(`INSERT INTO events SELECT * FROM ${source}`);
      indexed.push(performance.now() - started);
    }
  } finally {
    await store.close();
  }
  return { plain, indexed };
}

export async function benchDuckDbImport(
  records: number,
  runs: number,
  floorRuns: number,
): Promise<DuckDbImportResult> {
  const path = await recordsFile(records);
  const dir = mkdtempSync(join(tmpdir(), "vigil-bench-duck-"));
  try {
    const results: ImportChildResult[] = [];
    for (let i = 0; i < runs; i++) {
      results.push(
        await runChild<ImportChildResult>("child/import-duckdb.ts", [
          path,
          join(dir, `import-${i}.duckdb`),
          "10000",
        ]),
      );
      rmSync(join(dir, `import-${i}.duckdb`), { force: true });
    }
    const files = await writeEventFiles(path, join(dir, "floor"), false);
    const floor = await duckDbFloor(files.ndjson, dir, floorRuns);
    const first = results[0]!;
    const durations = results.map((r) => r.ms);
    const storedRowsPerSec = rate(first.stored, durations);
    const floorRowsPerSec = rate(files.rows, floor.plain);
    return {
      records: first.records,
      events: first.events,
      storedRows: first.stored,
      runs,
      importSeconds: figure(durations.map((ms) => ms / 1000)),
      recordsPerSec: rate(first.records, durations),
      eventsPerSec: rate(first.events, durations),
      storedRowsPerSec,
      batchStoredRowsPerSec: figure(results.flatMap((r) => r.batchStoredPerSec)),
      peakRssMB: figure(results.map((r) => r.maxRssKB / 1024)),
      floorRows: files.rows,
      floorRowsPerSec,
      floorWithIndexesRowsPerSec: rate(files.rows, floor.indexed),
      ratio: storedRowsPerSec.median / floorRowsPerSec.median,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
