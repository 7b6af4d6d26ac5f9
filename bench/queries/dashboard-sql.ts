// Hand-written SQL for every dashboard tile (templates/dashboards/*.json) with no variable selected, on DuckDB and
// PostgreSQL, keyed by "<template file without .json>/<tile id>". Parameters as in dql-examples.ts.
// test/bench/hand-sql.test.ts requires each to give the tile's DQL answer, and every tile to have one.

import type { BenchQuery } from "./dql-examples.js";
import {
  type Engine,
  FINDINGS,
  type HandSql,
  IMAGE_SCANS,
  latestFindings,
  NOT_RESOLVED,
  onBoth,
} from "./sql-fragments.js";

export type TileSql = HandSql & Pick<BenchQuery, "usesNow" | "orderedBy">;

/** Image scans of the timeframe. */
const scans = (e: Engine) => `FROM events\nWHERE ${e.timeframe} AND ${IMAGE_SCANS}`;

/** The newest scan event per image (`dedup {container_image.digest}, sort: {timestamp desc}`) with `columns`. */
const newestScans = (e: Engine, columns: readonly string[]) =>
  e.newestPer(["container_image.digest"], columns, `${e.timeframe} AND ${IMAGE_SCANS}`);

/**
 * The findings dashboard's tiles: the newest event per finding key in the timeframe (`dedup`), with
 * `finding.status` and `columns`, as `latest` (read from the latest-arrivals table); `query` then
 * drops the resolved ones (`filterOut`).
 */
const current = (columns: readonly string[], query: string): HandSql =>
  onBoth(
    (e) => `WITH latest AS (
  ${latestFindings(e, ["finding.status", ...columns], FINDINGS)}
)
${query}`,
  );

/** The number of distinct values of `column` among the current findings (of a risk level, when given). */
function distinctCurrent(column: string, as: string, level?: string): HandSql {
  const where = level === undefined ? "" : ` AND "dt.security.risk.level" = '${level}'`;
  return current(
    level === undefined ? [column] : [column, "dt.security.risk.level"],
    `SELECT count(DISTINCT "${column}") AS "${as}" FROM latest WHERE ${NOT_RESOLVED}${where}`,
  );
}

const CRITICAL_HIGH = `count(*) FILTER (WHERE "dt.security.risk.level" = 'CRITICAL') AS "Critical",
  count(*) FILTER (WHERE "dt.security.risk.level" = 'HIGH') AS "High"`;

