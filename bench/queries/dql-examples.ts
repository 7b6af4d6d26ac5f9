// The example queries of the DQL spec, copied here (the benchmark never reads ../shared at run time),
// each with hand-written SQL for the same answer on DuckDB and on PostgreSQL (sql-fragments.ts holds what
// the engines write differently). Source: /work/shared/spec/dql.md, sections "Shape", "Example queries that
// must run and give correct answers" and "New critical findings of the last day (the workflow query)".
// test/bench/hand-sql.test.ts runs every query both ways on both engines and requires the same answer.

import {
  DUCKDB,
  FINDING_IMAGE_KEY,
  FINDING_KEY,
  FINDINGS,
  type HandSql,
  IMAGE_SCANS,
  latestFindings,
  onBoth,
  POSTGRES,
} from "./sql-fragments.js";

export interface BenchQuery {
  readonly name: string;
  readonly source: string;
  readonly dql: string;
  /**
   * Hand-written SQL for the same answer on each engine, its columns named as DQL names them.
   * $1/$2 bind the default timeframe (ISO text), or $1 the query's now() when `usesNow` (the benchmark's
   * now() is also the default timeframe's end, where `from: now() - …` without `to:` ends).
   * Results that may pass executeDql's 1000 records end in `LIMIT 1001`, as the compiled SQL does.
   */
  readonly sql?: HandSql;
  readonly usesNow?: boolean;
  /**
   * The result columns the query's last sort orders by. Records with equal values may come in any
   * order, and a limit may cut through them, on either side: comparisons take them as a set. A query
   * that sorts without this has a fully determined order.
   */
  readonly orderedBy?: readonly string[];
}

const SPEC = "shared/spec/dql.md";

