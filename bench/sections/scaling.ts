// 7. Scaling: store build (import) time and a selective query's p50 at several sizes.

import { executeDql } from "../../src/query/execute.js";
import { openDuckDbStore } from "../../src/store/duckdb/open-duckdb-store.js";
import { percentile, timeRuns } from "../lib/stats.js";
import { duckDbStore } from "../lib/store-cache.js";
import { selectiveQuery } from "./queries.js";

export interface ScalingPoint {
  readonly records: number;
  readonly events: number;
  readonly storedRows: number;
  readonly importSeconds: number;
  readonly importFromCache: boolean;
  readonly selectiveP50Ms: number;
  readonly selectiveMatches: number;
  readonly repository: string;
}

export async function benchScaling(
  sizes: readonly number[],
  runs: number,
): Promise<ScalingPoint[]> {
  const points: ScalingPoint[] = [];
  let repository: string | undefined;
  for (const records of sizes) {
    const { path, meta } = await duckDbStore(records);
    const store = await openDuckDbStore(path);
    try {
      const options = {
        defaultTimeframeStart: meta.timeframeStart,
        defaultTimeframeEnd: meta.timeframeEnd,
        now: new Date(meta.now),
      };
      repository ??= String(
        (
          await store.query(
            `SELECT min("container_image.repository") AS r FROM events WHERE "event.type" = 'VULNERABILITY_FINDING'`,
          )
        )[0]?.r,
      );
      const dql = selectiveQuery(repository);
      let matches = 0;
      await executeDql(store, dql, options);
      const durations = await timeRuns(runs, async () => {
        matches = Number((await executeDql(store, dql, options)).records[0]?.n ?? 0);
      });
      points.push({
        records,
        events: meta.events,
        storedRows: meta.stored,
        importSeconds: meta.buildSeconds,
        importFromCache: meta.fromCache === true,
        selectiveP50Ms: percentile(durations, 50),
        selectiveMatches: matches,
        repository,
      });
    } finally {
      await store.close();
    }
  }
  return points;
}