const SCAN_COVERAGE: Record<string, TileSql> = {
  "scan-registries": onBoth(
    (e) => `SELECT count(DISTINCT "container_image.registry") AS "Registries"\n${scans(e)}`,
  ),
  "scan-repositories": onBoth(
    (e) => `SELECT count(DISTINCT "container_image.repository") AS "Repositories"\n${scans(e)}`,
  ),
  "scan-images": onBoth(
    (e) =>
      `SELECT count(DISTINCT "container_image.digest") AS "Images"\n${scans(e)} AND "scan.status" IS DISTINCT FROM 'NOT_SCANNED'`,
  ),
  "scan-products": onBoth(
    (e) => `SELECT count(DISTINCT "product.feature") AS "Products"\n${scans(e)}`,
  ),
  "scan-events": onBoth((e) => `SELECT count(*) AS "Scan events"\n${scans(e)}`),
  // Images whose newest scan event did not scan them.
  "not-scanned-count": onBoth(
    (e) => `SELECT count(*) AS "Images"
FROM (
  ${newestScans(e, ["scan.status"])}
) latest
WHERE "scan.status" = 'NOT_SCANNED'`,
  ),
  "coverage-by-product": {
    ...onBoth(
      (
        e,
      ) => `SELECT "product.feature" AS "Product", count(DISTINCT "container_image.digest") AS "Images"
${scans(e)} AND "scan.status" IS DISTINCT FROM 'NOT_SCANNED'
GROUP BY 1
ORDER BY "Images" DESC`,
    ),
    orderedBy: ["Images"],
  },
  "scans-per-day": onBoth((e) =>
    e.timeseries({
      where: IMAGE_SCANS,
      by: { column: `"product.feature"`, as: "Product" },
      count: "Scan events",
      hours: 24,
    }),
  ),
  "recent-scans": {
    ...onBoth(
      (
        e,
      ) => `SELECT "timestamp" AS "Time", "product.feature" AS "Scanning product", "container_image.registry" AS "Registry",
  "container_image.repository" AS "Repository", "container_image.tags" AS "Tags", "container_image.digest" AS "Digest", "scan.status" AS "Status"
${scans(e)}
ORDER BY "timestamp" DESC
LIMIT 50`,
    ),
    orderedBy: ["Time"],
  },
  "repository-coverage": {
    ...onBoth(
      (
        e,
      ) => `SELECT "container_image.registry" AS "Registry", "container_image.repository" AS "Repository",
  count(*) AS "Scan events", count(DISTINCT "container_image.digest") AS "Images",
  ${e.sortedDistinct(`"product.feature"`)} AS "Products"
${scans(e)}
GROUP BY 1, 2
ORDER BY "Scan events" DESC
LIMIT 1001`,
    ),
    orderedBy: ["Scan events"],
  },
  "not-scanned": {
    ...onBoth(
      (
        e,
      ) => `SELECT "timestamp" AS "Time", "container_image.registry" AS "Registry", "container_image.repository" AS "Repository",
  "container_image.tags" AS "Tags", "container_image.digest" AS "Digest"
FROM (
  ${newestScans(e, ["timestamp", "container_image.registry", "container_image.repository", "container_image.tags", "container_image.digest", "scan.status"])}
) latest
WHERE "scan.status" = 'NOT_SCANNED'
ORDER BY "timestamp" DESC
LIMIT 1001`,
    ),
    orderedBy: ["Time"],
  },
  "stale-scans": {
    ...onBoth(
      (
        e,
      ) => `SELECT "container_image.registry" AS "Registry", "container_image.repository" AS "Repository", "container_image.digest" AS "Digest",
  max("timestamp") AS "Last scan", count(*) AS "Scan events"
FROM events
WHERE ${e.lastDays(90)} AND ${IMAGE_SCANS}
GROUP BY 1, 2, 3
HAVING max("timestamp") < ${e.daysAgo(7)}
ORDER BY "Last scan"
LIMIT 100`,
    ),
    usesNow: true,
    orderedBy: ["Last scan"],
  },
};