export const DQL_EXAMPLES: readonly BenchQuery[] = [
  {
    name: "Shape: top critical vulnerabilities by images (7d)",
    source: `${SPEC} § Shape`,
    dql: `fetch security.events, from: now() - 7d
| filter event.type == "VULNERABILITY_FINDING" and dt.security.risk.level == "CRITICAL"
| dedup {object.id, vulnerability.id, component.name, component.version}, sort: {timestamp desc}
| summarize {images = countDistinctExact(container_image.digest)}, by: {vulnerability.id}
| sort images desc
| limit 10`,
    usesNow: true,
    orderedBy: ["images"],
    sql: onBoth(
      (e) => `SELECT "vulnerability.id", count(DISTINCT "container_image.digest") AS images
FROM (
  ${e.newestPer(FINDING_KEY, ["vulnerability.id", "container_image.digest"], `${e.lastDays(7)} AND ${FINDINGS} AND "dt.security.risk.level" = 'CRITICAL'`)}
) latest
GROUP BY 1
ORDER BY images DESC
LIMIT 10`,
    ),
  },
  {
    name: "Critical vulnerabilities right now",
    source: `${SPEC} § Example queries`,
    dql: `fetch security.events
| filter dt.system.bucket == "default_securityevents" and event.type == "VULNERABILITY_FINDING" and isNotNull(component.name)
| dedup {object.id, vulnerability.id, component.name, component.version}, sort: {timestamp desc}
| filter dt.security.risk.level == "CRITICAL"
| summarize {Vulnerabilities = countDistinctExact(vulnerability.id)}`,
    sql: onBoth(
      (e) => `SELECT count(DISTINCT "vulnerability.id") AS "Vulnerabilities"
FROM (
  ${latestFindings(e, ["vulnerability.id", "dt.security.risk.level"], `"dt.system.bucket" = 'default_securityevents' AND ${FINDINGS} AND "component.name" IS NOT NULL`)}
) latest
WHERE "dt.security.risk.level" = 'CRITICAL'`,
    ),
  },
  {
    name: "Vulnerable images",
    source: `${SPEC} § Example queries`,
    dql: `fetch security.events
| filter event.type == "VULNERABILITY_FINDING"
| dedup {object.id, vulnerability.id, component.name, component.version, container_image.registry, container_image.repository}, sort: {timestamp desc}
| summarize {containerImages = countDistinctExact(container_image.digest)}`,
    sql: onBoth(
      (e) => `SELECT count(DISTINCT "container_image.digest") AS "containerImages"
FROM (
  ${e.newestPer(FINDING_IMAGE_KEY, ["container_image.digest"], `${e.timeframe} AND ${FINDINGS}`)}
) latest`,
    ),
  },
  {
    name: "Scanned images (findings and scan events)",
    source: `${SPEC} § Example queries`,
    dql: `fetch security.events
| filter object.type == "CONTAINER_IMAGE"
| dedup {container_image.digest}, sort: {timestamp desc}
| summarize {containerImages = count()}`,
    // One record per digest (events without a digest make one more): the distinct digests, null included.
    sql: onBoth(
      (e) => `SELECT count(*) AS "containerImages"
FROM (SELECT DISTINCT "container_image.digest" FROM events WHERE ${e.timeframe} AND "object.type" = 'CONTAINER_IMAGE') images`,
    ),
  },
  {
    name: "Scan events per day by product",
    source: `${SPEC} § Example queries`,
    dql: `fetch security.events
| filter event.type == "VULNERABILITY_SCAN" and object.type == "CONTAINER_IMAGE"
| makeTimeseries count(), time: {timestamp}, interval: 24h, by: {event.provider}`,
    sql: onBoth((e) =>
      e.timeseries({
        where: IMAGE_SCANS,
        by: { column: `"event.provider"`, as: "event.provider" },
        count: "count()",
        hours: 24,
      }),
    ),
  },
  {
    name: "Findings by risk level",
    source: `${SPEC} § Example queries`,
    dql: `fetch security.events
| filter event.type == "VULNERABILITY_FINDING"
| dedup {object.id, vulnerability.id, component.name, component.version, container_image.registry, container_image.repository}, sort: {timestamp desc}
| summarize {numberOfVulnerabilities = countDistinctExact(vulnerability.id), riskScore = takeMax(dt.security.risk.score)}, by: {dt.security.risk.level}
| sort riskScore desc`,
    orderedBy: ["riskScore"],
    sql: onBoth(
      (
        e,
      ) => `SELECT "dt.security.risk.level", count(DISTINCT "vulnerability.id") AS "numberOfVulnerabilities", max("dt.security.risk.score") AS "riskScore"
FROM (
  ${e.newestPer(FINDING_IMAGE_KEY, ["dt.security.risk.level", "vulnerability.id", "dt.security.risk.score"], `${e.timeframe} AND ${FINDINGS}`)}
) latest
GROUP BY 1
ORDER BY "riskScore" DESC NULLS LAST`,
    ),
  },
  {
    name: "Top vulnerabilities",
    source: `${SPEC} § Example queries`,
    dql: `fetch security.events
| filter event.type == "VULNERABILITY_FINDING"
| dedup {object.id, vulnerability.id, component.name, component.version}, sort: {timestamp desc}
| summarize {\`Risk score\` = toDouble(takeMax(dt.security.risk.score)), \`Last finding\` = takeMax(timestamp),
             \`Container images\` = countDistinctExact(container_image.digest), \`Vulnerable components\` = countDistinctExact(component.name)},
  by: {Vulnerability = vulnerability.id, \`Risk level\` = dt.security.risk.level}
| sort {\`Risk score\`, direction: "descending"}, {\`Container images\`, direction: "descending"}
| limit 10`,
    orderedBy: ["Risk score", "Container images"],
    sql: onBoth(
      (
        e,
      ) => `SELECT "vulnerability.id" AS "Vulnerability", "dt.security.risk.level" AS "Risk level",
  max("dt.security.risk.score") AS "Risk score", max("timestamp") AS "Last finding",
  count(DISTINCT "container_image.digest") AS "Container images", count(DISTINCT "component.name") AS "Vulnerable components"
FROM (
  ${latestFindings(e, ["vulnerability.id", "dt.security.risk.level", "dt.security.risk.score", "timestamp", "container_image.digest", "component.name"], FINDINGS)}
) latest
GROUP BY 1, 2
ORDER BY "Risk score" DESC NULLS LAST, "Container images" DESC
LIMIT 10`,
    ),
  },
  {
    name: "Per repository",
    source: `${SPEC} § Example queries`,
    dql: `fetch security.events
| filter event.type == "VULNERABILITY_FINDING"
| summarize {Critical = countIf(dt.security.risk.level == "CRITICAL"), High = countIf(dt.security.risk.level == "HIGH"),
             \`Container images\` = countDistinctExact(container_image.digest)}, by: {Repository = container_image.repository}`,
    sql: onBoth(
      (e) => `SELECT "container_image.repository" AS "Repository",
  count(*) FILTER (WHERE "dt.security.risk.level" = 'CRITICAL') AS "Critical",
  count(*) FILTER (WHERE "dt.security.risk.level" = 'HIGH') AS "High",
  count(DISTINCT "container_image.digest") AS "Container images"
FROM events
WHERE ${e.timeframe} AND ${FINDINGS}
GROUP BY 1
LIMIT 1001`,
    ),
  },
  {
    name: "Registries for a dashboard variable",
    source: `${SPEC} § Example queries`,
    dql: `fetch security.events
| filter event.type == "VULNERABILITY_FINDING"
| summarize rawValues = arrayRemoveNulls(arraySort(collectDistinct(container_image.registry)))`,
    sql: onBoth(
      (e) => `SELECT ${e.sortedDistinct(`"container_image.registry"`)} AS "rawValues"
FROM events
WHERE ${e.timeframe} AND ${FINDINGS}`,
    ),
  },
  {
    name: "Images carrying a tag",
    source: `${SPEC} § Example queries`,
    dql: `fetch security.events
| filter iAny(in(container_image.tags[], {"latest", "prod"}))
| fields timestamp, object.name, container_image.tags`,
    sql: {
      duckdb: `SELECT "timestamp", "object.name", "container_image.tags"
FROM events
WHERE ${DUCKDB.timeframe} AND list_has_any("container_image.tags", ['latest', 'prod'])
LIMIT 1001`,
      postgres: `SELECT "timestamp", "object.name", "container_image.tags"
FROM events
WHERE ${POSTGRES.timeframe} AND "container_image.tags" && ARRAY['latest', 'prod']
LIMIT 1001`,
    },
  },
  {
    name: "Findings over time by provider",
    source: `${SPEC} § Example queries`,
    dql: `fetch security.events
| filter event.type == "VULNERABILITY_FINDING"
| makeTimeseries count(), time: {timestamp}, by: {event.provider}`,
    sql: onBoth((e) =>
      e.timeseries({
        where: FINDINGS,
        by: { column: `"event.provider"`, as: "event.provider" },
        count: "count()",
        hours: 2,
      }),
    ),
  },
  {
    name: "Raw record access",
    source: `${SPEC} § Example queries`,
    dql: `fetch security.events
| parse dt.raw_data, "JSON:raw"
| fields raw[properties][status][code]
| limit 5`,
    sql: {
      duckdb: `SELECT r.raw_data::JSON -> 'properties' -> 'status' -> 'code' AS "raw[properties][status][code]"
FROM events e LEFT JOIN raw_records r ON r.raw_id = e."vigil.raw_id"
WHERE e."timestamp" >= CAST($1 AS TIMESTAMP) AND e."timestamp" < CAST($2 AS TIMESTAMP)
LIMIT 5`,
      postgres: `SELECT r.raw_data::jsonb #> '{properties,status,code}' AS "raw[properties][status][code]"
FROM events e LEFT JOIN raw_records r ON r.raw_id = e."vigil.raw_id"
WHERE e."timestamp" >= $1::timestamptz AND e."timestamp" < $2::timestamptz
LIMIT 5`,
    },
  },
  {
    name: "New critical findings of the last day (workflow)",
    source: `${SPEC} § New critical findings of the last day`,
    dql: `fetch security.events, from: now() - 7d
| filter object.type == "CONTAINER_IMAGE" and event.type == "VULNERABILITY_FINDING" and dt.security.risk.level == "CRITICAL"
| summarize {affected_images_count = count(),
             events = collectArray(record(object.id = object.id, component.name = component.name,
                                          component.version = component.version, ingest_time = timestamp))},
  by: {vulnerability.id, container_image.registry, container_image.repository, component.name, component.version}
| filterOut iAny(events[][ingest_time] < now() - 24h)`,
    usesNow: true,
    // No event of the group older than a day: its oldest is at most a day old.
    sql: {
      duckdb: `SELECT "vulnerability.id", "container_image.registry", "container_image.repository", "component.name", "component.version",
  count(*) AS affected_images_count,
  list({'object.id': "object.id", 'component.name': "component.name", 'component.version': "component.version", 'ingest_time': "timestamp"}) AS events
FROM events
WHERE ${DUCKDB.lastDays(7)} AND "object.type" = 'CONTAINER_IMAGE' AND ${FINDINGS} AND "dt.security.risk.level" = 'CRITICAL'
GROUP BY 1, 2, 3, 4, 5
HAVING min("timestamp") >= ${DUCKDB.daysAgo(1)}
LIMIT 1001`,
      postgres: `SELECT "vulnerability.id", "container_image.registry", "container_image.repository", "component.name", "component.version",
  count(*) AS affected_images_count,
  jsonb_agg(jsonb_build_object('object.id', "object.id", 'component.name', "component.name", 'component.version', "component.version", 'ingest_time', "timestamp")) AS events
FROM events
WHERE ${POSTGRES.lastDays(7)} AND "object.type" = 'CONTAINER_IMAGE' AND ${FINDINGS} AND "dt.security.risk.level" = 'CRITICAL'
GROUP BY 1, 2, 3, 4, 5
HAVING min("timestamp") >= ${POSTGRES.daysAgo(1)}
LIMIT 1001`,
    },
  },
];
