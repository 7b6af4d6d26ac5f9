// 7. Scaling: at ~100k, 1M and 10M findings, the time to import the same increment and a selective and a full-scan query's p50.
import { copyFileSync, createReadStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importRecords } from "../../src/ingest/import-records.js";
import { executeDql } from "../../src/query/execute.js";
import { openDuckDbStore } from "../../src/store/duckdb/open-duckdb-store.js";
import { fileContext } from "../lib/context.js";
import { recordsFile } from "../lib/data.js";
import { fits, gb } from "../lib/disk.js";
import { percentile, timeRuns } from "../lib/stats.js";
import { copiesFor, tiledDuckDbStore } from "../lib/tiled-store.js";
import { selectiveQuery } from "./queries.js";

export interface ScalingPoint {
  readonly copies: number;
  readonly findings: number;
  readonly eventRows: number;
  /** Seconds to build the store (base import + copies), or from an earlier run's cache. */
  readonly buildSeconds: number;
  readonly buildFromCache: boolean;
  /** Importing the same fresh records into this store: constant time means linear import overall. */
  readonly incrementRecords: number;
  readonly incrementSeconds: number;
  readonly selectiveP50Ms: number;
  readonly selectiveMatches: number;
  readonly fullScanP50Ms: number;
  readonly repository: string;
}

/** Every finding's latest observation counted by risk level: a whole-store aggregation. */
export const FULL_SCAN_QUERY = `fetch security.events
| filter event.type == "VULNERABILITY_FINDING"
| dedup {object.id, vulnerability.id, component.name, component.version}, sort: {timestamp desc}
| summarize {findings = count()}, by: {dt.security.risk.level}`;

export async function benchScaling(
  baseRecords: number,
  targetFindings: readonly number[],
  incrementRecords: number,
  runs: number,
  maxFindings = Number.POSITIVE_INFINITY,
  /** Told what was left out and why (a store or its copy does not fit on disk). */
  skip: (what: string) => void = () => undefined,
): Promise<ScalingPoint[]> {
  const points: ScalingPoint[] = [];
  // Fresh records (another seed) that none of the stores holds.
  const increment = await recordsFile(incrementRecords, 9_001);
  let repository: string | undefined;
  for (const target of targetFindings) {
    if (target > maxFindings) {
      skip(
        `scaling at ${target.toLocaleString("en-US")} findings: opt-in (\`--max-findings ${target}\`)`,
      );
      continue;
    }
    const copies = await copiesFor(baseRecords, target);
    let tiled: Awaited<ReturnType<typeof tiledDuckDbStore>>;
    try {
      tiled = await tiledDuckDbStore(baseRecords, copies);
    } catch (error) {
      skip(`scaling at ${target.toLocaleString("en-US")} findings: ${(error as Error).message}`);
      continue;
    }
    const { path, meta } = tiled;
    const store = await openDuckDbStore(path);
    let selective: number[];
    let fullScan: number[];
    let selectiveMatches = 0;
    try {
      const options = {
        defaultTimeframeStart: meta.timeframeStart,
        defaultTimeframeEnd: meta.timeframeEnd,
        now: new Date(meta.now),
      };
      // The repository with the most critical finding events (ties to the first name): a selective
      // query that finds something, the same repository in every store.
      repository ??= String(
        (
          await store.query(
            `SELECT "container_image.repository" AS r FROM events
WHERE "event.type" = 'VULNERABILITY_FINDING' AND "dt.security.risk.level" = 'CRITICAL'
  AND "container_image.repository" IS NOT NULL
GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`,
          )
        )[0]?.r,
      );
      const dql = selectiveQuery(repository);
      await executeDql(store, dql, options);
      selective = await timeRuns(runs, async () => {
        selectiveMatches = Number((await executeDql(store, dql, options)).records[0]?.n ?? 0);
      });
      await executeDql(store, FULL_SCAN_QUERY, options);
      fullScan = await timeRuns(runs, () => executeDql(store, FULL_SCAN_QUERY, options));
    } finally {
      await store.close();
    }
    points.push({
      copies,
      findings: meta.findings,
      eventRows: meta.eventRows,
      buildSeconds: meta.buildSeconds + meta.tileSeconds + (meta.upgradeSeconds ?? 0),
      buildFromCache: meta.fromCache === true,
      incrementRecords,
      incrementSeconds: await incrementIfFits(path, increment, meta.findings, skip),
      selectiveP50Ms: percentile(selective, 50),
      selectiveMatches,
      fullScanP50Ms: percentile(fullScan, 50),
      repository,
    });
  }
  return points;
}

/** `timeIncrement` when a copy of the store fits on disk (NaN otherwise, said through `skip`). */
async function incrementIfFits(
  path: string,
  records: string,
  findings: number,
  skip: (what: string) => void,
): Promise<number> {
  const size = statSync(path).size;
  if (fits(size)) return timeIncrement(path, records);
  skip(
    `the increment import at ${findings.toLocaleString("en-US")} findings: a copy of the store (${gb(size)}) does not fit on disk`,
  );
  return Number.NaN;
}

/** Imports `records` into a copy of the store at `path` (the cached store stays untouched). */
async function timeIncrement(path: string, records: string): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "vigil-bench-scale-"));
  try {
    const copy = join(dir, "store.duckdb");
    copyFileSync(path, copy);
    const store = await openDuckDbStore(copy);
    try {
      const started = performance.now();
      await importRecords(store, [{ stream: createReadStream(records), name: records }], {
        context: fileContext("2026-11-08T01:00:00.000Z"),
      });
      return (performance.now() - started) / 1000;
    } finally {
      // The copy is thrown away: closing it would checkpoint, which after the increment's deletes and
      // inserts into the 1M store's wide tables took 108 s (vs 0.2 s without; the import itself 9–12 s).
      await store.query("PRAGMA disable_checkpoint_on_shutdown");
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