const VULNERABILITY_FINDINGS: Record<string, TileSql> = {
  critical: distinctCurrent("vulnerability.id", "Vulnerabilities", "CRITICAL"),
  high: distinctCurrent("vulnerability.id", "Vulnerabilities", "HIGH"),
  medium: distinctCurrent("vulnerability.id", "Vulnerabilities", "MEDIUM"),
  registries: distinctCurrent("container_image.registry", "Registries"),
  repositories: distinctCurrent("container_image.repository", "Repositories"),
  images: distinctCurrent("container_image.digest", "Images"),
  components: distinctCurrent("component.name", "Components"),
  ingested: onBoth(
    (e) => `SELECT count(*) AS "Findings"\nFROM events\nWHERE ${e.timeframe} AND ${FINDINGS}`,
  ),
  "critical-by-registry": {
    ...current(
      ["container_image.registry", "dt.security.risk.level"],
      `SELECT "container_image.registry" AS "Registry", count(*) AS "Findings"
FROM latest
WHERE ${NOT_RESOLVED} AND "dt.security.risk.level" = 'CRITICAL'
GROUP BY 1
ORDER BY "Findings" DESC
LIMIT 1001`,
    ),
    orderedBy: ["Findings"],
  },
  "critical-by-repository": {
    ...current(
      ["container_image.repository", "dt.security.risk.level"],
      `SELECT "container_image.repository" AS "Repository", count(*) AS "Findings"
FROM latest
WHERE ${NOT_RESOLVED} AND "dt.security.risk.level" = 'CRITICAL'
GROUP BY 1
ORDER BY "Findings" DESC
LIMIT 10`,
    ),
    orderedBy: ["Findings"],
  },
  // Sorted by the highest risk score of the level, which the result leaves out.
  "by-risk-level": current(
    ["dt.security.risk.level", "vulnerability.id", "dt.security.risk.score"],
    `SELECT "dt.security.risk.level" AS "Risk level", count(DISTINCT "vulnerability.id") AS "Vulnerabilities"
FROM latest
WHERE ${NOT_RESOLVED}
GROUP BY 1
ORDER BY max("dt.security.risk.score") DESC NULLS LAST`,
  ),
  "findings-over-time": onBoth((e) =>
    e.timeseries({
      where: FINDINGS,
      by: { column: `"product.feature"`, as: "Product" },
      count: "Findings",
      hours: 2,
    }),
  ),
  "recent-findings": {
    ...current(
      [
        "timestamp",
        "product.feature",
        "container_image.registry",
        "dt.security.risk.level",
        "dt.security.risk.score",
        "vulnerability.id",
        "object.name",
        "component.name",
        "component.version",
      ],
      `SELECT "timestamp" AS "Time", "product.feature" AS "Product", "container_image.registry" AS "Registry",
  "dt.security.risk.level" AS "Risk level", "dt.security.risk.score" AS "Risk score", "vulnerability.id" AS "Vulnerability",
  "object.name" AS "Affected object", concat("component.name", ' ', "component.version") AS "Vulnerable component"
FROM latest
WHERE ${NOT_RESOLVED}
ORDER BY "timestamp" DESC
LIMIT 50`,
    ),
    orderedBy: ["Time"],
  },
  "top-components": {
    ...current(
      ["component.name", "dt.security.risk.level", "vulnerability.id", "container_image.digest"],
      `SELECT "component.name" AS "Component", ${CRITICAL_HIGH},
  count(DISTINCT "vulnerability.id") AS "Vulnerabilities", count(DISTINCT "container_image.digest") AS "Container images"
FROM latest
WHERE ${NOT_RESOLVED}
GROUP BY 1
ORDER BY "Critical" DESC, "High" DESC, "Vulnerabilities" DESC
LIMIT 10`,
    ),
    orderedBy: ["Critical", "High", "Vulnerabilities"],
  },
  "top-repositories": {
    ...current(
      [
        "container_image.registry",
        "container_image.repository",
        "dt.security.risk.level",
        "container_image.digest",
      ],
      `SELECT "container_image.registry" AS "Registry", "container_image.repository" AS "Repository", ${CRITICAL_HIGH},
  count(DISTINCT "container_image.digest") AS "Container images"
FROM latest
WHERE ${NOT_RESOLVED}
GROUP BY 1, 2
ORDER BY "Critical" DESC, "High" DESC
LIMIT 10`,
    ),
    orderedBy: ["Critical", "High"],
  },
  "top-vulnerabilities": {
    ...current(
      [
        "vulnerability.id",
        "dt.security.risk.level",
        "dt.security.risk.score",
        "timestamp",
        "container_image.digest",
        "component.name",
      ],
      `SELECT "vulnerability.id" AS "Vulnerability", "dt.security.risk.level" AS "Risk level",
  max("dt.security.risk.score") AS "Risk score", max("timestamp") AS "Last finding",
  count(DISTINCT "container_image.digest") AS "Container images", count(DISTINCT "component.name") AS "Vulnerable components"
FROM latest
WHERE ${NOT_RESOLVED}
GROUP BY 1, 2
ORDER BY "Risk score" DESC NULLS LAST, "Container images" DESC
LIMIT 10`,
    ),
    orderedBy: ["Risk score", "Container images"],
  },
  "top-registries": {
    ...current(
      [
        "container_image.registry",
        "container_image.repository",
        "dt.security.risk.level",
        "container_image.digest",
      ],
      `SELECT "container_image.registry" AS "Registry", ${CRITICAL_HIGH},
  count(DISTINCT "container_image.repository") AS "Repositories", count(DISTINCT "container_image.digest") AS "Container images"
FROM latest
WHERE ${NOT_RESOLVED}
GROUP BY 1
ORDER BY "Critical" DESC, "High" DESC
LIMIT 10`,
    ),
    orderedBy: ["Critical", "High"],
  },
};

/** Tile SQL by "<template>/<tile id>". */
export const DASHBOARD_SQL: Readonly<Record<string, TileSql>> = {
  ...Object.fromEntries(
    Object.entries(SCAN_COVERAGE).map(([id, sql]) => [`container-scan-coverage/${id}`, sql]),
  ),
  ...Object.fromEntries(
    Object.entries(VULNERABILITY_FINDINGS).map(([id, sql]) => [
      `container-vulnerability-findings/${id}`,
      sql,
    ]),
  ),
};
